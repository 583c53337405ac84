"""Finding and reading a content pack's files without ever leaving the pack folder.

A pack comes from an author who may be careless or hostile, and everything read from it may
be published. So every file the tool reads, whether found by walking the folder or named by a
`body_file:` or an image, must resolve, after symlinks, to a regular file inside the pack
folder and be no larger than a cap. Anything else is one problem line: a path outside (or
`/etc/passwd`, `/proc/self/environ`), a symlink loop, a named pipe or device (opening one could
block forever or never end), a file too large. Nothing is ever skipped without saying so:
links that point out of the pack are problems, and files the tool does not use are listed.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from gta_course.problems import Problem, display_path

DEFAULT_MAX_FILE_SIZE = 1_000_000
MAX_ENTRIES = 20_000  # a pack is a few hundred files; `--content ~` or `/` would walk for ever
CONTENT_SUFFIXES = (".yaml", ".yml")
_READ_CHUNK = 65_536


@dataclass(frozen=True)
class PackFolder:
    """A pack folder as given, its real location, and the size cap for its files."""

    root: Path
    real: str
    max_file_size: int = DEFAULT_MAX_FILE_SIZE

    @classmethod
    def of(cls, root: Path, max_file_size: int = DEFAULT_MAX_FILE_SIZE) -> PackFolder:
        """The folder `root`, resolved once, so every file can be checked against it."""
        return cls(root, os.path.realpath(root), max_file_size)

    def contains(self, real_path: str) -> bool:
        """Whether an already resolved path lies inside the pack folder."""
        return real_path == self.real or real_path.startswith(self.real.rstrip(os.sep) + os.sep)


@dataclass
class PackListing:
    """What walking a pack found: content files, other files it may name, and what it ignores."""

    yaml_files: list[Path] = field(default_factory=list)
    other_files: dict[str, Path] = field(default_factory=dict)  # real path -> path as found
    ignored: list[tuple[Path, str]] = field(default_factory=list)  # path, why
    problems: list[Problem] = field(default_factory=list)


def _kind(mode: int) -> str:
    """What a file that is not a regular file is, in words an author knows."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _os_problem(shown: str, err: OSError, what: str, path: Path) -> Problem:
    """An OS error while following or reading a pack entry, as one problem line."""
    if err.errno == errno.ELOOP:
        return Problem(shown, 1, f"symbolic link loop at {what}", "point the link at a real file or folder")
    if err.errno in (errno.ENOENT, errno.ENOTDIR) and os.path.lexists(path):
        return Problem(shown, 1, f"{what} is a broken symbolic link", "fix or remove the link")
    if err.errno in (errno.ENOENT, errno.ENOTDIR):
        return Problem(shown, 1, f"{what} does not exist", "a name in a pack is relative to the file that names it")
    return Problem(shown, 1, f"cannot read {what}: {err.strerror}", "check its permissions")


def list_pack(pack: PackFolder) -> PackListing:
    """Every file of a pack in a stable order, walking symlinked folders that stay inside it.

    Hidden files and folders (`.git`, `.DS_Store`, editor swap files) are listed as ignored.
    A file or folder reachable twice (through a link) is used once, under its real name.
    """
    listing = PackListing()
    shown = display_path(pack.root)
    hint = "pass a folder of YAML content files to --content"
    try:
        root_stat = os.stat(pack.root)
    except (OSError, ValueError) as err:
        if isinstance(err, OSError) and err.errno not in (errno.ENOENT, errno.ENOTDIR):
            listing.problems.append(_os_problem(shown, err, "the content folder", pack.root))
        else:
            listing.problems.append(Problem(shown, 1, "content folder does not exist", hint))
        return listing
    if not stat.S_ISDIR(root_stat.st_mode):
        listing.problems.append(Problem(shown, 1, "content path is not a folder", hint))
        return listing
    seen: set[tuple[int, int]] = {(root_stat.st_dev, root_stat.st_ino)}
    try:
        _walk(pack, pack.root, listing, seen)
    except _TooManyEntries:
        listing.problems.append(
            Problem(
                shown,
                1,
                f"content folder holds more than {MAX_ENTRIES:,} files and folders",
                "pass the pack's own folder to --content, not a folder above it",
            )
        )
        return listing
    if not listing.yaml_files and not listing.problems:
        listing.problems.append(Problem(shown, 1, "content folder has no .yaml files", hint))
    return listing


class _TooManyEntries(Exception):
    """The walk met more entries than any pack has."""


