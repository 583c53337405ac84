"""Reading one YAML file while remembering which line every value came from.

Pydantic reports where a value is wrong as a path of keys and indexes; authors need a line.
PyYAML's composer (the C one, when built) keeps a start mark on every node, so a path can be
walked back to the line an editor should jump to. Booleans follow YAML 1.2 (`yes` stays a
string), because content such as `verified: yes` means the word, not true.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import yaml

from gta_course.problems import Problem

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
BOOL_TAG = "tag:yaml.org,2002:bool"


class ContentLoader(_BaseLoader):  # type: ignore[misc]
    """A safe loader whose only booleans are true and false."""

    yaml_implicit_resolvers: ClassVar[dict[str, list[tuple[str, re.Pattern[str]]]]] = {
        first: [(tag, rx) for tag, rx in resolvers if tag != BOOL_TAG]
        for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
    }


ContentLoader.add_implicit_resolver(BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))

Loc = Sequence[str | int]


@dataclass(frozen=True)
class YamlDocument:
    """A parsed file: plain data for validation, plus the node tree that knows line numbers."""

    path: Path
    shown: str
    tree: yaml.Node
    data: dict[str, Any]

    def line_of(self, loc: Loc) -> int:
        """The 1-based line of the value at `loc`, or of the nearest enclosing value that exists.

        A missing field has no line of its own; its parent mapping's line is where it belongs.
        """
        node, line = self.tree, int(self.tree.start_mark.line) + 1
        for key in loc:
            child = _child(node, key)
            if child is None:
                break
            line, node = child
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


def _child(node: yaml.Node, key: str | int) -> tuple[int, yaml.Node] | None:
    """The line of `key` inside a mapping or sequence node, and the node it leads to."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == key:
                return int(key_node.start_mark.line) + 1, value_node
    elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
        item = node.value[key]
        return int(item.start_mark.line) + 1, item
    return None


def _duplicate_keys(node: yaml.Node) -> Iterator[tuple[int, str]]:
    """Keys written twice in one mapping: YAML allows the parser to keep either, so refuse both."""
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                if key_node.value in seen:
                    yield key_node.start_mark.line + 1, key_node.value
                seen.add(key_node.value)
            yield from _duplicate_keys(value_node)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _duplicate_keys(item)


def read_yaml(path: Path, shown: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse one file; a syntax error becomes a problem at the line the parser stopped on."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        return None, [Problem(shown, 1, f"not UTF-8 text ({err.reason})", "save the file as UTF-8")]
    except OSError as err:
        return None, [Problem(shown, 1, f"cannot read file: {err.strerror}", "check the file's permissions")]
    loader = ContentLoader(text)
    try:
        tree = loader.get_single_node()
        data = loader.construct_document(tree) if tree is not None else {}
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else 1
        what = err.problem or err.context or "invalid YAML"
        return None, [Problem(shown, line, f"malformed YAML: {what}", "check indentation, colons and quotes")]
    except yaml.YAMLError as err:
        return None, [Problem(shown, 1, f"malformed YAML: {err}", "check indentation, colons and quotes")]
    finally:
        loader.dispose()
    if tree is None:
        tree = yaml.MappingNode("tag:yaml.org,2002:map", [])
    if not isinstance(data, dict):
        return None, [
            Problem(shown, 1, "a content file must be a mapping of collections", "start with a key such as 'modules:'")
        ]
    duplicates = [
        Problem(shown, line, f"duplicate key '{key}'", "each key may appear once per mapping")
        for line, key in _duplicate_keys(tree)
    ]
    if duplicates:
        return None, duplicates
    return YamlDocument(path, shown, tree, data), []
