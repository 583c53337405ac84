"""Writing generated files: atomic, only when bytes change, reproducible, and never on bad input."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import PackWriter, run_cli
from gta_course import build
from gta_course.build import base_config, generate, navigation_digest, planned_files
from gta_course.content.loader import LoadedCourse, default_pack, load_course
from gta_course.files import write_if_changed

REPO = Path(__file__).resolve().parents[1]


def snapshot(root: Path) -> dict[str, tuple[str, int]]:
    """Every file under a folder with its digest and modification time."""
    return {
        str(p.relative_to(root)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_written_files_are_readable_by_others(tmp_path: Path) -> None:
    path = tmp_path / "shared.txt"
    write_if_changed(path, b"x")
    assert path.stat().st_mode & 0o044 == 0o044  # not mkstemp's owner-only mode


def test_write_if_changed(tmp_path: Path) -> None:
    target = tmp_path / "a" / "page.md"
    assert write_if_changed(target, b"one")
    mtime = target.stat().st_mtime_ns
    assert not write_if_changed(target, b"one")
    assert target.stat().st_mtime_ns == mtime
    assert write_if_changed(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in target.parent.iterdir()] == ["page.md"]  # no temporary files left


def test_generate_writes_book_and_notebooks(default_course: LoadedCourse, tmp_path: Path) -> None:
    result = generate(default_course.course, tmp_path, "GB")
    course = default_course.course
    for lesson_id in course.lessons:
        module_id, audience_id = lesson_id.split("/")
        number = course.modules[module_id].number
        assert (tmp_path / "book" / audience_id / f"{number:02d}-{module_id}.md").exists()
        assert (tmp_path / "exercises" / audience_id / f"{module_id}.ipynb").exists()
    for page in ("index.md", "help.md", "sources.md", "glossary.md", "_toc.yml", "_config.yml"):
        assert (tmp_path / "book" / page).exists()
    assert result.written and not result.removed


def test_unchanged_regeneration_rewrites_nothing(default_course: LoadedCourse, tmp_path: Path) -> None:
    generate(default_course.course, tmp_path, "GB")
    before = snapshot(tmp_path)
    result = generate(default_course.course, tmp_path, "GB")
    assert result.written == [] and result.removed == []
    assert snapshot(tmp_path) == before


def test_same_input_same_bytes(default_course: LoadedCourse, tmp_path: Path) -> None:
    generate(default_course.course, tmp_path / "one", "CA")
    generate(load_course([default_pack()]).course, tmp_path / "two", "CA")
    one = {k: v[0] for k, v in snapshot(tmp_path / "one").items()}
    two = {k: v[0] for k, v in snapshot(tmp_path / "two").items()}
    assert one == two


def test_one_module_edit_rewrites_only_its_pages(write_pack: PackWriter, tmp_path: Path) -> None:
    project = tmp_path / "project"
    generate(load_course([default_pack()]).course, project, "GB")
    lesson = (default_pack() / "lessons" / "digital-safety" / "parents.yaml").read_text(encoding="utf-8")
    assert "    steps:\n" in lesson
    changed = lesson.replace("    steps:\n", "    steps:\n    - Start by asking which setting they changed last.\n", 1)
    pack = write_pack({"lesson.yaml": changed})
    edited = load_course([default_pack(), pack]).course
    result = generate(edited, project, "GB")
    assert sorted(result.written) == ["book/parents/09-digital-safety.md", "exercises/parents/digital-safety.ipynb"]
    before = planned_files(load_course([default_pack()]).course, "GB", base_config(project))
    assert navigation_digest(planned_files(edited, "GB", base_config(project))) == navigation_digest(before)


def test_a_title_change_changes_navigation(default_course: LoadedCourse, tmp_path: Path) -> None:
    course = default_course.course
    module = course.modules["digital-safety"].model_copy(update={"title": "Safer apps"})
    renamed = course.model_copy(update={"modules": {**course.modules, "digital-safety": module}})
    config = base_config(tmp_path)
    assert navigation_digest(planned_files(renamed, "GB", config)) != navigation_digest(
        planned_files(course, "GB", config)
    )


def test_stale_files_are_removed(default_course: LoadedCourse, tmp_path: Path) -> None:
    generate(default_course.course, tmp_path, "GB")
    own = tmp_path / "book" / "notes.txt"
    own.write_text("mine", encoding="utf-8")
    course = default_course.course
    fewer = course.model_copy(
        update={"lessons": {k: v for k, v in course.lessons.items() if not k.endswith("/parents")}}
    )
    result = generate(fewer, tmp_path, "GB")
    assert "book/parents/01-threat-landscape.md" in result.removed
    assert not (tmp_path / "book" / "parents").exists()
    assert own.exists()  # files the tool did not make are left alone


def test_bad_input_leaves_the_last_build_untouched(write_pack: PackWriter, tmp_path: Path) -> None:
    project = tmp_path / "project"
    assert run_cli("generate", "--project", str(project)).exit_code == 0
    before = snapshot(project)
    pack = write_pack({"broken.yaml": "modules:\n  - id: x\n    number: one\n"})
    for command in ("generate", "build"):
        result = run_cli(command, "--project", str(project), "--content", str(pack))
        assert result.exit_code == 2
        assert "Traceback" not in result.output
    assert snapshot(project) == before


def test_unknown_country_is_bad_input(tmp_path: Path) -> None:
    result = run_cli("generate", "--project", str(tmp_path), "--country", "FR")
    assert result.exit_code == 2
    assert "no help services for 'FR'" in result.stderr
    assert not (tmp_path / "book").exists()


def test_project_config_is_merged_and_wins(default_course: LoadedCourse, tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text(
        "title: Our own title\nsphinx:\n  config:\n    language: en\n", encoding="utf-8"
    )
    files = planned_files(default_course.course, "GB", base_config(tmp_path))
    config = files["book/_config.yml"].decode()
    assert "title: Our own title" in config
    assert "gta_course_exit_url: https://www.bbc.co.uk/weather" in config
    assert "copyright: '2026'" in config


def test_packaged_default_config_matches_the_repository() -> None:
    packaged = REPO / "src" / "gta_course" / "data" / "_config.yml"
    assert packaged.read_bytes() == (REPO / "_config.yml").read_bytes()


@pytest.mark.parametrize("folder", ["book", "exercises"])
def test_generated_folders_are_not_committed(folder: str) -> None:
    assert (REPO / folder / ".gitignore").read_text(encoding="utf-8").splitlines()[1:] == ["*", "!.gitignore"]


def test_project_without_config_uses_the_packaged_one(tmp_path: Path) -> None:
    import yaml

    assert base_config(tmp_path) == yaml.safe_load((REPO / "_config.yml").read_text(encoding="utf-8"))


def test_unwritable_project_is_a_short_error(tmp_path: Path) -> None:
    blocker = tmp_path / "project"
    blocker.write_text("a file where the project folder should be", encoding="utf-8")
    result = run_cli("generate", "--project", str(blocker / "inside"))
    assert result.exit_code == 1
    assert "error: cannot write" in result.stderr
    assert "Traceback" not in result.output


def test_a_changed_extension_rebuilds_every_page(
    default_course: LoadedCourse, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sphinx sees no changed source when only the extension's code or assets change, so the build must ask for all."""
    runs: list[bool] = []

    def fake_sphinx(
        book: Path, output: Path, progress: object, *, full: bool, stop: Callable[[], bool] | None = None
    ) -> None:
        if stop is not None and stop():
            raise build.Stopped
        runs.append(full)
        (output / "_build" / "html").mkdir(parents=True, exist_ok=True)
        (output / "_build" / "html" / "index.html").write_text("<html></html>", encoding="utf-8")

    monkeypatch.setattr(build, "_run_sphinx", fake_sphinx)
    build.generate(default_course.course, tmp_path, "GB")
    build.build_html(tmp_path)
    build.build_html(tmp_path)  # nothing changed: Sphinx is not run
    monkeypatch.setattr(build, "extension_digest", lambda: "a new quiz.css")
    build.build_html(tmp_path)
    assert runs == [True, True]


def test_stopping_sphinx_ends_every_process_it_started() -> None:
    """Sphinx's parallel workers hold the output pipe; stopping must end them, or reading it never ends."""
    import subprocess

    from conftest import deadline

    process = subprocess.Popen(
        ["sh", "-c", "sleep 60 & echo started; wait"], stdout=subprocess.PIPE, text=True, start_new_session=True
    )
    assert process.stdout is not None
    assert process.stdout.readline() == "started\n"  # the worker holding the pipe is running
    build._end_group(process)
    with deadline(10):
        assert process.stdout.read() == ""  # end of file: no process is left holding the pipe
