"""Shared fixtures: the default course loaded once, and small packs written per test."""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import signal
import textwrap
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from lxml import html

from gta_course.cli import main
from gta_course.content.loader import LoadedCourse, default_pack, load_course

REPO = Path(__file__).resolve().parents[1]
FACT_SHEET = REPO.parent / "shared" / "sources" / "fact-sheet.yaml"

PRINTED_MODULE = "child-participation"  # the module whose PDFs the built site links
PackWriter = Callable[[dict[str, str]], Path]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The long fuzz run takes minutes: it runs only when `-m` asks for it by name (`-m fuzz`)."""
    if "fuzz" in (config.getoption("markexpr") or ""):
        return
    deselected = [item for item in items if item.get_closest_marker("fuzz")]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker("fuzz")]


@pytest.fixture(scope="session")
def default_course() -> LoadedCourse:
    """The shipped course, loaded once: loading is pure, so tests can share it."""
    return load_course([default_pack()])


@pytest.fixture
def write_pack(tmp_path: Path) -> PackWriter:
    """Write a small content pack from {relative path: YAML text} and return its folder."""

    def write(files: dict[str, str]) -> Path:
        pack = tmp_path / "pack"
        for name, text in files.items():
            path = pack / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return pack

    return write


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Fail instead of hanging: the alarm interrupts a blocked open() of a pipe or a runaway loop."""

    def expired(signum: int, frame: object) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def run_cli(*args: str) -> Result:
    """Run the command in-process, as a user would from the shell."""
    return CliRunner().invoke(main, list(args), catch_exceptions=True)


# One problem or warning line as `gta-course` prints it, and the line that counts them.
PROBLEM_LINE = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+): (?P<warning>warning: )?(?P<message>.+?)(?: \(hint: (?P<hint>.+)\))?$"
)
COUNT_LINE = re.compile(
    r"^(?P<problems>\d+) problems? (?:and (?P<warnings>\d+) warnings? )?found(?:; nothing was written)?\.$"
)


@dataclass(frozen=True)
class Report:
    """What a command printed on stderr, parsed: the findings (path, line, message) and the exit code."""

    exit_code: int
    findings: list[re.Match[str]]
    stdout: str

    def at(self, path_end: str, message: str) -> list[int]:
        """Lines of findings whose path ends with `path_end` and whose message starts with `message`."""
        return [
            int(f["line"]) for f in self.findings if f["path"].endswith(path_end) and f["message"].startswith(message)
        ]


def report_of(result: Result) -> Report:
    """Parse a run's stderr, asserting the contract: one finding per line, and a count that matches."""
    assert "Traceback" not in result.output, result.output
    lines = result.stderr.splitlines()
    findings = []
    for line in lines:
        match = PROBLEM_LINE.match(line)
        if COUNT_LINE.match(line):
            count = COUNT_LINE.match(line)
            assert count and line == lines[-1], lines
            problems = [f for f in findings if not f["warning"]]
            assert int(count["problems"]) == len(problems), lines
            assert int(count["warnings"] or 0) == len(findings) - len(problems), lines
        elif match:
            findings.append(match)
        else:
            raise AssertionError(f"not a `path:line: message` line: {line!r}")
    return Report(result.exit_code, findings, result.stdout)


