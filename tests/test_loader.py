"""Bad input: every author mistake gives one `path:line: message (hint: ...)` line and exit 2."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from conftest import PackWriter, run_cli
from gta_course.content.loader import default_pack, load_course
from gta_course.problems import ContentError

LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+): (?P<message>.+) \(hint: .+\)$")


def problems_of(pack: Path) -> list[str]:
    """Run `gta-course check --content pack`, assert the bad-input contract, return the lines."""
    result = run_cli("check", "--content", str(pack))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert lines[-1].endswith("nothing was written."), lines
    for line in lines[:-1]:
        assert LINE.match(line), f"not path:line: message (hint: ...): {line}"
    return lines[:-1]


def only(lines: list[str]) -> re.Match[str]:
    """The single problem line, parsed."""
    assert len(lines) == 1, lines
    match = LINE.match(lines[0])
    assert match
    return match


def test_malformed_yaml_points_at_the_line(write_pack: PackWriter) -> None:
    pack = write_pack({"facts.yaml": "facts:\n  - id: x\n    text: [unclosed\n  - id: y\n"})
    problem = only(problems_of(pack))
    assert problem["path"].endswith("facts.yaml")
    assert problem["line"] in {"3", "4"}
    assert "malformed YAML" in problem["message"]


def test_duplicate_yaml_key(write_pack: PackWriter) -> None:
    pack = write_pack({"a.yaml": "sources:\n  - id: S-X\n    title: T\n    title: U\n"})
    problem = only(problems_of(pack))
    assert problem["line"] == "4"
    assert "duplicate key" in problem["message"]


def test_unknown_field_is_named_with_its_line(write_pack: PackWriter) -> None:
    pack = write_pack(
        {
            "sources.yaml": """
                sources:
                  - id: S-NEW
                    title: A new source
                    publisher: Someone
                    url: https://example.org/
                    colour: blue
            """
        }
    )
    problem = only(problems_of(pack))
    assert problem["line"] == "6"
    assert "unknown field 'colour'" in problem["message"]


def test_missing_field(write_pack: PackWriter) -> None:
    pack = write_pack({"sources.yaml": "sources:\n  - id: S-NEW\n    title: T\n    url: https://example.org/\n"})
    problem = only(problems_of(pack))
    assert problem["line"] == "2"
    assert "missing field 'publisher'" in problem["message"]


def test_wrong_type(write_pack: PackWriter) -> None:
    audience = (default_pack() / "audiences.yaml").read_text(encoding="utf-8")
    audience = audience.replace("session_minutes: 60", "session_minutes: an hour", 1)
    pack = write_pack({"audiences.yaml": audience})
    problem = only(problems_of(pack))
    assert "session_minutes" in problem["message"]
    line = int(problem["line"])
    assert "session_minutes: an hour" in audience.splitlines()[line - 1]


def test_duplicate_id_within_a_pack(write_pack: PackWriter) -> None:
    source = "  - id: S-TWICE\n    title: T\n    publisher: P\n    url: https://example.org/\n"
    pack = write_pack({"a.yaml": "sources:\n" + source, "b.yaml": "sources:\n" + source})
    problem = only(problems_of(pack))
    assert problem["path"].endswith("b.yaml")
    assert "duplicate id 'S-TWICE'" in problem["message"]
    assert "a.yaml:2" in problem["message"]


def test_fact_citing_unknown_source(write_pack: PackWriter) -> None:
    pack = write_pack(
        {"facts.yaml": "facts:\n  - id: new-fact\n    text: A claim.\n    sources: [S-NOWHERE]\n    verified: 'yes'\n"}
    )
    problem = only(problems_of(pack))
    assert problem["line"] == "4"
    assert "unknown source 'S-NOWHERE'" in problem["message"]


def lesson_text() -> str:
    """A fixed copy of a real lesson's YAML, to change one thing in it."""
    return (Path(__file__).parent / "fixtures" / "parents-lesson.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("- module: fixture-landscape", "- module: no-such-module", "unknown module 'no-such-module'"),
        ("  audience: parents", "  audience: grandparents", "unknown audience 'grandparents'"),
        ("{fact}`gta25-members`", "{fact}`gta25-nonmembers`", "unknown fact 'gta25-nonmembers'"),
    ],
)
def test_lesson_dangling_references(write_pack: PackWriter, old: str, new: str, expected: str) -> None:
    text = lesson_text()
    assert old in text
    changed = text.replace(old, new, 1)
    pack = write_pack({"lesson.yaml": changed})
    problem = only(problems_of(pack))
    assert expected in problem["message"]
    assert new.strip().split("`")[0] in changed.splitlines()[int(problem["line"]) - 1] or new in changed


