"""The quiz on the site: a directive that writes an accessible quiz into the page at build time.

The page carries the lesson's quiz as JSON (``` ```{gta-quiz} ``` ```, written by render/myst.py from
`assessment.LessonQuiz`); the directive turns it into a neutral node tree that every builder
can write, and the HTML builder writes it as a form after GOV.UK's patterns:

    quiz                                  <div class="gta-quiz">            (text, LaTeX: a container)
    ├── quiz_question  (one per question) <div class="gta-quiz__question">
    │   ├── paragraph  (scenario)         before the fieldset, so it is read before the question
    │   ├── quiz_fieldset                 <fieldset aria-describedby="…-hint">
    │   │   ├── quiz_legend               <legend>Question 2 of 6: prompt</legend>
    │   │   ├── quiz_hint                 <p id="…-hint">Choose one answer.</p>
    │   │   └── quiz_options              <p class="…error" hidden> (HTML only) <div class="…options">
    │   │       └── quiz_option  (each)   <input type="radio|checkbox" id name value><label for>A. text</label>
    │   │                                 then (HTML only) Check answer / Try again buttons and an
    │   │                                 empty role="status" region for the feedback
    │   └── quiz_answers                  <details><summary>Answer and feedback…</summary>
    │       ├── paragraph                 "Answer: B."
    │       └── bullet_list
    │           └── quiz_feedback (each)  <li data-letter data-correct>B. feedback</li>
    └── (HTML only)                       an empty role="status" region for the score

Other builders write the same tree as plain paragraphs and lists: questions, lettered options and
an answer list. With JavaScript off the answers sit in `<details>`; quiz.js removes them, reads
the feedback from them and checks answers in the page. Author text only ever becomes text nodes
(escaped by the writer); attributes are escaped with html.escape.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any, TypeVar

from docutils import nodes
from pydantic import BaseModel, ValidationError
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx.writers.html5 import HTML5Translator

from gta_course.assessment import Cite, LessonQuiz, QuizQuestion, Rich

M = TypeVar("M", bound=BaseModel)


class quiz(nodes.container):
    """A whole quiz."""


class quiz_question(nodes.container):
    """One question with its scenario, controls and answers."""


class quiz_fieldset(nodes.container):
    """The group of options a legend names."""


class quiz_legend(nodes.paragraph):
    """'Question 2 of 6: prompt'."""


class quiz_hint(nodes.paragraph):
    """What to choose: one answer, all that apply."""


class quiz_options(nodes.container):
    """The options of one question."""


class quiz_option(nodes.paragraph):
    """One option: an input and its label."""


class quiz_answers(nodes.container):
    """The answer and feedback, folded away in HTML, an answer list elsewhere."""


class quiz_feedback(nodes.list_item):
    """Feedback on one option, marked with its letter and whether it is right."""


def attributes(**values: str | None) -> str:
    """HTML attributes, escaped; None leaves an attribute out, '' writes a bare one (hidden)."""
    parts = []
    for name, value in values.items():
        if value is None:
            continue
        key = name.rstrip("_").replace("_", "-")
        parts.append(key if value == "" else f'{key}="{html.escape(value, quote=True)}"')
    return (" " + " ".join(parts)) if parts else ""


def rich_nodes(runs: Rich, docname: str) -> list[nodes.Node]:
    """Runs of author text as text nodes, citations as references to the sources page."""
    out: list[nodes.Node] = []
    for run in runs:
        if isinstance(run, Cite):
            xref = addnodes.pending_xref(
                "",
                nodes.inline(run.cite, run.cite, classes=["xref", "std", "std-ref"]),
                refdomain="std",
                reftype="ref",
                reftarget=run.label,
                refexplicit=True,
                refwarn=True,
                refdoc=docname,
            )
            out.append(xref)
        else:
            out.append(nodes.Text(run))
    return out


def legend(number: int, total: int, prompt: Rich, docname: str) -> quiz_legend:
    """'Question 2 of 6: prompt', with the number styled apart from the prompt."""
    return quiz_legend(
        "",
        "",
        nodes.inline("", f"Question {number} of {total}", classes=["gta-quiz__number"]),
        nodes.inline("", ": ", classes=["gta-quiz__separator"]),
        nodes.inline("", "", *rich_nodes(prompt, docname), classes=["gta-quiz__prompt"]),
    )


def fieldset(
    base_id: str,
    name: str,
    input_type: str,
    heading: quiz_legend,
    hint: str,
    choices: Iterable[tuple[str, str, list[nodes.Node]]],
) -> quiz_fieldset:
    """A fieldset of options; choices are (value, letter or label prefix, label content)."""
    group = quiz_fieldset("", heading, base_id=base_id)
    group += quiz_hint("", hint, hint_id=f"{base_id}-hint")
    options = quiz_options("", base_id=base_id)
    for value, prefix, content in choices:
        label = (
            [nodes.inline("", prefix, classes=["gta-quiz__letter"]), nodes.Text(" "), *content] if prefix else content
        )
        options += quiz_option(
            "", "", *label, input_type=input_type, name=name, value=value, input_id=f"{base_id}-{value.lower()}"
        )
    group += options
    return group


def question_nodes(question: QuizQuestion, quiz_id: str, docname: str) -> quiz_question:
    """One question: scenario, fieldset of options, and the answers with feedback."""
    base_id = f"{quiz_id}-{question.id}"
    node = quiz_question("", base_id=base_id, kind=question.kind, number=str(question.number))
    if question.scenario:
        node += nodes.paragraph("", "", *rich_nodes(question.scenario, docname), classes=["gta-quiz__scenario"])
    node += fieldset(
        base_id,
        base_id,
        "checkbox" if question.multiple else "radio",
        legend(question.number, question.total, question.prompt, docname),
        question.instruction,
        ((o.letter, f"{o.letter}.", rich_nodes(o.text, docname)) for o in question.options),
    )
    answers = quiz_answers("", summary=f"Answer and feedback for question {question.number}")
    answers += nodes.paragraph("", "", nodes.strong("", f"Answer: {question.answer_words}."))
    feedback = nodes.bullet_list()
    for option in question.options:  # the answer line says which are right; authors' feedback says why
        feedback += quiz_feedback(
            "",
            nodes.paragraph(
                "",
                "",
                nodes.strong("", f"{option.letter}."),
                nodes.Text(" "),
                *rich_nodes(option.feedback, docname),
            ),
            letter=option.letter,
            correct="true" if option.correct else "false",
        )
    answers += feedback
    node += answers
    return node


class QuizDirective(SphinxDirective):
    """```{gta-quiz}``` with a LessonQuiz as JSON in its body."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        lesson_quiz = parse_body(self, LessonQuiz)
        node = quiz("", quiz_id=lesson_quiz.id, total=str(lesson_quiz.total))
        node.source, node.line = self.get_source_info()
        for question in lesson_quiz.questions:
            node += question_nodes(question, lesson_quiz.id, self.env.docname)
        return [node]


