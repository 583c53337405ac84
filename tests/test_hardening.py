"""Issue 14, "bad input never hurts": every case found by mutating packs, as a regression test.

Each case asserts the message, the line and exit 2 (or, for warnings, exit 0). Cases that fail
while loading share one pack and one run, and cases the check finds share another: a pack with
every mistake at once is also the test that every problem is reported in one pass, one line
each, with a count that matches.
"""

from __future__ import annotations

import hashlib
import html as html_lib
import json
import os
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from lxml import html as lxml_html
from markdown_it.token import Token

from conftest import REPO, PackWriter, Report, assert_no_live_markup, deadline, report_of, run_cli
from gta_course.build import BuildError, build_html, generate
from gta_course.content.loader import LoadedCourse, default_pack, load_course
from gta_course.content.markdown_safety import _parser
from gta_course.problems import display_path
from gta_course.render.myst import markdown_text, render_landing_page
from gta_course.source_map import translate_sphinx_output
from gta_course.sphinx_ext import quick_exit, theme_text
from gta_course.tailor import group_by_track, tailor_course

FIXTURE_LESSON = Path(__file__).parent / "fixtures" / "parents-lesson.yaml"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 24  # enough of a PNG for the signature check
LIMIT = 1_000_000


def check(*args: str) -> Report:
    """`gta-course check ARGS`, parsed, within a deadline."""
    with deadline(120):
        return report_of(run_cli("check", *args))


def body_file_lesson(name: str) -> str:
    """A lesson whose only section reads its body from `name` (line 6); nothing else is checked."""
    return (
        "lessons:\n- module: threat-landscape\n  audience: parents\n  sections:\n  - title: T\n"
        f"    body_file: {json.dumps(name)}\n"
    )


def lesson_with(body_lines: list[str], title: str = "Hardening cases") -> tuple[str, int]:
    """The fixture lesson with one more section holding `body_lines`; and the line of the first."""
    text = FIXTURE_LESSON.read_text(encoding="utf-8")
    at = text.index("  activities:\n")
    section = f"  - title: {title}\n    body: |\n" + "".join(f"      {line}\n" if line else "\n" for line in body_lines)
    first = text[:at].count("\n") + 3
    return text[:at] + section + text[at:], first


def nested(depth: int) -> str:
    """A value nested `depth` lists deep."""
    return "[" * depth + "]" * depth


