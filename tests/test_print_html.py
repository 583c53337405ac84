"""Printable HTML: escaped author text, printed citations, help with its date, editions kept apart."""

from __future__ import annotations

import pytest
from lxml import html

from conftest import facilitator_secrets
from gta_course.content.loader import LoadedCourse
from gta_course.model import Course
from gta_course.render.print_html import (
    PrintContext,
    cite_markdown,
    render_facilitator_html,
    render_lesson_html,
    render_plan_html,
    render_tip_sheet_html,
)
from gta_course.tailor import tailor_course, tailor_lesson
from gta_course.workshop import plan_workshop


def text(document: str) -> str:
    return " ".join(html.fromstring(document.encode()).text_content().split())


@pytest.fixture
def course(default_course: LoadedCourse) -> Course:
    return default_course.course


def hostile(course: Course) -> Course:
    """The course with markup in plain-text fields and raw HTML in a body."""
    lesson = course.lessons["threat-landscape/parents"]
    section = lesson.sections[0].model_copy(
        update={"body": 'Hi <script>alert(1)</script> ![x](https://e.org/i.png "t")'}
    )
    changed = lesson.model_copy(
        update={
            "objectives": ["<b>bold</b> & more", *lesson.objectives[1:]],
            "sections": [section, *lesson.sections[1:]],
        }
    )
    info = course.info.model_copy(update={"title": "Course <img src=x onerror=alert(1)>"})
    return course.model_copy(update={"info": info, "lessons": {**course.lessons, lesson.id: changed}})


def test_author_text_never_becomes_markup(course: Course) -> None:
    bad = hostile(course)
    lesson = tailor_lesson(bad, bad.lessons["threat-landscape/parents"], "GB")
    learner = render_lesson_html(lesson, PrintContext(bad, "GB"))
    assert "&lt;script&gt;" in learner and "&lt;b&gt;bold&lt;/b&gt; &amp; more" in learner
    assert "https://e.org" not in learner and "[x]" in learner  # an image prints as its alt text only
    for document in (learner, render_facilitator_html(lesson, PrintContext(bad, "GB"))):
        assert not html.fromstring(document.encode()).xpath("//script | //img | //b")
        assert "Course &lt;img" in document


def test_citations_print_as_text(course: Course) -> None:
    fact = course.facts["gta25-members"]
    rendered = str(cite_markdown("Over 350 {fact}`gta25-members` **members**", course))
    publisher = course.sources[fact.sources[0]].publisher
    assert "{fact}" not in rendered and publisher in rendered
    assert "<strong>members</strong>" in rendered


def test_learner_handout_has_no_facilitator_material(course: Course) -> None:
    lesson = tailor_lesson(course, course.lessons["financial-sexual-extortion/youth-advocates"], "GB")
    context = PrintContext(course, "GB")
    learner = text(render_lesson_html(lesson, context))
    facilitator = text(render_facilitator_html(lesson, context))
    normal = facilitator_secrets(lesson)
    assert normal
    assert all(s in facilitator for s in normal)  # the check can see them where they belong
    assert not [s for s in normal if s in learner]
    assert "Correct" not in learner and "Facilitator" not in learner


def test_every_document_states_help_and_the_date_it_was_checked(course: Course) -> None:
    context = PrintContext(course, "CA")
    checked = course.info.services_checked.isoformat()
    lessons = [t for t in tailor_course(course, "CA") if t.audience.id == "parents"]
    plan = plan_workshop(course, "parents", 90, country="CA")
    for document in (
        render_lesson_html(lessons[1], context),
        render_facilitator_html(lessons[1], context),
        render_tip_sheet_html(context, course.audiences["parents"], lessons),
        render_plan_html(plan, context),
    ):
        words = text(document)
        assert "Where to get help" in words and f"last checked on {checked}" in words
        assert "Canada" in words and "Kids Help Phone" in words
        assert "Edition " + course.info.edition.isoformat() in words and course.info.title in words


def test_sign_in_sheet_asks_first_names_at_most_and_none_for_under_18s(course: Course) -> None:
    context = PrintContext(course, "GB")
    adults = text(render_plan_html(plan_workshop(course, "parents", 45, country="GB"), context))
    young = plan_workshop(course, "youth-advocates", 45, country="GB")
    assert "Sign-in sheet" in adults and "First name (optional)" in adults
    assert "surname" not in adults.lower() and "email" not in adults.lower()
    assert "Sign-in sheet" not in text(render_plan_html(young, context)) and "Head count" in text(
        render_plan_html(young, context)
    )
    assert "Sign-in sheet" in text(render_plan_html(young, context, sign_in=True))


def test_run_sheet_shows_clock_cue_materials_watch_and_cuts(course: Course) -> None:
    import datetime as dt

    plan = plan_workshop(course, "parents", 180, country="GB", start=dt.time(18, 30))
    tree = html.fromstring(render_plan_html(plan, PrintContext(course, "GB")).encode())
    headers = [th.text_content() for th in tree.xpath("//table[contains(@class, 'run-sheet')]//th")]
    assert headers == ["Time", "Segment and cue", "Materials", "Watch for", "If running late"]
    rows = tree.xpath("//table[contains(@class, 'run-sheet')]/tbody/tr")
    assert len(rows) == len(plan.segments)
    assert "18:30" in rows[0].text_content() and "Never cut." in rows[0].text_content()
    assert any("Break" in r.text_content() for r in rows)
    assert any("Skip it." in r.text_content() or "Cut to" in r.text_content() for r in rows)
