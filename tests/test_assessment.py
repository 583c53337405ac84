"""The quiz views every output reads: citations as runs, one scoring rule, numbering and letters."""

from __future__ import annotations

import pytest

from gta_course.assessment import Cite, knowledge_form, lesson_quiz, option_weights, plain, rich_text
from gta_course.content.loader import LoadedCourse
from gta_course.tailor import tailor_lesson


def test_citations_become_runs_and_plain_text_keeps_them_in_brackets(default_course: LoadedCourse) -> None:
    course = default_course.course
    runs = rich_text("About  100 reports a day {fact}`gta25-sextortion-daily`, mostly\n boys.", course)
    assert runs == (
        "About 100 reports a day (",
        Cite(cite="WeProtect Global Alliance, 2025", label="source-s-gta25-pr"),
        "), mostly boys.",
    )
    assert plain(runs) == "About 100 reports a day (WeProtect Global Alliance, 2025), mostly boys."
    assert rich_text("<b>plain</b>", course) == ("<b>plain</b>",)  # text, left for each writer to escape


@pytest.mark.parametrize("module", ["digital-safety", "financial-sexual-extortion", "threat-landscape"])
def test_weights_give_the_whole_mark_only_for_the_right_answers(default_course: LoadedCourse, module: str) -> None:
    course = default_course.course
    for question in course.lessons[f"{module}/educators"].quiz:
        weights = option_weights(question)
        right = [w for w, o in zip(weights, question.options, strict=True) if o.correct]
        assert sum(right) == pytest.approx(1)
        if question.kind == "multiple":
            assert all(w == -right[0] for w, o in zip(weights, question.options, strict=True) if not o.correct)
        else:
            assert sorted(weights)[:-1] == [0.0] * (len(weights) - 1)


def test_lesson_quiz_numbers_letters_and_keeps_author_ids(default_course: LoadedCourse) -> None:
    course = default_course.course
    lesson = tailor_lesson(course, course.lessons["ai-generated-csam/youth-advocates"], "GB")
    quiz = lesson_quiz(lesson, course)
    assert [q.id for q in quiz.questions] == [q.id for q in lesson.lesson.quiz]
    assert [q.number for q in quiz.questions] == list(range(1, len(quiz.questions) + 1))
    for shown in quiz.questions:
        assert "".join(o.letter for o in shown.options) == "ABCDEF"[: len(shown.options)]
        assert shown.general_feedback.startswith("The right answer")
    multiple = next(q for q in quiz.questions if q.kind == "multiple")
    letters = [o.letter for o in multiple.options if o.correct]
    assert multiple.answer_words == ", ".join(letters[:-1]) + " and " + letters[-1]


def test_knowledge_form_links_items_to_the_track_lessons(default_course: LoadedCourse) -> None:
    course = default_course.course
    check = course.knowledge_checks["parents"]
    before, after = knowledge_form(check, course, "before"), knowledge_form(check, course, "after")
    assert before.then_now == () and len(after.then_now) == 3
    assert [q.id for q in before.questions] == [q.id for q in after.questions] == [i.id for i in check.items]
    assert all(q.lesson.startswith("lesson-parents-") for q in after.questions)
    assert sum(o.correct for q in after.questions for o in q.options) == 6
