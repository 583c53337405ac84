"""The knowledge check on a track's "Before you start" and "After the course" pages.

The page carries an `assessment.KnowledgeForm` as JSON (``` ```{gta-knowledge-check} ``` ```); the
directive builds it from the quiz's own nodes (sphinx_ext/quiz.py), so the two share markup,
styles and accessibility:

    knowledge_check                        <div class="gta-kc" data-code data-version data-phase>
    ├── knowledge_nojs                     "Without JavaScript ..." (quiz.js-free pages: removed by script)
    ├── knowledge_item  (one per item)     <div class="gta-kc__item" data-answer="B">
    │   ├── quiz_fieldset                  Question 1 of 6: prompt; radio options A-D
    │   ├── quiz_fieldset                  How sure are you? four radio options
    │   └── knowledge_explanation          (after only) <details>: answer, why, the lesson that teaches it
    ├── knowledge_then_now (after only)    per skill, two fieldsets: "Before this course, I could ..." / "Now, I can ..."
    └── (HTML only)                        Show my results; an empty role="status" region; a hidden
                                           results section that knowledge-check.js fills: score, each
                                           answer, and the result code (result_code.py's encoding)

Scoring happens in the browser; nothing is stored or sent. Other builders get a printable
paper form: the questions, the rating scales and, after the course, the answers.
"""

from __future__ import annotations

import html
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx.writers.html5 import HTML5Translator

from gta_course.assessment import Cite, KnowledgeForm
from gta_course.sphinx_ext.quiz import (
    attributes,
    fieldset,
    legend,
    parse_body,
    quiz_legend,
    rich_nodes,
    setup_component,
)


class knowledge_check(nodes.container):
    """A whole knowledge check."""


class knowledge_nojs(nodes.paragraph):
    """What to do when the page cannot score answers."""


class knowledge_item(nodes.container):
    """One item: the question and the confidence rating."""


class knowledge_explanation(nodes.container):
    """The answer and why, shown with the results after the course."""


class knowledge_then_now(nodes.container):
    """The then/now ratings of the skills the track teaches."""


def scale(labels: tuple[str, ...]) -> list[tuple[str, str, list[nodes.Node]]]:
    """A four-point rating as fieldset choices, valued 1-4 (0 is 'not answered' in a result code)."""
    return [(str(n), "", [nodes.Text(label)]) for n, label in enumerate(labels, start=1)]


def form_nodes(form: KnowledgeForm, docname: str) -> knowledge_check:
    """The form as a neutral node tree."""
    root = knowledge_check(
        "",
        form_id=form.id,
        code=form.code,
        version=str(form.version),
        phase=form.phase,
        total=str(len(form.questions)),
    )
    root += knowledge_nojs(
        "",
        "This page needs JavaScript to score your answers and make your result code. You can print it "
        "and answer on paper instead; your facilitator has the answers.",
    )
    for question in form.questions:
        base = f"{form.id}-{question.id}"
        item = knowledge_item("", base_id=base, answer=question.correct_letter, number=str(question.number))
        item += fieldset(
            base,
            base,
            "radio",
            legend(question.number, question.total, question.prompt, docname),
            "Choose one answer.",
            ((o.letter, f"{o.letter}.", rich_nodes(o.text, docname)) for o in question.options),
        )
        item += fieldset(
            f"{base}-confidence",
            f"{base}-confidence",
            "radio",
            legend_text(f"How sure are you of your answer to question {question.number}?"),
            "This does not change your score.",
            scale(form.confidence_labels),
        )
        if form.phase == "after":
            explanation = knowledge_explanation("", summary=f"Answer and explanation for question {question.number}")
            paragraph = nodes.paragraph(
                "", "", nodes.strong("", f"Answer: {question.correct_letter}."), nodes.Text(" ")
            )
            paragraph += rich_nodes(question.explanation, docname)
            explanation += paragraph
            if question.lesson:
                explanation += nodes.paragraph(
                    "",
                    "Look again: ",
                    nodes.inline("", "", *lesson_link(question.lesson, question.lesson_title, docname)),
                )
            item += explanation
        root += item
    if form.then_now:
        block = knowledge_then_now("")
        block += nodes.paragraph("", "Last, rate each skill twice: as you were before this course, and as you are now.")
        for index, can in enumerate(form.then_now, start=1):
            for when, words in (("then", "Before this course, I could"), ("now", "Now, I can")):
                base = f"{form.id}-t{index}-{when}"
                block += fieldset(
                    base, base, "radio", legend_text(f"{words} {can}."), "Choose one.", scale(form.ability_labels)
                )
        root += block
    return root


