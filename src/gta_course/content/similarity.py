"""Lessons written for each audience, measurably: within a module, no two audiences share much text.

A youth advocate's lesson that is the parents' lesson with words swapped fails both readers. Two
sentences are "similar" when difflib's ratio over their words is at least 0.6; two lessons are
too alike when more than 10% of either one's sentences have a similar sentence in the other.
The safety wording every lesson of a module must carry does not count: content notes, the help
list (not authored), and in sexual-extortion modules any sentence that carries a response step's
keyword.

Comparing every sentence with every other is quadratic, so candidates are found with prefix
filtering: a similar pair must share enough words (difflib's quick_ratio bound), which means
their rarest words overlap; only those pairs are measured in full.
"""

from __future__ import annotations

import difflib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from itertools import combinations

from gta_course.content.loader import LoadedCourse
from gta_course.content.page_text import Piece
from gta_course.model import AuthoredText, Course, Lesson
from gta_course.problems import Problem
from gta_course.tailor import FACT_ROLE

THRESHOLD = 0.6  # difflib ratio at or above which two sentences are the same sentence reworded
MAX_SHARED = 0.10  # share of a lesson's sentences that may have a twin in another audience's lesson
MIN_WORDS = 4  # shorter sentences ("True.", "Not yet.") are alike by nature
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
MARKUP = re.compile(r"[*_`#>|]|^\s*(?:[-+]|\d+\.)\s")
WORD = re.compile(r"[\w']+")
NOT_COMPARED = {"content_note"}  # safety wording the page requires of every lesson
# With ratio >= t, two word lists of lengths a and b share m >= t(a+b)/2 words, so m >= t/(2-t) * a.
MIN_SHARE_OF_OWN = THRESHOLD / (2 - THRESHOLD)


@dataclass(frozen=True)
class Sentence:
    """A sentence of a lesson as words, with where it was written."""

    words: tuple[str, ...]
    part: AuthoredText
    line: int
    text: str


def lesson_sentences(course: Course, lesson: Lesson) -> list[Sentence]:
    """The sentences of a lesson that must be its own: authored prose, minus the required safety wording."""
    module = course.modules[lesson.module]
    keywords = [k.lower() for s in course.rules.sextortion_response for k in s.keywords] if module.sextortion else []
    out = []
    for part in lesson.authored_text():
        if part.loc[0] in NOT_COMPARED:
            continue
        text = FACT_ROLE.sub(lambda m: " " * len(m.group(0)), part.text)
        start = 0
        for separator in [*SENTENCE_END.finditer(text), None]:
            end = separator.start() if separator else len(text)
            raw = text[start:end]
            line = text.count("\n", 0, start)
            start = separator.end() if separator else end
            plain = MARKUP.sub("", raw).strip()
            words = tuple(WORD.findall(plain.lower()))
            if len(words) < MIN_WORDS or any(k in plain.lower() for k in keywords):
                continue
            out.append(Sentence(words, part, line, " ".join(plain.split())))
    return out


def _tagged(words: tuple[str, ...]) -> frozenset[str]:
    """Words with their occurrence number ("the", "the#1"), so set overlap counts repeats as difflib does."""
    if len(set(words)) == len(words):
        return frozenset(words)  # the usual case: no word repeats
    seen: dict[str, int] = {}
    out = []
    for word in words:
        count = seen.get(word, 0)
        out.append(f"{word}#{count}" if count else word)
        seen[word] = count + 1
    return frozenset(out)


@dataclass
class _Indexed:
    """One lesson's sentences ready for comparison: word sets, rarest-first prefixes, and an index of them."""

    sentences: list[Sentence]
    sets: list[frozenset[str]]
    prefixes: list[list[str]]
    index: defaultdict[str, list[tuple[int, int]]]  # word -> (sentence, position in its prefix)


def _index_module(lessons: list[list[Sentence]]) -> list[_Indexed]:
    """Index every lesson of a module under one word order (rarest first), as prefix filtering needs."""
    sets = [[_tagged(s.words) for s in sentences] for sentences in lessons]
    frequency = Counter(token for lesson in sets for tokens in lesson for token in tokens)
    order = {token: rank for rank, (token, _) in enumerate(sorted(frequency.items(), key=lambda tf: (tf[1], tf[0])))}
    out = []
    for sentences, lesson_sets in zip(lessons, sets, strict=True):
        prefixes = []
        index: defaultdict[str, list[tuple[int, int]]] = defaultdict(list)
        for number, tokens in enumerate(lesson_sets):
            rare_first = sorted(tokens, key=order.__getitem__)
            # A pair with ratio >= THRESHOLD shares at least MIN_SHARE_OF_OWN of each one's words, so
            # its rarest shared word lies within both sentences' first len - that + 1 rarest words.
            cut = len(tokens) - math.ceil(MIN_SHARE_OF_OWN * len(tokens) - 1e-9) + 1
            prefixes.append(rare_first[:cut])
            for position, token in enumerate(rare_first[:cut]):
                index[token].append((number, position))
        out.append(_Indexed(sentences, lesson_sets, prefixes, index))
    return out


