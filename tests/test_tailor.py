"""Tailoring: a module for one audience and one country, decided once and without I/O."""

from __future__ import annotations

from gta_course.content.loader import LoadedCourse
from gta_course.tailor import FIXED_MINUTES, cited_fact_ids, select_help, tailor_course, tailor_lesson


def test_every_lesson_becomes_one_page_per_track(default_course: LoadedCourse) -> None:
    course = default_course.course
    lessons = tailor_course(course, "GB")
    assert len(lessons) == len(course.lessons)
    assert len({t.docname for t in lessons}) == len(lessons)
    orders = [t.audience.order for t in lessons]
    assert orders == sorted(orders)


def test_session_length_comes_from_the_audience(default_course: LoadedCourse) -> None:
    course = default_course.course
    for audience_id, minutes in (("parents", 60), ("youth-advocates", 45), ("tech-policy", 90)):
        tailored = tailor_lesson(course, course.lessons[f"threat-landscape/{audience_id}"], "GB")
        assert tailored.minutes == minutes == course.audiences[audience_id].session_minutes
        assert sum(row.minutes for row in tailored.timing) == minutes
        teaching = tailored.timing[1]
        discussion = tailored.lesson.discussion_minutes or 0
        assert teaching.minutes == minutes - FIXED_MINUTES - discussion - sum(
            a.minutes for a in tailored.lesson.activities
        )


def test_lesson_minutes_override(default_course: LoadedCourse) -> None:
    course = default_course.course
    lesson = course.lessons["threat-landscape/parents"].model_copy(update={"minutes": 120})
    tailored = tailor_lesson(course, lesson, "GB")
    assert tailored.minutes == 120
    assert sum(row.minutes for row in tailored.timing) == 120


def test_each_audience_gets_its_own_words(default_course: LoadedCourse) -> None:
    course = default_course.course
    pages = {
        a: tailor_lesson(course, course.lessons[f"financial-sexual-extortion/{a}"], "GB") for a in course.audiences
    }
    objectives = {a: tuple(t.lesson.objectives) for a, t in pages.items()}
    assert len(set(objectives.values())) == len(objectives)
    youth = pages["youth-advocates"]
    assert any(a.kind == "peer-session-plan" for a in youth.lesson.activities)


def test_content_note_joins_module_and_lesson(default_course: LoadedCourse) -> None:
    course = default_course.course
    tailored = tailor_lesson(course, course.lessons["threat-landscape/parents"], "GB")
    assert tailored.content_note.startswith(course.modules["threat-landscape"].content_note)
    assert tailored.content_note.endswith(course.lessons["threat-landscape/parents"].content_note)


def test_facts_and_sources_follow_citations(default_course: LoadedCourse) -> None:
    course = default_course.course
    lesson = course.lessons["threat-landscape/parents"]
    tailored = tailor_lesson(course, lesson, "GB")
    fact_ids = [f.id for f in tailored.facts]
    cited = [fid for part in lesson.authored_text() for fid in cited_fact_ids(part.text)]
    assert set(cited) <= set(fact_ids)
    assert set(course.modules["threat-landscape"].facts) <= set(fact_ids)
    assert len(fact_ids) == len(set(fact_ids))
    source_ids = {s.id for s in tailored.sources}
    assert {sid for f in tailored.facts for sid in f.sources} <= source_ids


def test_help_puts_the_readers_country_first(default_course: LoadedCourse) -> None:
    course = default_course.course
    lesson = course.lessons["financial-sexual-extortion/parents"]
    for country in ("GB", "US", "CA", "AU"):
        groups = tailor_lesson(course, lesson, country).help
        assert groups[0].country == country
        assert groups[-1].country == "INT"
        assert len({g.country for g in groups}) == len(groups)
        first_kinds = [s.kind for s in groups[0].services]
        assert "report" in first_kinds


def test_help_suits_the_reader(default_course: LoadedCourse) -> None:
    course = default_course.course
    module = course.modules["harmful-sexual-behaviour"]
    youth = select_help(course, module, course.audiences["youth-advocates"], "GB")
    assert all(s.for_ in ("children", "everyone") for g in youth for s in g.services)
    assert youth[0].services[0].for_ == "children"
    parents = select_help(course, module, course.audiences["parents"], "GB")
    names = [s.name for s in parents[0].services]
    assert "Stop It Now UK and Ireland helpline" in names


def test_tailoring_is_deterministic(default_course: LoadedCourse) -> None:
    course = default_course.course
    assert tailor_course(course, "US") == tailor_course(course, "US")
