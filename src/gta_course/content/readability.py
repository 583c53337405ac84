"""Reading level of what the reader sees, and which paragraph makes it hard.

The page's Flesch-Kincaid grade is measured on its reader text, template text included (a hard
help list or heading is hard for the reader whoever wrote it), so no template change can push a
page out of its band unseen. The floor, which stops professional lessons being written down to,
is measured on the lesson's teaching prose (content note, key messages, sections): short labels
("Question 3", "A. True") and quiz feedback are brief by nature and would drag every page down. Each block is counted once, the way textstat counts (its
punctuation removal, syllables and sentence rule), and the counts are summed: a heading or
list item is a sentence of its own, and the hardest paragraph falls out of the same counts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from gta_course.content.page_text import Block, ReaderPage
from gta_course.model import Course
from gta_course.problems import Problem

SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")  # textstat's sentence pattern
MIN_PARAGRAPH_WORDS = 12  # shorter blocks give noisy grades; they are not named as the hardest
NOT_READ = {"meta"}  # the meta description is for search results, not the page
TEACHING = {"content_note", "key_messages", "sections"}  # the lesson's prose the floor is measured on


@cache
def _textstat() -> Any:
    """textstat, imported on first use: it loads a pronunciation dictionary that other commands never need."""
    import textstat

    return textstat


@cache
def _syllables(word: str) -> int:
    """Syllables of one lower-case word, as textstat counts them (CMU dictionary, else pyphen)."""
    return int(_textstat().syllable_count(word))


@dataclass(frozen=True)
class Counts:
    """What the Flesch-Kincaid grade is made of."""

    words: int = 0
    sentences: int = 0
    syllables: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.words + other.words, self.sentences + other.sentences, self.syllables + other.syllables)

    @property
    def grade(self) -> float:
        """Flesch-Kincaid grade: 0.39 words per sentence + 11.8 syllables per word - 15.59."""
        if not self.words or not self.sentences:
            return 0.0
        return 0.39 * self.words / self.sentences + 11.8 * self.syllables / self.words - 15.59


@cache
def counts(text: str) -> Counts:
    """Words, sentences and syllables of one block of reader text, each as textstat counts them."""
    textstat = _textstat()
    clean = textstat.remove_punctuation(text)
    words = clean.split()
    if not words:
        return Counts()
    found = SENTENCE.findall(text)
    short = sum(1 for s in found if len(textstat.remove_punctuation(s).split()) <= 2)
    return Counts(len(words), max(1, len(found) - short), sum(map(_syllables, clean.lower().split())))


def total(items: Iterable[Counts]) -> Counts:
    """Counts of several blocks read one after another."""
    out = Counts()
    for item in items:
        out += item
    return out


def _read_blocks(page: ReaderPage) -> list[tuple[Block, Counts, bool]]:
    """Blocks a reader reads, their counts, and whether the lesson's teaching prose wrote them.

    Publication titles in the references list are left out: they are quoted, not written for
    this reader, and no author can change them.
    """
    out = []
    for block in page.blocks:
        if block.kind in NOT_READ:
            continue
        piece = page.main_piece(block)
        if piece is not None and piece.collection == "sources":
            continue
        teaching = (
            block.kind != "heading" and piece is not None and piece.collection == "lessons" and piece.loc[0] in TEACHING
        )
        out.append((block, counts(page.text(block)), teaching))
    return out


def page_grades(page: ReaderPage) -> tuple[float, float]:
    """The grade of the whole page and the grade of the lesson's teaching prose on it."""
    blocks = _read_blocks(page)
    return total(c for _, c, _ in blocks).grade, total(c for _, c, own in blocks if own).grade


def check_reading_level(course: Course, page: ReaderPage) -> list[Problem]:
    """The page reads within its audience's band: too hard shuts readers out, too simple talks down."""
    audience = course.audiences[page.lesson.audience]
    blocks = _read_blocks(page)
    whole = total(c for _, c, _ in blocks).grade
    own = [(b, c) for b, c, mine in blocks if mine]
    prose = total(c for _, c in own).grade
    band = f"{audience.reading_grade_min:g}-{audience.reading_grade_max:g}"
    if whole > audience.reading_grade_max:
        grade, what, advice, pick = whole, "the page", "shorter sentences and common words", max
    elif prose < audience.reading_grade_min:
        grade, what, advice, pick = prose, "the lesson's teaching prose", "fuller sentences and the precise terms", min
    else:
        return []
    long_enough = [(b, c) for b, c in own if c.words >= MIN_PARAGRAPH_WORDS] or own
    if not long_enough:
        return []
    block, worst = pick(long_enough, key=lambda bc: bc[1].grade)
    label = "hardest" if pick is max else "simplest"
    span = page.main_span(block)
    return [
        page.problem(
            max(block.start, span.start) if span else block.start,
            page.text(block),
            f"reading level of {what} is grade {grade:.1f}, outside the band {band} for {audience.id}; "
            f"{label} paragraph (grade {worst.grade:.1f}) starts here",
            f"use {advice} (Flesch-Kincaid, textstat)",
        )
    ]
