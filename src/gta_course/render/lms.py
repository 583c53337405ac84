"""What every LMS export shares: the quizzes a package holds, safe identifiers, and the note and help beside them. Pure.

A quiz imported into an LMS loses the lesson page around it, so each export carries the
lesson's content note and its country's help services with the quiz (a GIFT description, a
QTI rubric block, a Canvas quiz description, a cartridge page). HTML is built with lxml, which
escapes author text, so no text can become markup in the LMS.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from lxml import etree

from gta_course.assessment import LessonQuiz, Rich, help_services, lesson_quiz, plain
from gta_course.model import Course, Helpline
from gta_course.render.myst import HELP_FOR
from gta_course.tailor import TailoredLesson

EMERGENCY = "If a child is in immediate danger, call the emergency number for your country now."


@dataclass(frozen=True)
class ExportQuiz:
    """One lesson's quiz with what an LMS page shows beside it."""

    quiz: LessonQuiz
    content_note: str
    help: tuple[Helpline, ...]

    @property
    def ident(self) -> str:
        """The quiz's identifier in every package: stable across exports, safe as an XML ID."""
        return identifier(self.quiz.audience, self.quiz.module)


def export_quizzes(lessons: Sequence[TailoredLesson], course: Course) -> list[ExportQuiz]:
    """The quizzes of these lessons, in order."""
    return [ExportQuiz(lesson_quiz(t, course), t.content_note, help_services(t)) for t in lessons]


def identifier(*parts: str) -> str:
    """An identifier that is a valid XML NCName and QTI identifier: 'gta-' and letters, digits, '-', '.'."""
    return "gta-" + re.sub(r"[^A-Za-z0-9.-]+", "-", "-".join(parts)).strip("-")


def canvas_id(*parts: str) -> str:
    """An identifier in Canvas's own shape ('g' and 32 hex digits), derived from the parts so exports are stable."""
    return "g" + hashlib.sha256("/".join(parts).encode()).hexdigest()[:32]


def text(runs: Rich) -> str:
    """Quiz text as the plain text an LMS shows (citations in brackets)."""
    return plain(runs)


def paragraph(content: str, bold: str = "") -> etree._Element:
    """<p>, optionally opening with a bold lead-in."""
    p = etree.Element("p")
    if bold:
        strong = etree.SubElement(p, "strong")
        strong.text = bold
        strong.tail = " " + content
    else:
        p.text = content
    return p


def help_list(services: Sequence[Helpline]) -> etree._Element:
    """The help services as a list: name, who it is for, what it does, phone and website."""
    items = etree.Element("ul")
    for service in services:
        li = etree.SubElement(items, "li")
        strong = etree.SubElement(li, "strong")
        strong.text = service.name
        parts = [f" ({HELP_FOR[service.for_]}): {service.purpose}."]
        if service.phone:
            parts.append(f" Phone: {service.phone}.")
        strong.tail = "".join(parts)
        if service.url:
            strong.tail += " Website: "
            link = etree.SubElement(li, "a", href=service.url)
            link.text = service.url
    return items


def intro(quiz: ExportQuiz) -> etree._Element:
    """The content note and help shown before a quiz, as an XHTML <div> with no namespace."""
    div = etree.Element("div")
    div.append(paragraph(f"{quiz.content_note} You can stop at any time.", "Content note:"))
    div.append(paragraph("Talk to a trusted adult, call a helpline, or make a report.", "Where to get help:"))
    if quiz.help:
        div.append(help_list(quiz.help))
    div.append(paragraph(EMERGENCY))
    return div


def html(element: etree._Element) -> str:
    """An XHTML fragment as the string an LMS's HTML field holds."""
    return etree.tostring(element, encoding="unicode")


XSI = "http://www.w3.org/2001/XMLSchema-instance"


def document(tag: str, namespace: str, schema_location: str, **prefixes: str) -> etree._Element:
    """A root element in `namespace` (the default), with xsi and any other prefixes, and its schemaLocation."""
    namespaces: Any = {None: namespace, "xsi": XSI, **prefixes}  # lxml's stubs do not type a None key
    root = etree.Element(f"{{{namespace}}}{tag}", nsmap=namespaces)
    root.set(f"{{{XSI}}}schemaLocation", schema_location)
    return root


def xml_bytes(root: etree._Element) -> bytes:
    """An XML document as UTF-8 bytes with a declaration; the same tree always gives the same bytes."""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