def legend_text(text: str) -> quiz_legend:
    """A legend with no question number."""
    return quiz_legend("", text)


def lesson_link(label: str, title: str, docname: str) -> list[nodes.Node]:
    """A link to the lesson that teaches an item (a std:ref, resolved like any other)."""
    return rich_nodes((Cite(cite=title, label=label),), docname)


class KnowledgeCheckDirective(SphinxDirective):
    """```{gta-knowledge-check}``` with a KnowledgeForm as JSON in its body."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        node = form_nodes(parse_body(self, KnowledgeForm), self.env.docname)
        node.source, node.line = self.get_source_info()
        return [node]


def visit_check(self: HTML5Translator, node: knowledge_check) -> None:
    self.body.append(
        f"<div{attributes(class_='gta-kc', id=node['form_id'], data_code=node['code'], data_version=node['version'], data_phase=node['phase'], data_total=node['total'])}>\n"
    )


def depart_check(self: HTML5Translator, node: knowledge_check) -> None:
    form_id = node["form_id"]
    after = node["phase"] == "after"
    self.body.append(
        f"<div{attributes(class_='gta-kc__actions', hidden='')}>"
        f"<button{attributes(type='button', class_='gta-kc__submit')}>Show my results</button></div>\n"
        f"<div{attributes(class_='gta-kc__status', role='status')}></div>\n"
        f"<section{attributes(class_='gta-kc__results', hidden='', aria_labelledby=form_id + '-results')}>"
        f"<h2{attributes(id=form_id + '-results', tabindex='-1')}>Your results</h2>"
        f"<p{attributes(class_='gta-kc__score')}></p>"
        f"<ol{attributes(class_='gta-kc__summary')}></ol>"
        + (f"<p>How you rated your skills:</p><ul{attributes(class_='gta-kc__skills')}></ul>" if after else "")
        + "<p>Your result code (it holds your answers, not who you are):</p>"
        f"<p{attributes(class_='gta-kc__code')}></p>"
        "<p>If your facilitator asks for it, copy it down or print this page. Nothing is kept: when you "
        "leave or reload the page, your answers are gone.</p>"
        f"<div{attributes(class_='gta-kc__actions')}>"
        f"<button{attributes(type='button', class_='gta-kc__print')}>Print my summary</button>"
        f"<button{attributes(type='button', class_='gta-kc__reset gta-kc__secondary')}>Start again</button></div>"
        "</section>\n</div>\n"
    )


def visit_nojs(self: HTML5Translator, node: knowledge_nojs) -> None:
    self.body.append(f"<p{attributes(class_='gta-kc__nojs')}>")


def depart_nojs(self: HTML5Translator, node: knowledge_nojs) -> None:
    self.body.append("</p>\n")


def visit_item(self: HTML5Translator, node: knowledge_item) -> None:
    self.body.append(
        f"<div{attributes(class_='gta-kc__item', id=node['base_id'], data_answer=node['answer'], data_number=node['number'])}>\n"
    )


def depart_div(self: HTML5Translator, node: nodes.Element) -> None:
    self.body.append("</div>\n")


def visit_explanation(self: HTML5Translator, node: knowledge_explanation) -> None:
    self.body.append(
        f"<details{attributes(class_='gta-kc__explanation')}><summary>{html.escape(node['summary'])}</summary>\n"
    )


def depart_explanation(self: HTML5Translator, node: knowledge_explanation) -> None:
    self.body.append("</details>\n")


def visit_then_now(self: HTML5Translator, node: knowledge_then_now) -> None:
    self.body.append(f"<div{attributes(class_='gta-kc__then-now')}>\n")


HTML_WRITERS: dict[type[nodes.Element], tuple[Any, Any]] = {
    knowledge_check: (visit_check, depart_check),
    knowledge_nojs: (visit_nojs, depart_nojs),
    knowledge_item: (visit_item, depart_div),
    knowledge_explanation: (visit_explanation, depart_explanation),
    knowledge_then_now: (visit_then_now, depart_div),
}


def setup_knowledge_check(app: Sphinx) -> None:
    """Register the knowledge check: its pages load its script and the quiz styles it shares."""
    setup_component(
        app, "gta-knowledge-check", KnowledgeCheckDirective, HTML_WRITERS, ("quiz.css", "knowledge-check.js")
    )
