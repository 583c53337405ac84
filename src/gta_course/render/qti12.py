"""IMS QTI 1.2 items as Canvas writes them, for the Canvas export and the Common Cartridge. Pure.

Canvas's exporter (canvas-lms lib/cc/qti/qti_items.rb) writes one item shape for both its own
QTI zip and its cartridges, differing only in the item metadata: Canvas's `question_type`,
`points_possible` and answer ids, or the cartridge profile's `cc_profile`. So both exports build
items here. Feedback: each answer's `<itemfeedback ident="ID_fb">`, shown by a `respcondition`
that matches it, then the verdict (`correct_fb` / `general_incorrect_fb`) and general feedback.
"""

from __future__ import annotations

from typing import Literal

from lxml import etree

from gta_course.assessment import QuizQuestion
from gta_course.render.lms import ExportQuiz, text
from gta_course.render.lms import document as lms_document

QTI12 = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
Flavour = Literal["canvas", "cc"]
CANVAS_TYPES = {
    "single": "multiple_choice_question",
    "scenario": "multiple_choice_question",
    "true-false": "true_false_question",
    "multiple": "multiple_answers_question",
}
CC_PROFILES = {
    "single": "cc.multiple_choice.v0p1",
    "scenario": "cc.multiple_choice.v0p1",
    "true-false": "cc.true_false.v0p1",
    "multiple": "cc.multiple_response.v0p1",
}


def sub(parent: etree._Element, tag: str, value: str | None = None, **attributes: str) -> etree._Element:
    """A QTI 1.2 child element with attributes and optional text."""
    element = etree.SubElement(parent, f"{{{QTI12}}}{tag}", attributes)
    if value is not None:
        element.text = value
    return element


def metadata(parent: etree._Element, fields: list[tuple[str, str]]) -> None:
    """<qtimetadata> with one field per (label, entry)."""
    block = sub(parent, "qtimetadata")
    for label, entry in fields:
        field = sub(block, "qtimetadatafield")
        sub(field, "fieldlabel", label)
        sub(field, "fieldentry", entry)


def material(parent: etree._Element, content: str, texttype: str = "text/plain") -> None:
    """<material><mattext> with the given text (HTML is escaped inside mattext, as Canvas writes it)."""
    sub(sub(parent, "material"), "mattext", content, texttype=texttype)


def html_paragraphs(*paragraphs: str) -> str:
    """Plain text paragraphs as an HTML string (lxml escapes the text)."""
    div = etree.Element("div")
    for value in paragraphs:
        etree.SubElement(div, "p").text = value
    return etree.tostring(div, encoding="unicode")


def answer_ids(quiz: ExportQuiz, question: QuizQuestion) -> list[str]:
    """Numeric answer ids, as Canvas uses: stable, unique within the item."""
    return [
        f"{question.number}{index:02d}{quiz.quiz.module_number:02d}" for index in range(1, len(question.options) + 1)
    ]


def feedback(item: etree._Element, ident: str, content: str) -> None:
    """<itemfeedback ident=...> with HTML content."""
    block = sub(sub(item, "itemfeedback", ident=ident), "flow_mat")
    material(block, content, "text/html")


def item(parent: etree._Element, quiz: ExportQuiz, question: QuizQuestion, ident: str, flavour: Flavour) -> None:
    """One question as a QTI 1.2 item, in Canvas's layout."""
    ids = answer_ids(quiz, question)
    node = sub(parent, "item", ident=ident, title=f"Question {question.number}")
    meta = sub(node, "itemmetadata")
    if flavour == "canvas":
        metadata(
            meta,
            [
                ("question_type", CANVAS_TYPES[question.kind]),
                ("points_possible", "1.0"),
                ("original_answer_ids", ",".join(ids)),
                ("assessment_question_identifierref", f"{ident}-bank"),
            ],
        )
    else:
        metadata(meta, [("cc_profile", CC_PROFILES[question.kind]), ("cc_weighting", "1")])
    presentation = sub(node, "presentation")
    body = [text(question.scenario), text(question.prompt)] if question.scenario else [text(question.prompt)]
    material(presentation, html_paragraphs(*body, question.instruction), "text/html")
    response = sub(
        presentation, "response_lid", ident="response1", rcardinality="Multiple" if question.multiple else "Single"
    )
    choices = sub(response, "render_choice")
    for answer_id, option in zip(ids, question.options, strict=True):
        material(sub(choices, "response_label", ident=answer_id), text(option.text))

    processing = sub(node, "resprocessing")
    sub(sub(processing, "outcomes"), "decvar", maxvalue="100", minvalue="0", varname="SCORE", vartype="Decimal")
    general = sub(processing, "respcondition", **{"continue": "Yes"})
    sub(sub(general, "conditionvar"), "other")
    sub(general, "displayfeedback", feedbacktype="Response", linkrefid="general_fb")
    for answer_id in ids:
        condition = sub(processing, "respcondition", **{"continue": "Yes"})
        sub(sub(condition, "conditionvar"), "varequal", answer_id, respident="response1")
        sub(condition, "displayfeedback", feedbacktype="Response", linkrefid=f"{answer_id}_fb")
    right = sub(processing, "respcondition", **{"continue": "No"})
    test = sub(right, "conditionvar")
    if question.multiple:
        test = sub(test, "and")  # Canvas: the CC guide says 'and' is optional, but the schema needs it
        for answer_id, option in zip(ids, question.options, strict=True):
            target = test if option.correct else sub(test, "not")
            sub(target, "varequal", answer_id, respident="response1")
    else:
        answer_id = next(i for i, o in zip(ids, question.options, strict=True) if o.correct)
        sub(test, "varequal", answer_id, respident="response1")
    sub(right, "setvar", "100", action="Set", varname="SCORE")
    sub(right, "displayfeedback", feedbacktype="Response", linkrefid="correct_fb")
    wrong = sub(processing, "respcondition", **{"continue": "Yes"})
    sub(sub(wrong, "conditionvar"), "other")
    sub(wrong, "displayfeedback", feedbacktype="Response", linkrefid="general_incorrect_fb")

    feedback(node, "general_fb", html_paragraphs(question.general_feedback))
    feedback(node, "correct_fb", html_paragraphs("Right."))
    feedback(node, "general_incorrect_fb", html_paragraphs("Not quite."))
    for answer_id, option in zip(ids, question.options, strict=True):
        feedback(node, f"{answer_id}_fb", html_paragraphs(text(option.feedback)))


def document(schema_location: str) -> etree._Element:
    """An empty <questestinterop>."""
    return lms_document("questestinterop", QTI12, f"{QTI12} {schema_location}")
