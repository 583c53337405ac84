"""Common Cartridge 1.1: valid manifest and CC-profile QTI, every href present, ids unique, help first."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from lxml import etree, html

from conftest import assert_valid
from gta_course.content.loader import LoadedCourse
from gta_course.render.cc import CC, HELP_PAGE, render_cc_package
from gta_course.render.lms import export_quizzes
from gta_course.render.qti12 import CC_PROFILES, QTI12
from gta_course.tailor import group_by_track, tailor_course

NS = {"m": CC, "q": QTI12}


@pytest.fixture(scope="module")
def cartridge(default_course: LoadedCourse) -> dict[str, bytes]:
    course = default_course.course
    lessons = group_by_track(tailor_course(course, "AU"))["community-leaders"]
    return render_cc_package(export_quizzes(lessons, course), course, "gta-community-leaders", "Quizzes")


def test_manifest_and_assessments_validate(cartridge: dict[str, bytes], xsd: Callable[[str], object]) -> None:
    assert_valid(
        xsd("cc11/ccv1p1_imscp_v1p2_v1p0.xsd"), etree.fromstring(cartridge["imsmanifest.xml"]), "imsmanifest.xml"
    )
    for name, data in cartridge.items():
        if name.endswith("assessment.xml"):
            assert_valid(xsd("cc11/ccv1p1_qtiasiv1p2p1_v1p0.xsd"), etree.fromstring(data), name)


def test_hrefs_exist_ids_unique_and_organization_points_at_resources(cartridge: dict[str, bytes]) -> None:
    manifest = etree.fromstring(cartridge["imsmanifest.xml"])
    ids = [e.get("identifier") for e in manifest.iter() if e.get("identifier")]
    assert len(ids) == len(set(ids))
    assert all(e.get("href") in cartridge for e in manifest.iter() if e.get("href"))
    resources = {r.get("identifier"): r for r in manifest.iterfind(".//m:resource", NS)}
    refs = [i.get("identifierref") for i in manifest.iterfind(".//m:organization//m:item[@identifierref]", NS)]
    assert refs and set(refs) == set(resources)
    assert resources[refs[0]].get("type") == "webcontent"  # help comes before any quiz
    listed = {f.get("href") for f in manifest.iterfind(".//m:file", NS)}
    assert listed == set(cartridge) - {"imsmanifest.xml"}


def test_items_follow_the_cartridge_profile(default_course: LoadedCourse, cartridge: dict[str, bytes]) -> None:
    course = default_course.course
    lessons = group_by_track(tailor_course(course, "AU"))["community-leaders"]
    for lesson in lessons:
        assessment = etree.fromstring(cartridge[f"gta-community-leaders-{lesson.module.id}/assessment.xml"])
        assert len(assessment.findall(".//q:section", NS)) == 1
        items = assessment.findall(".//q:item", NS)
        for item, question in zip(items, lesson.lesson.quiz, strict=True):
            profiles = [
                f.findtext("q:fieldentry", namespaces=NS)
                for f in item.iterfind(".//q:qtimetadatafield", NS)
                if f.findtext("q:fieldlabel", namespaces=NS) == "cc_profile"
            ]
            assert profiles == [CC_PROFILES[question.kind]]
            cardinality = item.find(".//q:response_lid", NS).get("rcardinality")
            assert cardinality == ("Multiple" if question.kind == "multiple" else "Single")
        intro = assessment.findtext(".//q:presentation_material//q:mattext", namespaces=NS)
        assert "Content note:" in intro and "Kids Helpline" in intro  # Australian readers' own services


def test_help_page_lists_services_as_text(cartridge: dict[str, bytes]) -> None:
    page = html.fromstring(cartridge[HELP_PAGE])
    assert page.findtext(".//h1") == "Where to get help"
    assert page.findall(".//li") and not page.findall(".//script")
