"""Moodle GIFT: every track's file reads back with a reader written to Moodle's importer rules.

The reader follows question/format/gift/format.php step by step (blank-line blocks, comment
lines, escape placeholders, `$CATEGORY:` taken raw, `::name::`, the first `{` and `}`, `####`
general feedback, type detection, weights, true/false feedback order) and then applies the
checks Moodle makes when it saves a question (grades from its list, weights adding to 100%).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest
from lxml import html

from conftest import shown
from gta_course.assessment import plain
from gta_course.content.loader import LoadedCourse
from gta_course.model import Course, Lesson
from gta_course.render.gift import MOODLE_GRADES, category_name, escape, render_gift, weight
from gta_course.render.lms import export_quizzes
from gta_course.tailor import group_by_track, tailor_course, tailor_lesson

ESCAPED = ["\\:", "\\#", "\\=", "\\{", "\\}", "\\~", "\\n"]
PLACEHOLDERS = ["&&058;", "&&035;", "&&061;", "&&123;", "&&125;", "&&126;", "&&010"]
CHARACTERS = [":", "#", "=", "{", "}", "~", "\n"]
WEIGHT = re.compile(r"^%-*([0-9]{1,2})\.?([0-9]*)%")
GRADES = [float(g) / 100 for g in MOODLE_GRADES] + [0.0]


def pre(text: str) -> str:
    """Moodle's escapedchar_pre: escaped control characters become placeholders."""
    text = text.replace("\\\\", "&&092;")
    for escaped, placeholder in zip(ESCAPED, PLACEHOLDERS, strict=True):
        text = text.replace(escaped, placeholder)
    return text.replace("&&092;", "\\")


def post(text: str) -> str:
    """Moodle's escapedchar_post: placeholders back to characters."""
    for placeholder, character in zip(PLACEHOLDERS, CHARACTERS, strict=True):
        text = text.replace(placeholder, character)
    return text


def with_format(text: str, default: str) -> tuple[str, str]:
    """parse_text_with_format: an optional leading [format]."""
    text = text.strip()
    fmt = default
    if text.startswith("["):
        end = text.index("]")
        if text[1:end] in ("moodle", "html", "plain", "markdown"):
            fmt, text = text[1:end], text[end + 1 :]
    return post(text).strip(), fmt


@dataclass
class GiftQuestion:
    kind: str
    name: str
    text: str
    fmt: str
    general: str = ""
    answers: list[tuple[str, float, str]] = field(default_factory=list)  # text, fraction, feedback
    single: bool = True
    true_false_answer: bool | None = None
    feedback_true: str = ""
    feedback_false: str = ""