def _walk(pack: PackFolder, folder: Path, listing: PackListing, seen: set[tuple[int, int]]) -> None:
    """One folder, real entries before links, so a file reachable twice keeps its real name."""
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda e: (e.is_symlink(), e.name))
    except OSError as err:
        listing.problems.append(_os_problem(display_path(folder), err, "folder", folder))
        return
    if len(seen) + len(listing.ignored) + len(entries) > MAX_ENTRIES:
        raise _TooManyEntries
    for entry in entries:
        path = folder / entry.name
        shown = display_path(path)
        if entry.name.startswith("."):
            listing.ignored.append((path, "hidden"))
            continue
        linked = entry.is_symlink()
        try:
            info = os.stat(path)
            real = os.path.realpath(path, strict=True) if linked else str(path)
        except OSError as err:
            listing.problems.append(_os_problem(shown, err, "this link" if linked else "this entry", path))
            continue
        if linked and not pack.contains(real):
            listing.problems.append(
                Problem(
                    shown,
                    1,
                    f"symbolic link points outside the content folder (to {real})",
                    "copy the files into the pack; a pack may only use files inside its folder",
                )
            )
            continue
        key = (info.st_dev, info.st_ino)
        if key in seen:
            listing.ignored.append((path, "a link to something already in the pack"))
            continue
        seen.add(key)
        if stat.S_ISDIR(info.st_mode):
            _walk(pack, path, listing, seen)
        elif path.suffix in CONTENT_SUFFIXES:
            if stat.S_ISREG(info.st_mode):
                listing.yaml_files.append(path)
            else:
                listing.problems.append(
                    Problem(shown, 1, f"content file is {_kind(info.st_mode)}", "content files must be regular files")
                )
        elif stat.S_ISREG(info.st_mode):
            listing.other_files[os.path.realpath(path)] = path
        else:
            listing.ignored.append((path, _kind(info.st_mode)))


def read_pack_bytes(
    path: Path, pack: PackFolder, shown: str, what: str = "file"
) -> tuple[bytes | None, Problem | None]:
    """The bytes of a file named by the pack, or the one problem that stops it being read.

    The file must resolve, after symlinks, to a regular file inside the pack, no larger than the
    cap; anything else is refused before it is opened. It is opened without following a
    last-moment link and without blocking, then checked again through the open handle, so a file
    swapped for a pipe between the two is still refused; and it is read with a bound, so a file
    that grows cannot exhaust memory.
    """
    name = os.fspath(path)
    if "\0" in name:
        return None, Problem(shown, 1, f"{what} name contains a NUL character", "remove it from the name")
    try:
        real = os.path.realpath(path, strict=True)
    except OSError as err:
        return None, _os_problem(shown, err, what, path)
    if not pack.contains(real):
        return None, Problem(
            shown,
            1,
            f"{what} is outside the content folder (it resolves to {real})",
            "a pack may only use files inside its own folder; copy the file into the pack",
        )
    try:
        before = os.stat(real)
    except OSError as err:
        return None, _os_problem(shown, err, what, path)
    if not stat.S_ISREG(before.st_mode):  # never opened: a pipe can block, a device never end
        return None, Problem(
            shown, 1, f"{what} is {_kind(before.st_mode)}, not a regular file", "name a regular file in the pack"
        )
    try:
        fd = os.open(real, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as err:
        if err.errno == errno.ELOOP:
            return None, _os_problem(shown, err, what, path)
        return None, Problem(shown, 1, f"cannot read {what}: {err.strerror}", "check the file's permissions")
    with os.fdopen(fd, "rb") as stream:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None, Problem(
                shown, 1, f"{what} is {_kind(info.st_mode)}, not a regular file", "name a regular file in the pack"
            )
        limit = pack.max_file_size
        if info.st_size > limit:
            return None, _too_large(shown, what, info.st_size, limit)
        data = bytearray()
        while len(data) <= limit:
            chunk = stream.read(min(_READ_CHUNK, limit + 1 - len(data)))
            if not chunk:
                break
            data += chunk
        if len(data) > limit:
            return None, _too_large(shown, what, len(data), limit)
    return bytes(data), None


def _too_large(shown: str, what: str, size: int, limit: int) -> Problem:
    """A file over the size cap: content files are prose, far below it."""
    return Problem(
        shown,
        1,
        f"{what} is larger than the limit of {limit:,} bytes (at least {size:,})",
        "split it into smaller files, or raise the limit with --max-file-size",
    )


def decode_text(data: bytes, shown: str) -> tuple[str | None, Problem | None]:
    """Bytes as UTF-8 text; a bad byte is reported at the line and column it is on."""
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        column = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        return None, Problem(
            shown, line, f"not UTF-8 text: byte 0x{data[err.start]:02x} at column {column}", "save the file as UTF-8"
        )


def read_pack_text(path: Path, pack: PackFolder, shown: str, what: str = "file") -> tuple[str | None, Problem | None]:
    """A pack file as UTF-8 text, or the one problem that stops it being read."""
    data, problem = read_pack_bytes(path, pack, shown, what)
    return (None, problem) if data is None else decode_text(data, shown)
