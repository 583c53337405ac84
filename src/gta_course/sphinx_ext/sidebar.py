"""The sidebar: the reader's own part of the course in full, every other part by its first page.

Why not the theme's own: pydata-sphinx-theme resolves the whole table of contents again for
every page (Sphinx's `global_toctree_for_doc`, a docutils render, then BeautifulSoup), so a
page cost more the larger the course grew; at 641 pages that was half of Sphinx's time. Every
page also carried a link to every page of every track, which a reader on a phone scrolls past to
reach the lesson, and which would make each page of a 2,000-lesson course hundreds of kilobytes.

Here the table of contents is read from Sphinx's environment once per build (`read_parts`) and
each page's sidebar is rendered from it by a pure function (`render_sidebar`). Every part keeps
its caption and its place, so the sidebar looks the same from page to page; the part holding the
page lists all its pages, with a chapter's sections in a `<details>` that is open on the way to
the page; every other part shows its first page, one click away. A page outside every part (the
home page, search, 404) shows each part's first page. The markup is the theme's own, so its CSS
and script apply unchanged, each toggle has a name for screen readers (axe `summary-name`), and
titles, which are text from a content pack, are escaped::

    <p aria-level="2" class="caption" role="heading"><span class="caption-text">For facilitators</span></p>
    <ul class="current nav bd-sidenav">
      <li class="toctree-l1 current active has-children"><a class="reference internal" href="index.html">For trainers</a>
        <details open="open"><summary aria-label="..."><span class="toctree-toggle" role="presentation">
          <i class="fa-solid fa-chevron-down"></i></span></summary>
          <ul class="current">
            <li class="toctree-l2 current active"><a class="current reference internal" href="#">Parents: a 45-minute workshop</a></li>
            <li class="toctree-l2"><a class="reference internal" href="parents-90min.html">Parents: a 90-minute workshop</a></li>
          </ul></details></li>
      <li class="toctree-l1"><a class="reference internal" href="../parents/answer-key.html">Answer key</a></li>
    </ul>
    <p aria-level="2" class="caption" role="heading"><span class="caption-text">Parents and caregivers</span></p>
    <ul class="nav bd-sidenav">
      <li class="toctree-l1"><a class="reference internal" href="../parents/index.html">Parents and caregivers</a></li>
    </ul>
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from typing import Any

from docutils import nodes
from markupsafe import Markup
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

TOGGLE_NAME = "Show or hide the pages in this section"
CHEVRON = '<span class="toctree-toggle" role="presentation"><i class="fa-solid fa-chevron-down"></i></span>'


@dataclass(frozen=True)
class Entry:
    """One page in the table of contents, with the pages its own toctree holds."""

    docname: str
    title: str
    children: tuple[Entry, ...] = ()
    pages: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        """Every page at or below this one, so finding the way to the current page is a lookup."""
        below = frozenset().union(*(child.pages for child in self.children))
        object.__setattr__(self, "pages", below | {self.docname})


@dataclass(frozen=True)
class Part:
    """A captioned group of the root page's toctree: a track, help and reference, the trainers' pages."""

    caption: str
    entries: tuple[Entry, ...]

    def holds(self, docname: str) -> bool:
        """Whether the page is one of this part's pages or their sections."""
        return any(docname in entry.pages for entry in self.entries)


def _toctree_entries(env: BuildEnvironment, toctree: addnodes.toctree) -> list[tuple[str, str]]:
    """A toctree's page names and titles (an explicit title if the entry gives one)."""
    return [(ref, title or env.titles[ref].astext()) for title, ref in toctree["entries"]]


def _entry(env: BuildEnvironment, docname: str, title: str, above: frozenset[str]) -> Entry:
    """A page and, recursively, its sections; a page that includes one above it is not followed again."""
    here = above | {docname}
    children = tuple(
        _entry(env, ref, child_title, here)
        for toctree in env.tocs[docname].findall(addnodes.toctree)
        for ref, child_title in _toctree_entries(env, toctree)
        if ref not in here
    )
    return Entry(docname, title, children)


def read_parts(env: BuildEnvironment) -> tuple[Part, ...]:
    """The course's parts, from the root page's toctrees (the generator writes one per part)."""
    root = env.config.root_doc
    return tuple(
        Part(
            toctree.get("caption") or "",
            tuple(_entry(env, ref, title, frozenset({root})) for ref, title in _toctree_entries(env, toctree)),
        )
        for toctree in env.tocs[root].findall(addnodes.toctree)
    )


def _item(entry: Entry, level: int, pagename: str, uri: Callable[[str], str], expand: bool) -> str:
    """One `<li>`: the page's link, and its sections when its part is the reader's."""
    on_the_way = pagename in entry.pages
    children = entry.children if expand else ()
    classes = (
        [f"toctree-l{level}"] + (["current", "active"] if on_the_way else []) + (["has-children"] if children else [])
    )
    if entry.docname == pagename:
        link = f'<a class="current reference internal" href="#">{escape(entry.title)}</a>'
    else:
        link = f'<a class="reference internal" href="{escape(uri(entry.docname))}">{escape(entry.title)}</a>'
    if children:
        inner = "\n".join(_item(child, level + 1, pagename, uri, expand) for child in children)
        opened, current = (' open="open"', ' class="current"') if on_the_way else ("", "")
        link += (
            f'<details{opened}><summary aria-label="{TOGGLE_NAME}">{CHEVRON}</summary>'
            f"<ul{current}>\n{inner}\n</ul></details>"
        )
    return f'<li class="{" ".join(classes)}">{link}</li>'


def render_sidebar(parts: tuple[Part, ...], pagename: str, uri: Callable[[str], str]) -> str:
    """The sidebar's parts for one page; `uri` gives the link from this page to another."""
    html = []
    for part in parts:
        own = part.holds(pagename)
        entries = part.entries if own else part.entries[:1]
        items = "\n".join(_item(entry, 1, pagename, uri, expand=own) for entry in entries)
        html.append(
            f'<p aria-level="2" class="caption" role="heading"><span class="caption-text">{escape(part.caption)}</span></p>\n'
            f'<ul class="{"current " if own else ""}nav bd-sidenav">\n{items}\n</ul>'
        )
    return "\n".join(html)


class _Sidebar:
    """The parts of the course being built, read once after Sphinx has read every page.

    Parallel writers are forked after that, so each inherits them instead of reading them again.
    """

    def __init__(self) -> None:
        self.parts: tuple[Part, ...] = ()

    def read(self, app: Sphinx, env: BuildEnvironment) -> list[str]:
        """Sphinx's `env-updated` event, which follows every read, even of no page; no page to add."""
        self.parts = read_parts(env)
        return []

    def add_to_page(
        self, app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
    ) -> None:
        """Give the page's templates `gta_sidebar_nav()`, rendered once per page: the theme renders its
        sidebar templates more than once (first to see which are empty)."""
        rendered: list[Markup] = []

        def gta_sidebar_nav() -> Markup:
            if not rendered:
                html = render_sidebar(
                    self.parts, pagename, lambda docname: app.builder.get_relative_uri(pagename, docname)
                )
                rendered.append(Markup(html))
            return rendered[0]

        context["gta_sidebar_nav"] = gta_sidebar_nav


def setup_sidebar(app: Sphinx) -> None:
    """Read the parts after each read; add the function before the theme checks its templates (500)."""
    sidebar = _Sidebar()
    app.connect("env-updated", sidebar.read)
    app.connect("html-page-context", sidebar.add_to_page, priority=400)
