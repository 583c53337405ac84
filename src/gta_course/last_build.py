"""Is the last successful build still current? Answered from file digests, before anything heavy loads.

Loading, checking and rendering 60 lessons takes seconds even when nothing changed, and an
author who runs `build` twice should wait for neither. So a successful build records a digest
of everything its output depends on:

- the inputs: the package itself (code, templates, the default pack), the Python and the
  installed distributions, every file of every content pack given, the project's
  `_config.yml`, and the options that change the output;
- the outputs: every generated source, the source map, the PDF record and the site's stamp.

When both digests still match, nothing can have changed, and the build prints its summary
again without loading anything. Any difference, or anything unreadable, means "not current",
and the full pipeline runs as usual: the record can make a build faster, never wrong.

Only the standard library is imported here, so that the answer costs milliseconds.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from gta_course import __version__
from gta_course.files import write_if_changed
from gta_course.layout import BOOK, DOWNLOADS, MANIFEST, PDF_MANIFEST, SITE_INDEX, SOURCE_MAP, STAMP

RECORD = Path(BOOK) / "_build" / ".gta-course-last-build.json"  # beside the site, not published in it
OUTPUT_RECORDS = (SOURCE_MAP, Path(BOOK) / DOWNLOADS / PDF_MANIFEST, STAMP)  # read beside the generated files
PACKAGE = Path(__file__).resolve().parent


class Unreadable(Exception):
    """Something the digest needs cannot be read: the build is then simply not known to be current."""


@dataclass(frozen=True)
class LastBuild:
    """What a build with nothing changed prints: the summary lines, and the pack's warnings on stderr."""

    lines: tuple[str, ...]
    warnings: tuple[str, ...]


def inputs_digest(packs: Sequence[Path], project: Path, options: Mapping[str, str]) -> str | None:
    """A digest of everything the build reads, or None when some of it cannot be read."""
    digest = hashlib.sha256()
    digest.update(json.dumps([__version__, sys.version, sys.executable, dict(sorted(options.items()))]).encode())
    try:
        _add_tree(digest, PACKAGE)
        for pack in packs:
            digest.update(b"\1pack\0" + str(pack.resolve()).encode())
            _add_tree(digest, pack)
        _add_file(digest, project / "_config.yml", missing_ok=True)
        digest.update(_distributions())
    except Unreadable:
        return None
    return digest.hexdigest()


def outputs_digest(project: Path) -> str | None:
    """A digest of the generated sources and the site's records, or None when the site is missing."""
    if not (project / SITE_INDEX).is_file():
        return None
    digest = hashlib.sha256()
    try:
        listed = json.loads((project / MANIFEST).read_bytes())
        if not isinstance(listed, list):
            return None
        for relative in [*map(str, listed), *map(str, OUTPUT_RECORDS)]:
            _add_file(digest, project / relative, missing_ok=relative in map(str, OUTPUT_RECORDS))
    except (Unreadable, OSError, ValueError):
        return None
    return digest.hexdigest()


def current(project: Path, inputs: str | None) -> LastBuild | None:
    """The last build's record when its inputs and outputs are exactly as they were; None otherwise."""
    if inputs is None:
        return None
    try:
        record = json.loads((project / RECORD).read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("inputs") != inputs:
        return None
    if record.get("outputs") != outputs_digest(project):
        return None
    return LastBuild(tuple(map(str, record.get("lines", []))), tuple(map(str, record.get("warnings", []))))


def remember(project: Path, inputs: str | None, build: LastBuild) -> None:
    """Record a successful build; without a digest of its inputs, forget any earlier record instead."""
    outputs = outputs_digest(project)
    if inputs is None or outputs is None:
        (project / RECORD).unlink(missing_ok=True)
        return
    record = {"inputs": inputs, "outputs": outputs, "lines": list(build.lines), "warnings": list(build.warnings)}
    write_if_changed(project / RECORD, json.dumps(record, indent=1).encode() + b"\n")


def _add_tree(digest: hashlib._Hash, root: Path) -> None:
    """Every file under `root`, by relative path and content, in a fixed order; caches are skipped."""
    if not root.is_dir():
        raise Unreadable(root)
    for folder, dirs, names in os.walk(root, onerror=_unreadable):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        if any(Path(folder, d).is_symlink() for d in dirs):  # os.walk would not look inside
            raise Unreadable(folder)
        for name in sorted(names):
            path = Path(folder, name)
            digest.update(b"\1" + str(path.relative_to(root)).encode() + b"\0")
            _add_file(digest, path)


def _add_file(digest: hashlib._Hash, path: Path, *, missing_ok: bool = False) -> None:
    """One file's bytes (regular files only: a FIFO or device would block or never end)."""
    try:
        if not path.is_file():
            if missing_ok and not path.exists():
                digest.update(b"\2missing")
                return
            raise Unreadable(path)
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    except OSError as error:
        raise Unreadable(path) from error


def _unreadable(error: OSError) -> None:
    """os.walk's error handler: a folder that cannot be listed makes the digest unknown."""
    raise Unreadable(error.filename)


def _distributions() -> bytes:
    """The installed distributions and their versions, from the names of their metadata folders.

    A Sphinx or theme upgrade changes the pages without changing any input file.
    """
    names: list[str] = []
    for entry in sys.path:
        folder = Path(entry or ".")
        if folder.is_dir() and folder.name in ("site-packages", "dist-packages"):
            names += sorted(p for p in os.listdir(folder) if p.endswith((".dist-info", ".egg-info", ".pth")))
    return "\0".join(names).encode()