def billion_laughs() -> str:
    """Ten levels of aliases, each nine times the one before: 9**10 strings if expanded."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefghi", "bcdefghij", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\n"


# name -> text of a file in the load-stage pack (bytes where the bytes matter)
LOAD_FILES: dict[str, str | bytes] = {
    "body-outside.yaml": body_file_lesson("../outside/x.md"),
    "body-etc-passwd.yaml": body_file_lesson("/etc/passwd"),
    "body-proc-environ.yaml": body_file_lesson("/proc/self/environ"),
    "body-dev-zero.yaml": body_file_lesson("/dev/zero"),
    "body-link-out.yaml": body_file_lesson("link-out.md"),
    "body-pipe.yaml": body_file_lesson("pipe.md"),
    "body-large.yaml": body_file_lesson("large.md"),
    "body-null.yaml": body_file_lesson("a\0b.md"),
    "large.md": "x" * (LIMIT + 100_000),
    "large.yaml": "# " + "x" * (LIMIT + 100_000) + "\n",
    "bomb.yaml": billion_laughs(),
    "course.yaml": "course:\n  edition: 2026-02-30\n  exit_url: 'https://example.org/\"><script>alert(1)</script>'\n",
    "number.yaml": "sources:\n- id: S-BIG\n  year: " + "9" * 5000 + "\n",
    "ctl-esc.yaml": "facts:\n- id: x\n  text: ab\x1bc\n",
    "ctl-nul.yaml": "facts:\n- id: x\n  text: ab\x00c\n",
    "ctl-bel.yaml": "facts:\n- id: x\n  text: ab\x07c\n",
    "ctl-ffff.yaml": "facts:\n- id: x\n  text: ab\uffffc\n",
    "quoted-escape.yaml": 'facts:\n- id: x\n  text: "a\\eb"\n',
    "tab.yaml": "facts:\n\t- id: x\n",
    "new\nline.yaml": "widgets: []\n",
    "line100.yaml": "# a comment\n" * 99 + "widgets: []\n",
    "python-tag.yaml": 'facts: !!python/object/apply:os.system ["true"]\n',
    "deep.yaml": f"facts: {nested(70)}\n",
    "not-utf8.yaml": b"facts:\n  - id: caf\xe9\n",
    "empty.yaml": "",
    "comments.yaml": "# to do: write the facts\n",
}
OUTSIDE = "body file is outside the content folder (it resolves to "
# (case, file, message the line starts with, line)
LOAD_CASES = [
    ("body_file ../", "body-outside.yaml", f"body_file '../outside/x.md': {OUTSIDE}", 6),
    ("body_file /etc/passwd", "body-etc-passwd.yaml", f"body_file '/etc/passwd': {OUTSIDE}", 6),
    ("body_file /proc/self/environ", "body-proc-environ.yaml", f"body_file '/proc/self/environ': {OUTSIDE}", 6),
    ("body_file /dev/zero", "body-dev-zero.yaml", f"body_file '/dev/zero': {OUTSIDE}", 6),
    ("body_file symlink out", "body-link-out.yaml", f"body_file 'link-out.md': {OUTSIDE}", 6),
    ("symlink out in the pack", "link-out.md", "symbolic link points outside the content folder (to ", 1),
    ("body_file fifo", "body-pipe.yaml", "body_file 'pipe.md': body file is a named pipe, not a regular file", 6),
    (
        "body_file too large",
        "body-large.yaml",
        f"body_file 'large.md': body file is larger than the limit of {LIMIT:,}",
        6,
    ),
    ("body_file NUL", "body-null.yaml", "text contains the control character U+0000 (NUL)", 6),
    ("file too large", "large.yaml", f"file is larger than the limit of {LIMIT:,} bytes", 1),
    ("fifo content file", "fifo.yaml", "content file is a named pipe", 1),
    ("symlink loop a", "loop-a.yaml", "symbolic link loop at this link", 1),
    ("symlink loop b", "loop-b.yaml", "symbolic link loop at this link", 1),
    ("folder symlink out", "lessons-elsewhere", "symbolic link points outside the content folder (to ", 1),
    ("missing image", "image-lesson.yaml", "image 'missing.png': image does not exist", -1),
    ("not the image its name says", "image-lesson.yaml", "image 'fake.png' is not a PNG file", -2),
    ("billion laughs", "bomb.yaml", "YAML alias '*a' is not allowed", 2),
    ("billion laughs, last level", "bomb.yaml", "YAML alias '*i' is not allowed", 10),
    ("invalid date", "course.yaml", "edition: Input should be a valid date", 2),
    ("exit_url with a quote", "course.yaml", "exit_url: a web address may not contain spaces, quotes", 3),
    ("5,000-digit number", "number.yaml", "a number with 5,000 digits is too long", 3),
    ("ESC", "ctl-esc.yaml", "control character U+001B (ESC) at column 11", 3),
    ("NUL", "ctl-nul.yaml", "control character U+0000 (NUL) at column 11", 3),
    ("BEL", "ctl-bel.yaml", "control character U+0007 (BEL) at column 11", 3),
    ("U+FFFF", "ctl-ffff.yaml", "control character U+FFFF at column 11", 3),
    ("escaped control character", "quoted-escape.yaml", "text contains the control character U+001B (ESC)", 3),
    ("tab", "tab.yaml", "malformed YAML: a tab at column 1", 2),
    ("newline in a file name", "new\\nline.yaml", "unknown collection 'widgets'", 1),
    ("line 100", "line100.yaml", "unknown collection 'widgets'", 100),
    ("python tag", "python-tag.yaml", "YAML tag not allowed: could not determine a constructor", 1),
    ("nesting", "deep.yaml", "nested more than 64 levels deep", 1),
    ("not UTF-8", "not-utf8.yaml", "not UTF-8 text: byte 0xe9 at column 12", 2),
]
WARNING_CASES = [
    ("empty file", "empty.yaml", "file is empty; it adds nothing", 1),
    ("comment-only file", "comments.yaml", "file is only comments; it adds nothing", 1),
]


@pytest.fixture(scope="module")
def load_stage(tmp_path_factory: pytest.TempPathFactory) -> tuple[Report, str]:
    """One pack holding every mistake found while loading, checked once; and its raw stderr."""
    root = tmp_path_factory.mktemp("load-stage")
    outside = root / "outside"
    outside.mkdir()
    (outside / "x.md").write_text("An outside file with 102 and 103 in it.\n", encoding="utf-8")
    pack = root / "pack"
    pack.mkdir()
    for name, text in LOAD_FILES.items():
        (pack / name).write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    (pack / "link-out.md").symlink_to(outside / "x.md")
    (pack / "lessons-elsewhere").symlink_to(outside, target_is_directory=True)
    (pack / "loop-a.yaml").symlink_to("loop-b.yaml")
    (pack / "loop-b.yaml").symlink_to("loop-a.yaml")
    os.mkfifo(pack / "pipe.md")
    os.mkfifo(pack / "fifo.yaml")
    lesson, first = lesson_with(["![A chart](missing.png)", "", "![A chart](fake.png)"], "Images")
    (pack / "image-lesson.yaml").write_text(lesson, encoding="utf-8")
    (pack / "fake.png").write_text("<svg onload='alert(1)'/>", encoding="utf-8")
    LOAD_LINES["image-lesson.yaml"] = first
    with deadline(120):
        result = run_cli("check", "--content", str(pack))
    return report_of(result), result.stderr


LOAD_LINES: dict[str, int] = {}  # first line of generated sections, filled in by the fixture


def _expected_line(file: str, line: int) -> int:
    """A fixed line, or (negative) the nth line of the section the fixture added to a lesson."""
    return line if line > 0 else LOAD_LINES[file] + 2 * (-line - 1)


@pytest.mark.parametrize(("case", "file", "message", "line"), LOAD_CASES, ids=[c[0] for c in LOAD_CASES])
def test_load_stage_problem(load_stage: tuple[Report, str], case: str, file: str, message: str, line: int) -> None:
    report, _ = load_stage
    assert report.exit_code == 2
    assert report.at(f"/{file}", message) == [_expected_line(file, line)], [f.group(0) for f in report.findings]


@pytest.mark.parametrize(("case", "file", "message", "line"), WARNING_CASES, ids=[c[0] for c in WARNING_CASES])
def test_load_stage_warning(load_stage: tuple[Report, str], case: str, file: str, message: str, line: int) -> None:
    report, _ = load_stage
    assert [int(f["line"]) for f in report.findings if f["warning"] and f["path"].endswith(file)] == [line]
    assert report.at(f"/{file}", message) == [line]


def test_load_stage_prints_one_line_per_problem(load_stage: tuple[Report, str]) -> None:
    report, stderr = load_stage
    assert ":100: unknown collection" in stderr and "\U0001f4af" not in stderr  # Rich's :100: emoji
    assert "\x1b" not in stderr and "\x00" not in stderr and "\x07" not in stderr
    assert "new\\nline.yaml:1:" in stderr and "body-null.yaml:6:" in stderr
    assert "is not backed" not in stderr  # the outside file's text was never read, let alone checked
    # every case is reported, nothing else (report_of has checked the count line)
    expected = {(file, _expected_line(file, line)) for _, file, _, line in LOAD_CASES + WARNING_CASES}
    expected |= {("bomb.yaml", line) for line in range(2, 11)}  # one alias line per level
    found = {(f["path"].rsplit("/", 1)[-1], int(f["line"])) for f in report.findings}
    assert found == expected


@pytest.mark.parametrize("date", ["2026-13-45", "2026-02-30", "tomorrow"])
def test_invalid_edition_date(write_pack: PackWriter, date: str) -> None:
    report = check("--content", str(write_pack({"course.yaml": f"course:\n  edition: {date}\n"})))
    assert report.exit_code == 2
    assert report.at("course.yaml", "edition: Input should be a valid date") == [2]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("'https://example.org/\"><script>alert(1)</script>'", "a web address may not contain spaces, quotes"),
        ("javascript:alert(1)", "a web address here must start with https://"),
        ("http://www.example.org/", "a web address here must start with https://"),
        ("https://", "'' is not a host name"),
        ("https://localhost/", "'localhost' is not a host name"),
        ("https://user@www.example.org/", "a web address may not contain a user name"),
        ("'https://www.example.org/a b'", "a web address may not contain spaces"),
    ],
)
def test_exit_url_is_parsed_and_checked(write_pack: PackWriter, url: str, message: str) -> None:
    report = check("--content", str(write_pack({"course.yaml": f"course:\n  exit_url: {url}\n"})))
    assert report.exit_code == 2
    assert report.at("course.yaml", f"exit_url: {message}") == [2]


def test_source_and_service_urls_are_checked(write_pack: PackWriter) -> None:
    pack = write_pack(
        {
            "sources.yaml": "sources:\n- id: S-X\n  title: T\n  publisher: P\n  url: 'https://x.org/\"onmouseover=\"x'\n",
            "helplines.yaml": "helplines:\n- country: GB\n  kind: support\n  for: everyone\n  name: N\n"
            "  purpose: P\n  url: javascript:alert(1)\n",
        }
    )
    report = check("--content", str(pack))
    assert report.exit_code == 2
    assert report.at("sources.yaml", "url: a web address may not contain") == [5]
    assert report.at("helplines.yaml", "url: a web address here must start with https:// or http://") == [7]


def test_empty_file_is_only_a_warning(write_pack: PackWriter) -> None:
    report = check("--content", str(write_pack({"empty.yaml": "# nothing yet\n"})))
    assert report.exit_code == 0
    assert [(f["path"].endswith("empty.yaml"), f["line"], bool(f["warning"])) for f in report.findings] == [
        (True, "1", True)
    ]
    assert report.stdout.startswith("ok:")


def test_verbose_lists_ignored_files(write_pack: PackWriter) -> None:
    pack = write_pack(
        {
            "course.yaml": "course:\n  title: Our course\n",
            "notes.txt": "remember the biscuits",
            "course.yaml~": "backup",
            ".course.yaml.swp": "swap",
            ".DS_Store": "finder",
            "drafts/.hidden.yaml": "course: {}\n",
        }
    )
    report = check("--content", str(pack), "--verbose")
    assert report.exit_code == 0
    listed = {line.split(" ", 2)[1].rsplit("/", 1)[-1] for line in report.stdout.splitlines() if "ignored:" in line}
    assert {"notes.txt", "course.yaml~", ".course.yaml.swp", ".DS_Store", ".hidden.yaml"} <= listed


def test_symlinked_folder_inside_the_pack_is_followed(write_pack: PackWriter) -> None:
    pack = write_pack({".store/lesson.yaml": FIXTURE_LESSON.read_text(encoding="utf-8")})
    (pack / "lessons").symlink_to(".store", target_is_directory=True)
    loaded = load_course([default_pack(), pack])
    assert loaded.origin("lessons", "fixture-landscape/parents").doc.path == pack / "lessons" / "lesson.yaml"


def test_a_folder_reached_twice_is_loaded_once(write_pack: PackWriter) -> None:
    pack = write_pack({"real/lesson.yaml": FIXTURE_LESSON.read_text(encoding="utf-8")})
    (pack / "again").symlink_to("real", target_is_directory=True)
    (pack / "real" / "loop").symlink_to("..", target_is_directory=True)
    loaded = load_course([default_pack(), pack])  # no duplicate id, no endless walk
    assert loaded.origin("lessons", "fixture-landscape/parents").doc.path == pack / "real" / "lesson.yaml"
    assert {why for _, why in loaded.ignored} == {"a link to something already in the pack"}


def test_max_file_size_option(write_pack: PackWriter) -> None:
    pack = write_pack({"course.yaml": "course:\n  title: " + "x" * 200 + "\n"})
    assert load_course([default_pack(), pack], max_file_size=30_000).course.info.title == "x" * 200
    report = check("--content", str(pack), "--max-file-size", "100")
    assert report.exit_code == 2
    assert report.at("pack/course.yaml", "file is larger than the limit of 100 bytes") == [1]


# (case, Markdown lines, message the finding starts with, line of the finding within the lines)
MARKUP_CASES = [
    ("script block", ["<script>alert(1)</script>"], "raw HTML is not allowed (<script>)", 0),
    ("javascript anchor", ['Read <a href="javascript:alert(1)">this</a>.'], "raw HTML is not allowed (<a>)", 0),
    ("javascript link", ["[click](javascript:alert(1))"], "'javascript:' links are not allowed", 0),
    ("data link", ["[x](data:text/html;base64,PHNjcmlwdD4=)"], "'data:' links are not allowed", 0),
    ("iframe", ['<iframe src="https://www.youtube.com/embed/x"></iframe>'], "raw HTML is not allowed (<iframe>)", 0),
    ("remote image", ["![A cat](https://evil.example/cat.png)"], "remote image 'https://evil.example/cat.png'", 0),
    ("raw fence", ["```{raw} html", "<script>alert(1)</script>", "```"], "directive '{raw}' is not allowed", 0),
    ("raw colon fence", [":::{raw} html", "<b>x</b>", ":::"], "directive '{raw}' is not allowed: it injects markup", 0),
    ("include", ["```{include} /etc/passwd", "```"], "directive '{include}' is not allowed: it reads a file", 0),
    ("literalinclude", ["```{literalinclude} ../secret.txt", "```"], "directive '{literalinclude}' is not allowed", 0),
    ("eval-rst", ["```{eval-rst}", ".. raw:: html", "```"], "directive '{eval-rst}' is not allowed", 0),
    (
        "iframe directive",
        [":::{iframe} https://www.youtube.com/embed/x", ":::"],
        "directive '{iframe}' is not allowed",
        0,
    ),
    ("image from a URL", ["```{image} https://evil.example/x.png", ":alt: x", "```"], "remote image", 0),
    ("figure from a URL", [":::{figure} https://evil.example/y.png", ":alt: y", ":::"], "remote image", 0),
    ("undefined label", ["See {ref}`no-such-label`."], "undefined label 'no-such-label'", 0),
    ("undefined link target", ["See [this page](nowhere-label)."], "undefined label 'nowhere-label'", 0),
    ("unknown directive", [":::{nosuch}", "Text.", ":::"], "unknown directive '{nosuch}'", 0),
    ("unknown role", ["Press {nosuch}`x`."], "unknown role '{nosuch}'", 0),
    ("math role", ["A formula {math}`x^2`."], "role '{math}' is not allowed: it loads MathJax", 0),
    ("HTML inside a directive", [":::{note}", "Fine.", "", "<script>alert(2)</script>", ":::"], "raw HTML", 3),
    ("card link", [":::{card} Title", ":link: javascript:alert(1)", "Body.", ":::"], "'javascript:' links", 0),
    ("image target option", ["```{image} diagram.png", ":alt: A diagram", ":target: x", "```"], "option ':target:'", 0),
    ("image without alt text", ["![](diagram.png)"], "image 'diagram.png' has no alt text", 0),
    ("SVG image", ["![A logo](logo.svg)"], "image 'logo.svg' is not a plain relative name of a PNG", 0),
    ("image outside its folder", ["![A logo](../logo.png)"], "image '../logo.png' is not a plain relative name", 0),
]


@pytest.fixture(scope="module")
def check_stage(tmp_path_factory: pytest.TempPathFactory) -> tuple[Report, dict[str, int]]:
    """One lesson holding every unsafe construct, checked once; and the line each case starts on."""
    pack = tmp_path_factory.mktemp("check-stage") / "pack"
    pack.mkdir()
    lines: list[str] = []
    starts: dict[str, int] = {}
    for case, body, _, _ in MARKUP_CASES:
        starts[case] = len(lines)
        lines += [*body, ""]
    lesson, first = lesson_with(lines)
    lesson = lesson.replace("  activities:\n", "  - title: From a file\n    body_file: cases.md\n  activities:\n", 1)
    (pack / "lesson.yaml").write_text(lesson, encoding="utf-8")
    (pack / "cases.md").write_text("\nA first line.\n\nSee {ref}`not-in-the-file`.\n", encoding="utf-8")
    (pack / "diagram.png").write_bytes(PNG)
    (pack / "course.yaml").write_text(
        'course:\n  title: "Safe course <script>alert(1)</script> {raw}`x` ![x](https://evil.example/t.png)"\n',
        encoding="utf-8",
    )
    return check("--content", str(pack)), {case: first + start for case, start in starts.items()}


@pytest.mark.parametrize(("case", "body", "message", "offset"), MARKUP_CASES, ids=[c[0] for c in MARKUP_CASES])
def test_unsafe_myst_is_refused(
    check_stage: tuple[Report, dict[str, int]], case: str, body: list[str], message: str, offset: int
) -> None:
    report, starts = check_stage
    assert report.exit_code == 2
    assert starts[case] + offset in report.at("lesson.yaml", message), [f.group(0) for f in report.findings]


def test_problem_in_a_body_file_is_reported_in_that_file(check_stage: tuple[Report, dict[str, int]]) -> None:
    report, _ = check_stage
    assert report.at("/cases.md", "undefined label 'not-in-the-file'") == [4]


def test_plain_text_fields_may_hold_any_characters(check_stage: tuple[Report, dict[str, int]]) -> None:
    report, _ = check_stage
    assert not [f for f in report.findings if f["path"].endswith("course.yaml")]
    assert not [f for f in report.findings if "diagram.png" in f["message"] and "alt" not in f["message"]]


def inline_tokens(text: str) -> list[Token]:
    """Every token MyST makes of a page, inline ones included."""
    tokens = []
    for token in _parser().parse(text):
        tokens += [token, *(token.children or [])]
    return tokens


def test_plain_text_is_escaped_on_the_page(default_course: LoadedCourse) -> None:
    hostile = (
        "Safe <script>alert(1)</script> {raw}`<b>` [x](javascript:alert(1)) ![i](https://evil.example/i.png) &amp;"
    )
    course = default_course.course
    info = course.info.model_copy(update={"title": hostile, "description": "# Not a heading\n\n:::{raw} html"})
    hostile_course = course.model_copy(update={"info": info})
    page = render_landing_page(hostile_course, group_by_track(tailor_course(hostile_course, "GB")), "GB")
    tokens = inline_tokens(page)
    assert not [t for t in tokens if t.type in ("html_inline", "html_block", "image")]
    assert not [t for t in tokens if t.type == "myst_role" and t.meta.get("name") != "ref"]
    assert not [t for t in tokens if t.type == "link_open" and "javascript" in str(t.attrs.get("href"))]
    assert not [t for t in tokens if t.type == "colon_fence" and "raw" in t.info]
    heading = next(i for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h1")
    shown = "".join(c.content for c in tokens[heading + 1].children or [] if c.type == "text")
    assert shown == hostile


@pytest.mark.parametrize("text", ["1. A list?", "# a heading", "- an item", "(label)=", "%comment", "a | b", "a\nb"])
def test_escaped_text_renders_as_itself(text: str) -> None:
    tokens = inline_tokens(markdown_text(text))
    shown = "".join(t.content for t in tokens if t.type == "text")
    assert shown == " ".join(text.split())
    assert [t.type for t in tokens if t.type.endswith("_open")] == ["paragraph_open"]


def test_local_image_is_copied_into_the_book(write_pack: PackWriter, tmp_path: Path) -> None:
    lesson, _ = lesson_with(["![A diagram of the alliance](images/diagram.png)"], "A picture")
    pack = write_pack({"lessons/lesson.yaml": lesson})
    (pack / "lessons" / "images").mkdir()
    (pack / "lessons" / "images" / "diagram.png").write_bytes(PNG)
    loaded = load_course([default_pack(), pack])
    assert loaded.course.assets == {"parents/images/diagram.png": PNG}
    generate(loaded.course, tmp_path / "project", "GB")
    book = tmp_path / "project" / "book" / "parents"
    assert (book / "images" / "diagram.png").read_bytes() == PNG
    assert "![A diagram of the alliance](images/diagram.png)" in (book / "99-fixture-landscape.md").read_text()
    assert "diagram.png" not in {path for path, _ in loaded.ignored}


def test_quick_exit_link_is_escaped() -> None:
    for configured, expected in [
        ('https://example.org/"><script>alert(1)</script>', quick_exit.DEFAULT_EXIT_URL),
        ("javascript:alert(1)", quick_exit.DEFAULT_EXIT_URL),
        ("https://www.example.org/?a=1&b=2", "https://www.example.org/?a=1&amp;b=2"),
    ]:
        app = SimpleNamespace(config=SimpleNamespace(gta_course_exit_url=configured))
        context: dict[str, object] = {}
        quick_exit._add_to_context(app, "index", "page.html", context, None)  # type: ignore[arg-type]
        control = str(context["gta_quick_exit"])
        assert f'href="{expected}"' in control and "<script>" not in control


def test_theme_text_is_escaped_once() -> None:
    from markupsafe import escape

    context = {"docstitle": f"Ours {HOSTILE}", "root_title": "A & B", "title": "<em>already HTML</em>"}
    theme_text._escape(SimpleNamespace(), "index", "page.html", context, None)  # type: ignore[arg-type]
    assert context["docstitle"] == f"Ours {html_lib.escape(HOSTILE)}"
    assert escape(context["docstitle"]) == context["docstitle"]  # `docstitle|e` does not escape it again
    assert context["root_title"] == "A &amp; B" and context["title"] == "<em>already HTML</em>"


def test_sphinx_messages_name_the_pack_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # Sphinx names pages relative to the working folder, or in full
    source_map = {
        "book/educators/06-overlapping-harms.md": {
            "item": ["my-pack/lessons/educators.yaml", "3"],
            "ranges": [[30, 10, "my-pack/lessons/educators.yaml", 40]],
        }
    }
    lines = [
        "\x1b[91mbook/educators/06-overlapping-harms.md:36: WARNING: undefined label: 'no-such-label'\x1b[39;49;00m",
        f"{tmp_path}/book/educators/06-overlapping-harms.md:90: ERROR: Unknown directive type.",
        "book/index.md:3: WARNING: something else",
        "build finished with problems.",
    ]
    assert translate_sphinx_output(lines, source_map, tmp_path) == [
        "my-pack/lessons/educators.yaml:46: undefined label: 'no-such-label' "
        "(hint: Sphinx reported this at book/educators/06-overlapping-harms.md:36)",
        "my-pack/lessons/educators.yaml:3: Unknown directive type. "
        "(hint: Sphinx reported this at book/educators/06-overlapping-harms.md:90)",
        "book/index.md:3: WARNING: something else",
        "build finished with problems.",
    ]


def test_problem_lines_show_hidden_characters() -> None:
    from gta_course.problems import Problem

    problem = Problem("a\nb\x1b[31m.yaml", 3, "bad\u202evalue", "fix\x00it")
    assert str(problem) == "a\\nb\\x1b[31m.yaml:3: bad\\u202evalue (hint: fix\\x00it)"


def test_no_colour_codes_off_a_terminal(write_pack: PackWriter) -> None:
    result = run_cli("check", "--content", str(write_pack({"x.yaml": "widgets: [a]\n"})))
    assert result.exit_code == 2 and "\x1b" not in result.stderr


# ---------------------------------------------------------------- through Sphinx (slow)

HOSTILE = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with the default course built: the last good site the slow cases start from."""
    project = tmp_path_factory.mktemp("hardening-site")
    shutil.copy(REPO / "_config.yml", project / "_config.yml")
    result = run_cli("build", "--project", str(project))
    assert result.exit_code == 0, result.output
    return project


