"""Same input, same bytes: an incremental build gives exactly the site a fresh build gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import run_cli


def site_bytes(html: Path) -> dict[str, bytes]:
    """Every file of a built site by its path, less Sphinx's pickled environment (not published)."""
    return {str(p.relative_to(html)): p.read_bytes() for p in sorted(html.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_an_incremental_build_gives_the_same_bytes_as_a_fresh_one(built_site: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(built_site, project, symlinks=True)
    fresh = site_bytes(project / "book" / "_build" / "html")
    assert any("?v=" in data.decode("utf-8", "replace") for name, data in fresh.items() if name == "index.html")
    pack = tmp_path / "pack" / "lessons"
    pack.mkdir(parents=True)
    lesson = (Path(__file__).parent / "fixtures" / "parents-lesson.yaml").read_text(encoding="utf-8")
    (pack / "l.yaml").write_text(lesson.replace("is a report from", "is a long report from"), encoding="utf-8")
    for args in (["--content", str(pack.parent)], []):  # change one lesson, then change it back
        result = run_cli("build", "--project", str(project), "--country", "US", *args)
        assert result.exit_code == 0, result.output
    again = site_bytes(project / "book" / "_build" / "html")
    assert sorted(again) == sorted(fresh)
    assert [name for name in fresh if fresh[name] != again[name]] == []


@pytest.mark.slow
def test_sphinx_on_one_core_gives_the_same_bytes_as_on_several(
    built_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build runs Sphinx on every core (-j); the site must be the one a serial Sphinx makes."""
    from gta_course import build

    project = tmp_path / "project"
    shutil.copytree(built_site, project, symlinks=True)
    several = site_bytes(project / "book" / "_build" / "html")
    monkeypatch.setattr(build, "usable_cores", lambda: 1)
    result = run_cli("build", "--project", str(project), "--country", "US", "--all")
    assert result.exit_code == 0, result.output
    one = site_bytes(project / "book" / "_build" / "html")
    assert sorted(one) == sorted(several)
    assert [name for name in several if several[name] != one[name]] == []
