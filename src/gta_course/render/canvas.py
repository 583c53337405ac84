"""Canvas (Classic Quizzes) QTI 1.2 zip, in the layout Canvas's own "QTI .zip" export has. Pure.

One folder per quiz, named by its identifier, holding the QTI file `<id>.xml` (a
`questestinterop` with one `assessment`, whose items carry Canvas's `question_type` metadata and
per-answer feedback ids) and `assessment_meta.xml` (Canvas's `cccv1p0` quiz settings: a practice
quiz, unlimited attempts, the content note and help as its description). The manifest lists
both, the QTI file depending on the settings, as Canvas's exporter (lib/cc/qti) writes them.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from gta_course.render import qti12
from gta_course.render.lms import ExportQuiz, canvas_id, document, html, intro, xml_bytes

CANVAS = "http://canvas.instructure.com/xsd/cccv1p0"
MANIFEST = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"


def assessment(quiz: ExportQuiz, ident: str) -> etree._Element:
    """The quiz as Canvas's QTI file."""
    root = qti12.document("http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd")
    node = qti12.sub(root, "assessment", ident=ident, title=quiz.quiz.title)
    qti12.metadata(node, [("cc_maxattempts", "unlimited")])
    section = qti12.sub(node, "section", ident="root_section")
    for question in quiz.quiz.questions:
        qti12.item(section, quiz, question, canvas_id(ident, question.id), "canvas")
    return root


def settings(quiz: ExportQuiz, ident: str) -> etree._Element:
    """assessment_meta.xml: Canvas's quiz settings."""
    root = document("quiz", CANVAS, f"{CANVAS} https://canvas.instructure.com/xsd/cccv1p0.xsd")
    root.set("identifier", ident)
    values = [
        ("title", f"{quiz.quiz.title} ({quiz.quiz.track})"),
        ("description", html(intro(quiz))),
        ("shuffle_answers", "false"),
        ("scoring_policy", "keep_highest"),
        ("quiz_type", "practice_quiz"),
        ("points_possible", f"{float(quiz.quiz.total)}"),
        ("show_correct_answers", "true"),
        ("anonymous_submissions", "false"),
        ("could_be_locked", "false"),
        ("allowed_attempts", "-1"),
        ("one_question_at_a_time", "false"),
        ("cant_go_back", "false"),
        ("available", "false"),
    ]
    for tag, value in values:
        etree.SubElement(root, f"{{{CANVAS}}}{tag}").text = value
    return root


def render_canvas_package(quizzes: Sequence[ExportQuiz], package_id: str) -> dict[str, bytes]:
    """Every file of a Canvas QTI zip, by path inside the zip."""
    files: dict[str, bytes] = {}
    manifest = document("manifest", MANIFEST, f"{MANIFEST} http://www.imsglobal.org/xsd/imscp_v1p1.xsd")
    manifest.set("identifier", canvas_id(package_id))
    metadata = etree.SubElement(manifest, f"{{{MANIFEST}}}metadata")
    etree.SubElement(metadata, f"{{{MANIFEST}}}schema").text = "IMS Content"
    etree.SubElement(metadata, f"{{{MANIFEST}}}schemaversion").text = "1.1.3"
    etree.SubElement(manifest, f"{{{MANIFEST}}}organizations")
    resources = etree.SubElement(manifest, f"{{{MANIFEST}}}resources")
    for quiz in quizzes:
        ident = canvas_id(package_id, quiz.ident)
        meta_ident = canvas_id(package_id, quiz.ident, "meta")
        qti_href, meta_href = f"{ident}/{ident}.xml", f"{ident}/assessment_meta.xml"
        files[qti_href] = xml_bytes(assessment(quiz, ident))
        files[meta_href] = xml_bytes(settings(quiz, ident))
        resource = etree.SubElement(resources, f"{{{MANIFEST}}}resource", identifier=ident, type="imsqti_xmlv1p2")
        etree.SubElement(resource, f"{{{MANIFEST}}}file", href=qti_href)
        etree.SubElement(resource, f"{{{MANIFEST}}}dependency", identifierref=meta_ident)
        meta = etree.SubElement(
            resources,
            f"{{{MANIFEST}}}resource",
            identifier=meta_ident,
            type="associatedcontent/imscc_xmlv1p1/learning-application-resource",
            href=meta_href,
        )
        etree.SubElement(meta, f"{{{MANIFEST}}}file", href=meta_href)
    files["imsmanifest.xml"] = xml_bytes(manifest)
    return dict(sorted(files.items()))
