"""A build with nothing changed answers from its record, and anything changed runs the whole pipeline.

Sphinx is replaced by a stand-in here (what it does is tested in test_site.py); what is tested is
when the pipeline runs at all.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import PackWriter, run_cli
from gta_course import build, cli, last_build

OPTIONS = {"country": "", "max_file_size": "1000"}


@pytest.fixture
def pipeline_runs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each time the pipeline loads the course, and a stand-in for Sphinx that writes an index page."""
    runs: list[str] = []
    loading = cli.checked_course

    def counted(*args: object, **kwargs: object) -> object:
        runs.append("loaded")
        return loading(*args, **kwargs)  # type: ignore[arg-type]

    def fake_sphinx(
        book: Path, output: Path, progress: object, *, full: bool, stop: Callable[[], bool] | None = None
    ) -> None:
        if stop is not None and stop():
            raise build.Stopped
        (output / "_build" / "html").mkdir(parents=True, exist_ok=True)
        (output / "_build" / "html" / "index.html").write_text("<html></html>", encoding="utf-8")

    monkeypatch.setattr(cli, "checked_course", counted)
    monkeypatch.setattr(build, "_run_sphinx", fake_sphinx)
    return runs


def built(project: Path, *args: str) -> str:
    """Build and return what the command printed, asserting success."""
    result = run_cli("build", "--project", str(project), *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_nothing_changed_means_nothing_is_loaded_and_the_same_is_printed(
    tmp_path: Path, pipeline_runs: list[str]
) -> None:
    first = built(tmp_path)
    again = built(tmp_path)
    assert pipeline_runs == ["loaded"]
    assert "0 written" in again and again.splitlines()[1] == first.splitlines()[1]  # the page to open
    assert f"{again.split()[1]} unchanged" in again  # "Generated N files: 0 written, N unchanged"
    assert not (tmp_path / "book" / "_build" / "html" / ".gta-course-last-build.json").exists()  # not published


def test_the_record_never_hides_a_change(tmp_path: Path, write_pack: PackWriter, pipeline_runs: list[str]) -> None:
    pack = write_pack({"glossary.yaml": "glossary: []\n"})
    built(tmp_path, "--content", str(pack))
    page = tmp_path / "book" / "index.md"
    steps: list[tuple[str, Callable[[], object]]] = [
        ("a pack file edited", lambda: (pack / "glossary.yaml").write_text("glossary: []  # edited\n", "utf-8")),
        ("a pack file added", lambda: (pack / "notes.txt").write_text("not read, still counted", "utf-8")),
        ("a generated page edited by hand", lambda: page.write_text("# Hand-edited\n", "utf-8")),
        ("the project's config", lambda: (tmp_path / "_config.yml").write_text("title: Ours\n", "utf-8")),
        ("the site deleted", lambda: (tmp_path / "book" / "_build" / "html" / "index.html").unlink()),
    ]
    for what, change in steps:
        change()
        before = len(pipeline_runs)
        built(tmp_path, "--content", str(pack))
        assert len(pipeline_runs) == before + 1, what
    assert page.read_text(encoding="utf-8") != "# Hand-edited\n"  # the build put the page back
    for option in (["--country", "US"], ["--all"], ["--verbose"], ["--max-file-size", "9999999"]):
        before = len(pipeline_runs)
        built(tmp_path, "--content", str(pack), *option)
        assert len(pipeline_runs) == before + 1, option


def test_warnings_are_said_again(tmp_path: Path, write_pack: PackWriter, pipeline_runs: list[str]) -> None:
    pack = write_pack({"rules.yaml": "rules:\n  remove:\n    sextortion_response: [do-not-pay]\n"})
    first = run_cli("build", "--project", str(tmp_path), "--content", str(pack))
    again = run_cli("build", "--project", str(tmp_path), "--content", str(pack))
    assert pipeline_runs == ["loaded"]
    assert "'do-not-pay' removed" in first.stderr
    assert again.stderr == first.stderr


def test_a_failed_build_leaves_the_record_of_the_last_good_one(
    tmp_path: Path, write_pack: PackWriter, pipeline_runs: list[str]
) -> None:
    built(tmp_path)
    record = (tmp_path / last_build.RECORD).read_bytes()
    broken = write_pack({"broken.yaml": "modules:\n  - id: x\n    number: one\n"})
    assert run_cli("build", "--project", str(tmp_path), "--content", str(broken)).exit_code == 2
    assert (tmp_path / last_build.RECORD).read_bytes() == record
    built(tmp_path)
    assert pipeline_runs == ["loaded", "loaded"]  # the broken run loaded; the last good build is still current


def test_the_digest_of_inputs(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    (pack / "lessons").mkdir(parents=True)
    (pack / "lessons" / "a.yaml").write_text("lessons: []\n", encoding="utf-8")
    first = last_build.inputs_digest([pack], tmp_path, OPTIONS)
    assert first is not None and first == last_build.inputs_digest([pack], tmp_path, OPTIONS)
    assert last_build.inputs_digest([pack], tmp_path, {**OPTIONS, "country": "CA"}) != first
    (pack / "lessons" / "a.yaml").rename(pack / "lessons" / "b.yaml")  # same bytes, another name
    assert last_build.inputs_digest([pack], tmp_path, OPTIONS) != first


def test_what_cannot_be_read_is_never_current(tmp_path: Path) -> None:
    """A missing pack, a symlinked folder (not looked inside) or a FIFO: no digest, so the pipeline runs."""
    pack = tmp_path / "pack"
    pack.mkdir()
    assert last_build.inputs_digest([tmp_path / "missing"], tmp_path, OPTIONS) is None
    (tmp_path / "elsewhere").mkdir()
    (pack / "linked").symlink_to(tmp_path / "elsewhere")
    assert last_build.inputs_digest([pack], tmp_path, OPTIONS) is None
    (pack / "linked").unlink()
    os.mkfifo(pack / "pipe")
    assert last_build.inputs_digest([pack], tmp_path, OPTIONS) is None
    assert last_build.current(tmp_path, None) is None


def test_problems_the_check_finds_beside_sphinx_stop_it_and_restore_the_sources(
    tmp_path: Path, write_pack: PackWriter, pipeline_runs: list[str]
) -> None:
    """The check runs beside Sphinx; when it fails, the last good sources come back, mtimes and all."""
    from test_build import snapshot

    lesson = (Path(__file__).parent / "fixtures" / "parents-lesson.yaml").read_text(encoding="utf-8")
    good = write_pack({"lesson.yaml": lesson})
    built(tmp_path, "--content", str(good))
    before = snapshot(tmp_path)
    bad = lesson.replace("Its main message", "Its main message is about child pornography.", 1)
    assert bad != lesson
    (good / "lesson.yaml").write_text(bad, encoding="utf-8")
    result = run_cli("build", "--project", str(tmp_path), "--content", str(good))
    assert result.exit_code == 2, result.output
    assert "child pornography" in result.stderr and "nothing was written" in result.stderr
    after = snapshot(tmp_path)
    assert {k: v for k, v in after.items() if not k.startswith("pack/")} == {
        k: v for k, v in before.items() if not k.startswith("pack/")
    }
