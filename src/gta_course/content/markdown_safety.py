"""MyST a lesson may contain: nothing that becomes live markup, loads from elsewhere or fails in Sphinx.

A lesson's prose is MyST Markdown and reaches the page as markup, so it is the one place an
author's text is not escaped. What it may hold is therefore an allow-list, checked on the same
token stream MyST itself builds (markdown-it with MyST's plugins): no raw HTML; links only to
`https:`, `http:` and `mailto:` addresses or to the course's own labels; images only from the
pack, with alt text (the site loads nothing from other hosts); only directives and roles that
render text, never ones that inject markup, read files, embed other sites, run code or load
MathJax, and only their harmless options. References (`{ref}`, internal links) must name a label
the course defines, so a typo fails in `check` at its line rather than in Sphinx after it.
Pure: `scan_myst` reads a text, `check_markup` a loaded course.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import yaml
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from gta_course.content.yaml_file import ContentLoader, Origin
from gta_course.model import AuthoredText
from gta_course.problems import Problem
from gta_course.render.myst import site_labels

if TYPE_CHECKING:  # the loader uses this module to find a lesson's images
    from gta_course.content.loader import LoadedCourse

# As the site's _config.yml enables them; a construct MyST would not parse is plain text.
MYST_EXTENSIONS = frozenset({"colon_fence", "deflist"})
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp")
IMAGE_NAME = re.compile(r"^(?:[A-Za-z0-9][A-Za-z0-9_.-]*/)*[A-Za-z0-9][A-Za-z0-9_.-]*$")
MAX_DIRECTIVE_DEPTH = 10  # a card in a grid in a tab is three
# Anything that could start markup this module checks; text without these needs no parse.
MAYBE_MARKUP = re.compile(r"[<\[{`~]|:::|\)=")

_STYLE = frozenset({"class", "name"})
_DESIGN = frozenset({"class", "class-container", "class-title", "class-body", "class-item", "name", "margin"})
_ADMONITION = {name: _STYLE for name in ("note", "tip", "hint", "important", "warning", "caution", "attention")}
_ADMONITION |= {name: _STYLE for name in ("danger", "error", "seealso", "admonition", "topic", "sidebar", "margin")}
_IMAGE_OPTIONS = frozenset({"alt", "height", "width", "scale", "align", "name", "class"})
# Directive -> the options it may take. Options that take a URL or a file (`target`, `img-top`,
# `file`, `url`) are left out on purpose: they would bypass the link and image rules.
DIRECTIVES: dict[str, frozenset[str]] = {
    **_ADMONITION,
    "epigraph": _STYLE,
    "pull-quote": _STYLE,
    "highlights": _STYLE,
    "container": _STYLE,
    "rubric": _STYLE,
    "dropdown": _DESIGN | {"open", "color", "icon", "chevron", "animate"},
    "grid": _DESIGN | {"gutter", "padding", "outline", "reverse", "class-row"},
    "grid-item": _DESIGN | {"columns", "padding", "child-direction", "child-align", "outline"},
    "grid-item-card": _DESIGN
    | {"columns", "width", "padding", "text-align", "shadow", "link", "link-type", "link-alt", "class-header"},
    "card": _DESIGN | {"width", "padding", "text-align", "shadow", "link", "link-type", "link-alt", "class-header"},
    "tab-set": _DESIGN | {"sync-group"},
    "tab-item": _DESIGN | {"sync", "selected", "class-label", "class-content"},
    "list-table": _STYLE | {"header-rows", "stub-columns", "widths", "width", "align"},
    "table": _STYLE | {"widths", "width", "align"},
    "code-block": _STYLE | {"linenos", "lineno-start", "emphasize-lines", "caption", "dedent", "force"},
    "code": _STYLE | {"linenos", "lineno-start", "emphasize-lines", "caption"},
    "image": _IMAGE_OPTIONS,
    "figure": _IMAGE_OPTIONS | {"figwidth", "figclass"},
}
LITERAL_DIRECTIVES = frozenset({"code-block", "code", "image"})  # their content is not MyST
REFUSED_DIRECTIVES = {
    "raw": "injects markup into the page",
    "eval-rst": "injects reStructuredText, which can hold raw HTML",
    "include": "reads a file from outside the lesson",
    "literalinclude": "reads a file from outside the lesson",
    "csv-table": "can read a file or a web address",
    "iframe": "embeds another site",
    "embed": "embeds another site",
    "video": "embeds media from another host",
    "youtube": "embeds another site",
    "math": "loads MathJax from another host",
    "code-cell": "runs code",
    "jupyter-execute": "runs code",
    "toctree": "changes the site's table of contents",
}
ROLES = frozenset({"fact", "ref", "abbr", "sub", "sup", "kbd", "guilabel", "menuselection", "samp"})
REFUSED_ROLES = {
    "raw": "injects markup into the page",
    "raw-html": "injects markup into the page",
    "math": "loads MathJax from another host",
    "eq": "loads MathJax from another host",
    "download": "copies a file from outside the lesson into the site",
}
REF_ROLE = re.compile(r"^(?:.*<\s*(?P<titled>[^<>]+?)\s*>|(?P<bare>[^<>]+))\s*$", re.DOTALL)
HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]{0,30}")
OPTION_LINE = re.compile(r"^:(?P<key>[A-Za-z0-9_-]+):(?:\s+(?P<value>.*))?$")

HTML_HINT = "write Markdown instead: HTML would reach the page as live markup (use % for a comment)"
LINK_HINT = "link with a full https:// address, or to a page of the course with {ref}`label`"
IMAGE_HINT = "the site loads nothing from other hosts: save the image in the pack and use its file name"


@dataclass(frozen=True)
class Finding:
    """Something wrong at a 0-based line of one text; the caller knows which file holds it."""

    line: int
    message: str
    hint: str


@dataclass(frozen=True)
class ImageRef:
    """A local image a text shows, as written, relative to the file the text is in."""

    line: int
    src: str


@dataclass
class MystScan:
    """What one MyST text holds that needs the course to judge: labels, references, images."""

    findings: list[Finding] = field(default_factory=list)
    images: list[ImageRef] = field(default_factory=list)
    refs: list[tuple[int, str]] = field(default_factory=list)
    targets: list[tuple[int, str]] = field(default_factory=list)


@cache
def _parser() -> MarkdownIt:
    """MyST's own Markdown parser, accepting every link so that bad ones can be reported."""
    md = create_md_parser(MdParserConfig(enable_extensions=set(MYST_EXTENSIONS)), RendererHTML)
    md.validateLink = lambda url: True  # type: ignore[method-assign]  # see every link, to report bad ones
    return md


