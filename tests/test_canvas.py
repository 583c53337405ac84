"""Canvas QTI 1.2 zips: Canvas's layout, valid QTI 1.2 and cccv1p0 settings, answer ids and feedback linked."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from lxml import etree

from conftest import assert_valid, shown
from gta_course.content.loader import LoadedCourse
from gta_course.render.canvas import CANVAS, MANIFEST, render_canvas_package
from gta_course.render.lms import export_quizzes
from gta_course.render.qti12 import CANVAS_TYPES, QTI12
from gta_course.tailor import group_by_track, tailor_course

NS = {"q": QTI12, "m": MANIFEST, "c": CANVAS}


@pytest.fixture(scope="module")
def package(default_course: LoadedCourse) -> dict[str, bytes]:
    course = default_course.course
    lessons = group_by_track(tailor_course(course, "GB"))["educators"]
    return render_canvas_package(export_quizzes(lessons, course), "gta-educators")


def test_layout_and_schemas(package: dict[str, bytes], xsd: Callable[[str], object]) -> None:
    manifest = etree.fromstring(package["imsmanifest.xml"])
    folders = {name.split("/")[0] for name in package if "/" in name}
    for folder in folders:
        assert {f"{folder}/{folder}.xml", f"{folder}/assessment_meta.xml"} <= set(package)
        assert_valid(xsd("qtiv1p2/ims_qtiasiv1p2.xsd"), etree.fromstring(package[f"{folder}/{folder}.xml"]), folder)
        assert_valid(xsd("canvas/cccv1p0.xsd"), etree.fromstring(package[f"{folder}/assessment_meta.xml"]), folder)
    # Canvas writes IMS CP 1.1 structure in the cartridge namespace; check the structure against CP 1.1.
    as_cp = etree.tostring(manifest).replace(MANIFEST.encode(), b"http://www.imsglobal.org/xsd/imscp_v1p1")
    assert_valid(xsd("imscp_v1p1.xsd"), etree.fromstring(as_cp), "imsmanifest.xml")


def test_manifest_hrefs_exist_and_ids_are_unique(package: dict[str, bytes]) -> None:
    manifest = etree.fromstring(package["imsmanifest.xml"])
    resources = manifest.findall(".//m:resource", NS)
    ids = [r.get("identifier") for r in resources]
    assert len(ids) == len(set(ids))
    assert all(e.get("href") in package for e in manifest.iter() if e.get("href"))
    for resource in resources:
        if resource.get("type") == "imsqti_xmlv1p2":
            meta = resource.find("m:dependency", NS).get("identifierref")
            assert (
                manifest.find(f".//m:resource[@identifier='{meta}']", NS)
                .get("type")
                .endswith("learning-application-resource")
            )


def test_items_carry_canvas_metadata_and_linked_feedback(
    default_course: LoadedCourse, package: dict[str, bytes]
) -> None:
    course = default_course.course
    lessons = group_by_track(tailor_course(course, "GB"))["educators"]
    documents = [
        etree.fromstring(d) for n, d in sorted(package.items()) if n.count("/") == 1 and not n.endswith("meta.xml")
    ]
    by_title = {d.find("q:assessment", NS).get("title"): d for d in documents}
    for lesson in lessons:
        assessment = by_title[lesson.title]
        items = assessment.findall(".//q:item", NS)
        assert len(items) == len(lesson.lesson.quiz)
        for item, question in zip(items, lesson.lesson.quiz, strict=True):
            meta = {
                f.findtext("q:fieldlabel", namespaces=NS): f.findtext("q:fieldentry", namespaces=NS)
                for f in item.iterfind(".//q:qtimetadatafield", NS)
            }
            assert meta["question_type"] == CANVAS_TYPES[question.kind]
            labels = [r.get("ident") for r in item.iterfind(".//q:response_label", NS)]
            assert meta["original_answer_ids"] == ",".join(labels) and len(set(labels)) == len(labels)
            assert [r.findtext(".//q:mattext", namespaces=NS) for r in item.iterfind(".//q:response_label", NS)] == [
                shown(o.text, course) for o in question.options
            ]
            feedback = {
                f.get("ident"): f.findtext(".//q:mattext", namespaces=NS) for f in item.iterfind("q:itemfeedback", NS)
            }
            displayed = {d.get("linkrefid") for d in item.iterfind(".//q:displayfeedback", NS)}
            for label, option in zip(labels, question.options, strict=True):
                assert etree.fromstring(feedback[f"{label}_fb"]).xpath("string()") == shown(option.feedback, course)
                assert f"{label}_fb" in displayed
            right = item.find(".//q:respcondition[@continue='No']", NS)
            assert right.findtext("q:setvar", namespaces=NS) == "100"
            chosen = [
                v.text
                for v in right.iterfind("q:conditionvar//q:varequal", NS)
                if v.getparent().tag != f"{{{QTI12}}}not"
            ]
            assert chosen == [label for label, o in zip(labels, question.options, strict=True) if o.correct]


def test_settings_make_a_practice_quiz_with_the_note_and_help(package: dict[str, bytes]) -> None:
    for name, data in package.items():
        if name.endswith("assessment_meta.xml"):
            quiz = etree.fromstring(data)
            assert quiz.findtext("c:quiz_type", namespaces=NS) == "practice_quiz"
            description = etree.fromstring(quiz.findtext("c:description", namespaces=NS))
            text = " ".join("".join(description.itertext()).split())
            assert text.startswith("Content note:") and "Where to get help" in text
