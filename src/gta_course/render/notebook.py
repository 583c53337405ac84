"""Rendering a lesson to an exercise notebook: activity worksheets plus a self-check quiz.

The self-check runs in a plain Python kernel with no widgets or extra installs, so it works in
any Jupyter, in a school's locked-down lab, or offline. Cell ids are derived from the lesson so
the same lesson always gives the same bytes.
"""

from __future__ import annotations

import html
import json

import nbformat
from nbformat import NotebookNode
from nbformat.v4 import nbformat as NBFORMAT
from nbformat.v4 import nbformat_minor as NBFORMAT_MINOR
from nbformat.v4 import writes_json

from gta_course.assessment import LessonQuiz, QuizQuestion, lesson_quiz, plain
from gta_course.model import Course, step_text
from gta_course.render.myst import KIND_LABELS, markdown_text, service_entry
from gta_course.tailor import FACT_ROLE, TailoredLesson

CHECKER = """\
# Run this cell first (Shift+Enter). It sets up check(), which prints feedback on your answers.
# Plain Python, no widgets: it works in any Jupyter, offline. Nothing you type leaves this notebook.
QUIZ = json.loads(QUIZ_JSON)


def check(question, answer=""):
    \"\"\"Print feedback on your answer to a question, e.g. check("q2", "B") or check("q3", "AC").\"\"\"
    if question not in QUIZ:
        print(f"There is no question {question!r} here; the questions are {', '.join(QUIZ)}.")
        return
    entry = QUIZ[question]
    letters = sorted({c for c in answer.upper() if c.isalpha()})
    if not letters:
        print(f"Question {entry['number']}: type the letter(s) of your answer between the quotes, then run the cell.")
        return
    unknown = [c for c in letters if c not in entry["options"]]
    if unknown:
        print(f"Question {entry['number']} has no option {', '.join(unknown)}; choose from {', '.join(entry['options'])}.")
        return
    right = letters == entry["answer"]
    print(f"Question {entry['number']}: " + ("Right." if right else "Not quite."))
    for letter in letters:
        print(f"{letter}. {entry['options'][letter]}")
    if not right:
        print("Read the feedback, then try again.")
"""


def _plain(text: str) -> str:
    """Prose without citation roles: a notebook has no sources page to link to."""
    return FACT_ROLE.sub("", text).replace(" .", ".").strip()


def _quiz_data(quiz: LessonQuiz) -> dict[str, object]:
    """The quiz as plain data for the self-check cell, keyed by the questions' own ids."""
    return {
        q.id: {
            "number": q.number,
            "answer": sorted(q.correct_letters),
            "options": {o.letter: plain(o.feedback) for o in q.options},
        }
        for q in quiz.questions
    }


def _escape(text: str) -> str:
    """Plain text as literal Markdown (quiz text is never markup)."""
    return markdown_text(text)


def _question_cell(question: QuizQuestion) -> str:
    """A question as Markdown, with its answer and feedback folded in a <details>.

    Inside <details> there is no blank line, or JupyterLab would not fold it; so its content is
    HTML, with author text escaped.
    """
    options = "\n".join(f"- **{o.letter}.** {_escape(plain(o.text))}" for o in question.options)
    scenario = f"{_escape(plain(question.scenario))}\n\n" if question.scenario else ""
    feedback = "\n".join(
        f"<li><strong>{o.letter}.</strong> {html.escape(plain(o.feedback))}</li>" for o in question.options
    )
    return (
        f"### Question {question.number} of {question.total} ({question.id})\n\n*{question.instruction}*\n\n"
        f"{scenario}**{_escape(plain(question.prompt))}**\n\n{options}\n\n"
        f"<details><summary>Answer and feedback for question {question.number}</summary>\n"
        f"<p><strong>Answer: {question.answer_words}.</strong></p>\n<ul>\n{feedback}\n</ul>\n</details>"
    )


def _markdown_cell(source: str) -> NotebookNode:
    """A markdown cell, not validated alone: nbformat's own helper validates every cell it makes,
    which was most of the time of rendering the notebooks; the notebook is validated once, whole."""
    return NotebookNode(cell_type="markdown", metadata=NotebookNode(), source=source)


def _code_cell(source: str) -> NotebookNode:
    """A code cell with no outputs, not validated alone (see `_markdown_cell`)."""
    return NotebookNode(cell_type="code", metadata=NotebookNode(), execution_count=None, source=source, outputs=[])


def render_exercise_notebook(lesson: TailoredLesson, course: Course) -> NotebookNode:
    """The worksheet notebook of one lesson; valid nbformat 4 with stable cell ids."""
    cells: list[NotebookNode] = []
    cells.append(
        _markdown_cell(
            f"# {markdown_text(lesson.title)}: exercises\n\n"
            f"*For {markdown_text(lesson.audience.title.lower())} · {markdown_text(course.info.title)}*\n\n"
            f"**Content note:** {markdown_text(lesson.content_note)} You can stop at any time; help is at the end.\n\n"
            "Write your answers in the cells marked *Your notes* (double-click to edit)."
        )
    )
    for number, activity in enumerate(lesson.lesson.activities, start=1):
        steps = "\n".join(f"{i}. {_plain(step_text(s))}" for i, s in enumerate(activity.steps, start=1))
        scenario = f"**Scenario:** {_plain(activity.scenario)}\n\n" if activity.scenario else ""
        cells.append(
            _markdown_cell(
                f"## Activity {number}: {activity.title}\n\n"
                f"*{KIND_LABELS[activity.kind]} · {activity.minutes} minutes*\n\n"
                f"**Purpose:** {_plain(activity.purpose)}\n\n{scenario}**Steps:**\n\n{steps}"
            )
        )
        cells.append(_markdown_cell("**Your notes:**\n\n- \n- \n- "))
    cells.append(
        _markdown_cell(
            "## Self-check\n\nRun the next cell once. Then, under each question, put the letter of your answer "
            'between the quotes, such as `check("q2", "B")`, and run that cell. The answers are also folded under each question.'
        )
    )
    quiz = lesson_quiz(lesson, course)
    data = json.dumps(_quiz_data(quiz), indent=1, ensure_ascii=False)
    cells.append(_code_cell(f"import json\n\nQUIZ_JSON = {json.dumps(data)}\n{CHECKER}"))
    for question in quiz.questions:
        cells.append(_markdown_cell(_question_cell(question)))
        cells.append(_code_cell(f'check("{question.id}", "")  # put your answer between the quotes, e.g. "B"'))
    primary = lesson.help[0]
    services = "\n".join(f"- {service_entry(s)}" for s in primary.services)
    cells.append(
        _markdown_cell(
            "## Where to get help\n\nTalk to a trusted adult, call a helpline, or make a report. "
            "If a child is in immediate danger, call the emergency number for your country.\n\n" + services
        )
    )
    for index, cell in enumerate(cells):
        cell["id"] = f"{lesson.module.id[:40]}-{index:03d}"
    notebook = nbformat.from_dict(
        {
            "nbformat": NBFORMAT,
            "nbformat_minor": NBFORMAT_MINOR,
            "cells": cells,
            "metadata": {
                "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                "language_info": {"name": "python"},
                "gta_course": {"module": lesson.module.id, "audience": lesson.audience.id},
            },
        }
    )
    nbformat.validate(notebook)  # once, whole: nbformat's helpers and writer would each validate again
    return notebook


def notebook_bytes(notebook: NotebookNode) -> bytes:
    """Serialised notebook, as validated by `render_exercise_notebook`; nbformat's JSON writer is
    deterministic for the same content."""
    return writes_json(notebook).encode("utf-8")
