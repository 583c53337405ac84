"""PDFs, read back with pypdf and pikepdf: text, paper, page numbers, tagging, editions, same bytes.

Renders a handful of documents, never the whole course: run alone with `pytest -m pdf`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from conftest import facilitator_secrets, learner_words
from gta_course import pdf
from gta_course.content.loader import LoadedCourse
from gta_course.model import Course
from gta_course.render.print_html import COUNTRY_NAMES, PrintContext, kit_pdf, lesson_pdf
from gta_course.tailor import TailoredLesson, group_by_track, tailor_course, tailor_lesson
from gta_course.workshop import plan_workshop

pytestmark = pytest.mark.pdf

A4 = (595, 842)
LETTER = (612, 792)


def words(text: str) -> str:
    return " ".join(text.split())


def page_texts(path: Path) -> list[str]:
    return [words(page.extract_text()) for page in PdfReader(path).pages]


def size(path: Path) -> tuple[int, int]:
    box = PdfReader(path).pages[0].mediabox
    return round(float(box.width)), round(float(box.height))


def outline_titles(path: Path) -> list[tuple[int, str]]:
    """Bookmarks as (depth, title), in order."""
    found: list[tuple[int, str]] = []

    def walk(items: list[pikepdf.OutlineItem], depth: int) -> None:
        for item in items:
            found.append((depth, str(item.title)))
            walk(list(item.children), depth + 1)

    with pikepdf.open(path) as document, document.open_outline() as outline:
        walk(list(outline.root), 0)
    return found


def export(
    jobs: list[pdf.PdfJob], out: Path, course: Course, country: str, paper: pdf.Paper = "a4"
) -> pdf.ExportResult:
    return pdf.export(jobs, out, paper, pdf.source_stamp(course, country))


@pytest.fixture(scope="module")
def course(default_course: LoadedCourse) -> Course:
    return default_course.course


@pytest.fixture(scope="module")
def lesson(course: Course) -> TailoredLesson:
    return tailor_lesson(course, course.lessons["financial-sexual-extortion/youth-advocates"], "GB")


@pytest.fixture(scope="module")
def lesson_pdfs(course: Course, lesson: TailoredLesson, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A learner handout and a facilitator guide, exported once for the module."""
    out = tmp_path_factory.mktemp("lesson")
    result = export(pdf.lesson_jobs([lesson], PrintContext(course, "GB")), out, course, "GB")
    assert len(result.written) == 2
    return out


def test_every_page_has_its_footer_and_selectable_text(
    course: Course, lesson: TailoredLesson, lesson_pdfs: Path
) -> None:
    for edition in ("learner", "facilitator"):
        path = lesson_pdfs / lesson_pdf(lesson, edition)
        assert size(path) == A4
        pages = page_texts(path)
        assert lesson.module.title in pages[0]
        count = len(PdfReader(path).pages) if edition == "learner" else None
        for number, text in enumerate(pages, start=1):
            assert course.info.title in text and course.info.edition.isoformat() in text
            assert COUNTRY_NAMES["GB"] in text
            assert re.search(r"Page \d+ of \d+", text)
            if count is not None:
                assert f"Page {number} of {count}" in text
        assert "Page 1 of" in pages[0]


def test_pdfs_are_tagged_with_title_language_and_embedded_fonts(lesson: TailoredLesson, lesson_pdfs: Path) -> None:
    for edition in ("learner", "facilitator"):
        with pikepdf.open(lesson_pdfs / lesson_pdf(lesson, edition)) as document:
            root = document.Root
            assert bool(root.MarkInfo.Marked)
            assert "/StructTreeRoot" in root
            assert str(root.Lang) == "en"
            assert lesson.module.title in str(document.docinfo["/Title"])
            assert document.open_metadata().get("pdfuaid:part") == "1"
            fonts = [f for page in document.pages for f in page.Resources.Font.values()]
            assert fonts
            for font in fonts:
                descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
                descriptor = descendant.FontDescriptor
                assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            assert outline_titles(lesson_pdfs / lesson_pdf(lesson, edition))


