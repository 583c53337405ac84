"""Moodle GIFT: a track's quizzes as one text file for Moodle's question bank import. Pure.

Written to the rules of Moodle's own importer (question/format/gift/format.php):
- questions are separated by blank lines, so none has a blank line inside;
- a `$CATEGORY:` line per track and module; Moodle does not unescape category lines, so names
  there carry none of GIFT's special characters, and no '/' (Moodle's path separator);
- every question has a `::name::` and an explicit `[html]` format, which its answers and
  feedback inherit; all text is HTML-escaped, then `\\ ~ = # { } :` are escaped with a backslash;
- per-answer feedback follows `#`, general feedback `####`, last before the closing brace;
- multiple-answer questions have no `=`: every answer is `~%weight%` with weights from Moodle's
  list of grades, right answers adding up to exactly 100 and wrong ones negative;
- true/false is `{TRUE#feedback if wrong#feedback if right}` (or FALSE): the order matters;
- a description (a question with no answers) opens each module with its content note and help.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from gta_course.assessment import QuizQuestion
from gta_course.model import Course
from gta_course.render.lms import ExportQuiz, intro, text
from gta_course.render.lms import html as html_string

# Moodle's grades (question_bank::fraction_options), as GIFT writes them; an import with any other weight fails.
MOODLE_GRADES = (
    "100", "90", "83.33333", "80", "75", "70", "66.66667", "60", "50", "40", "33.33333", "30", "25", "20",
    "16.66667", "14.28571", "12.5", "11.11111", "10", "5",
)  # fmt: skip
SPECIAL = re.compile(r"([~=#{}:])")
NOT_IN_CATEGORY = re.compile(r"[\\~=#{}:/]+")


def escape(value: str) -> str:
    """Text safe anywhere in a GIFT question: backslash first, then the control characters."""
    return SPECIAL.sub(r"\\\1", value.replace("\\", "\\\\"))


def html_text(value: str) -> str:
    """Plain text as HTML (the questions are `[html]`), then GIFT-escaped, on one line."""
    return escape(html.escape(" ".join(value.split()), quote=False))


def category_name(value: str) -> str:
    """A category path segment: no GIFT control characters and no '/', since Moodle reads the line raw."""
    return " ".join(NOT_IN_CATEGORY.sub(" - ", value).split()).strip(" -")


def weight(fraction: float) -> str:
    """A fraction of the mark as a Moodle grade percentage, e.g. 1/3 -> '33.33333'."""
    percent = f"{abs(fraction) * 100:.5f}".rstrip("0").rstrip(".")
    if percent not in MOODLE_GRADES:
        raise ValueError(f"{percent}% is not one of Moodle's grades")
    return ("-" if fraction < 0 else "") + percent


def question_name(quiz: ExportQuiz, question: QuizQuestion) -> str:
    """'M02 q3 What should you do ...': sorts by module and question, readable in the question bank."""
    prompt = text(question.prompt)
    short = prompt if len(prompt) <= 60 else prompt[:57].rsplit(" ", 1)[0] + "..."
    return f"M{quiz.quiz.module_number:02d} {question.id} {short}"


def question_text(question: QuizQuestion) -> str:
    """The question as HTML: the scenario, then the prompt."""
    parts = [text(question.scenario), text(question.prompt)] if question.scenario else [text(question.prompt)]
    return "".join(f"<p>{html_text(p)}</p>" for p in parts)


def answers(question: QuizQuestion) -> str:
    """The answer block, braces included."""
    general = f"####{html_text(question.general_feedback)}"
    if question.kind == "true-false":
        right = next(o for o in question.options if o.correct)
        wrong = next(o for o in question.options if not o.correct)
        value = "TRUE" if text(right.text).lower() == "true" else "FALSE"
        return f"{{{value}#{html_text(text(wrong.feedback))}#{html_text(text(right.feedback))}{general}}}"
    lines = []
    for option in question.options:
        mark = "=" if option.correct else "~"
        if question.multiple:  # no '=': Moodle would make it a one-answer question
            mark = f"~%{weight(option.weight)}%"
        lines.append(f"\t{mark}{html_text(text(option.text))}#{html_text(text(option.feedback))}")
    return "{\n" + "\n".join(lines) + f"\n\t{general}\n}}"


def render_gift(quizzes: Sequence[ExportQuiz], course: Course) -> str:
    """One track's quizzes (or a chosen module's) as a GIFT file, UTF-8 text."""
    info = course.info
    blocks = [
        f"// {info.title}: quizzes for {quizzes[0].quiz.track if quizzes else 'no track'}.\n"
        f"// Edition {info.edition.isoformat()}, made by gta-course. Import in Moodle: Question bank > Import > GIFT."
    ]
    for quiz in quizzes:
        path = "/".join(
            category_name(p)
            for p in (info.title, quiz.quiz.track, f"{quiz.quiz.module_number:02d} {quiz.quiz.module_title}")
        )
        blocks.append(f"$CATEGORY: $course$/{path}")
        blocks.append(
            f"::{escape(f'M{quiz.quiz.module_number:02d} About this quiz')}::[html]{escape(html_string(intro(quiz)))}"
        )
        for question in quiz.quiz.questions:
            blocks.append(
                f"::{escape(question_name(quiz, question))}::[html]{question_text(question)}{answers(question)}"
            )
    return "\n\n".join(blocks) + "\n"
