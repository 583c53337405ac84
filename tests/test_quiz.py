"""The site's quiz and knowledge check (sphinx_ext/quiz.py, knowledge_check.py), built by Sphinx and read back.

A small Sphinx project holds one real lesson's quiz, with hostile author text in it, and one
knowledge check; it is built with the HTML, text and LaTeX builders (warnings are errors).
Slow: it runs Sphinx.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from lxml import html

from gta_course.content.loader import LoadedCourse
from gta_course.render.myst import quiz_directive, render_knowledge_page
from gta_course.tailor import tailor_lesson

pytestmark = pytest.mark.slow
HOSTILE = "Is <script>alert(1)</script> & {ref}`y` **bold** safe?"

CONF = """
extensions = ["myst_parser", "gta_course.sphinx_ext"]
myst_enable_extensions = ["colon_fence"]
html_theme = "basic"
"""


@pytest.fixture(scope="module")
def project(default_course: LoadedCourse, tmp_path_factory: pytest.TempPathFactory) -> Path:
    course = default_course.course
    lesson = course.lessons["financial-sexual-extortion/parents"]
    first = lesson.quiz[0]
    hostile_first = first.model_copy(
        update={
            "prompt": HOSTILE,
            "options": [first.options[0].model_copy(update={"feedback": HOSTILE}), *first.options[1:]],
        }
    )
    scenario = next(q for q in lesson.quiz if q.scenario)
    cited = scenario.model_copy(update={"prompt": scenario.prompt + " Reports {fact}`gta25-sextortion-daily`."})
    quiz = [hostile_first, *(cited if q is scenario else q for q in lesson.quiz[1:])]
    tailored = tailor_lesson(course, lesson.model_copy(update={"quiz": quiz}), "GB")
    root = tmp_path_factory.mktemp("quiz-site")
    (root / "conf.py").write_text(CONF, encoding="utf-8")
    labels = ["source-s-gta25-pr", "knowledge-parents-before", "knowledge-parents-after", "help"]
    labels += [f"lesson-parents-{m}" for m in course.modules]
    targets = "\n\n".join(f"({label})=\n## {label}" for label in labels)
    (root / "index.md").write_text(
        f"# Lesson\n\n{quiz_directive(tailored, course)}\n\n{targets}\n\n```{{toctree}}\nafter\nplain\n```\n",
        encoding="utf-8",
    )
    after = render_knowledge_page(course, course.knowledge_checks["parents"], "after")
    (root / "after.md").write_text(after.replace("(knowledge-parents-after)=\n", ""), encoding="utf-8")
    (root / "plain.md").write_text("# No quiz here\n\nText.\n", encoding="utf-8")
    for builder in ("html", "text", "latex"):
        run = subprocess.run(
            [sys.executable, "-m", "sphinx", "-W", "-q", "-b", builder, str(root), str(root / "_build" / builder)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert run.returncode == 0, run.stderr
    return root / "_build"


def page(build: Path, name: str) -> html.HtmlElement:
    return html.fromstring((build / "html" / f"{name}.html").read_bytes())


def test_each_question_is_a_fieldset_with_labelled_native_inputs(project: Path, default_course: LoadedCourse) -> None:
    lesson = default_course.course.lessons["financial-sexual-extortion/parents"]
    root = page(project, "index")
    questions = root.find_class("gta-quiz__question")
    assert len(questions) == len(lesson.quiz)
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids))
    for number, (node, question) in enumerate(zip(questions, lesson.quiz, strict=True), start=1):
        fieldset = node.find(".//fieldset")
        legend = " ".join(fieldset.find("legend").text_content().split())
        assert legend.startswith(f"Question {number} of {len(lesson.quiz)}: ")
        hint = root.get_element_by_id(fieldset.get("aria-describedby"))
        assert hint.text_content() in (
            "Choose one answer.",
            "Choose all answers that apply.",
            "True or false?",
            "Read the scenario, then choose one answer.",
        )
        inputs = fieldset.findall(".//input")
        assert [i.get("type") for i in inputs] == ["checkbox" if question.kind == "multiple" else "radio"] * len(
            question.options
        )
        assert len({i.get("name") for i in inputs}) == 1
        for field in inputs:
            labels = root.xpath(f'//label[@for="{field.get("id")}"]')
            assert len(labels) == 1 and labels[0].text_content().startswith(f"{field.get('value')}.")
        children = [c for c in node if c.tag in ("p", "fieldset")]
        if question.scenario:
            assert children[0].tag == "p" and "gta-quiz__scenario" in children[0].classes  # read before the question
        status = node.find_class("gta-quiz__status")[0]
        assert status.get("role") == "status" and status.text_content() == ""  # in the page, empty, at load
        assert node.find_class("gta-quiz__actions")[0].get("hidden") is not None  # no buttons without the script
        error = node.find_class("gta-quiz__error")[0]
        assert error.get("hidden") is not None and error.getparent().tag == "fieldset"
        details = node.find(".//details")
        feedback = details.find_class("gta-quiz__feedback")
        assert [f.get("data-correct") == "true" for f in feedback] == [o.correct for o in question.options]
    assert root.find_class("gta-quiz__score")[0].get("role") == "status"


def test_author_text_is_text_and_citations_link_to_sources(project: Path) -> None:
    root = page(project, "index")
    quiz = root.find_class("gta-quiz")[0]
    assert not quiz.findall(".//script") and not quiz.findall(".//strong[.='bold']")
    assert HOSTILE in " ".join(quiz.find(".//legend").text_content().split())
    assert HOSTILE in quiz.find_class("gta-quiz__feedback")[0].text_content()
    links = [a.get("href") for a in quiz.iter("a")]
    assert "#source-s-gta25-pr" in links


def test_quiz_assets_load_only_where_there_is_a_quiz(project: Path) -> None:
    def assets(name: str) -> set[str]:
        root = page(project, name)
        return {Path(e.get("src") or e.get("href") or "").name.split("?")[0] for e in root.iter("script", "link")}

    assert {"quiz.js", "quiz.css"} <= assets("index")
    assert {"knowledge-check.js", "quiz.css"} <= assets("after") and "quiz.js" not in assets("after")
    assert not {"quiz.js", "knowledge-check.js", "quiz.css"} & assets("plain")
    script = (project / "html" / "_static" / "quiz.js").read_text(encoding="utf-8")
    script += (project / "html" / "_static" / "knowledge-check.js").read_text(encoding="utf-8")
    for forbidden in (
        "localStorage",
        "sessionStorage",
        "indexedDB",
        "document.cookie",
        "fetch(",
        "XMLHttpRequest",
        "sendBeacon",
        "innerHTML",
        "keydown",
        "keypress",
    ):
        assert forbidden not in script, (
            forbidden
        )  # stores nothing, sends nothing, no key shortcuts, no markup from strings


def test_knowledge_check_markup(project: Path, default_course: LoadedCourse) -> None:
    check = default_course.course.knowledge_checks["parents"]
    root = page(project, "after")
    form = root.find_class("gta-kc")[0]
    assert (form.get("data-code"), form.get("data-version"), form.get("data-phase")) == (
        check.code,
        str(check.version),
        "after",
    )
    items = form.find_class("gta-kc__item")
    assert len(items) == 6
    for item, source in zip(items, check.items, strict=True):
        question, confidence = item.findall("fieldset")
        assert len(question.findall(".//input")) == len(source.options)
        assert [i.get("value") for i in confidence.findall(".//input")] == ["1", "2", "3", "4"]
        assert item.get("data-answer") == "ABCD"[next(i for i, o in enumerate(source.options) if o.correct)]
        assert item.find("details") is not None  # answers for a reader without the script, after the course
    assert len(form.find_class("gta-kc__then-now")[0].findall(".//fieldset")) == 6
    results = form.find_class("gta-kc__results")[0]
    assert results.get("hidden") is not None and results.find("h2").text_content() == "Your results"
    assert not form.xpath(".//input[@type='text'] | .//textarea | .//select")  # no free text, no names or ages


def test_other_builders_get_questions_and_an_answer_list(project: Path) -> None:
    text = (project / "text" / "index.txt").read_text(encoding="utf-8")
    assert "Question 1 of 6:" in text and "A. True" in text and "Answer: B." in text
    assert "Check answer" not in text  # buttons belong to the web page only
    tex = next((project / "latex").glob("*.tex")).read_text(encoding="utf-8")
    assert "Question 1 of 6" in tex and "Answer: B." in tex
    after = (project / "text" / "after.txt").read_text(encoding="utf-8")
    assert "How sure are you of your answer to question 1?" in after and "Now, I can" in after
