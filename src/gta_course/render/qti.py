"""IMS QTI 2.1 content package: items, a test per lesson and the manifest, as files of a zip. Pure.

Each question is an `assessmentItem` with a `choiceInteraction`, its `responseDeclaration`
(the right answer and, for multiple answers, a mapping with the weights every export uses) and
SCORE and FEEDBACK outcomes. Response processing sets FEEDBACK to the chosen options plus
CORRECT or INCORRECT, and a `modalFeedback` per option and per verdict shows what was chosen.
Each lesson's quiz is an `assessmentTest` whose section opens with a rubric block carrying the
content note and where to get help. The manifest follows the QTI 2.1 profile of IMS Content
Packaging 1.2; files, identifiers and dependencies are derived from the lessons, so the same
course always gives the same package.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from gta_course import __version__
from gta_course.assessment import QuizQuestion
from gta_course.render.lms import ExportQuiz, document, identifier, intro, text, xml_bytes

QTI = "http://www.imsglobal.org/xsd/imsqti_v2p1"
CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
QTI_LOCATION = f"{QTI} http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1p1.xsd"
CP_LOCATION = f"{CP} http://www.imsglobal.org/xsd/qti/qtiv2p1/qtiv2p1_imscpv1p2_v1p0.xsd"


def q(tag: str) -> str:
    """A QTI element name."""
    return f"{{{QTI}}}{tag}"


def sub(parent: etree._Element, tag: str, value: str | None = None, **attributes: str) -> etree._Element:
    """A QTI child element with attributes and optional text."""
    element = etree.SubElement(parent, q(tag), {k.rstrip("_"): v for k, v in attributes.items()})
    if value is not None:
        element.text = value
    return element


def root(tag: str, **attributes: str) -> etree._Element:
    """A QTI document's root element."""
    element = document(tag, QTI, QTI_LOCATION)
    for key, value in attributes.items():
        element.set(key.rstrip("_"), value)
    return element


def into_qti(element: etree._Element) -> etree._Element:
    """An XHTML fragment (no namespace) moved into the QTI namespace, where QTI's XHTML lives."""
    copy = etree.fromstring(etree.tostring(element))
    for node in copy.iter():
        node.tag = q(etree.QName(node).localname)
    return copy


def set_outcome(parent: etree._Element, identifier_: str) -> etree._Element:
    """<setOutcomeValue identifier=...>; the caller adds the expression."""
    return sub(parent, "setOutcomeValue", identifier=identifier_)


def feedback_value(parent: etree._Element, verdict: str) -> None:
    """FEEDBACK := the chosen options together with CORRECT or INCORRECT."""
    multiple = sub(set_outcome(parent, "FEEDBACK"), "multiple")
    sub(multiple, "variable", identifier="RESPONSE")
    sub(multiple, "baseValue", verdict, baseType="identifier")


def item_document(quiz: ExportQuiz, question: QuizQuestion) -> etree._Element:
    """One question as an assessmentItem."""
    item = root(
        "assessmentItem",
        identifier=identifier(quiz.quiz.audience, quiz.quiz.module, question.id),
        title=f"{quiz.quiz.title}: question {question.number}",
        adaptive="false",
        timeDependent="false",
    )
    item.set(XML_LANG, "en")
    declaration = sub(
        item,
        "responseDeclaration",
        identifier="RESPONSE",
        cardinality="multiple" if question.multiple else "single",
        baseType="identifier",
    )
    correct = sub(declaration, "correctResponse")
    for option in question.options:
        if option.correct:
            sub(correct, "value", option.letter)
    if question.multiple:
        mapping = sub(declaration, "mapping", lowerBound="0", upperBound="1", defaultValue="0")
        for option in question.options:
            sub(mapping, "mapEntry", mapKey=option.letter, mappedValue=f"{option.weight:.10g}")
    score = sub(item, "outcomeDeclaration", identifier="SCORE", cardinality="single", baseType="float")
    sub(sub(score, "defaultValue"), "value", "0")
    maximum = sub(item, "outcomeDeclaration", identifier="MAXSCORE", cardinality="single", baseType="float")
    sub(sub(maximum, "defaultValue"), "value", "1")
    sub(item, "outcomeDeclaration", identifier="FEEDBACK", cardinality="multiple", baseType="identifier")

    body = sub(item, "itemBody")
    if question.scenario:
        sub(body, "p", text(question.scenario))
    interaction = sub(
        body,
        "choiceInteraction",
        responseIdentifier="RESPONSE",
        shuffle="false",
        maxChoices="0" if question.multiple else "1",
    )
    sub(interaction, "prompt", f"{text(question.prompt)} {question.instruction}")
    for option in question.options:
        sub(interaction, "simpleChoice", text(option.text), identifier=option.letter)

    processing = sub(item, "responseProcessing")
    condition = sub(processing, "responseCondition")
    right = sub(condition, "responseIf")
    match = sub(right, "match")
    sub(match, "variable", identifier="RESPONSE")
    sub(match, "correct", identifier="RESPONSE")
    sub(set_outcome(right, "SCORE"), "baseValue", "1", baseType="float")
    feedback_value(right, "CORRECT")
    otherwise = sub(condition, "responseElse")
    if question.multiple:
        sub(set_outcome(otherwise, "SCORE"), "mapResponse", identifier="RESPONSE")
    else:
        sub(set_outcome(otherwise, "SCORE"), "baseValue", "0", baseType="float")
    feedback_value(otherwise, "INCORRECT")

    for option in question.options:
        modal = sub(item, "modalFeedback", outcomeIdentifier="FEEDBACK", identifier=option.letter, showHide="show")
        sub(modal, "p", f"{option.letter}. {text(option.feedback)}")
    for verdict, words in (("CORRECT", "Right."), ("INCORRECT", "Not quite.")):
        modal = sub(item, "modalFeedback", outcomeIdentifier="FEEDBACK", identifier=verdict, showHide="show")
        sub(modal, "p", f"{words} {question.general_feedback}")
    return item


