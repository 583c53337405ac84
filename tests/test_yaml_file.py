"""One YAML file: plain data with a line for every value, and every way it can be wrong as a problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from gta_course.content.yaml_file import Origin, parse_yaml


def parse(text: str) -> tuple[object, list[str]]:
    """The data (or None) and the problems as `line: message`."""
    doc, problems = parse_yaml(text, Path("x.yaml"), "x.yaml")
    return (doc.data if doc else None), [f"{p.line}: {p.message}" for p in problems]


def test_plain_data_only() -> None:
    data, problems = parse("course:\n  edition: 2026-02-28\n  verified: yes\n  flag: true\n  minutes: 0x1F\n")
    assert problems == []
    assert data == {"course": {"edition": "2026-02-28", "verified": "yes", "flag": True, "minutes": 31}}


def test_aliases_are_refused_before_they_expand() -> None:
    bomb = "a: &a [1, 1]\nb: &b [*a, *a]\nc: &c [*b, *b, *b]\nd: [*c, *c]\n"
    assert parse(bomb) == (None, [f"{n}: YAML alias '*{x}' is not allowed" for n, x in ((2, "a"), (3, "b"), (4, "c"))])


def test_a_recursive_alias_is_refused() -> None:
    assert parse("a: &x [*x]\n") == (None, ["1: YAML alias '*x' is not allowed"])


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("a:\n\tb: 1\n", "2: malformed YAML: a tab at column 1"),
        ("a: 1\n\tb: 2\n", "2: malformed YAML: a tab at column 1"),
        ("a: b\x1bc\n", "1: control character U+001B (ESC) at column 5"),
        ("a: x\nb: \u2028\n", "2: line separator U+2028 (LS) at column 4"),
        ('a: "x\\u202ey"\n', "1: text contains the control character U+202E"),
        ("a: [1, 2\n", "2: malformed YAML: did not find expected ',' or ']'"),
        ("- just a list\n", "1: a content file must be a mapping of collections"),
        ("a: 1\na: 2\n", "2: duplicate key 'a'"),
        ("a: " + "[" * 65 + "]" * 65 + "\n", "1: nested more than 64 levels deep"),
    ],
)
def test_problems_at_their_lines(text: str, problem: str) -> None:
    assert parse(text) == (None, [problem])


def test_lines_inside_a_block_scalar() -> None:
    doc, _ = parse_yaml("lessons:\n- sections:\n  - body: |\n      one\n      two\n", Path("x.yaml"), "x.yaml")
    assert doc is not None
    origin = Origin(doc, ("lessons", 0))
    assert origin.problem(("sections", 0, "body"), "m").line == 3  # the key
    assert [origin.text_location(("sections", 0, "body"), n) for n in (0, 1)] == [("x.yaml", 4), ("x.yaml", 5)]


def test_an_empty_file_is_a_warning() -> None:
    doc, problems = parse_yaml("# nothing yet\n", Path("x.yaml"), "x.yaml")
    assert doc is not None and doc.data == {}
    assert [(p.severity, p.message) for p in problems] == [("warning", "file is only comments; it adds nothing")]
