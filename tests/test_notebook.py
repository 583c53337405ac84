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


def run_cells(notebook: nbformat.NotebookNode, answers: dict[int, str]) -> list[str]:
    """Execute the notebook's code cells in order, answering chosen questions; return what they print."""
    import contextlib
    import io

    namespace: dict[str, object] = {}
    printed = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        source = cell.source
        for number, answer in answers.items():
            source = source.replace(f'check({number}, "")', f'check({number}, "{answer}")')
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            exec(compile(source, "<cell>", "exec"), namespace)
        printed.append(buffer.getvalue())
    return printed


def test_self_check_gives_feedback(default_course: LoadedCourse) -> None:
    course = default_course.course
    lesson = tailor_lesson(course, course.lessons["threat-landscape/parents"], "GB")
    notebook = render_exercise_notebook(lesson, course)
    question = lesson.lesson.quiz[0]
    right = "".join("ABCDEF"[i] for i, o in enumerate(question.options) if o.correct)
    wrong = next("ABCDEF"[i] for i, o in enumerate(lesson.lesson.quiz[1].options) if not o.correct)
    printed = run_cells(notebook, {1: right, 2: wrong})
    assert "Well done" in printed[1]
    assert question.options["ABCDEF".index(right[0])].feedback.split(".")[0] in printed[1]
    assert "Not quite" in printed[2]
    assert "type the letter" in printed[3]


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
