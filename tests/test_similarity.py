"""Cross-audience similarity: the fast matcher finds exactly the pairs difflib would, and leaves out safety wording."""

from __future__ import annotations

import difflib
from itertools import combinations

from gta_course.content.loader import LoadedCourse
from gta_course.content.similarity import THRESHOLD, _index_module, lesson_sentences, similar_pairs


def test_prefix_filtering_finds_every_similar_pair(default_course: LoadedCourse) -> None:
    course = default_course.course
    for module in ("financial-sexual-extortion",):
        lessons = [lesson for lesson in course.lessons.values() if lesson.module == module]
        indexed = _index_module([lesson_sentences(course, lesson) for lesson in lessons])
        for first, second in combinations(indexed, 2):
            brute = {
                (i, j)
                for i, a in enumerate(first.sentences)
                for j, b in enumerate(second.sentences)
                if difflib.SequenceMatcher(None, a.words, b.words, autojunk=False).ratio() >= THRESHOLD
            }
            assert set(similar_pairs(first, second)) == brute


def test_required_safety_wording_is_not_compared(default_course: LoadedCourse) -> None:
    course = default_course.course
    lesson = course.lessons["financial-sexual-extortion/parents"]
    keywords = [k.lower() for step in course.rules.sextortion_response for k in step.keywords]
    sentences = lesson_sentences(course, lesson)
    assert sentences and not any(k in s.text.lower() for s in sentences for k in keywords)
    assert not any(s.part.loc[0] == "content_note" for s in sentences)
    assert all(len(s.words) >= 4 for s in sentences)
