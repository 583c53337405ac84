"""Rendering a lesson to an exercise notebook: activity worksheets plus a self-check quiz.

The self-check runs in a plain Python kernel with no widgets or extra installs, so it works in
any Jupyter, in a school's locked-down lab, or offline. Cell ids are derived from the lesson so
the same lesson always gives the same bytes.
"""

from __future__ import annotations

import json

import nbformat
from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from gta_course.model import Course, Question, step_text
from gta_course.render.myst import KIND_LABELS, OPTION_LETTERS, QUESTION_LABELS, service_entry
from gta_course.tailor import FACT_ROLE, TailoredLesson

CHECKER = '''\
# Run this cell first (Shift+Enter). It sets up check(), which gives feedback on your answers.
# Nothing you type leaves this notebook.
QUIZ = json.loads(QUIZ_JSON)


def check(number, answer=""):
    """Show feedback for your answer to question `number`; answer with letters, e.g. "B" or "AC"."""
    question = QUIZ[number - 1]
    letters = sorted({c for c in answer.upper() if c.isalpha()})
    if not letters:
        print(f"Question {number}: type the letter(s) of your answer between the quotes, then run the cell.")
        return
    correct = sorted(o["letter"] for o in question["options"] if o["correct"])
    for option in question["options"]:
        if option["letter"] in letters:
            print(f"{option['letter']}. {option['feedback']}")
    if letters == correct:
        print("Well done: that is the right answer.")
    else:
        print("Not quite. Read the feedback and try again.")
'''


def _plain(text: str) -> str:
    """Prose without citation roles: a notebook has no sources page to link to."""
    return FACT_ROLE.sub("", text).replace(" .", ".").strip()


def _quiz_data(questions: list[Question]) -> list[dict[str, object]]:
    """The quiz as plain data for the self-check cell."""
    return [
        {
            "id": q.id,
            "options": [
                {"letter": OPTION_LETTERS[i], "correct": o.correct, "feedback": _plain(o.feedback)}
                for i, o in enumerate(q.options)
            ],
        }
        for q in questions
    ]


def render_exercise_notebook(lesson: TailoredLesson, course: Course) -> NotebookNode:
    """The worksheet notebook of one lesson; valid nbformat 4 with stable cell ids."""
    cells: list[NotebookNode] = []
    cells.append(
        new_markdown_cell(
            f"# {lesson.title}: exercises\n\n"
            f"*For {lesson.audience.title.lower()} · {course.info.title}*\n\n"
            f"**Content note:** {lesson.content_note} You can stop at any time; help is at the end.\n\n"
            "Write your answers in the cells marked *Your notes* (double-click to edit)."
        )
    )
    for number, activity in enumerate(lesson.lesson.activities, start=1):
        steps = "\n".join(f"{i}. {_plain(step_text(s))}" for i, s in enumerate(activity.steps, start=1))
        scenario = f"**Scenario:** {_plain(activity.scenario)}\n\n" if activity.scenario else ""
        cells.append(
            new_markdown_cell(
                f"## Activity {number}: {activity.title}\n\n"
                f"*{KIND_LABELS[activity.kind]} · {activity.minutes} minutes*\n\n"
                f"**Purpose:** {_plain(activity.purpose)}\n\n{scenario}**Steps:**\n\n{steps}"
            )
        )
        cells.append(new_markdown_cell("**Your notes:**\n\n- \n- \n- "))
    cells.append(new_markdown_cell("## Self-check\n\nRun the next cell once, then answer each question."))
    data = json.dumps(_quiz_data(lesson.lesson.quiz), indent=1, ensure_ascii=False)
    cells.append(new_code_cell(f"import json\n\nQUIZ_JSON = {json.dumps(data)}\n{CHECKER}"))
    for number, question in enumerate(lesson.lesson.quiz, start=1):
        options = "\n".join(f"- **{OPTION_LETTERS[i]}.** {_plain(o.text)}" for i, o in enumerate(question.options))
        scenario = f"{_plain(question.scenario)}\n\n" if question.scenario else ""
        cells.append(
            new_markdown_cell(
                f"### Question {number}\n\n*{QUESTION_LABELS[question.kind]}*\n\n"
                f"{scenario}**{_plain(question.prompt)}**\n\n{options}"
            )
        )
        cells.append(new_code_cell(f'check({number}, "")  # put your answer between the quotes, e.g. "B"'))
    primary = lesson.help[0]
    services = "\n".join(f"- {service_entry(s)}" for s in primary.services)
    cells.append(
        new_markdown_cell(
            "## Where to get help\n\nTalk to a trusted adult, call a helpline, or make a report. "
            "If a child is in immediate danger, call the emergency number for your country.\n\n" + services
        )
    )
    for index, cell in enumerate(cells):
        cell["id"] = f"{lesson.module.id[:40]}-{index:03d}"
    notebook = new_notebook(
        cells=cells,
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python"},
            "gta_course": {"module": lesson.module.id, "audience": lesson.audience.id},
        },
    )
    nbformat.validate(notebook)
    return notebook


def notebook_bytes(notebook: NotebookNode) -> bytes:
    """Serialised notebook; nbformat's writer is deterministic for the same content."""
    return nbformat.writes(notebook).encode("utf-8")
