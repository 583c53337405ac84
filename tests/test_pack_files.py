"""Walking and reading a pack: only regular files inside it, in a stable order, nothing skipped unseen."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gta_course.content import pack_files
from gta_course.content.pack_files import PackFolder, list_pack, read_pack_bytes


def test_files_are_listed_in_a_stable_order(tmp_path: Path) -> None:
    for name in ("b.yaml", "a.yml", "sub/c.yaml", "sub/picture.png", ".git/config", "notes.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    listing = list_pack(PackFolder.of(tmp_path))
    assert [p.relative_to(tmp_path).as_posix() for p in listing.yaml_files] == ["a.yml", "b.yaml", "sub/c.yaml"]
    assert sorted(p.name for p in listing.other_files.values()) == ["notes.txt", "picture.png"]
    assert [(p.name, why) for p, why in listing.ignored] == [(".git", "hidden")]
    assert listing.problems == []


def test_a_pipe_is_never_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.md")
    data, problem = read_pack_bytes(tmp_path / "pipe.md", PackFolder.of(tmp_path), "pipe.md")
    assert data is None and problem is not None
    assert problem.message == "file is a named pipe, not a regular file"


def test_a_file_is_read_only_up_to_the_cap(tmp_path: Path) -> None:
    (tmp_path / "big.md").write_bytes(b"x" * 101)
    data, problem = read_pack_bytes(tmp_path / "big.md", PackFolder.of(tmp_path, max_file_size=100), "big.md")
    assert data is None and problem is not None and "larger than the limit of 100 bytes" in problem.message
    data, problem = read_pack_bytes(tmp_path / "big.md", PackFolder.of(tmp_path, max_file_size=101), "big.md")
    assert data == b"x" * 101 and problem is None


def test_a_folder_too_big_to_be_a_pack_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pack_files, "MAX_ENTRIES", 5)
    for index in range(6):
        (tmp_path / f"{index}.yaml").write_text("x", encoding="utf-8")
    listing = list_pack(PackFolder.of(tmp_path))
    assert [p.message for p in listing.problems] == ["content folder holds more than 5 files and folders"]


def test_nothing_but_a_regular_file_is_opened(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    os.mkfifo(tmp_path / "pipe.md")
    opened: list[str] = []
    real_open = os.open
    monkeypatch.setattr(os, "open", lambda path, *args: opened.append(str(path)) or real_open(path, *args))
    read_pack_bytes(tmp_path / "pipe.md", PackFolder.of(tmp_path), "pipe.md")
    assert opened == []
