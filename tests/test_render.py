"""Rendering to MyST: what a reader and Sphinx get, checked on the parsed page, not a snapshot."""

from __future__ import annotations

import re

import yaml
from markdown_it import MarkdownIt

from gta_course.content.loader import LoadedCourse
from gta_course.render.myst import (
    cite,
    render_coverage_page,
    render_glossary_page,
    render_help_page,
    render_landing_page,
    render_lesson_page,
    render_sources_page,
    render_toc,
    render_track_page,
    source_label,
)
from gta_course.tailor import group_by_track, tailor_course, tailor_lesson

MD = MarkdownIt("commonmark").enable("table")


def headings(text: str, level: int) -> list[str]:
    """Headings of one level, as the Markdown parser sees them."""
    tokens = MD.parse(text)
    return [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == f"h{level}"]


def test_lesson_page_has_every_part(default_course: LoadedCourse) -> None:
    course = default_course.course
    tailored = tailor_lesson(course, course.lessons["financial-sexual-extortion/educators"], "US")
    page = render_lesson_page(tailored, course)
    assert headings(page, 1) == [tailored.title]
    h2 = headings(page, 2)
    for part in (
        "What you will be able to do",
        "Key messages",
        "Activities",
        "Talk about it",
        "Check your understanding",
        "Get help",
        "References",
        "For facilitators",
    ):
        assert part in h2
    for section in tailored.lesson.sections:
        assert section.title in h2
    assert page.index("Content note") < page.index("What you will be able to do")
    assert page.index("## Get help") > page.index("## Check your understanding")
    h3 = headings(page, 3)
    assert len([h for h in h3 if h.startswith("Question ")]) == len(tailored.lesson.quiz)
    assert len([h for h in h3 if h.startswith("Activity ")]) == len(tailored.lesson.activities)
    for activity in tailored.lesson.activities:
        assert f"{activity.minutes} minutes" in page


def test_quiz_feedback_for_every_option(default_course: LoadedCourse) -> None:
    course = default_course.course
    tailored = tailor_lesson(course, course.lessons["threat-landscape/parents"], "GB")
    page = render_lesson_page(tailored, course)
    for number, question in enumerate(tailored.lesson.quiz, start=1):
        block = page.split(f":::{{dropdown}} Answer and feedback for question {number}\n", 1)[1].split("\n:::", 1)[0]
        items = [line for line in block.splitlines() if line.startswith("- **")]
        assert len(items) == len(question.options)
        assert sum("**" + "ABCDEF"[i] + ". Correct.**" in item for i, item in enumerate(items)) == sum(
            o.correct for o in question.options
        )


def test_help_for_the_readers_country_comes_first(default_course: LoadedCourse) -> None:
    course = default_course.course
    lesson = course.lessons["financial-sexual-extortion/parents"]
    for country, first_service in (("US", "NCMEC CyberTipline"), ("CA", "Cybertip.ca"), ("AU", "ACCCE")):
        page = render_lesson_page(tailor_lesson(course, lesson, country), course)
        help_part = page.split("## Get help", 1)[1].split("## References", 1)[0]
        blocks = help_part.split("{container} gta-help-country gta-country-")[1:]
        assert blocks[0].startswith(country) and first_service in blocks[0]
        assert {block[:2] for block in blocks} >= {"GB", "US", "CA", "AU"}  # every country, without JavaScript


def test_citations_link_to_sources(default_course: LoadedCourse) -> None:
    course = default_course.course
    text = cite("About 100 reports a day {fact}`gta25-sextortion-daily`.", course)
    assert "{fact}" not in text
    assert f"<{source_label('S-GTA25-PR')}>" in text
    for lesson in tailor_course(course, "GB"):
        assert "{fact}`" not in render_lesson_page(lesson, course)


def test_sources_page_has_a_target_for_every_source(default_course: LoadedCourse) -> None:
    course = default_course.course
    page = render_sources_page(course)
    targets = set(re.findall(r"^\(([a-z0-9-]+)\)=$", page, re.MULTILINE))
    assert {source_label(sid) for sid in course.sources} <= targets
    for fact in course.facts.values():
        assert fact.text in page


def test_glossary_gives_what_to_say_instead(default_course: LoadedCourse) -> None:
    course = default_course.course
    page = render_glossary_page(course)
    assert '"child pornography"' in page
    assert headings(page, 2).count("child sexual abuse material (CSAM)") == 1


def test_toc_has_one_part_per_audience(default_course: LoadedCourse) -> None:
    course = default_course.course
    lessons = tailor_course(course, "GB")
    toc = yaml.safe_load(render_toc(course, group_by_track(lessons)))
    assert toc["format"] == "jb-book" and toc["root"] == "index"
    captions = [part["caption"] for part in toc["parts"]]
    assert captions == [a.title for a in course.ordered_audiences()] + ["For trainers", "Help and reference"]
    files = [c["file"] for part in toc["parts"] for c in part["chapters"]]
    assert {t.docname for t in lessons} <= set(files)
    assert len(files) == len(set(files))


def test_landing_page_offers_every_track(default_course: LoadedCourse) -> None:
    course = default_course.course
    lessons = tailor_course(course, "GB")
    page = render_landing_page(course, group_by_track(lessons), "GB")
    for audience in course.audiences.values():
        assert f":link: {audience.id}-track" in page
    assert "Content note" in page and "## Where to get help" in page


def test_no_math_or_remote_assets_in_sources(default_course: LoadedCourse) -> None:
    course = default_course.course
    for lesson in tailor_course(course, "GB"):
        page = render_lesson_page(lesson, course)
        assert "$$" not in page and "{math}" not in page
        assert not re.search(r"<(script|img|iframe|link)\b", page)


def test_every_page_has_a_content_note_and_a_way_to_help(default_course: LoadedCourse) -> None:
    course = default_course.course
    lessons = tailor_course(course, "GB")
    tracks = group_by_track(lessons)
    pages = {
        "landing": render_landing_page(course, tracks, "GB"),
        "help": render_help_page(course, "GB"),
        "sources": render_sources_page(course),
        "glossary": render_glossary_page(course),
        **{f"track {a}": render_track_page(course, a, track) for a, track in tracks.items()},
    }
    for name, page in pages.items():
        assert ":class: gta-content-note" in page, name
        assert "<help>`" in page or "Where to get help" in headings(page, 1) or "## Where to get help" in page, name


def test_coverage_page_crosses_lessons_with_areas_and_threats(default_course: LoadedCourse) -> None:
    course = default_course.course
    tracks = group_by_track(tailor_course(course, "GB"))
    page = render_coverage_page(course, tracks)
    rows = [line for line in page.splitlines() if line.startswith("| ") and "---" not in line]
    threat_rows = {r.split("|")[1].strip().split(" (")[0]: r for r in rows}
    for threat in course.threats.values():
        row = next(r for title, r in threat_rows.items() if title.startswith(threat.title))
        for module_id in threat.modules:
            for audience in course.audiences:
                assert f"<lesson-{audience}-{module_id}>" in row
    extortion = next(r for t, r in threat_rows.items() if t.startswith("Financial sexual extortion"))
    assert "<lesson-parents-grooming-private-spaces>" not in extortion  # only the modules that teach it
