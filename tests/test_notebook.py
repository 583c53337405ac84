"""Exercise notebooks: valid nbformat, stable bytes, and a self-check that runs in plain Python."""

from __future__ import annotations

import nbformat
import pytest

from gta_course.content.loader import LoadedCourse
from gta_course.render.notebook import notebook_bytes, render_exercise_notebook
from gta_course.tailor import tailor_course, tailor_lesson


def test_every_notebook_validates(default_course: LoadedCourse) -> None:
    course = default_course.course
    for lesson in tailor_course(course, "GB"):
        notebook = nbformat.reads(notebook_bytes(render_exercise_notebook(lesson, course)).decode(), as_version=4)
        nbformat.validate(notebook)
        text = "\n".join(cell.source for cell in notebook.cells)
        for activity in lesson.lesson.activities:
            assert activity.title in text
        assert text.count("check(") >= len(lesson.lesson.quiz)


def test_notebook_bytes_are_reproducible(default_course: LoadedCourse) -> None:
    course = default_course.course
    lesson = tailor_lesson(course, course.lessons["digital-safety/educators"], "GB")
    assert notebook_bytes(render_exercise_notebook(lesson, course)) == notebook_bytes(
        render_exercise_notebook(lesson, course)
    )


def run_cells(notebook: nbformat.NotebookNode, answers: dict[str, str]) -> list[str]:
    """Execute the notebook's code cells in order, answering chosen questions by id; return what they print."""
    import contextlib
    import io

    namespace: dict[str, object] = {}
    printed = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        source = cell.source
        for question_id, answer in answers.items():
            source = source.replace(f'check("{question_id}", "")', f'check("{question_id}", "{answer}")')
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            exec(compile(source, "<cell>", "exec"), namespace)
        printed.append(buffer.getvalue())
    return printed


def test_self_check_gives_feedback_by_question_id(default_course: LoadedCourse) -> None:
    course = default_course.course
    lesson = tailor_lesson(course, course.lessons["threat-landscape/parents"], "GB")
    notebook = render_exercise_notebook(lesson, course)
    first, second = lesson.lesson.quiz[0], lesson.lesson.quiz[1]
    right = "".join("ABCDEF"[i] for i, o in enumerate(first.options) if o.correct)
    wrong = next("ABCDEF"[i] for i, o in enumerate(second.options) if not o.correct)
    printed = run_cells(notebook, {first.id: right.lower(), second.id: wrong})
    assert printed[1].startswith("Question 1: Right.")
    assert first.options["ABCDEF".index(right[0])].feedback.split(".")[0] in printed[1]
    assert printed[2].startswith("Question 2: Not quite.")
    assert second.options["ABCDEF".index(wrong)].feedback.split(".")[0] in printed[2]
    assert "type the letter" in printed[3]


def test_self_check_refuses_unknown_questions_and_letters(default_course: LoadedCourse) -> None:
    course = default_course.course
    lesson = tailor_lesson(course, course.lessons["digital-safety/educators"], "GB")
    notebook = render_exercise_notebook(lesson, course)
    setup = next(c.source for c in notebook.cells if c.cell_type == "code")
    import contextlib
    import io

    namespace: dict[str, object] = {}
    exec(compile(setup, "<cell>", "exec"), namespace)
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        namespace["check"]("q99", "A")  # type: ignore[operator]
        namespace["check"]("q1", "Z")  # type: ignore[operator]
    assert "no question 'q99'" in buffer.getvalue()
    assert "has no option Z" in buffer.getvalue()


def test_answers_fold_in_details_with_no_blank_line(default_course: LoadedCourse) -> None:
    """JupyterLab folds a <details> only when no blank line splits it; author text inside is escaped."""
    course = default_course.course
    lesson = tailor_lesson(course, course.lessons["grooming-private-spaces/youth-advocates"], "GB")
    cells = [c.source for c in render_exercise_notebook(lesson, course).cells if c.cell_type == "markdown"]
    folded = [c[c.index("<details>") : c.index("</details>")] for c in cells if "<details>" in c]
    assert len(folded) == len(lesson.lesson.quiz)
    for block, question in zip(folded, lesson.lesson.quiz, strict=True):
        assert "\n\n" not in block
        assert block.count("<li>") == len(question.options)
    calls = [c.source for c in render_exercise_notebook(lesson, course).cells if c.source.startswith("check(")]
    assert [c.split('"')[1] for c in calls] == [q.id for q in lesson.lesson.quiz]


@pytest.mark.slow
def test_notebook_executes_in_a_kernel(default_course: LoadedCourse) -> None:
    nbclient = pytest.importorskip("nbclient")
    course = default_course.course
    lesson = tailor_lesson(course, course.lessons["community-support/youth-advocates"], "GB")
    notebook = render_exercise_notebook(lesson, course)
    nbclient.NotebookClient(notebook, timeout=60, kernel_name="python3").execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not any(o.output_type == "error" for o in outputs)
    assert any("type the letter" in o.get("text", "") for o in outputs)