def site_digest(project: Path) -> dict[str, str]:
    """Every file of the built site with its digest."""
    root = project / "book" / "_build" / "html"
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in root.rglob("*") if p.is_file()
    }


def changed_lesson(extra: str) -> tuple[str, int]:
    """The shipped digital-safety lesson for parents with `extra` as the first line of its first body."""
    text = (default_pack() / "lessons" / "digital-safety" / "parents.yaml").read_text(encoding="utf-8")
    at = text.index("    body: |\n") + len("    body: |\n")
    return text[:at] + f"      {extra}\n\n" + text[at:], text[:at].count("\n") + 1


@pytest.mark.slow
def test_search_index_comes_from_the_current_content(project: Path, write_pack: PackWriter) -> None:
    lesson, _ = changed_lesson("A word that only this pack has: zanzibarquux.")
    pack = write_pack({"lesson.yaml": lesson})
    index = project / "book" / "_build" / "html" / "searchindex.js"
    assert run_cli("build", "--project", str(project), "--content", str(pack)).exit_code == 0
    assert "zanzibarquux" in index.read_text(encoding="utf-8")
    assert run_cli("build", "--project", str(project)).exit_code == 0
    assert "zanzibarquux" not in index.read_text(encoding="utf-8")


@pytest.mark.slow
def test_sphinx_failure_is_reported_at_the_pack_line(project: Path, write_pack: PackWriter) -> None:
    lesson, line = changed_lesson("See {ref}`a-label-that-does-not-exist`.")
    pack = write_pack({"lesson.yaml": lesson})
    loaded = load_course([default_pack(), pack])  # loading passes; `check` would refuse it, so skip it
    before = site_digest(project)
    generate(loaded.course, project, "GB", origins=loaded.origins)
    with pytest.raises(BuildError) as error:
        build_html(project)
    message = str(error.value)
    assert "\x1b" not in message
    shown = display_path(pack / "lesson.yaml")
    assert any(
        entry.startswith(f"{shown}:{line}: ") and "a-label-that-does-not-exist" in entry
        for entry in message.splitlines()
    ), message
    assert site_digest(project) == before
    generate(load_course([default_pack()]).course, project, "GB")  # back to the built sources