def similar_pairs(first: _Indexed, second: _Indexed) -> list[tuple[int, int]]:
    """Index pairs (i, j) of sentences of `first` and `second` whose word ratio is at least THRESHOLD."""
    candidates: defaultdict[int, list[int]] = defaultdict(list)  # j -> the i to measure against it
    half = THRESHOLD / 2
    sizes_b = [len(tokens) for tokens in second.sets]
    index = second.index
    for i, prefix in enumerate(first.prefixes):
        set_a = first.sets[i]
        size_a = len(set_a)
        seen: set[int] = set()
        for position, token in enumerate(prefix):
            left_a = size_a - position  # words of this sentence from here on
            for j, other_position in index.get(token, ()):
                if j in seen:
                    continue
                seen.add(j)  # the first word met is the pair's rarest shared word: it bounds the overlap
                size_b = sizes_b[j]
                need = half * (size_a + size_b)
                left_b = size_b - other_position
                if (
                    (size_a if size_a < size_b else size_b) >= need
                    and (left_a if left_a < left_b else left_b) >= need
                    and len(set_a & second.sets[j]) >= need
                ):
                    candidates[j].append(i)
    pairs = []
    matcher = difflib.SequenceMatcher(None, autojunk=False)
    for j, found in candidates.items():
        matcher.set_seq2(second.sentences[j].words)  # difflib caches what it learns about seq2
        for i in found:
            matcher.set_seq1(first.sentences[i].words)
            if matcher.ratio() >= THRESHOLD:
                pairs.append((i, j))
    return sorted(pairs)


def check_similarity(loaded: LoadedCourse, modules: Collection[str] | None = None) -> list[Problem]:
    """No two audiences' lessons of a module share more than MAX_SHARED of their sentences (in `modules`, or all)."""
    course = loaded.course
    by_module: defaultdict[str, list[Lesson]] = defaultdict(list)
    for lesson in course.lessons.values():
        if modules is None or lesson.module in modules:
            by_module[lesson.module].append(lesson)
    problems = []
    for module_id in sorted(by_module):
        lessons = sorted(by_module[module_id], key=lambda lesson: course.audiences[lesson.audience].order)
        indexed = dict(
            zip([x.id for x in lessons], _index_module([lesson_sentences(course, x) for x in lessons]), strict=True)
        )
        for a, b in combinations(lessons, 2):
            sa, sb = indexed[a.id].sentences, indexed[b.id].sentences
            pairs = similar_pairs(indexed[a.id], indexed[b.id])
            share_a = len({i for i, _ in pairs}) / max(len(sa), 1)
            share_b = len({j for _, j in pairs}) / max(len(sb), 1)
            if max(share_a, share_b) <= MAX_SHARED:
                continue
            if share_b > share_a:
                a, b, sa, sb, share_a = b, a, sb, sa, share_b
                pairs = sorted((i, j) for j, i in pairs)
            problems.append(_too_similar(loaded, (a, sa), (b, sb), pairs, share_a))
    return problems


def _too_similar(
    loaded: LoadedCourse,
    first: tuple[Lesson, list[Sentence]],
    second: tuple[Lesson, list[Sentence]],
    pairs: list[tuple[int, int]],
    share: float,
) -> Problem:
    """The problem for two lessons too alike, at the first shared sentence, naming its twin's line."""
    (a, sa), (b, sb) = first, second
    i, j = pairs[0]
    here = Piece.of(loaded.origin("lessons", a.id), a, sa[i].part)
    there = Piece.of(loaded.origin("lessons", b.id), b, sb[j].part).problem(sb[j].line, "", "")
    count = len({i for i, _ in pairs})
    return here.problem(
        sa[i].line,
        f"{share:.0%} of this lesson's sentences ({count}/{len(sa)}) are at least {THRESHOLD:.0%} similar to "
        f'sentences of the {b.audience} lesson (at most {MAX_SHARED:.0%}); first: "{_short(sa[i].text)}" ~ '
        f'"{_short(sb[j].text)}" at {there.path}:{there.line}',
        f"write for {a.audience} from their own situation instead of rewording the {b.audience} lesson",
    )


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def check_descriptions(loaded: LoadedCourse, modules: Collection[str] | None = None) -> list[Problem]:
    """Every lesson has its own description (the page's meta description), unlike its module's other lessons."""
    course = loaded.course
    problems = []
    chosen = [lesson for lesson in course.lessons.values() if modules is None or lesson.module in modules]
    lessons = sorted(chosen, key=lambda lesson: (lesson.module, course.audiences[lesson.audience].order))
    for index, lesson in enumerate(lessons):
        origin = loaded.origin("lessons", lesson.id)
        if not lesson.description:
            problems.append(
                origin.problem(
                    ("objectives",),
                    "lesson has no description",
                    "add `description:`, one or two plain sentences for this audience (the page's meta description "
                    "and its entry in the track)",
                )
            )
            continue
        if re.search(r"[`*_{}<>\[\]#|]", lesson.description):
            problems.append(
                origin.problem(
                    ("description",),
                    "description contains markup or a citation",
                    "it is shown as plain text in search results and the track list; write it without "
                    "{fact}, emphasis or links",
                )
            )
        words = tuple(WORD.findall(lesson.description.lower()))
        for other in lessons[:index]:
            if other.module != lesson.module or not other.description:
                continue
            ratio = difflib.SequenceMatcher(None, words, tuple(WORD.findall(other.description.lower()))).ratio()
            if ratio >= THRESHOLD:
                problems.append(
                    origin.problem(
                        ("description",),
                        f"description is {ratio:.0%} like the {other.audience} lesson's",
                        f"say what this lesson offers {lesson.audience} in particular",
                    )
                )
    return problems