def parse_body(directive: SphinxDirective, kind: type[M]) -> M:
    """The directive's JSON body as a view model, or a build error saying what is wrong."""
    try:
        return kind.model_validate_json("\n".join(directive.content))
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "body"
        raise directive.error(
            f"{directive.name}: the body is not a valid {kind.__name__} ({error.error_count()} problem(s); "
            f"first at {where}: {first['msg']})"
        ) from error


# HTML writers. Sphinx calls them with the HTML translator; `self.body` is the page being written.


def visit_quiz(self: HTML5Translator, node: quiz) -> None:
    self.body.append(f"<div{attributes(class_='gta-quiz', id=node['quiz_id'], data_total=node['total'])}>\n")


def depart_quiz(self: HTML5Translator, node: quiz) -> None:
    self.body.append(f"<p{attributes(class_='gta-quiz__score', role='status')}></p>\n</div>\n")


def visit_question(self: HTML5Translator, node: quiz_question) -> None:
    self.body.append(
        f"<div{attributes(class_='gta-quiz__question', id=node['base_id'], data_kind=node['kind'], data_number=node['number'])}>\n"
    )


def depart_question(self: HTML5Translator, node: quiz_question) -> None:
    self.body.append("</div>\n")


def visit_fieldset(self: HTML5Translator, node: quiz_fieldset) -> None:
    base = node["base_id"]
    self.body.append(f"<fieldset{attributes(class_='gta-quiz__fieldset', aria_describedby=f'{base}-hint')}>\n")


