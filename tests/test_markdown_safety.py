"""The MyST allow-list on single texts: what passes, what is refused, at which line."""

from __future__ import annotations

import pytest

from gta_course.content.loader import LoadedCourse
from gta_course.content.markdown_safety import check_markup, scan_myst


def messages(text: str) -> list[tuple[int, str]]:
    """(line, message) of every finding in a text."""
    return [(f.line, f.message) for f in scan_myst(text).findings]


@pytest.mark.parametrize(
    "text",
    [
        "Plain prose with **bold**, a [link](https://www.example.org/) and <https://www.example.org/>.",
        "Write to [the team](mailto:team@example.org). A figure {fact}`gta25-members`.",
        ":::{note}\n:class: gta-tip\nSomething to **remember**.\n:::",
        "::::{dropdown} More\n:open:\n:::{tip}\nNested.\n:::\n::::",
        "```{code-block} python\n<script>this is code, shown as code</script>\n```",
        "```python\n<b>also code</b>\n```",
        ":::{card} A card\n---\nlink: help\nlink-type: ref\n---\nBody.\n:::",
        "Press {kbd}`Ctrl` and see {abbr}`CSAM (child sexual abuse material)`.",
        "% a MyST comment, not shown\n\nText.",
    ],
)
def test_safe_myst_passes(text: str) -> None:
    assert messages(text) == []


def test_each_finding_is_at_its_line() -> None:
    text = "Line zero.\n\nLine two <b>bold</b>.\n\n:::{warning}\nFine.\n\n[x](javascript:void(0))\n:::\n"
    assert messages(text) == [(2, "raw HTML is not allowed (<b>)"), (7, "'javascript:' links are not allowed")]


def test_options_of_a_yaml_block_are_checked_too() -> None:
    text = ":::{image} diagram.png\n---\nalt: A diagram\ntarget: https://www.example.org/\n---\n:::"
    assert messages(text) == [(0, "option ':target:' is not allowed on '{image}'")]


def test_unclosed_option_block() -> None:
    assert messages(":::{note}\n---\nclass: x\n:::") == [
        (0, "directive '{note}': its option block (---) is not closed")
    ]


def test_nesting_is_bounded() -> None:
    depth = 40
    text = "".join(":" * (depth - i + 3) + "{note}\n" for i in range(depth)) + "x\n"
    text += "".join(":" * (i + 4) + "\n" for i in range(depth))
    assert [m for _, m in messages(text)] == ["directives nested too deeply"]


def test_references_and_images_are_collected() -> None:
    scan = scan_myst("See {ref}`the help <help>` and [sources](#sources).\n\n![A map](images/map.png)")
    assert scan.refs == [(0, "help"), (0, "sources")]
    assert [(i.line, i.src) for i in scan.images] == [(2, "images/map.png")]


def test_the_default_course_is_clean(default_course: LoadedCourse) -> None:
    assert check_markup(default_course) == []