def test_learner_edition_leaks_nothing_from_the_facilitator_edition(lesson: TailoredLesson, lesson_pdfs: Path) -> None:
    learner = words(" ".join(page_texts(lesson_pdfs / lesson_pdf(lesson, "learner"))))
    facilitator = words(" ".join(page_texts(lesson_pdfs / lesson_pdf(lesson, "facilitator"))))
    secrets = [*facilitator_secrets(lesson), "Timing and cues", "Quiz: answers and feedback", "Before the session"]
    plain = [words(s) for s in secrets]
    # Long strings are compared by their first and last 40 characters, so a citation printed in
    # the middle cannot hide a match.
    allowed = learner_words(lesson)  # a probe the learner's own material also says is no leak
    probes = [p for s in plain for p in ({s[:40], s[-40:]} if len(s) > 80 else {s}) if p not in allowed]
    assert [p for p in probes if p not in facilitator] == []  # the probes find what they look for
    assert [p for p in probes if p in learner] == []
    assert re.search(r"\(\d+ min\)", facilitator) and not re.search(r"\(\d+ min\)", learner)  # steps' timings
    assert "learner handout" in facilitator.lower()  # the guide carries the handout to photocopy


def test_letter_paper_for_the_us_and_a4_on_request(course: Course, tmp_path: Path) -> None:
    lesson = tailor_lesson(course, course.lessons["threat-landscape/tech-policy"], "US")
    job = pdf.lesson_jobs([lesson], PrintContext(course, "US"))[0]
    assert pdf.paper_for("US") == "letter" and pdf.paper_for("CA") == "letter" and pdf.paper_for("AU") == "a4"
    export([job], tmp_path / "us", course, "US", pdf.paper_for("US"))
    assert size(tmp_path / "us" / job.path) == LETTER
    text = " ".join(page_texts(tmp_path / "us" / job.path))
    assert "United States" in text and "988" in text
    export([job], tmp_path / "a4", course, "US", "a4")
    assert size(tmp_path / "a4" / job.path) == A4


def test_same_input_same_bytes_and_unchanged_exports_rewrite_nothing(course: Course, tmp_path: Path) -> None:
    audience = course.audiences["parents"]
    track = [t for t in tailor_course(course, "GB") if t.audience.id == "parents"]
    jobs = pdf.track_jobs(audience.id, track[:1], PrintContext(course, "GB"))[:1]  # the tip sheet
    export(jobs, tmp_path / "one", course, "GB")
    export(jobs, tmp_path / "two", course, "GB")
    first = (tmp_path / "one" / jobs[0].path).read_bytes()
    assert first == (tmp_path / "two" / jobs[0].path).read_bytes()
    with pikepdf.open(tmp_path / "one" / jobs[0].path) as document:  # dated by the edition, not the clock
        assert str(document.docinfo["/CreationDate"]).startswith("D:20261125")
        assert str(document.docinfo["/ModDate"]).startswith("D:20261125")
    mtime = (tmp_path / "one" / jobs[0].path).stat().st_mtime_ns
    again = export(jobs, tmp_path / "one", course, "GB")
    assert again.skipped == [jobs[0].path] and not again.written
    assert (tmp_path / "one" / jobs[0].path).stat().st_mtime_ns == mtime


def test_tip_sheet_is_one_page(course: Course, tmp_path: Path) -> None:
    tracks = group_by_track(tailor_course(course, "GB"))
    jobs = [pdf.track_jobs(a, lessons, PrintContext(course, "GB"))[0] for a, lessons in tracks.items()]
    export(jobs, tmp_path, course, "GB")
    for job in jobs:
        assert len(PdfReader(tmp_path / job.path).pages) == 1, job.path


def test_whole_course_has_contents_and_nested_bookmarks(course: Course, tmp_path: Path) -> None:
    lessons = tailor_course(course, "GB")
    small = {a: ls[:1] for a, ls in group_by_track(lessons).items() if a in ("parents", "educators")}
    job = pdf.course_job(small, PrintContext(course, "GB"))
    export([job], tmp_path, course, "GB")
    path = tmp_path / job.path
    pages = page_texts(path)
    assert "Contents" in pages[0] and "Parents and caregivers" in pages[0] and "Educators" in pages[0]
    assert "Page 1 of" in pages[0]
    outline = outline_titles(path)
    depth_of = {title: depth for depth, title in outline}
    assert depth_of[course.info.title] == 0 and depth_of["Parents and caregivers"] == 0
    assert depth_of["1. The threat landscape since 2023"] == 1  # a lesson sits under its track
    starts = [i for i, text in enumerate(pages) if "Page 1 of" in text]
    assert len(starts) == 1 + 2 * 2  # the cover, then each track's title page and lesson restart numbering
    with pikepdf.open(path) as document:
        assert "/StructTreeRoot" in document.Root and str(document.docinfo["/Title"]) == course.info.title