@lru_cache(maxsize=8192)
def scan_myst(text: str) -> MystScan:
    """Every syntax-level finding in a MyST text, with the references and images it makes."""
    scan = MystScan()
    if MAYBE_MARKUP.search(text):
        _scan_blocks(text, 0, scan, 0)
    return scan


def _scan_blocks(text: str, base: int, scan: MystScan, depth: int) -> None:
    """Block tokens of `text`, whose first line is line `base` of the whole text, `depth` directives deep."""
    if depth > MAX_DIRECTIVE_DEPTH:
        scan.findings.append(Finding(base, "directives nested too deeply", "content never needs this many levels"))
        return
    for token in _parser().parse(text):
        line = base + (token.map[0] if token.map else 0)
        if token.type == "html_block":
            scan.findings.append(_html(line, token.content))
        elif token.type in ("fence", "colon_fence") and token.info.strip().startswith("{"):
            _scan_directive(token, line, scan, depth)
        elif token.type == "myst_target":
            scan.targets.append((line, token.content.strip()))
        elif token.type == "inline" and token.children:
            _scan_inline(token.children, line, scan)


def _html(line: int, content: str) -> Finding:
    """Raw HTML, named by its first tag."""
    if content.lstrip().startswith("<!--"):
        return Finding(line, "raw HTML is not allowed (an HTML comment)", HTML_HINT)
    match = HTML_TAG.match(content.lstrip())
    tag = f"{match.group(0)}>" if match else content.strip()[:20]
    return Finding(line, f"raw HTML is not allowed ({tag})", HTML_HINT)


