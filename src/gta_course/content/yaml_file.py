"""Reading one YAML file while remembering which line every value came from.

Pydantic reports where a value is wrong as a path of keys and indexes; authors need a line.
PyYAML's composer (the C one, when built) keeps a start mark on every node, so a path can be
walked back to the line an editor should jump to. Booleans follow YAML 1.2 (`yes` stays a
string), because content such as `verified: yes` means the word, not true.

Only plain data comes out: strings, numbers, lists and mappings. Dates stay strings until the
model parses them, so `2026-02-30` is a problem at its line rather than a crash in PyYAML; a
number too long to convert, a control character, a tab used as indentation, nesting deeper than
any content needs, and aliases (a "billion laughs" file expands without bound) are each one
problem line, found before anything is expanded.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

from gta_course.problems import Problem

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
BOOL_TAG = "tag:yaml.org,2002:bool"
INT_TAG = "tag:yaml.org,2002:int"
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
MAX_INT_DIGITS = 100  # content numbers are minutes, orders and years
MAX_DEPTH = 64  # the deepest content (a quiz option in a lesson) is under 10
MAX_REPORTED = 10  # per file and kind: enough to see the pattern, not a flood
# What YAML allows in a file, less the characters it counts as line breaks besides \n, which
# would make its line numbers differ from an editor's.
NOT_ALLOWED = re.compile("[^\x09\x0a\x0d\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# In values (after escapes such as "\e" are decoded): C0 and C1 controls but tab and newline,
# and the bidirectional overrides that make text read differently from what it is.
NOT_ALLOWED_IN_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]")
CHARACTER_NAMES = {0: "NUL", 7: "BEL", 8: "BS", 0x1B: "ESC", 0x7F: "DEL", 0x85: "NEL", 0x2028: "LS", 0x2029: "PS"}
SYNTAX_HINT = "check indentation, colons and quotes"


class ValueRefused(ConstructorError):
    """A value PyYAML could build but content must not hold; carries the hint for the author."""

    def __init__(self, message: str, hint: str, mark: yaml.Mark) -> None:
        super().__init__(None, None, message, mark)
        self.hint = hint


def _construct_int(loader: SafeConstructor, node: yaml.ScalarNode) -> int:
    """An integer, refusing one too long for Python to convert (its int-string limit)."""
    digits = sum(c.isdigit() for c in str(node.value))
    if digits > MAX_INT_DIGITS:
        hint = f"numbers in content are minutes, orders and years; put text in quotes (at most {MAX_INT_DIGITS} digits)"
        raise ValueRefused(f"a number with {digits:,} digits is too long", hint, node.start_mark)
    return int(SafeConstructor.construct_yaml_int(loader, node))


class ContentLoader(_BaseLoader):  # type: ignore[misc]
    """A safe loader whose only booleans are true and false, and which makes no dates."""

    yaml_implicit_resolvers: ClassVar[dict[str, list[tuple[str, re.Pattern[str]]]]] = {
        first: [(tag, rx) for tag, rx in resolvers if tag not in (BOOL_TAG, TIMESTAMP_TAG)]
        for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
    }


ContentLoader.add_implicit_resolver(BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
ContentLoader.add_constructor(INT_TAG, _construct_int)
ContentLoader.add_constructor(TIMESTAMP_TAG, SafeConstructor.construct_yaml_str)  # an explicit !!timestamp

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
        return self._find(loc)[0]

    def text_line(self, loc: Loc, offset: int) -> int:
        """The line of the `offset`-th line (0-based) of the text value at `loc`.

        A literal block (`|`) starts on the line after its key and keeps its lines. A folded one
        (`>`) joins its lines, so its text has no lines of its own: it is found at its key.
        """
        line, node = self._find(loc)
        if isinstance(node, yaml.ScalarNode) and node.style == "|":
            return int(node.start_mark.line) + 2 + offset
        if isinstance(node, yaml.ScalarNode) and node.style == ">":
            return line
        return line + offset

    def problem(self, loc: Loc, message: str, hint: str = "") -> Problem:
        """A problem located at the value `loc` points to."""
        return Problem(self.shown, self.line_of(loc), message, hint)

    def _find(self, loc: Loc) -> tuple[int, yaml.Node]:
        """The line of `loc` (or of its nearest existing parent) and the node found there."""
        node, line = self.tree, int(self.tree.start_mark.line) + 1
        for key in loc:
            child = _child(node, key)
            if child is None:
                break
            line, node = child
        return line, node


@dataclass(frozen=True)
class ExternalText:
    """A text value that was read from its own file (a `body_file:`), and where it starts there."""

    loc: tuple[str | int, ...]
    path: Path
    shown: str
    first_line: int


@dataclass(frozen=True)
class Origin:
    """Where one content item was written, so checks can point into it."""

    doc: YamlDocument
    loc: tuple[str | int, ...]
    external: tuple[ExternalText, ...] = ()

    def problem(self, sub: Loc, message: str, hint: str = "") -> Problem:
        """A problem at a value inside this item, for example `("quiz", 2, "options")`."""
        external = self.external_text(sub)
        if external is not None:
            return Problem(external.shown, external.first_line, message, hint)
        return self.doc.problem((*self.loc, *sub), message, hint)

    def text_problem(self, sub: Loc, offset: int, message: str, hint: str = "") -> Problem:
        """A problem on the `offset`-th line (0-based) of the text at `sub`, in whichever file holds it."""
        path, line = self.text_location(sub, offset)
        return Problem(path, line, message, hint)

    def external_text(self, sub: Loc) -> ExternalText | None:
        """The file the text at `sub` was read from, when it is not in the YAML itself."""
        loc = (*self.loc, *sub)
        return next((text for text in self.external if text.loc == loc), None)

    def text_location(self, sub: Loc, offset: int) -> tuple[str, int]:
        """`(path, line)` of the `offset`-th line of the text at `sub`: the YAML, or its body file."""
        external = self.external_text(sub)
        if external is not None:
            return external.shown, external.first_line + offset
        return self.doc.shown, self.doc.text_line((*self.loc, *sub), offset)

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


def _character(char: str) -> str:
    """A character as an author can find it: its code point and, for controls, its short name."""
    code = ord(char)
    name = CHARACTER_NAMES.get(code)
    return f"U+{code:04X}" + (f" ({name})" if name else "")


def _capped(problems: list[Problem], shown: str, what: str) -> list[Problem]:
    """At most MAX_REPORTED findings of one kind, plus one line saying how many more there are."""
    if len(problems) <= MAX_REPORTED:
        return problems
    rest = problems[MAX_REPORTED:]
    more = Problem(shown, rest[0].line, f"{len(rest)} more {what} after this line", "fix the ones above first")
    return [*problems[:MAX_REPORTED], more]


def _bad_characters(text: str, shown: str) -> list[Problem]:
    """Characters YAML refuses, each at its real line and column; one per line is enough."""
    problems: list[Problem] = []
    last_line = 0
    for match in NOT_ALLOWED.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        if line == last_line:
            continue
        last_line = line
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        char = match.group(0)
        what = "line separator" if char in "\x85\u2028\u2029" else "control character"
        problems.append(
            Problem(
                shown,
                line,
                f"{what} {_character(char)} at column {column}",
                "delete it: content files hold printable text, tabs and newlines only",
            )
        )
    return _capped(problems, shown, "lines with control characters")


def _syntax_problem(err: yaml.MarkedYAMLError, text: str, shown: str) -> Problem:
    """A parser error at the line it stopped on, saying so when a tab is to blame."""
    mark = err.problem_mark or err.context_mark
    line = int(mark.line) + 1 if mark else 1
    what = str(err.problem or err.context or "invalid YAML")
    if isinstance(err, ValueRefused):
        return Problem(shown, line, what, err.hint)
    if isinstance(err, ConstructorError):
        if "constructor for the tag" in what:
            return Problem(shown, line, f"YAML tag not allowed: {what}", "remove the tag: content is plain data")
        return Problem(shown, line, what, "see `gta-course schema` for the expected shape")
    lines = text.splitlines()
    for candidate in (err.problem_mark, err.context_mark):
        if candidate is None or candidate.line >= len(lines):
            continue
        source = lines[candidate.line]
        indent = source[: len(source) - len(source.lstrip(" \t"))]
        at_tab = candidate.column < len(source) and source[candidate.column] == "\t"
        if at_tab or "\t" in indent:
            column = candidate.column + 1 if at_tab else indent.index("\t") + 1
            return Problem(
                shown,
                int(candidate.line) + 1,
                f"malformed YAML: a tab at column {column}",
                "YAML does not allow tabs for indentation; indent with spaces",
            )
    return Problem(shown, line, f"malformed YAML: {what}", SYNTAX_HINT)


def _walk(tree: yaml.Node) -> Iterator[tuple[str, yaml.Node, str]]:
    """Findings in the node tree, without recursion and without expanding shared nodes.

    Yields (kind, node, detail): `alias` when a node is reached twice (the composer reuses the
    anchored node for each alias), `deep`, `duplicate` key and `text` with a control character.
    """
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, int]] = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            yield "alias", node, ""
            continue
        seen.add(id(node))
        if depth > MAX_DEPTH:
            yield "deep", node, ""
            continue
        if isinstance(node, yaml.ScalarNode):
            bad = NOT_ALLOWED_IN_TEXT.search(str(node.value))
            if bad:
                yield "text", node, bad.group(0)
        elif isinstance(node, yaml.MappingNode):
            keys: set[str] = set()
            for key_node, value_node in reversed(node.value):
                stack += [(value_node, depth + 1), (key_node, depth + 1)]
            for key_node, _ in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    if key_node.value in keys:
                        yield "duplicate", key_node, str(key_node.value)
                    keys.add(key_node.value)
        elif isinstance(node, yaml.SequenceNode):
            stack += [(item, depth + 1) for item in reversed(node.value)]


def _alias_problems(text: str, shown: str) -> list[Problem]:
    """Aliases at their own lines (the node tree only knows where the anchor was), one per line."""
    lines: dict[int, str] = {}
    for event in yaml.parse(text, Loader=ContentLoader):
        if isinstance(event, yaml.AliasEvent) and event.start_mark:
            lines.setdefault(int(event.start_mark.line) + 1, str(event.anchor))
    problems = [
        Problem(
            shown,
            line,
            f"YAML alias '*{anchor}' is not allowed",
            "write the value out in full; aliases can expand without bound and hide where a value came from",
        )
        for line, anchor in sorted(lines.items())
    ]
    return _capped(problems, shown, "lines with aliases")


def _tree_problems(tree: yaml.Node, text: str, shown: str) -> list[Problem]:
    """Everything wrong with a composed file that must be refused before constructing it."""
    problems: list[Problem] = []
    aliases = False
    texts: list[Problem] = []
    for kind, node, detail in _walk(tree):
        line = int(node.start_mark.line) + 1
        if kind == "alias":
            aliases = True
        elif kind == "deep":
            problems.append(
                Problem(shown, line, f"nested more than {MAX_DEPTH} levels deep", "content is never this deep")
            )
        elif kind == "duplicate":
            problems.append(Problem(shown, line, f"duplicate key '{detail}'", "each key may appear once per mapping"))
        else:
            texts.append(
                Problem(
                    shown,
                    line,
                    f"text contains the control character {_character(detail)}",
                    "remove the escape (such as \\e or \\x07) from the quoted string",
                )
            )
    if aliases:
        problems += _alias_problems(text, shown)
    return problems + _capped(texts, shown, "values with control characters")


def parse_yaml(text: str, path: Path, shown: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse one file's text; every way it can be wrong becomes a problem at its line.

    An empty or comment-only file parses to nothing, with a warning: it is usually a file saved
    before it was written, or one whose content was meant to be somewhere else.
    """
    problems = _bad_characters(text, shown)
    if problems:
        return None, problems
    loader = ContentLoader(text)
    try:
        tree = loader.get_single_node()
        if tree is None:
            what = "empty" if not text.strip() else "only comments"
            warning = Problem(shown, 1, f"file is {what}; it adds nothing", "add content or remove it", "warning")
            return YamlDocument(path, shown, yaml.MappingNode("tag:yaml.org,2002:map", []), {}), [warning]
        problems = _tree_problems(tree, text, shown)
        if problems:
            return None, problems
        data = loader.construct_document(tree)
    except yaml.MarkedYAMLError as err:
        return None, [_syntax_problem(err, text, shown)]
    except yaml.YAMLError as err:
        return None, [Problem(shown, 1, f"malformed YAML: {' '.join(str(err).split())}", SYNTAX_HINT)]
    except (ValueError, TypeError, OverflowError, RecursionError) as err:  # the last line of defence
        return None, [Problem(shown, 1, f"cannot read YAML: {' '.join(str(err).split())}", SYNTAX_HINT)]
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        return None, [
            Problem(shown, 1, "a content file must be a mapping of collections", "start with a key such as 'modules:'")
        ]
    return YamlDocument(path, shown, tree, data), []