def test_lesson_fact_list_reference(write_pack: PackWriter) -> None:
    text = lesson_text().replace("  audience: parents\n", "  audience: parents\n  facts: [made-up-fact]\n", 1)
    problem = only(problems_of(write_pack({"lesson.yaml": text})))
    assert "unknown fact 'made-up-fact'" in problem["message"]
    assert text.splitlines()[int(problem["line"]) - 1] == "  facts: [made-up-fact]"


@pytest.mark.parametrize("kind", ["missing", "file", "empty"])
def test_unreadable_content_folder(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "pack"
    if kind == "file":
        target.write_text("not a folder", encoding="utf-8")
    elif kind == "empty":
        target.mkdir()
    problem = only(problems_of(target))
    assert problem["path"].endswith("pack")
    assert "content" in problem["message"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read files without permission")
def test_unreadable_file(write_pack: PackWriter) -> None:
    pack = write_pack({"facts.yaml": "facts: []\n"})
    (pack / "facts.yaml").chmod(0)
    problem = only(problems_of(pack))
    assert "cannot read" in problem["message"]


def test_not_utf8(write_pack: PackWriter) -> None:
    pack = write_pack({"facts.yaml": "facts: []\n"})
    (pack / "facts.yaml").write_bytes(b"facts:\n  - id: caf\xe9\n")
    problem = only(problems_of(pack))
    assert "not UTF-8" in problem["message"]


def test_all_problems_are_reported_at_once(write_pack: PackWriter) -> None:
    pack = write_pack(
        {
            "a.yaml": "facts:\n  - id: one\n    text: T\n    sources: [S-NONE]\n    verified: 'yes'\n",
            "b.yaml": "sources:\n  - id: S-X\n    title: T\n    publisher: P\n    url: ftp://x\n",
            "c.yaml": "modules: {not: a list}\n",
        }
    )
    lines = problems_of(pack)
    assert len(lines) == 2  # the dangling source is checked once the files themselves are valid
    pack.joinpath("b.yaml").unlink()
    pack.joinpath("c.yaml").unlink()
    assert len(problems_of(pack)) == 1


def test_overlay_overrides_by_id_and_adds(write_pack: PackWriter) -> None:
    modules = (default_pack() / "modules.yaml").read_text(encoding="utf-8")
    pack = write_pack(
        {
            "modules.yaml": modules.replace(
                'title: "The threat landscape since 2023"', 'title: "What changed since 2023"'
            ),
            "course.yaml": "course:\n  title: Our club's course\n",
        }
    )
    loaded = load_course([default_pack(), pack])
    assert loaded.course.modules["threat-landscape"].title == "What changed since 2023"
    assert loaded.course.info.title == "Our club's course"
    assert loaded.course.info.edition.year == 2026  # untouched keys keep the base pack's values
    assert loaded.origin("modules", "threat-landscape").doc.path.is_relative_to(pack)


def test_load_course_raises_with_every_problem(write_pack: PackWriter) -> None:
    pack = write_pack({"x.yaml": "widgets: []\n"})
    with pytest.raises(ContentError) as error:
        load_course([default_pack(), pack])
    assert "unknown collection 'widgets'" in error.value.problems[0].message


def test_section_body_from_a_myst_file(write_pack: PackWriter) -> None:
    text = lesson_text()
    first = "  - title: What is the Global Threat Assessment 2025?\n"
    second = "  - title: What has changed since 2023\n"
    changed = text[: text.index(first)] + first + "    body_file: intro.md\n" + text[text.index(second) :]
    pack = write_pack({"lesson.yaml": changed, "intro.md": "The report is from an alliance of many organisations.\n"})
    loaded = load_course([default_pack(), pack])
    sections = loaded.course.lessons["fixture-landscape/parents"].sections
    assert sections[0].body == "The report is from an alliance of many organisations."
    (pack / "intro.md").unlink()
    problem = only(problems_of(pack))
    assert "cannot read MyST fragment 'intro.md'" in problem["message"]
    assert "body_file: intro.md" in changed.splitlines()[int(problem["line"]) - 1]