def test_workshop_kit_has_agenda_run_sheet_and_no_names_for_young_people(course: Course, tmp_path: Path) -> None:
    plan = plan_workshop(course, "youth-advocates", 45, country="GB")
    jobs = pdf.workshop_jobs(plan, PrintContext(course, "GB"))
    export(jobs, tmp_path, course, "GB")
    kit = " ".join(page_texts(tmp_path / kit_pdf(plan.slug)))
    assert "Agenda" in kit and "Run sheet" in kit and "Head count" in kit and "Sign-in sheet" not in kit
    guides = " ".join(page_texts(tmp_path / kit_pdf(plan.slug, "facilitator-guides")))
    handouts = " ".join(page_texts(tmp_path / kit_pdf(plan.slug, "handouts")))
    assert "Quiz: answers and feedback" in guides and "Quiz: answers and feedback" not in handouts


@pytest.mark.parametrize(
    ("document", "complaint"),
    [
        ("<html><head><title>T</title></head><body><p>No language</p></body></html>", "lang"),
        (
            '<html lang="en"><head><title>T</title></head><body><img src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"></body></html>',
            "alt",
        ),
        ('<html lang="en"><head></head><body><p>No title</p></body></html>', "title"),
        (
            '<html lang="en"><head><title>T</title></head><body><img alt="x" src="https://example.org/a.png"></body></html>',
            "refused",
        ),
    ],
)
def test_inaccessible_or_fetching_documents_fail(document: str, complaint: str) -> None:
    renderer = pdf.PdfRenderer("a4")
    with pytest.raises(pdf.PdfError, match=complaint):
        renderer.render("x", document)


def test_editing_one_lesson_rerenders_only_what_contains_it(course: Course, tmp_path: Path) -> None:
    track = [t for t in tailor_course(course, "GB") if t.audience.id == "community-leaders"][:2]
    context = PrintContext(course, "GB")

    def jobs(lessons: list[TailoredLesson]) -> list[pdf.PdfJob]:
        return [*pdf.lesson_jobs(lessons, context), pdf.track_jobs("community-leaders", lessons, context)[1]]

    export(jobs(track), tmp_path, course, "GB")
    first = track[0]
    changed = first.lesson.model_copy(update={"objectives": ["Name one new thing.", *first.lesson.objectives[1:]]})
    edited = [tailor_lesson(course, changed, "GB"), track[1]]
    result = export(jobs(edited), tmp_path, course, "GB")
    assert sorted(result.written) == sorted(
        [lesson_pdf(first, "learner"), lesson_pdf(first, "facilitator"), "tracks/community-leaders-track.pdf"]
    )
    assert sorted(result.skipped) == sorted([lesson_pdf(track[1], "learner"), lesson_pdf(track[1], "facilitator")])
    assert "Name one new thing." in " ".join(page_texts(tmp_path / "tracks/community-leaders-track.pdf"))


def test_parts_drawn_on_several_cores_are_the_bytes_one_process_draws(course: Course, lesson: TailoredLesson) -> None:
    """The export lays parts out in forked workers; a part's bytes must not depend on which process
    drew it, nor on what that process drew before."""
    context = PrintContext(course, "GB")
    other = tailor_lesson(course, course.lessons["financial-sexual-extortion/parents"], "GB")
    parts = {part.key: part.html for job in pdf.lesson_jobs([lesson, other], context) for part in job.parts}
    assert len(parts) == 4
    renderer = pdf.PdfRenderer("a4")
    serial = pdf.render_parts(dict(reversed(parts.items())), renderer, workers=1)  # another order, one process
    assert pdf.render_parts(parts, renderer, workers=2) == serial