def test_document(quiz: ExportQuiz, item_hrefs: Sequence[tuple[str, str]]) -> etree._Element:
    """A lesson's quiz as an assessmentTest: one part, one section opening with the note and help."""
    test = root(
        "assessmentTest",
        identifier=quiz.ident,
        title=f"{quiz.quiz.title} ({quiz.quiz.track})",
        toolName="gta-course",
        toolVersion=__version__,
    )
    sub(test, "outcomeDeclaration", identifier="SCORE", cardinality="single", baseType="float")
    part = sub(
        test, "testPart", identifier=f"{quiz.ident}-part", navigationMode="nonlinear", submissionMode="individual"
    )
    sub(
        part,
        "itemSessionControl",
        maxAttempts="0",
        showFeedback="true",
        allowReview="true",
        showSolution="true",
        allowComment="false",
        allowSkipping="true",
        validateResponses="false",
    )
    section = sub(part, "assessmentSection", identifier=f"{quiz.ident}-section", title=quiz.quiz.title, visible="true")
    rubric = sub(section, "rubricBlock", view="candidate")
    rubric.append(into_qti(intro(quiz)))
    for item_id, href in item_hrefs:
        sub(section, "assessmentItemRef", identifier=item_id, href=href)
    outcome = sub(sub(test, "outcomeProcessing"), "setOutcomeValue", identifier="SCORE")
    sub(sub(outcome, "sum"), "testVariables", variableIdentifier="SCORE")
    return test


def cp(parent: etree._Element, tag: str, **attributes: str) -> etree._Element:
    """A content-packaging child element."""
    return etree.SubElement(parent, f"{{{CP}}}{tag}", {k.rstrip("_"): v for k, v in attributes.items()})


def render_qti21_package(quizzes: Sequence[ExportQuiz], package_id: str) -> dict[str, bytes]:
    """Every file of a QTI 2.1 content package, by path inside the zip."""
    files: dict[str, bytes] = {}
    manifest = document("manifest", CP, CP_LOCATION)
    manifest.set("identifier", package_id)
    metadata = cp(manifest, "metadata")
    cp(metadata, "schema").text = "QTIv2.1 Package"
    cp(metadata, "schemaversion").text = "1.0.0"
    cp(manifest, "organizations")
    resources = cp(manifest, "resources")
    for quiz in quizzes:
        refs = []
        item_resources = []
        for question in quiz.quiz.questions:
            item = item_document(quiz, question)
            href = f"{quiz.ident}/{question.id}.xml"
            files[href] = xml_bytes(item)
            refs.append((item.get("identifier") or "", f"{question.id}.xml"))
            item_resources.append((item.get("identifier") or "", href))
        test_href = f"{quiz.ident}/test.xml"
        files[test_href] = xml_bytes(test_document(quiz, refs))
        test = cp(resources, "resource", identifier=f"{quiz.ident}-test", type="imsqti_test_xmlv2p1", href=test_href)
        cp(test, "file", href=test_href)
        for item_id, _ in item_resources:
            cp(test, "dependency", identifierref=f"{item_id}-item")
        for item_id, href in item_resources:
            resource = cp(resources, "resource", identifier=f"{item_id}-item", type="imsqti_item_xmlv2p1", href=href)
            cp(resource, "file", href=href)
    files["imsmanifest.xml"] = xml_bytes(manifest)
    return dict(sorted(files.items()))
