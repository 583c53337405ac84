"""Editions: the learner's view of a lesson is the facilitator's with the facilitator's fields removed."""

from __future__ import annotations

from typing import Any

from gta_course.content.loader import LoadedCourse
from gta_course.editions import edition_view
from gta_course.model import step_text
from gta_course.tailor import tailor_lesson


def keys(view: Any) -> set[str]:
    """Every key anywhere in a view."""
    if isinstance(view, dict):
        return set(view) | {k for v in view.values() for k in keys(v)}
    if isinstance(view, list):
        return {k for v in view for k in keys(v)}
    return set()


def test_learner_view_has_no_facilitator_fields(default_course: LoadedCourse) -> None:
    course = default_course.course
    lesson = tailor_lesson(course, course.lessons["financial-sexual-extortion/parents"], "GB")
    learner = edition_view(lesson, "learner")
    facilitator = edition_view(lesson, "facilitator")
    removed = {"timing", "disclosure_steps", "facilitator_notes", "variations", "feedback", "correct", "min_minutes"}
    assert removed <= keys(facilitator)
    assert not removed & keys(learner)
    assert "minutes" not in learner["lesson"]["activities"][0]
    assert learner["lesson"]["quiz"][0]["options"][0] == {"text": lesson.lesson.quiz[0].options[0].text}


def test_learner_view_keeps_what_learners_read(default_course: LoadedCourse) -> None:
    course = default_course.course
    lesson = tailor_lesson(course, course.lessons["threat-landscape/educators"], "GB")
    learner = edition_view(lesson, "learner")
    assert learner["lesson"]["objectives"] == list(lesson.lesson.objectives)
    steps = learner["lesson"]["activities"][0]["steps"]
    assert [s["text"] if isinstance(s, dict) else s for s in steps] == [
        step_text(s) for s in lesson.lesson.activities[0].steps
    ]
    assert all("minutes" not in s for s in steps if isinstance(s, dict))  # a step's timing is the facilitator's
    assert learner["content_note"] == lesson.content_note
    assert [g["country"] for g in learner["help"]] == [g.country for g in lesson.help]


def test_the_schema_shows_which_fields_are_the_facilitators() -> None:
    from gta_course.model import Lesson

    schema = Lesson.model_json_schema()
    assert schema["properties"]["facilitator_notes"]["edition"] == "facilitator"
    assert "edition" not in schema["properties"]["objectives"]
