"""Reading one YAML file while remembering which line every value came from.

Pydantic reports where a value is wrong as a path of keys and indexes; authors need a line. The
round-trip loader of ruamel.yaml keeps line numbers on every mapping and sequence, so a path can
be walked back to the line an editor should jump to.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from gta_course.problems import Problem

Loc = Sequence[str | int]


@dataclass(frozen=True)
class YamlDocument:
    """A parsed file: plain data for validation, plus the tree that knows line numbers."""

    path: Path
    shown: str
    tree: Any

    def line_of(self, loc: Loc) -> int:
        """The 1-based line of the value at `loc`, or of the nearest enclosing value that exists.

        A missing field has no line of its own; its parent mapping's line is where it belongs.
        """
        node, line = self.tree, 1
        for key in loc:
            if isinstance(node, CommentedMap) and key in node:
                line = node.lc.key(key)[0] + 1
                node = node[key]
            elif isinstance(node, CommentedSeq) and isinstance(key, int) and 0 <= key < len(node):
                line = node.lc.item(key)[0] + 1
                node = node[key]
            else:
                break
        return line

    def problem(self, loc: Loc, message: str, hint: str = "") -> Problem:
        """A problem located at the value `loc` points to."""
        return Problem(self.shown, self.line_of(loc), message, hint)


@dataclass(frozen=True)
class Origin:
    """Where one content item was written, so checks can point into it."""

    doc: YamlDocument
    loc: tuple[str | int, ...]

    def problem(self, sub: Loc, message: str, hint: str = "") -> Problem:
        """A problem at a value inside this item, for example `("quiz", 2, "options")`."""
        return self.doc.problem((*self.loc, *sub), message, hint)

    @property
    def where(self) -> str:
        """`path:line` of the item itself, for messages that point at a second place."""
        return f"{self.doc.shown}:{self.doc.line_of(self.loc)}"


def to_plain(node: Any) -> Any:
    """Plain dicts and lists for pydantic, which should not see ruamel's subclasses."""
    if isinstance(node, dict):
        return {str(k): to_plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [to_plain(v) for v in node]
    return node


def read_yaml(path: Path, shown: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse one file; a syntax error becomes a problem at the line the parser stopped on."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        return None, [Problem(shown, 1, f"not UTF-8 text ({err.reason})", "save the file as UTF-8")]
    except OSError as err:
        return None, [Problem(shown, 1, f"cannot read file: {err.strerror}", "check the file's permissions")]
    yaml = YAML(typ="rt")
    try:
        tree = yaml.load(text)
    except DuplicateKeyError as err:
        line = err.problem_mark.line + 1 if err.problem_mark else 1
        return None, [Problem(shown, line, f"duplicate key: {err.problem}", "each key may appear once per mapping")]
    except MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else 1
        what = err.problem or err.context or "invalid YAML"
        return None, [Problem(shown, line, f"malformed YAML: {what}", "check indentation, colons and quotes")]
    except YAMLError as err:
        return None, [Problem(shown, 1, f"malformed YAML: {err}", "check indentation, colons and quotes")]
    if tree is None:
        tree = CommentedMap()
    if not isinstance(tree, CommentedMap):
        return None, [
            Problem(shown, 1, "a content file must be a mapping of collections", "start with a key such as 'modules:'")
        ]
    return YamlDocument(path, shown, tree), []
