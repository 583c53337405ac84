"""`gta-course serve`: serving on 127.0.0.1, rebuilding after a save, never caching a preview."""

from __future__ import annotations

import threading
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import PackWriter
from gta_course.cli import rebuild_preview
from gta_course.serve import HOST, Watcher, snapshot, start_server


def test_the_site_is_served_on_localhost_only_and_not_cached(tmp_path: Path) -> None:
    site = tmp_path / "html"
    site.mkdir()
    (site / "index.html").write_text("<p>first</p>", encoding="utf-8")
    server = start_server(site, 0)
    try:
        host, port = server.server_address[:2]
        assert host == HOST
        with urllib.request.urlopen(f"http://{HOST}:{port}/index.html", timeout=10) as response:
            assert response.read() == b"<p>first</p>"
            assert response.headers["Cache-Control"] == "no-store"
        # a rebuild replaces the whole folder; the server follows it by name
        site.rename(tmp_path / "old")
        site.mkdir()
        (site / "index.html").write_text("<p>second</p>", encoding="utf-8")
        with urllib.request.urlopen(f"http://{HOST}:{port}/index.html", timeout=10) as response:
            assert response.read() == b"<p>second</p>"
    finally:
        server.shutdown()


def test_a_change_to_a_pack_file_triggers_one_rebuild(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    lesson = pack / "lesson.yaml"
    lesson.write_text("lessons: []\n", encoding="utf-8")
    rebuilt = threading.Event()
    calls: list[float] = []

    def rebuild() -> bool:
        calls.append(time.monotonic())
        rebuilt.set()
        return False  # a failed rebuild: the watcher keeps watching

    watcher = Watcher([pack], rebuild, poll_seconds=0.05)
    thread = threading.Thread(target=watcher.run)
    thread.start()
    try:
        time.sleep(0.2)
        assert not calls  # nothing changed yet
        lesson.write_text("lessons: []\n# edited\n", encoding="utf-8")
        assert rebuilt.wait(10)
        rebuilt.clear()
        (pack / "new.yaml").write_text("facts: []\n", encoding="utf-8")
        assert rebuilt.wait(10)
    finally:
        watcher.stop.set()
        thread.join(10)
    assert len(calls) == 2 and not thread.is_alive()


def test_snapshot_sees_size_and_time(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("x", encoding="utf-8")
    before = snapshot([tmp_path])
    (tmp_path / "a.yaml").write_text("xy", encoding="utf-8")
    assert snapshot([tmp_path]) != before
    assert snapshot([tmp_path / "missing"]) == {}


def test_a_rebuild_with_problems_prints_them_and_keeps_the_last_good_site(
    tmp_path: Path, write_pack: PackWriter, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "project" / "book" / "_build" / "html"
    site.mkdir(parents=True)
    (site / "index.html").write_bytes(b"<p>last good</p>")
    pack = write_pack({"course.yaml": "course:\n  titel: Ours\n"})
    assert rebuild_preview((pack,), None, tmp_path / "project", 1_000_000) is False
    lines = capsys.readouterr().err.splitlines()
    assert lines[0].endswith("course.yaml:2: unknown field 'titel' in course (hint: did you mean 'title'?)")
    assert lines[1] == "1 problem found; still serving the last good site."
    assert (site / "index.html").read_bytes() == b"<p>last good</p>"
    assert sorted(p.name for p in (tmp_path / "project" / "book").iterdir()) == ["_build"]  # nothing generated
