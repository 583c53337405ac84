"""One type for everything wrong with a content pack, so every finding prints the same way.

Authors fix problems in their editor, which jumps to `path:line`; the hint says what to do, so
a finding is useful without reading the code that found it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """Something in a content pack that stops it from building, located at a file and line."""

    path: str
    line: int
    message: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}: {self.message}"
        return f"{text} (hint: {self.hint})" if self.hint else text


class ContentError(Exception):
    """Raised by loading when a pack has problems; carries all of them, not only the first."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the content")
        self.problems = sorted(set(problems))


def display_path(path: Path, base: Path | None = None) -> str:
    """A path as an author would type it: relative to the working folder when inside it."""
    base = base or Path.cwd()
    try:
        return str(path.resolve().relative_to(base.resolve()))
    except ValueError:
        return str(path)