@pytest.mark.slow
def test_plain_text_never_becomes_markup_in_the_site(project: Path, write_pack: PackWriter) -> None:
    modules = (default_pack() / "modules.yaml").read_text(encoding="utf-8")
    audiences = (default_pack() / "audiences.yaml").read_text(encoding="utf-8")
    helplines = (default_pack() / "helplines.yaml").read_text(encoding="utf-8")
    title = 'title: "The threat landscape since 2023"'
    assert title in modules and 'title: "Parents and caregivers"' in audiences and "name: Childline" in helplines
    pack = write_pack(
        {
            "course.yaml": "course:\n"
            f"  title: {json.dumps('Safe course ' + HOSTILE)}\n"
            f"  subtitle: {json.dumps('[x](javascript:alert(1)) ![t](https://evil.example/t.png)')}\n"
            f"  description: {json.dumps('{raw}`<b>x</b>` <iframe src=https://evil.example/></iframe>')}\n",
            "modules.yaml": modules.replace(title, f"title: {json.dumps('Threats ' + HOSTILE)}", 1),
            "audiences.yaml": audiences.replace(
                'title: "Parents and caregivers"', "title: 'Parents <img src=x onerror=alert(1)>'", 1
            ),
            "helplines.yaml": helplines.replace("name: Childline", f"name: {json.dumps('Childline ' + HOSTILE)}", 1),
        }
    )
    result = run_cli("build", "--project", str(project), "--content", str(pack))
    assert result.exit_code == 0, result.output
    site = project / "book" / "_build" / "html"
    assert_no_live_markup(site, "hostile plain text")
    landing = lxml_html.fromstring((site / "index.html").read_bytes())
    assert landing.find(".//h1").text_content().replace("¶", "").strip() == f"Safe course {HOSTILE}"
    lesson = lxml_html.fromstring((site / "parents" / "01-threat-landscape.html").read_bytes())
    assert HOSTILE in lesson.find(".//h1").text_content()
    tab_title = lesson.find(".//title").text_content()
    assert tab_title.endswith(f"Safe course {HOSTILE}")  # escaped once, not twice


@pytest.mark.parametrize(
    ("pattern", "message"),
    [("'('", "not a valid regular expression"), ("'(a+)+$'", "a repeated group that itself repeats")],
)
def test_a_packs_regular_expression_cannot_crash_or_hang_the_check(
    write_pack: PackWriter, pattern: str, message: str
) -> None:
    rules = f"rules:\n  restricted_words:\n  - word: x\n    allowed_pattern: {pattern}\n    hint: h\n"
    report = check("--content", str(write_pack({"rules.yaml": rules})))
    assert report.exit_code == 2
    assert report.at("rules.yaml", f"restricted_words.0.allowed_pattern: {message}") == [4]
