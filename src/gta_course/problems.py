"""One type for everything wrong with a content pack, so every finding prints the same way.

Authors fix problems in their editor, which jumps to `path:line`; the hint says what to do, so
a finding is useful without reading the code that found it. A finding is always one line:
file names and messages can carry any character an author (or an attacker) put in a pack, so
control characters, newlines and invisible characters are shown as `repr`-style escapes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]


def printable(text: str) -> str:
    """`text` on one line with nothing hidden: `\\n`, `\\x1b`, `\\u202e`... instead of the characters.

    A newline would split a problem line in two, an escape sequence would recolour or clear the
    terminal, and a bidirectional override would make a name read differently from what it is.
    """
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


@dataclass(frozen=True, order=True)
class Problem:
    """Something in a content pack that stops it from building, located at a file and line.

    A warning does not stop the build; it is printed the same way, marked `warning:`.
    """

    path: str
    line: int
    message: str
    hint: str = ""
    severity: Severity = "error"

    def __str__(self) -> str:
        mark = "warning: " if self.severity == "warning" else ""
        text = f"{printable(self.path)}:{self.line}: {mark}{printable(self.message)}"
        return f"{text} (hint: {printable(self.hint)})" if self.hint else text


class BuildError(Exception):
    """A tool the build runs failed; the message says which and what it printed."""


class ContentError(Exception):
    """Raised by loading when a pack has problems; carries all of them, not only the first.

    `warnings` are the findings that would not have stopped the build on their own; they are
    reported with the problems so an author sees everything in one pass. `ignored` lists the
    pack files that were not used, with why, for `--verbose`.
    """

    def __init__(
        self,
        problems: list[Problem],
        warnings: list[Problem] | None = None,
        ignored: list[tuple[str, str]] | None = None,
    ) -> None:
        super().__init__(f"{len(problems)} problem(s) in the content")
        self.problems = sorted(set(problems))
        self.warnings = sorted(set(warnings or []))
        self.ignored = list(ignored or [])


def display_path(path: Path, base: Path | None = None) -> str:
    """A path as an author would type it: relative to the working folder when inside it.

    Purely textual (symlinks are not followed), so a symlink loop or a vanished folder can
    still be named in the problem that reports it.
    """
    try:
        start = os.path.abspath(base or os.getcwd())
    except OSError:  # the working folder was deleted under us
        return str(path)
    absolute = os.path.abspath(path)
    if absolute == start or absolute.startswith(start.rstrip(os.sep) + os.sep):
        return os.path.relpath(absolute, start)
    return str(path)
