"""Shared fixtures: the default course loaded once, and small packs written per test."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import textwrap
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from gta_course.cli import main
from gta_course.content.loader import LoadedCourse, default_pack, load_course

REPO = Path(__file__).resolve().parents[1]
FACT_SHEET = REPO.parent / "shared" / "sources" / "fact-sheet.yaml"

PRINTED_MODULE = "child-participation"  # the module whose PDFs the built site links
PackWriter = Callable[[dict[str, str]], Path]


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


def run_cli(*args: str) -> Result:
    """Run the command in-process, as a user would from the shell."""
    return CliRunner().invoke(main, list(args), catch_exceptions=True)


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