def assert_no_live_markup(site: Path, what: str) -> None:
    """No script, event handler, frame, javascript: or remote address but the site's own in the HTML.

    The theme has a few handlers of its own (`onclick="window.print()"`); every hostile value the
    tests plant calls `alert(`, so a handler or script holding that came from content.
    """
    for page_path in site.rglob("*.html"):
        if "_static" in page_path.parts:
            continue  # the theme's template fragments, not pages
        page = html.fromstring(page_path.read_bytes())
        for script in page.iter("script"):
            source = script.get("src") or ""
            assert "://" not in source and "alert(" not in (script.text or ""), f"{what}: {page_path.name}"
        for element in page.iter():
            if not isinstance(element.tag, str):
                continue
            assert element.tag not in ("iframe", "embed", "object"), f"{what}: {page_path.name}"
            for name, value in element.attrib.items():
                if name.lower().startswith("on"):
                    assert "alert(" not in value, f"{what}: {page_path.name} {name}={value}"
                if name in ("href", "src", "action", "data", "formaction"):
                    assert not value.strip().lower().startswith(("javascript:", "data:text")), f"{what}: {value}"
                    assert "evil.example" not in value, f"{what}: {page_path.name} {value}"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project built once with `gta-course build --country US`, as a user would; shared by the
    site and browser tests, because a full build is the slowest step of the suite."""
    project = tmp_path_factory.mktemp("project")
    shutil.copy(REPO / "_config.yml", project / "_config.yml")
    downloads = project / "book" / "downloads"  # one module's PDFs, as an earlier export left them
    exported = run_cli("export", "pdf", "--module", PRINTED_MODULE, "--country", "US", "-o", str(downloads))
    assert exported.exit_code == 0, exported.output
    result = run_cli("build", "--project", str(project), "--country", "US")
    assert result.exit_code == 0, result.output
    index = project / "book" / "_build" / "html" / "index.html"
    assert f"Open the course: {index.resolve()}" in result.stdout
    return project


def check_report(*args: str) -> Report:
    """`gta-course check ARGS`, its output parsed and the one-line-per-problem contract asserted."""
    return report_of(run_cli("check", *args))


XSD = REPO.parent / "shared" / "qti-xsd"  # the IMS, W3C and Canvas schemas; tests only, never shipped


@pytest.fixture(scope="session")
def xsd() -> Callable[[str], object]:
    """Load one of the shared XML Schemas by path under qti-xsd/ (skips the test when they are absent)."""
    from lxml import etree

    if not XSD.is_dir():
        pytest.skip(f"the IMS schemas are not at {XSD}")

    class Resolver(etree.Resolver):
        def resolve(self, url: str, pubid: str, context: object) -> object:
            if "://" in url and not url.startswith("file:"):
                raise AssertionError(f"schema import from the network: {url}")
            return None

    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(Resolver())
    cache: dict[str, object] = {}

    def load(relative: str) -> object:
        if relative not in cache:
            cache[relative] = etree.XMLSchema(etree.parse(str(XSD / relative), parser))
        return cache[relative]

    return load


def assert_valid(schema: object, document: object, name: str) -> None:
    """Validate, failing with the schema's own first error."""
    assert schema.validate(document), f"{name}: {schema.error_log.last_error}"  # type: ignore[attr-defined]


# The browser tests (test_browser.py, test_quiz_browser.py): Debian's chromium, never a browser
# download; the checkers from npm (`npm ci`).
CHROMIUM = Path("/usr/bin/chromium")
NODE_MODULES = REPO / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
HTMLCS = NODE_MODULES / "html_codesniffer" / "build" / "HTMLCS.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def need(tool: Path | None, what: str) -> None:
    """Skip without a tool, unless CI says the browser tests must run."""
    if tool is not None and tool.exists():
        return
    if os.environ.get("GTA_COURSE_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{what} is missing, and GTA_COURSE_REQUIRE_BROWSER=1")
    pytest.skip(f"{what} is missing (apt-get install chromium; npm ci)")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """A static file server that does not log every request to the test output."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def base_url(built_site: Path) -> Iterator[str]:
    """The built site served on loopback, as `python -m http.server` would."""
    root = built_site / "book" / "_build" / "html"
    handler = functools.partial(QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's chromium, headless."""
    need(CHROMIUM, "Debian's chromium (/usr/bin/chromium)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield browser
        browser.close()


def shown(text: str, course: object) -> str:
    """Authored prose as every export shows it: one line, citations in brackets."""
    from gta_course.assessment import plain, rich_text

    return plain(rich_text(text, course))  # type: ignore[arg-type]


def learner_words(lesson: Any) -> str:
    """Every string of a tailored lesson's learner view, whitespace folded: what a learner may read."""
    from gta_course.editions import edition_view

    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, str):
            found.append(" ".join(value.split()))
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(edition_view(lesson, "learner"))
    return "\n".join(found).replace("**", "").replace("*", "")


def facilitator_secrets(lesson: Any) -> list[str]:
    """The facilitator's texts of a lesson that the learner's own material does not also say.

    A feedback line may repeat a sentence from the lesson's body; that sentence is the learner's
    too, so it is no leak and is left out of the probes.
    """
    import re

    texts = [
        *lesson.lesson.facilitator_notes,
        *(v for a in lesson.lesson.activities for v in a.variations),
        *(o.feedback for q in lesson.lesson.quiz for o in q.options),
        *lesson.disclosure_steps,
    ]
    plain = [" ".join(re.sub(r"\s*\{fact\}`[^`]*`", "", t).split()) for t in texts]
    allowed = learner_words(lesson)
    return [t for t in dict.fromkeys(plain) if t and t not in allowed]