def read_gift(source: str) -> tuple[list[str], list[GiftQuestion]]:
    """Categories and questions, as Moodle's GIFT importer reads them; AssertionError where it would fail."""
    categories: list[str] = []
    questions: list[GiftQuestion] = []
    blocks: list[list[str]] = [[]]
    for line in source.split("\n"):
        if line.strip() == "":
            blocks.append([])
        else:
            blocks[-1].append(line)
    for block in blocks:
        lines = [" " if line.strip().startswith("//") else line for line in block]
        text = "\n".join(lines).strip()
        if not text:
            continue
        text = pre(text)
        if text.startswith("$CATEGORY:"):
            categories.append(text[10:].strip())
            continue
        assert text.startswith("::"), f"question without a name: {text[:60]}"
        text = text[2:]
        end = text.index("::")
        name, text = post(text[:end]), text[end + 2 :].strip()
        start, finish = text.find("{"), text.find("}")
        if start == -1 and finish == -1:
            body, fmt = with_format(text, "moodle")
            questions.append(GiftQuestion("description", name, body, fmt))
            continue
        assert start != -1 and finish != -1, f"{name}: unbalanced braces"
        answer_text = text[start + 1 : finish].strip()
        assert text.endswith("}"), f"{name}: text after the answers (missing-word format)"
        body, fmt = with_format(text[:start], "moodle")
        general = ""
        if "####" in answer_text:
            cut = answer_text.rindex("####")
            general, answer_text = answer_text[cut + 4 :], answer_text[:cut].strip()
        general = with_format(general, fmt)[0]
        question = GiftQuestion("", name, body, fmt, general)
        if "~" in answer_text:
            question.kind = "multichoice"
            question.single = "=" in answer_text
            parts = [p.strip() for p in answer_text.replace("=", "~=").split("~")]
            parts = parts[1:] if not parts[0] else parts
            assert len(parts) >= 2, f"{name}: fewer than two answers"
            for part in parts:
                if part.startswith("="):
                    fraction, part = 1.0, part[1:]
                elif WEIGHT.match(part):
                    end = part.index("%", 1)
                    fraction, part = float(part[1:end]) / 100, part[end + 1 :]
                else:
                    fraction = 0.0
                answer, _, feedback = part.partition("#")
                question.answers.append(
                    (with_format(answer, fmt)[0], fraction, with_format(feedback, fmt)[0] if feedback else "")
                )
        else:
            check = answer_text.split("#", 1)[0].strip() if "#" in answer_text else answer_text
            assert check in ("T", "TRUE", "F", "FALSE"), f"{name}: would import as short answer"
            question.kind = "truefalse"
            answer, wrong, right = ([*answer_text.split("#", 2), "", ""])[:3]
            question.true_false_answer = with_format(answer, fmt)[0] in ("T", "TRUE")
            wrong, right = with_format(wrong, fmt)[0], with_format(right, fmt)[0]
            question.feedback_true, question.feedback_false = (
                (right, wrong) if question.true_false_answer else (wrong, right)
            )
        questions.append(question)
    return categories, questions


def saves_in_moodle(question: GiftQuestion) -> None:
    """The checks qtype_multichoice makes on save, and the grade match of qformat_default."""
    if question.kind != "multichoice":
        return
    for _, fraction, _ in question.answers:
        assert any(abs(fraction - g) < 0.00001 or abs(fraction + g) < 0.00001 for g in GRADES), fraction
    if question.single:
        assert max(f for _, f, _ in question.answers) == 1
    else:
        assert round(sum(f for _, f, _ in question.answers if f > 0), 2) == 1, question.name


def words(fragment: str) -> str:
    """The text of an HTML fragment, as the learner reads it."""
    return " ".join(html.fromstring(f"<div>{fragment}</div>").text_content().split())


def track_gift(course: Course, audience: str) -> str:
    lessons = group_by_track(tailor_course(course, "GB"))[audience]
    return render_gift(export_quizzes(lessons, course), course)


@pytest.mark.parametrize("audience", ["parents", "educators", "youth-advocates", "community-leaders", "tech-policy"])
def test_every_track_imports_question_for_question(default_course: LoadedCourse, audience: str) -> None:
    course = default_course.course
    lessons = group_by_track(tailor_course(course, "GB"))[audience]
    source = track_gift(course, audience)
    source.encode("utf-8")
    categories, questions = read_gift(source)
    assert len(categories) == len(lessons)
    for category, lesson in zip(categories, lessons, strict=True):
        assert category.startswith("$course$/")
        segments = category.removeprefix("$course$/").split("/")
        assert segments == [
            category_name(course.info.title),
            category_name(lesson.audience.title),
            category_name(f"{lesson.module.number:02d} {lesson.module.title}"),
        ]
        assert "&&0" not in category and ":" not in category.removeprefix("$course$")  # no escapes, no colons
    real = [q for q in questions if q.kind != "description"]
    assert len(real) == sum(len(t.lesson.quiz) for t in lessons)
    descriptions = [q for q in questions if q.kind == "description"]
    assert len(descriptions) == len(lessons) and all("Where to get help" in words(d.text) for d in descriptions)
    authored = [q for t in lessons for q in t.lesson.quiz]
    assert len({q.name for q in real}) == len(real)
    for read, question in zip(real, authored, strict=True):
        assert read.fmt == "html"
        saves_in_moodle(read)
        assert words(read.text).endswith(" ".join(question.prompt.split()))
        assert read.general.startswith("The right answer")
        if question.kind == "true-false":
            truth = next(o for o in question.options if o.text == "True")
            falsehood = next(o for o in question.options if o.text == "False")
            assert read.kind == "truefalse" and read.true_false_answer == truth.correct
            assert words(read.feedback_true) == shown(truth.feedback, default_course.course)
            assert words(read.feedback_false) == shown(falsehood.feedback, default_course.course)
            continue
        assert read.kind == "multichoice" and read.single == (question.kind != "multiple")
        assert [words(a) for a, _, _ in read.answers] == [
            shown(o.text, default_course.course) for o in question.options
        ]
        assert [words(f) for _, _, f in read.answers] == [
            shown(o.feedback, default_course.course) for o in question.options
        ]
        assert [f > 0 for _, f, _ in read.answers] == [o.correct for o in question.options]
        if question.kind == "multiple":
            assert all(f < 0 for _, f, _ in read.answers if f <= 0)  # wrong answers cost marks