def depart_fieldset(self: HTML5Translator, node: quiz_fieldset) -> None:
    self.body.append("</fieldset>\n")
    if isinstance(node.parent, quiz_question):
        number = node.parent["number"]
        self.body.append(
            f"<div{attributes(class_='gta-quiz__actions', hidden='')}>"
            f"<button{attributes(type='button', class_='gta-quiz__check')}>Check answer"
            f'<span class="gta-visually-hidden"> to question {number}</span></button>'
            f"<button{attributes(type='button', class_='gta-quiz__retry', hidden='')}>Try again"
            f'<span class="gta-visually-hidden"> question {number}</span></button></div>\n'
            f"<div{attributes(class_='gta-quiz__status', role='status', id=node['base_id'] + '-status')}></div>\n"
        )


def visit_legend(self: HTML5Translator, node: quiz_legend) -> None:
    self.body.append(f"<legend{attributes(class_='gta-quiz__legend')}>")


def depart_legend(self: HTML5Translator, node: quiz_legend) -> None:
    self.body.append("</legend>\n")


def visit_hint(self: HTML5Translator, node: quiz_hint) -> None:
    self.body.append(f"<p{attributes(class_='gta-quiz__hint', id=node['hint_id'])}>")


def depart_hint(self: HTML5Translator, node: quiz_hint) -> None:
    self.body.append("</p>\n")


def visit_options(self: HTML5Translator, node: quiz_options) -> None:
    error_id = f"{node['base_id']}-error"
    self.body.append(
        f"<p{attributes(class_='gta-quiz__error', id=error_id, hidden='')}>"
        '<span class="gta-visually-hidden">Error: </span><span class="gta-quiz__error-text"></span></p>\n'
        f"<div{attributes(class_='gta-quiz__options')}>\n"
    )


def depart_options(self: HTML5Translator, node: quiz_options) -> None:
    self.body.append("</div>\n")


def visit_option(self: HTML5Translator, node: quiz_option) -> None:
    self.body.append(
        f"<div{attributes(class_='gta-quiz__option')}>"
        f"<input{attributes(class_='gta-quiz__input', type=node['input_type'], id=node['input_id'], name=node['name'], value=node['value'])}>"
        f"<label{attributes(class_='gta-quiz__label', for_=node['input_id'])}>"
    )


def depart_option(self: HTML5Translator, node: quiz_option) -> None:
    self.body.append("</label></div>\n")


def visit_answers(self: HTML5Translator, node: quiz_answers) -> None:
    self.body.append(
        f"<details{attributes(class_='gta-quiz__answers')}><summary>{html.escape(node['summary'])}</summary>\n"
    )


def depart_answers(self: HTML5Translator, node: quiz_answers) -> None:
    self.body.append("</details>\n")


def visit_feedback(self: HTML5Translator, node: quiz_feedback) -> None:
    self.body.append(
        f"<li{attributes(class_='gta-quiz__feedback', data_letter=node['letter'], data_correct=node['correct'])}>"
    )


def depart_feedback(self: HTML5Translator, node: quiz_feedback) -> None:
    self.body.append("</li>\n")


HTML_WRITERS: dict[type[nodes.Element], tuple[Any, Any]] = {
    quiz: (visit_quiz, depart_quiz),
    quiz_question: (visit_question, depart_question),
    quiz_fieldset: (visit_fieldset, depart_fieldset),
    quiz_legend: (visit_legend, depart_legend),
    quiz_hint: (visit_hint, depart_hint),
    quiz_options: (visit_options, depart_options),
    quiz_option: (visit_option, depart_option),
    quiz_answers: (visit_answers, depart_answers),
    quiz_feedback: (visit_feedback, depart_feedback),
}


def setup_component(
    app: Sphinx,
    name: str,
    directive: type[SphinxDirective],
    writers: dict[type[nodes.Element], tuple[Any, Any]],
    assets: tuple[str, ...],
) -> None:
    """Register a component's nodes (HTML writers; other builders fall back to container and paragraph)
    and directive, and load its assets only on pages that hold its first node."""
    root = next(iter(writers))
    for node_class, pair in writers.items():
        app.add_node(node_class, html=pair)
    app.add_directive(name, directive)

    def add_assets(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
        if doctree is not None and next(iter(doctree.findall(root)), None) is not None:
            for asset in assets:
                (app.add_css_file if asset.endswith(".css") else app.add_js_file)(asset)

    app.connect("html-page-context", add_assets)


def setup_quiz(app: Sphinx) -> None:
    """Register the quiz: only pages with a quiz load its script and styles."""
    setup_component(app, "gta-quiz", QuizDirective, HTML_WRITERS, ("quiz.css", "quiz.js"))