def _scan_inline(children: list[Token], line: int, scan: MystScan) -> None:
    """Inline tokens: HTML, links, images and roles; soft and hard breaks move to the next line."""
    for child in children:
        if child.type in ("softbreak", "hardbreak"):
            line += 1
        elif child.type == "html_inline":
            closing = child.content.startswith("</")
            if not (
                closing and scan.findings and scan.findings[-1].line == line and "HTML" in scan.findings[-1].message
            ):
                scan.findings.append(_html(line, child.content))  # `<b>x</b>` is one finding, not two
        elif child.type == "link_open":
            _scan_link(str(child.attrs.get("href", "")), line, scan)
        elif child.type == "image":
            _scan_image(str(child.attrs.get("src", "")), child.content, line, scan)
        elif child.type == "myst_role":
            _scan_role(str(child.meta.get("name", "")), child.content, line, scan)


def _scheme(address: str) -> str | None:
    """The lower-case scheme of an address, '' for none, None when it cannot be parsed."""
    try:
        return urlsplit(address.strip()).scheme.lower()
    except ValueError:
        return None


def _scan_link(href: str, line: int, scan: MystScan) -> None:
    """A link goes to a web or mail address, or to a label of the course."""
    scheme = _scheme(href)
    if scheme is None:
        scan.findings.append(Finding(line, f"malformed link '{href}'", LINK_HINT))
    elif scheme in ("http", "https"):
        if not urlsplit(href).hostname:
            scan.findings.append(Finding(line, f"link '{href}' has no host", LINK_HINT))
    elif scheme == "mailto":
        return
    elif scheme:
        scan.findings.append(Finding(line, f"'{scheme}:' links are not allowed", LINK_HINT))
    elif href.startswith("//"):
        scan.findings.append(Finding(line, f"link '{href}' has no scheme", LINK_HINT))
    elif "/" in href or href.endswith(".md"):
        scan.findings.append(Finding(line, f"link to a file '{href}' is not allowed", LINK_HINT))
    else:
        scan.refs.append((line, href.removeprefix("#")))


def _scan_image(src: str, alt: str, line: int, scan: MystScan) -> None:
    """An image comes from the pack, under a plain file name, and says what it shows."""
    scheme = _scheme(src)
    if scheme is None or scheme or src.startswith("//"):
        what = "a data: image" if scheme == "data" else f"remote image '{src[:80]}'"
        scan.findings.append(Finding(line, f"{what} is not allowed", IMAGE_HINT))
        return
    if not IMAGE_NAME.match(src) or not src.lower().endswith(IMAGE_SUFFIXES):
        scan.findings.append(
            Finding(
                line,
                f"image '{src}' is not a plain relative name of a PNG, JPEG, GIF or WebP file",
                "name it relative to this file with letters, digits, '-', '_' and '.', in this folder or below "
                "(SVG can carry scripts: export it as PNG)",
            )
        )
        return
    if not alt.strip():
        scan.findings.append(
            Finding(line, f"image '{src}' has no alt text", f"say what it shows: ![what it shows]({src})")
        )
    scan.images.append(ImageRef(line, src))


def _scan_role(name: str, content: str, line: int, scan: MystScan) -> None:
    """Roles the site renders as text; `{ref}` is kept for the label check."""
    if name in REFUSED_ROLES:
        scan.findings.append(
            Finding(line, f"role '{{{name}}}' is not allowed: it {REFUSED_ROLES[name]}", _known("roles", ROLES))
        )
    elif name not in ROLES:
        scan.findings.append(Finding(line, f"unknown role '{{{name}}}'", _known("roles", ROLES)))
    elif name == "ref":
        match = REF_ROLE.match(content)
        label = (match.group("titled") or match.group("bare")).strip() if match else ""
        scan.refs.append((line, label))


def _known(what: str, names: frozenset[str] | dict[str, Any]) -> str:
    """The hint listing what is allowed instead."""
    return f"{what} the course allows: " + ", ".join(sorted(names))


