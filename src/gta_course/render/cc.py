"""IMS Common Cartridge 1.1 (.imscc): a track's quizzes as cartridge assessments, with a help page. Pure.

Moodle's and Brightspace's course imports read cartridges. Each quiz is a resource of type
`imsqti_xmlv1p2/imscc_xmlv1p1/assessment` whose one file is QTI 1.2 in the cartridge profile
(cc_profile metadata per item, one section), opening with the content note and help as
presentation material. A web page with the help services comes first in the organization, so
the imported course signposts help before any quiz.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from gta_course.model import Course
from gta_course.render import qti12
from gta_course.render.lms import (
    EMERGENCY,
    ExportQuiz,
    document,
    help_list,
    html,
    identifier,
    intro,
    paragraph,
    xml_bytes,
)

CC = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
LOM = "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest"
CC_QTI_LOCATION = "http://www.imsglobal.org/profile/cc/ccv1p1/ccv1p1_qtiasiv1p2p1_v1p0.xsd"
HELP_PAGE = "web_resources/where-to-get-help.html"


def assessment(quiz: ExportQuiz) -> etree._Element:
    """The quiz in the cartridge profile of QTI 1.2."""
    root = qti12.document(CC_QTI_LOCATION)
    node = qti12.sub(root, "assessment", ident=quiz.ident, title=f"{quiz.quiz.title} ({quiz.quiz.track})")
    qti12.metadata(
        node,
        [
            ("cc_profile", "cc.exam.v0p1"),
            ("qmd_assessmenttype", "Examination"),
            ("qmd_scoretype", "Percentage"),
            ("cc_maxattempts", "unlimited"),
        ],
    )
    material = qti12.sub(node, "presentation_material")
    qti12.material(qti12.sub(material, "flow_mat"), html(intro(quiz)), "text/html")
    section = qti12.sub(node, "section", ident="root_section")
    for question in quiz.quiz.questions:
        qti12.item(section, quiz, question, f"{quiz.ident}-{question.id}", "cc")
    return root


def help_page(quizzes: Sequence[ExportQuiz], title: str) -> bytes:
    """A small XHTML page with the track's help services (those of its first lesson)."""
    page = etree.Element("html", lang="en")
    head = etree.SubElement(page, "head")
    etree.SubElement(head, "meta", charset="utf-8")
    etree.SubElement(head, "title").text = title
    body = etree.SubElement(page, "body")
    etree.SubElement(body, "h1").text = title
    body.append(
        paragraph(
            "If you are worried about a child, or about yourself, you do not have to deal with it alone: talk to a trusted adult, call a helpline, or make a report."
        )
    )
    if quizzes and quizzes[0].help:
        body.append(help_list(quizzes[0].help))
    body.append(paragraph(EMERGENCY))
    return b"<!DOCTYPE html>\n" + etree.tostring(page, encoding="utf-8", method="html")


def render_cc_package(quizzes: Sequence[ExportQuiz], course: Course, package_id: str, title: str) -> dict[str, bytes]:
    """Every file of a Common Cartridge 1.1, by path inside the .imscc."""
    files: dict[str, bytes] = {HELP_PAGE: help_page(quizzes, "Where to get help")}
    manifest = document(
        "manifest",
        CC,
        f"{CC} http://www.imsglobal.org/profile/cc/ccv1p1/ccv1p1_imscp_v1p2_v1p0.xsd "
        f"{LOM} http://www.imsglobal.org/profile/cc/ccv1p1/LOM/ccv1p1_lommanifest_v1p0.xsd",
        lomimscc=LOM,
    )
    manifest.set("identifier", package_id)
    metadata = etree.SubElement(manifest, f"{{{CC}}}metadata")
    etree.SubElement(metadata, f"{{{CC}}}schema").text = "IMS Common Cartridge"
    etree.SubElement(metadata, f"{{{CC}}}schemaversion").text = "1.1.0"
    lom = etree.SubElement(metadata, f"{{{LOM}}}lom")
    general = etree.SubElement(lom, f"{{{LOM}}}general")
    etree.SubElement(etree.SubElement(general, f"{{{LOM}}}title"), f"{{{LOM}}}string").text = title
    description = etree.SubElement(general, f"{{{LOM}}}description")
    etree.SubElement(description, f"{{{LOM}}}string").text = course.info.description
    organizations = etree.SubElement(manifest, f"{{{CC}}}organizations")
    organization = etree.SubElement(
        organizations, f"{{{CC}}}organization", identifier=f"{package_id}-organization", structure="rooted-hierarchy"
    )
    top = etree.SubElement(organization, f"{{{CC}}}item", identifier=f"{package_id}-root")
    resources = etree.SubElement(manifest, f"{{{CC}}}resources")

    def add(ident: str, label: str, resource_type: str, href: str, linked: bool = True) -> None:
        entry = etree.SubElement(top, f"{{{CC}}}item", identifier=f"{ident}-item", identifierref=ident)
        etree.SubElement(entry, f"{{{CC}}}title").text = label
        attributes = {"identifier": ident, "type": resource_type}
        if linked:
            attributes["href"] = href
        resource = etree.SubElement(resources, f"{{{CC}}}resource", attributes)
        etree.SubElement(resource, f"{{{CC}}}file", href=href)

    add(identifier(package_id, "help"), "Where to get help", "webcontent", HELP_PAGE)
    for quiz in quizzes:
        href = f"{quiz.ident}/assessment.xml"
        files[href] = xml_bytes(assessment(quiz))
        add(quiz.ident, f"Quiz: {quiz.quiz.title}", "imsqti_xmlv1p2/imscc_xmlv1p1/assessment", href, linked=False)
    files["imsmanifest.xml"] = xml_bytes(manifest)
    return dict(sorted(files.items()))
