"""The facilitator's tally: a group's knowledge-check result codes, before against after, per item. Pure.

Codes are grouped by track and form version (answers to different questions are never mixed),
then by phase. A phase with fewer than MIN_GROUP codes is counted but not shown, and so is any
figure resting on fewer than MIN_GROUP answers: with so few people, a figure could tell who
answered what.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from gta_course.assessment import Phase
from gta_course.model import Course, KnowledgeCheck
from gta_course.result_code import ResultCode

MIN_GROUP = 5
PHASES: tuple[Phase, ...] = ("before", "after")


@dataclass(frozen=True)
class Share:
    """How many of those who answered got it right, and how sure they were (mean of 1-4); None = hidden."""

    answered: int
    right: int | None
    confidence: float | None

    @property
    def percent(self) -> int | None:
        """Right answers as a whole percentage of those who answered."""
        return None if self.right is None or not self.answered else round(100 * self.right / self.answered)


@dataclass(frozen=True)
class ItemTally:
    """One item, before and after."""

    id: str
    prompt: str
    before: Share | None
    after: Share | None


@dataclass(frozen=True)
class SkillTally:
    """One then/now skill: the mean rating of 'before this course' and of 'now' (1-4)."""

    id: str
    can: str
    then: float | None
    now: float | None


@dataclass(frozen=True)
class GroupTally:
    """One track and form version: how many codes of each phase, and what may be shown of them."""

    audience: str
    track: str
    code: str
    version: int
    counts: dict[Phase, int]
    shown: dict[Phase, bool]
    items: tuple[ItemTally, ...]
    skills: tuple[SkillTally, ...]


def _mean(values: list[int]) -> float | None:
    """Mean of ratings given (0 means not given), or None below the group size."""
    given = [v for v in values if v]
    return round(sum(given) / len(given), 2) if len(given) >= MIN_GROUP else None


def _share(codes: list[ResultCode], index: int, correct: int) -> Share:
    answers = [c.answers[index] for c in codes if c.answers[index]]
    if len(answers) < MIN_GROUP:
        return Share(len(answers), None, None)
    return Share(
        answered=len(answers),
        right=sum(a == correct for a in answers),
        confidence=_mean([c.confidence[index] for c in codes if c.answers[index]]),
    )


def tally_group(check: KnowledgeCheck, course: Course, codes: list[ResultCode]) -> GroupTally:
    """Before against after for one form; every code must be for this track and version."""
    by_phase = {phase: [c for c in codes if c.phase == phase] for phase in PHASES}
    shown = {phase: len(by_phase[phase]) >= MIN_GROUP for phase in PHASES}
    items = []
    for index, item in enumerate(check.items):
        correct = next(i for i, o in enumerate(item.options, start=1) if o.correct)
        shares = {p: _share(by_phase[p], index, correct) if shown[p] else None for p in PHASES}
        items.append(ItemTally(item.id, item.prompt, shares["before"], shares["after"]))
    after = by_phase["after"]
    skills = tuple(
        SkillTally(
            skill.id,
            skill.can,
            _mean([c.then[index] for c in after]) if shown["after"] else None,
            _mean([c.now[index] for c in after]) if shown["after"] else None,
        )
        for index, skill in enumerate(check.then_now)
    )
    return GroupTally(
        audience=check.audience,
        track=course.audiences[check.audience].title,
        code=check.code,
        version=check.version,
        counts={p: len(by_phase[p]) for p in PHASES},
        shown=shown,
        items=tuple(items),
        skills=skills,
    )


def form_for(code: ResultCode, course: Course) -> KnowledgeCheck | None:
    """The knowledge check a code was made from, if this course has that track at that version."""
    for check in course.knowledge_checks.values():
        if check.code == code.track and check.version == code.version:
            return check
    return None


def tally(codes: Iterable[ResultCode], course: Course) -> list[GroupTally]:
    """One tally per track and version found among the codes, in track order.

    Codes whose track or version this course does not have are the caller's to report
    (see `form_for`); they are left out here.
    """
    grouped: dict[str, list[ResultCode]] = {}
    for code in codes:
        check = form_for(code, course)
        if check:
            grouped.setdefault(check.audience, []).append(code)
    return [
        tally_group(course.knowledge_checks[a.id], course, grouped[a.id])
        for a in course.ordered_audiences()
        if a.id in grouped
    ]
