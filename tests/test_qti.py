"""IMS QTI 2.1 packages: valid against the IMS schemas, every href present, ids unique, answers and feedback intact."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePosixPath

import pytest
from lxml import etree

from conftest import assert_valid, shown
from gta_course.content.loader import LoadedCourse
from gta_course.render.lms import export_quizzes
from gta_course.render.qti import CP, QTI, render_qti21_package
from gta_course.tailor import group_by_track, tailor_course

NS = {"q": QTI, "cp": CP}


@pytest.fixture(scope="module")
def packages(default_course: LoadedCourse) -> dict[str, dict[str, bytes]]:
    course = default_course.course
    tracks = group_by_track(tailor_course(course, "GB"))
    return {a: render_qti21_package(export_quizzes(t, course), f"gta-{a}") for a, t in tracks.items()}


def test_every_file_validates(packages: dict[str, dict[str, bytes]], xsd: Callable[[str], object]) -> None:
    items, manifest = xsd("qtiv2p1/imsqti_v2p1.xsd"), xsd("qtiv2p1/qtiv2p1_imscpv1p2_v1p0.xsd")
    for audience, files in packages.items():
        for name, data in files.items():
            assert_valid(manifest if name == "imsmanifest.xml" else items, etree.fromstring(data), f"{audience}/{name}")


def test_manifest_hrefs_exist_and_ids_are_unique(packages: dict[str, dict[str, bytes]]) -> None:
    for files in packages.values():
        manifest = etree.fromstring(files["imsmanifest.xml"])
        ids = [r.get("identifier") for r in manifest.iterfind(".//cp:resource", NS)]
        assert len(ids) == len(set(ids))
        hrefs = [e.get("href") for e in manifest.iter() if e.get("href")]
        assert hrefs and all(h in files for h in hrefs)
        listed = {f.get("href") for f in manifest.iterfind(".//cp:file", NS)}
        assert listed == set(files) - {"imsmanifest.xml"}  # every file is in the manifest, and nothing else
        for dependency in manifest.iterfind(".//cp:dependency", NS):
            assert dependency.get("identifierref") in ids
        for name, data in files.items():
            if name.endswith("test.xml"):
                test = etree.fromstring(data)
                for ref in test.iterfind(".//q:assessmentItemRef", NS):
                    assert str(PurePosixPath(name).parent / ref.get("href")) in files
        item_ids = [etree.fromstring(d).get("identifier") for n, d in files.items() if n != "imsmanifest.xml"]
        assert len(item_ids) == len(set(item_ids))


def test_items_keep_answers_weights_and_feedback(
    default_course: LoadedCourse, packages: dict[str, dict[str, bytes]]
) -> None:
    course = default_course.course
    for lesson in group_by_track(tailor_course(course, "GB"))["tech-policy"]:
        for question in lesson.lesson.quiz:
            name = f"gta-{lesson.audience.id}-{lesson.module.id}/{question.id}.xml"
            item = etree.fromstring(packages["tech-policy"][name])
            letters = "ABCDEF"[: len(question.options)]
            correct = [v.text for v in item.iterfind("q:responseDeclaration/q:correctResponse/q:value", NS)]
            assert correct == [letters[i] for i, o in enumerate(question.options) if o.correct]
            choices = item.find(".//q:choiceInteraction", NS)
            assert choices.get("maxChoices") == ("0" if question.kind == "multiple" else "1")
            assert [c.text for c in choices.iterfind("q:simpleChoice", NS)] == [
                shown(o.text, course) for o in question.options
            ]
            feedback = {
                m.get("identifier"): " ".join("".join(m.itertext()).split())
                for m in item.iterfind("q:modalFeedback", NS)
            }
            for letter, option in zip(letters, question.options, strict=True):
                assert feedback[letter] == f"{letter}. {shown(option.feedback, course)}"
            assert {"CORRECT", "INCORRECT"} <= set(feedback)
            outcome = item.find("q:outcomeDeclaration[@identifier='FEEDBACK']", NS)
            assert outcome.get("cardinality") == "multiple"
            set_feedback = item.findall(".//q:setOutcomeValue[@identifier='FEEDBACK']/q:multiple/q:variable", NS)
            assert [v.get("identifier") for v in set_feedback] == ["RESPONSE", "RESPONSE"]
            if question.kind == "multiple":
                values = {e.get("mapKey"): float(e.get("mappedValue")) for e in item.iterfind(".//q:mapEntry", NS)}
                assert sum(v for v in values.values() if v > 0) == pytest.approx(1)
                assert all((values[letters[i]] > 0) == o.correct for i, o in enumerate(question.options))


def test_each_lesson_is_a_test_opening_with_the_content_note_and_help(
    default_course: LoadedCourse, packages: dict[str, dict[str, bytes]]
) -> None:
    course = default_course.course
    for lesson in group_by_track(tailor_course(course, "GB"))["parents"]:
        test = etree.fromstring(packages["parents"][f"gta-parents-{lesson.module.id}/test.xml"])
        rubric = " ".join("".join(test.find(".//q:rubricBlock", NS).itertext()).split())
        assert rubric.startswith("Content note:") and "Where to get help" in rubric
        assert lesson.help[0].services[0].name in rubric
        refs = test.findall(".//q:assessmentItemRef", NS)
        assert len(refs) == len(lesson.lesson.quiz)