def test_special_characters_survive_the_round_trip(default_course: LoadedCourse) -> None:
    course = default_course.course
    lesson: Lesson = course.lessons["digital-safety/parents"]
    hostile = r"Is a\b ~ = # { } : <b>bold</b> & 'quotes' {fact}`gta25-members`?"
    multiple = next(q for q in lesson.quiz if q.kind == "multiple")
    options = [o.model_copy(update={"text": f"{o.text} {hostile}", "feedback": hostile}) for o in multiple.options]
    changed = multiple.model_copy(update={"prompt": hostile, "scenario": hostile, "options": options})
    quiz = [changed if q is multiple else q for q in lesson.quiz]
    tailored = tailor_lesson(course, lesson.model_copy(update={"quiz": quiz}), "GB")
    source = render_gift(export_quizzes([tailored], course), course)
    _, questions = read_gift(source)
    read = next(q for q in questions if q.kind == "multichoice" and not q.single)
    saves_in_moodle(read)
    shown = " ".join(hostile.replace("{fact}`gta25-members`", "(WeProtect Global Alliance, 2025)").split())
    paragraphs = [" ".join(p.text_content().split()) for p in html.fromstring(f"<div>{read.text}</div>").iter("p")]
    assert paragraphs == [shown, shown]  # scenario, then prompt, each whole
    assert "<b>" not in read.text and "&lt;b&gt;" in read.text  # author text is text, never markup
    assert [words(feedback) for _, _, feedback in read.answers] == [shown] * len(read.answers)


def test_weights_are_moodle_grades() -> None:
    assert [weight(1 / n) for n in (2, 3, 4, 5)] == ["50", "33.33333", "25", "20"]
    assert weight(-1 / 3) == "-33.33333"
    with pytest.raises(ValueError):
        weight(1 / 7 * 2)


def test_escape_covers_every_control_character() -> None:
    assert escape("a\\b ~ = # { } :") == "a\\\\b \\~ \\= \\# \\{ \\} \\:"
    assert post(pre(escape("x\\y:z{}"))) == "x\\y:z{}"
    assert category_name("Emerging technology: XR / quantum {#}") == "Emerging technology - XR - quantum"


def test_help_and_content_note_open_each_module(default_course: LoadedCourse) -> None:
    course = default_course.course
    lesson = tailor_lesson(course, course.lessons["financial-sexual-extortion/youth-advocates"], "US")
    _, questions = read_gift(render_gift(export_quizzes([lesson], course), course))
    description = words(questions[0].text)
    assert questions[0].kind == "description"
    assert lesson.content_note.split(".")[0] in description
    assert "NCMEC CyberTipline" in description  # the US reader's own services
    assert plain(export_quizzes([lesson], course)[0].quiz.questions[0].prompt) in words(questions[1].text)