def _directive_options(content: str) -> tuple[dict[str, str], int, str | None]:
    """A directive's options (`:key: value` lines or a `---` YAML block), the body's first line, an error."""
    lines = content.splitlines()
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
        if end is None:
            return {}, 0, "its option block (---) is not closed"
        try:
            data = yaml.load("\n".join(lines[1:end]), Loader=ContentLoader) or {}
        except yaml.YAMLError:
            return {}, 0, "its option block is not valid YAML"
        if not isinstance(data, dict):
            return {}, 0, "its option block must be a mapping"
        return {str(k): str(v) for k, v in data.items()}, end + 1, None
    options: dict[str, str] = {}
    index = 0
    while index < len(lines) and (match := OPTION_LINE.match(lines[index])):
        options[match.group("key")] = (match.group("value") or "").strip()
        index += 1
    return options, index, None


def _scan_directive(token: Token, line: int, scan: MystScan, depth: int) -> None:
    """A directive fence: allowed name, allowed options, safe links and images, MyST content checked too."""
    info = token.info.strip()
    name, _, argument = info[1:].partition("}")
    name, argument = name.strip(), argument.strip()
    if name in REFUSED_DIRECTIVES:
        scan.findings.append(
            Finding(line, f"directive '{{{name}}}' is not allowed: it {REFUSED_DIRECTIVES[name]}", _directive_hint())
        )
        return
    if name not in DIRECTIVES:
        scan.findings.append(Finding(line, f"unknown directive '{{{name}}}'", _directive_hint()))
        return
    options, body_start, error = _directive_options(token.content)
    if error:
        scan.findings.append(Finding(line, f"directive '{{{name}}}': {error}", "see docs/content-packs.md"))
        return
    for key in sorted(set(options) - DIRECTIVES[name]):
        scan.findings.append(
            Finding(line, f"option ':{key}:' is not allowed on '{{{name}}}'", _known("options", DIRECTIVES[name]))
        )
    link_type = options.get("link-type", "url")
    if "link" in options and link_type == "url":
        _scan_link(options["link"], line, scan)
    elif "link" in options and link_type == "ref":
        scan.refs.append((line, options["link"]))
    elif "link" in options:
        scan.findings.append(Finding(line, f"':link-type: {link_type}' is not allowed", "use url or ref"))
    if name in ("image", "figure"):
        _scan_image(argument, options.get("alt", ""), line, scan)
    if name not in LITERAL_DIRECTIVES:
        body = "\n".join(token.content.splitlines()[body_start:])
        _scan_blocks(body, line + 1 + body_start, scan, depth + 1)


def _directive_hint() -> str:
    """The directives an author may use instead."""
    return _known("directives", DIRECTIVES)


def _normal(label: str) -> str:
    """A label as Sphinx compares it: case and runs of spaces do not matter."""
    return " ".join(label.lower().split())


def _scans(loaded: LoadedCourse) -> Iterator[tuple[Origin, AuthoredText, MystScan]]:
    """Every lesson text that holds markup, with where it is and what it holds."""
    for lesson in loaded.course.lessons.values():
        origin = loaded.origin("lessons", lesson.id)
        for part in lesson.authored_text():
            scan = scan_myst(part.text)
            if scan.findings or scan.refs or scan.targets or scan.images:
                yield origin, part, scan


def check_markup(loaded: LoadedCourse) -> list[Problem]:
    """Every unsafe construct and every reference to a label the course does not define."""
    labels = {_normal(label) for label in site_labels(loaded.course)}
    problems: list[Problem] = []
    defined: dict[str, str] = {}
    scans = list(_scans(loaded))
    for origin, part, scan in scans:
        problems += [origin.text_problem(part.loc, f.line, f.message, f.hint) for f in scan.findings]
        for line, target in scan.targets:
            problem = origin.text_problem(part.loc, line, "", "")
            key = _normal(target)
            if key in labels or key in defined:
                first = defined.get(key, "a page of the course")
                problems.append(
                    Problem(
                        problem.path,
                        problem.line,
                        f"label '{target}' is already used by {first}",
                        "give the target a name of its own",
                    )
                )
            else:
                defined[key] = f"{problem.path}:{problem.line}"
    known = labels | set(defined)
    for origin, part, scan in scans:
        for line, label in scan.refs:
            if _normal(label) not in known:
                close = difflib.get_close_matches(_normal(label), sorted(known), n=3)
                hint = f"did you mean: {', '.join(close)}?" if close else "see docs/content-packs.md for the labels"
                problems.append(origin.text_problem(part.loc, line, f"undefined label '{label}'", hint))
    return problems
