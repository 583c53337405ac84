"""The shipped course: complete, and faithful to the project's fact sheet."""

from __future__ import annotations

import pytest
import yaml

from conftest import FACT_SHEET
from gta_course.content.loader import LoadedCourse


@pytest.fixture(scope="module")
def fact_sheet() -> dict:
    if not FACT_SHEET.exists():
        pytest.skip("the fact sheet lives in ../shared, beside the repository")
    return yaml.safe_load(FACT_SHEET.read_text(encoding="utf-8"))


def test_every_module_for_every_audience(default_course: LoadedCourse) -> None:
    course = default_course.course
    assert len(course.modules) >= 12 and len(course.audiences) >= 5
    missing = [f"{m}/{a}" for m in course.modules for a in course.audiences if f"{m}/{a}" not in course.lessons]
    assert missing == []


def test_facts_are_copied_exactly(default_course: LoadedCourse, fact_sheet: dict) -> None:
    facts = default_course.course.facts
    for entry in fact_sheet["facts"]:
        fact = facts[entry["id"]]
        assert fact.text == entry["text"]
        assert fact.figures == entry.get("figures", [])
        assert fact.sources == entry["sources"]
    assert set(facts) == {entry["id"] for entry in fact_sheet["facts"]}


def test_sources_and_helplines_are_copied_exactly(default_course: LoadedCourse, fact_sheet: dict) -> None:
    course = default_course.course
    for entry in fact_sheet["sources"]:
        source = course.sources[entry["id"]]
        assert (source.title, source.publisher, source.url) == (entry["title"], entry["publisher"], entry["url"])
    ours = {(h.country, h.kind, h.name, h.phone, h.url) for h in course.helplines}
    theirs = {
        (e["country"], e["kind"], e["name"], e.get("phone", ""), e.get("url", "")) for e in fact_sheet["helplines"]
    }
    assert ours == theirs
    assert {"US", "GB", "CA", "AU", "INT"} <= {h.country for h in course.helplines}


def test_terminology_and_rules_are_copied(default_course: LoadedCourse, fact_sheet: dict) -> None:
    course = default_course.course
    avoided = {p for term in course.glossary.values() for p in term.avoid}
    assert avoided == {p for entry in fact_sheet["terminology"] for p in entry["avoid"]}
    assert course.rules.victim_blaming == fact_sheet["victim_blaming"]
    steps = {s.id: s.keywords for s in course.rules.sextortion_response}
    assert steps == {e["id"]: e["keywords"] for e in fact_sheet["sextortion_response"]}


def test_every_seed_fact_is_taught(default_course: LoadedCourse) -> None:
    course = default_course.course
    used = {f for m in course.modules.values() for f in m.facts}
    assert {f.id for f in course.facts.values() if f.verified == "seed"} <= used


def test_reading_bands_follow_the_brief(default_course: LoadedCourse) -> None:
    audiences = default_course.course.audiences
    assert audiences["parents"].reading_grade_max <= 8
    assert audiences["youth-advocates"].reading_grade_max <= 8
    assert audiences["educators"].reading_grade_max <= 11
    assert audiences["tech-policy"].reading_grade_max <= 11


def test_every_quiz_mixes_all_question_kinds(default_course: LoadedCourse) -> None:
    for lesson in default_course.course.lessons.values():
        assert {q.kind for q in lesson.quiz} == {"single", "multiple", "true-false", "scenario"}, lesson.id


def test_every_lesson_has_the_core_activity_kinds(default_course: LoadedCourse) -> None:
    core = {
        "scenario-discussion",
        "conversation-practice",
        "action-plan",
        "peer-session-plan",
        "role-play",
        "case-study",
    }
    for lesson in default_course.course.lessons.values():
        assert {a.kind for a in lesson.activities} & core, lesson.id


def test_modules_stand_on_the_curriculum_map(default_course: LoadedCourse) -> None:
    curriculum = FACT_SHEET.parent.parent / "curriculum-map.md"
    if not curriculum.exists():
        pytest.skip("the curriculum map lives in ../shared, beside the repository")
    modules = {m.number: m for m in default_course.course.modules.values()}
    help_kinds = ("report", "remove", "crisis", "support", "prevention")
    rows = [
        line.split("|")[1:-1] for line in curriculum.read_text(encoding="utf-8").splitlines() if line.startswith("| ")
    ]
    numbered = [[cell.strip() for cell in row] for row in rows if row[0].strip().isdigit()]
    assert len(numbered) == 12
    for number, _title, _areas, facts, help_needed in numbered:
        module = modules[int(number)]
        mapped = {f.strip() for f in facts.split(";")[0].split(",")}  # after ';' the map adds notes
        assert mapped <= set(module.facts), (number, mapped - set(module.facts))
        wanted = {kind for kind in help_kinds if kind in help_needed}
        assert wanted <= set(module.help), (number, wanted - set(module.help))
