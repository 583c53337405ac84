"""Tailoring: a module taught to one audience becomes a lesson ready to render. Pure, no I/O.

Everything an output needs that is not written in the lesson itself is decided here, once:
the session length and its timing plan, the content note, which facts and sources it stands
on, and which help services to show for the reader's country. Renderers then only format.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from gta_course.model import FACILITATOR_ONLY, Audience, Course, Fact, HelpKind, Helpline, Lesson, Module, Source

FACT_ROLE = re.compile(r"\{fact\}`([^`]*)`")

# Fixed parts of every session; what is left after them and the activities is teaching time.
OPENING_MINUTES = 5
QUIZ_MINUTES = 5
CLOSING_MINUTES = 5
MIN_TEACHING_MINUTES = 10
FIXED_MINUTES = OPENING_MINUTES + QUIZ_MINUTES + CLOSING_MINUTES

# Three ways forward on every page (safe-messaging rules): a helpline, a reporting route, and
# emergency services, whatever the module asks for besides.
ALWAYS_SHOWN: tuple[HelpKind, ...] = ("report", "support", "crisis", "emergency")


@dataclass(frozen=True)
class TimingRow:
    """One segment of a session, as a facilitator's agenda shows it."""

    label: str
    minutes: int


@dataclass(frozen=True)
class HelpGroup:
    """The services of one country, in the order a reader should see them."""

    country: str
    services: tuple[Helpline, ...]


@dataclass(frozen=True)
class TailoredLesson:
    """A lesson with everything it needs to be rendered for its audience and country.

    The timing plan and the disclosure procedure are the facilitator's (see editions.py).
    """

    lesson: Lesson
    module: Module
    audience: Audience
    minutes: int
    content_note: str
    facts: tuple[Fact, ...]
    sources: tuple[Source, ...]
    help: tuple[HelpGroup, ...]
    timing: tuple[TimingRow, ...] = field(metadata=FACILITATOR_ONLY)
    disclosure_steps: tuple[str, ...] = field(metadata=FACILITATOR_ONLY)

    @property
    def slug(self) -> str:
        """File name of the lesson inside its audience's folder; numbered so files sort in order."""
        return f"{self.module.number:02d}-{self.module.id}"

    @property
    def docname(self) -> str:
        """Path of the page in the book, without suffix."""
        return f"{self.audience.id}/{self.slug}"

    @property
    def label(self) -> str:
        """Cross-reference target of the page."""
        return f"lesson-{self.audience.id}-{self.module.id}"

    @property
    def title(self) -> str:
        """Page title: module number and name; the audience shows in the part it sits in."""
        return f"{self.module.number}. {self.module.title}"


def cited_fact_ids(text: str) -> list[str]:
    """Fact ids cited with the {fact} role in a piece of MyST, in order of appearance."""
    return FACT_ROLE.findall(text)


def lesson_minutes(lesson: Lesson, audience: Audience) -> int:
    """A lesson may set its own length; otherwise it takes the audience's usual session."""
    return lesson.minutes or audience.session_minutes


def timing_plan(lesson: Lesson, minutes: int) -> tuple[TimingRow, ...]:
    """Split a session into opening, teaching, activities, quiz and close.

    Teaching gets whatever the activities leave, so a longer session deepens discussion of
    the content instead of adding filler. The check reports plans with too little teaching.
    """
    discussion = lesson.discussion_minutes or 0
    activity_minutes = sum(a.minutes for a in lesson.activities)
    teaching = minutes - FIXED_MINUTES - activity_minutes - discussion
    rows = [
        TimingRow("Welcome, content note and ground rules", OPENING_MINUTES),
        TimingRow("Key messages and teaching", teaching),
        *(TimingRow(f"Activity: {a.title}", a.minutes) for a in lesson.activities),
        *([TimingRow("Discussion: talk about it", discussion)] if discussion else []),
        TimingRow("Quiz and reflection", QUIZ_MINUTES),
        TimingRow("Close: where to get help, next steps", CLOSING_MINUTES),
    ]
    return tuple(rows)


def _unique(items: Iterable[str]) -> list[str]:
    """Items in first-seen order without repeats."""
    return list(dict.fromkeys(items))


def country_order(course: Course, country: str) -> list[str]:
    """The reader's country first, then the course's other countries, then international directories."""
    return _unique([country, *(c for c in course.info.countries if c != "INT"), "INT"])


def select_help(course: Course, module: Module, audience: Audience, country: str) -> tuple[HelpGroup, ...]:
    """Help services for a page: the reader's country first, then the others, then international.

    Within a country, services of the kinds the module asks for come first, in its order, and
    services meant for the readers themselves (children for young readers) before the rest.
    """
    return help_of_kinds(course, module.help, audience, country)


def help_of_kinds(course: Course, kinds: Iterable[HelpKind], audience: Audience, country: str) -> tuple[HelpGroup, ...]:
    """Services of the given kinds (and the ones every page shows) for these readers, by country.

    Pages about more than one module (a workshop, a track's tip sheet) pass the kinds of all of
    them, in order.
    """
    ordered = _unique([*kinds, *ALWAYS_SHOWN])

    def rank(line: Helpline) -> tuple[int, int]:
        audience_rank = 0 if (audience.young and line.for_ == "children") else 1
        return ordered.index(line.kind), audience_rank

    groups = []
    for code in country_order(course, country):
        services = [
            line
            for line in course.helplines
            if line.country == code and line.kind in ordered and line.for_ in audience.help_for
        ]
        if services:
            groups.append(HelpGroup(code, tuple(sorted(services, key=rank))))
    return tuple(groups)


def general_help(course: Course, country: str) -> tuple[HelpGroup, ...]:
    """Help for pages that are not about one module: every kind, for every reader, by country."""
    groups = []
    for code in country_order(course, country):
        services = tuple(line for line in course.helplines if line.country == code)
        if services:
            groups.append(HelpGroup(code, services))
    return tuple(groups)


def tailor_lesson(course: Course, lesson: Lesson, country: str) -> TailoredLesson:
    """One lesson, tailored to its audience and to the reader's country."""
    module = course.modules[lesson.module]
    audience = course.audiences[lesson.audience]
    minutes = lesson_minutes(lesson, audience)
    cited = [fid for part in lesson.authored_text() for fid in cited_fact_ids(part.text)]
    fact_ids = _unique([*cited, *module.facts, *lesson.facts])
    facts = tuple(course.facts[fid] for fid in fact_ids)
    source_ids = _unique([*(sid for f in facts for sid in f.sources), *lesson.sources])
    return TailoredLesson(
        lesson=lesson,
        module=module,
        audience=audience,
        minutes=minutes,
        content_note=" ".join(part for part in (module.content_note, lesson.content_note) if part),
        facts=facts,
        sources=tuple(course.sources[sid] for sid in source_ids),
        help=select_help(course, module, audience, country),
        timing=timing_plan(lesson, minutes),
        disclosure_steps=tuple(course.rules.disclosure_steps),
    )


def tailor_course(course: Course, country: str) -> list[TailoredLesson]:
    """Every lesson of the course, track by track, in module order."""
    return [
        tailor_lesson(course, lesson, country) for a in course.ordered_audiences() for lesson in course.lessons_for(a)
    ]


def group_by_track(lessons: list[TailoredLesson]) -> dict[str, list[TailoredLesson]]:
    """Lessons keyed by audience id, each track keeping module order."""
    tracks: dict[str, list[TailoredLesson]] = {}
    for lesson in lessons:
        tracks.setdefault(lesson.audience.id, []).append(lesson)
    return tracks
