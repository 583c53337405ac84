"""Shared fixtures: the default course loaded once, and small packs written per test."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

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
