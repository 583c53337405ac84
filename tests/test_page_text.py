"""The reader's text of a lesson page: the page as built, markup blanked in place, mapped back to its sources."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gta_course.content.loader import LoadedCourse
from gta_course.content.page_text import PageReader, Phrases, reader_text, template_problem
from gta_course.render.myst import render_lesson_page
from gta_course.tailor import tailor_lesson


@pytest.fixture(scope="module")
def reader(default_course: LoadedCourse) -> PageReader:
    return PageReader(default_course)


def test_the_checked_page_is_the_built_page(default_course: LoadedCourse, reader: PageReader) -> None:
    course = default_course.course
    for lesson in course.lessons.values():
        page = reader.read(lesson)
        built = render_lesson_page(tailor_lesson(course, lesson, course.info.default_country), course)
        assert page.markdown == built, lesson.id
        assert len(page.reader) == len(page.markdown)  # offsets never move


def test_reader_text_has_no_markup(default_course: LoadedCourse, reader: PageReader) -> None:
    page = reader.read(default_course.course.lessons["financial-sexual-extortion/parents"])
    text = page.reader
    for markup in ("{ref}`", "**", ":::", ":class:", "](", "<https", "(help)="):
        assert markup not in text, markup
    assert "Content note" in text and "Choose one answer." in text and "Key messages" in text


def test_every_block_maps_to_where_it_was_written(default_course: LoadedCourse, reader: PageReader) -> None:
    lesson = default_course.course.lessons["threat-landscape/parents"]
    page = reader.read(lesson)
    objective = lesson.objectives[0]
    block = next(b for b in page.blocks if page.text(b).strip() == objective)
    piece = page.main_piece(block)
    assert piece is not None and piece.loc == ("objectives", 0) and piece.collection == "lessons"
    problem = page.problem(block.start, objective, "m", "h")
    lines = default_course.origin("lessons", lesson.id).doc.path.read_text(encoding="utf-8").splitlines()
    assert objective[:30] in lines[problem.line - 1]
    heading = next(b for b in page.blocks if page.text(b) == "Key messages")
    assert page.main_piece(heading) is None  # the template wrote it
    help_item = next(b for b in page.blocks if "Childline" in page.text(b) and b.kind == "item")
    owner = page.main_piece(help_item)
    assert owner is not None and owner.collection == "helplines"


def test_reader_text_of_the_myst_the_templates_write() -> None:
    page = "\n".join(
        [
            "---",
            "myst:",
            "  html_meta:",
            '    description: "A plain word."',
            "---",
            "",
            "(lesson-x)=",
            "# 1. Title",
            "",
            ":::{admonition} Content note",
            ":class: gta-content-note",
            "",
            "Read {ref}`help is here <help-x>` and **bold** text.",
            ":::",
            "",
            "| Segment | Minutes |",
            "| --- | --- |",
            "| Welcome \\| intro | 5 |",
            "",
            "The CyberTipline got 20.5 million reports in 2024, down from 36.2 million in",
            "2023. The drop is linked to bundling.",
            "",
            "1. First item",
            "2. Second item",
        ]
    )
    reader, blocks = reader_text(page)
    shown = [(b.kind, " ".join(reader[b.start : b.end].split())) for b in blocks]
    assert shown == [
        ("meta", "A plain word."),
        ("heading", "1. Title"),
        ("label", "Content note"),
        ("paragraph", "Read help is here and bold text."),
        ("cell", "Segment"),
        ("cell", "Minutes"),
        ("cell", "Welcome | intro"),
        ("cell", "5"),
        (
            "paragraph",
            "The CyberTipline got 20.5 million reports in 2024, down from 36.2 million in 2023. The drop is linked to bundling.",
        ),
        ("item", "First item"),
        ("item", "Second item"),
    ]


def test_template_text_is_located_in_the_template() -> None:
    problem = template_problem("If something here worries you", "m", "h")
    assert problem.path.endswith("lesson.md.j2")
    line = Path(problem.path).read_text(encoding="utf-8").splitlines()[problem.line - 1]
    assert "if something here worries you" in line.lower()


def test_phrases_match_whole_words_fast() -> None:
    phrases = Phrases(["child porn", "asked for it"])
    text = "No child porn here; unasked for it; she ASKED  FOR\nIT; child pornography"
    found = [text[m.start() : m.end()] for m in phrases.finditer(text)]  # matches are of the lower-cased text
    assert found == ["child porn", "ASKED  FOR\nIT"]
    assert [
        m.group(0) for m in Phrases(["Take It Down"], case_sensitive=True).finditer("take it down; Take It Down")
    ] == ["Take It Down"]
    assert re.compile(phrases.pattern.pattern).pattern.startswith("(?:")  # no boundary before: fast to scan
