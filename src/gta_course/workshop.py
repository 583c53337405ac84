"""Workshop planning: one session, from chosen lessons, that fits exactly N minutes. Pure, no I/O.

A trainer has a fixed slot (45, 90, 180 minutes...). The plan keeps the frame every session
needs (welcome and ground rules, the content note, and a help-and-safety close that is always
last), keeps each lesson's segments together, keeps the activities that practise each lesson's
objectives, and gives a session of 150 minutes or more one 15-minute break inside minutes 75 to
105, never straight after a heavy activity unless a debrief comes first.

Every segment lasts a multiple of five minutes, so clock times stay readable. Choosing the
lengths is a small shortest-path problem: segments are taken in order, each with the lengths it
may have and a cost for leaving its usual length, and the state is the elapsed time (plus
whether the break is behind us and whether the last segment was heavy). The cheapest path that
ends exactly at N minutes is the plan; when there is none, `PlanningError` says what blocks it
and carries the nearest plan that does fit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Literal

from gta_course.model import Activity, Audience, Course
from gta_course.tailor import TailoredLesson, tailor_lesson

GRID = 5
BREAK_MINUTES = 15
BREAK_FROM = 150  # sessions at least this long get a break
BREAK_WINDOW = (75, 105)  # the break lies inside these minutes of the session
DEBRIEF_MINUTES = 5
SHORTEST_SESSION = 15
LONGEST_SESSION = 480
# Activities that can stir strong feelings: a break straight after one leaves people alone with it.
HEAVY_KINDS = frozenset({"role-play", "scenario-discussion", "case-study", "conversation-practice"})
# Room to grow what has no fixed length: teaching and discussion of one lesson.
MAX_TEACHING = 30
MAX_DISCUSSION = 20

SegmentKind = Literal[
    "welcome", "content-note", "teaching", "activity", "discussion", "quiz", "debrief", "break", "close"
]


@dataclass(frozen=True)
class Segment:
    """One timed part of the session, as the agenda and run sheet show it.

    `shortest` is what the segment can be cut to when the session runs late: 0 means it can be
    skipped, its own length means it must not be cut.
    """

    kind: SegmentKind
    title: str
    start: int
    minutes: int
    shortest: int
    lesson: TailoredLesson | None = None
    activity: Activity | None = None

    @property
    def end(self) -> int:
        """Elapsed minutes when the segment ends."""
        return self.start + self.minutes

    @property
    def heavy(self) -> bool:
        """An activity that can stir strong feelings."""
        return self.activity is not None and self.activity.kind in HEAVY_KINDS


@dataclass(frozen=True)
class WorkshopPlan:
    """A session that fits its minutes exactly; `start` gives clock times when the trainer sets it."""

    audience: Audience
    minutes: int
    country: str
    lessons: tuple[TailoredLesson, ...]
    segments: tuple[Segment, ...]
    start: dt.time | None = None

    def clock(self, elapsed: int) -> str:
        """Clock time at an elapsed minute, or "" when the plan has no start time."""
        if self.start is None:
            return ""
        moment = dt.datetime.combine(dt.date(2000, 1, 1), self.start) + dt.timedelta(minutes=elapsed)
        return moment.strftime("%H:%M")

    @property
    def slug(self) -> str:
        """File-name stem of this plan's kit: audience and length."""
        return f"{self.audience.id}-{self.minutes}min"


@dataclass
class PlanningError(Exception):
    """No plan fits: what blocks it, one reason a line, and the nearest plan that does fit."""

    blockers: list[str]
    nearest: WorkshopPlan | None = None

    def __str__(self) -> str:
        return "; ".join(self.blockers)


@dataclass(frozen=True)
class _Item:
    """A segment before its length is chosen: the lengths it may take and what each costs."""

    kind: SegmentKind
    title: str
    choices: tuple[tuple[int, int], ...]  # (minutes, cost); minutes 0 drops the segment
    lesson: TailoredLesson | None = None
    activity: Activity | None = None

    @property
    def shortest(self) -> int:
        return min(minutes for minutes, _ in self.choices)

    @property
    def longest(self) -> int:
        return max(minutes for minutes, _ in self.choices)


@dataclass
class _Step:
    """Best way found to reach one state: its cost and how we got here."""

    cost: int
    back: tuple[int, bool, bool] | None
    minutes: int
    break_here: bool = False
    debrief_here: bool = False


def plan_workshop(
    course: Course,
    audience_id: str,
    minutes: int,
    *,
    country: str,
    modules: Sequence[str] | None = None,
    start: dt.time | None = None,
) -> WorkshopPlan:
    """The cheapest session that fits exactly `minutes`; raise PlanningError when none does.

    Without `modules`, the plan takes the audience's lessons in course order, as many as fit
    at their usual lengths (at least one). With `modules`, it takes exactly those, in the given
    order; a module with no lesson for this audience is a blocker.
    """
    audience = course.audiences[audience_id]
    options = _lesson_options(course, audience, minutes, country, modules)
    blockers = _grid_blockers(minutes)
    if not blockers:
        for lessons in options:
            plan = _solve(audience, minutes, country, lessons, start)
            if plan is not None:
                return plan
        blockers = _fit_blockers(options[0], minutes)
    raise PlanningError(blockers, _nearest_plan(audience, minutes, country, options[0], start))


def _lesson_options(
    course: Course, audience: Audience, minutes: int, country: str, modules: Sequence[str] | None
) -> list[tuple[TailoredLesson, ...]]:
    """The lessons the session could teach, best first, each in the order it teaches them.

    Given modules are the only option. Otherwise the options are the first k lessons of the
    track, the k whose usual lengths come closest to the time available first, so a plan
    neither crams nor pads more than it must.
    """
    if modules:
        missing = [m for m in modules if f"{m}/{audience.id}" not in course.lessons]
        if missing:
            known = ", ".join(lesson.module for lesson in course.lessons_for(audience))
            raise PlanningError([f"no lesson for {audience.id} in module(s) {', '.join(missing)} (known: {known})"])
        return [
            tuple(tailor_lesson(course, course.lessons[f"{m}/{audience.id}"], country) for m in dict.fromkeys(modules))
        ]
    track = [tailor_lesson(course, lesson, country) for lesson in course.lessons_for(audience)]
    if not track:
        raise PlanningError([f"the course has no lessons for {audience.id}"])
    available = minutes - _frame_usual() - (BREAK_MINUTES if minutes >= BREAK_FROM else 0)
    totals = list(accumulate(_usual_length(lesson) for lesson in track))  # totals[k - 1]: the first k lessons
    counts = sorted(range(1, len(track) + 1), key=lambda k: (abs(totals[k - 1] - available), k))
    return [tuple(track[:k]) for k in counts]


def _usual_length(lesson: TailoredLesson) -> int:
    """Minutes a lesson takes in a workshop when nothing is stretched or cut."""
    return sum(_usual(item) for item in _lesson_items(lesson))


def _frame_usual() -> int:
    return sum(_usual(item) for item in (*_opening_items(), _closing_item()))


def _usual(item: _Item) -> int:
    """The length that costs nothing."""
    return min(item.choices, key=lambda choice: (choice[1], -choice[0]))[0]


def _grid(value: int, *, up: bool) -> int:
    """Round to the 5-minute grid."""
    return -(-value // GRID) * GRID if up else value // GRID * GRID


def _nearest_on_grid(value: int) -> int:
    return max(GRID, (value + GRID // 2) // GRID * GRID)


def _stepped(low: int, high: int, usual: int, weight: int) -> tuple[tuple[int, int], ...]:
    """Every grid length from low to high, costing `weight` per step away from `usual`."""
    return tuple((m, weight * abs(m - usual) // GRID) for m in range(low, high + 1, GRID))


def _opening_items() -> tuple[_Item, ...]:
    return (
        _Item("welcome", "Welcome and ground rules", _stepped(5, 10, 5, 3)),
        _Item("content-note", "Content note: what this session covers, and how to step out", ((5, 0),)),
    )


def _closing_item() -> _Item:
    return _Item("close", "Help and safety: where to get help, and looking after yourself", _stepped(5, 10, 5, 2))


def _activity_choices(activity: Activity, *, optional: bool) -> tuple[tuple[int, int], ...]:
    """Grid lengths an activity may take; an optional one may also be dropped, at a price."""
    low, high = activity.minutes_range
    usual = _nearest_on_grid(activity.minutes)
    choices = _stepped(max(GRID, _grid(low, up=False)), max(GRID, _grid(high, up=True)), usual, 2)
    return (*choices, (0, 10 + usual // GRID)) if optional else choices


def core_activities(lesson: TailoredLesson) -> list[Activity]:
    """The fewest activities that practise every objective the lesson's activities practise.

    The audience's required kinds of activity (a peer session plan for youth advocates) are
    always kept; then activities are added greedily, the one practising most uncovered
    objectives first, until the union of all activities' objectives is covered.
    """
    activities = lesson.lesson.activities
    every = range(1, len(lesson.lesson.objectives) + 1)

    def practised(activity: Activity) -> set[int]:
        return set(activity.practises or every)

    wanted = set().union(*(practised(a) for a in activities))
    core = [a for a in activities if a.kind in lesson.audience.required_activities]
    covered = set().union(*(practised(a) for a in core)) if core else set()
    while not core or covered < wanted:
        best = max((a for a in activities if a not in core), key=lambda a: len(practised(a) - covered))
        core.append(best)
        covered |= practised(best)
    return [a for a in activities if a in core]


def _lesson_items(lesson: TailoredLesson) -> list[_Item]:
    """A lesson's segments: teaching, its activities, discussion and quiz, in that order."""
    name = f"{lesson.module.number}. {lesson.module.title}"
    teaching = _nearest_on_grid(lesson.timing[1].minutes)
    discussion = _nearest_on_grid(lesson.lesson.discussion_minutes) if lesson.lesson.discussion_minutes else 0
    core = core_activities(lesson)
    return [
        _Item(
            "teaching",
            f"{name}: objectives and key messages",
            _stepped(5, max(teaching, MAX_TEACHING), teaching, 1),
            lesson,
        ),
        *(
            _Item("activity", f"Activity: {a.title}", _activity_choices(a, optional=a not in core), lesson, a)
            for a in lesson.lesson.activities
        ),
        _Item(
            "discussion",
            "Talk about it: discussion prompts",
            _stepped(0, max(discussion, MAX_DISCUSSION), discussion, 1),
            lesson,
        ),
        _Item("quiz", "Quiz and reflection", ((5, 0), (0, 3)), lesson),
    ]


def _items(lessons: Sequence[TailoredLesson]) -> list[_Item]:
    return [*_opening_items(), *(item for lesson in lessons for item in _lesson_items(lesson)), _closing_item()]


State = tuple[int, bool, bool]  # elapsed minutes, break behind us, last segment heavy


def _solve(
    audience: Audience, minutes: int, country: str, lessons: tuple[TailoredLesson, ...], start: dt.time | None
) -> WorkshopPlan | None:
    """The cheapest arrangement that ends exactly at `minutes`, or None."""
    items = _items(lessons)
    needs_break = minutes >= BREAK_FROM
    layers: list[dict[State, _Step]] = [{(0, False, False): _Step(0, None, 0)}]
    for index, item in enumerate(items):
        layer: dict[State, _Step] = {}
        for state, step in layers[-1].items():
            for entry in _entries(state, index, needs_break):
                elapsed, done, heavy, extra_cost, break_here, debrief_here = entry
                for length, cost in item.choices:
                    end = elapsed + length
                    if end > minutes:
                        continue
                    is_heavy = item.activity is not None and item.activity.kind in HEAVY_KINDS
                    new_state = (end, done, is_heavy if length else heavy)
                    total = step.cost + extra_cost + cost
                    best = layer.get(new_state)
                    if best is None or total < best.cost:
                        layer[new_state] = _Step(total, state, length, break_here, debrief_here)
        layers.append(layer)
    finals = [s for s in layers[-1] if s[0] == minutes and s[1] == needs_break]
    if not finals:
        return None
    final = min(finals, key=lambda s: (layers[-1][s].cost, s))
    return _build(audience, minutes, country, lessons, start, items, layers, final)


def _entries(state: State, index: int, needs_break: bool) -> list[tuple[int, bool, bool, int, bool, bool]]:
    """Ways to begin item `index` from a state: straight on, or after the break (and a debrief).

    The break may come only after the opening (index 2 onwards) and before the close, which
    is the last item; only one break is taken.
    """
    elapsed, done, heavy = state
    entries = [(elapsed, done, heavy, 0, False, False)]
    if needs_break and not done and index >= 2:
        debrief = DEBRIEF_MINUTES if heavy else 0
        begins = elapsed + debrief
        if BREAK_WINDOW[0] <= begins and begins + BREAK_MINUTES <= BREAK_WINDOW[1]:
            cost = abs(2 * begins + BREAK_MINUTES - sum(BREAK_WINDOW)) // GRID + (2 if debrief else 0)
            entries.append((begins + BREAK_MINUTES, True, False, cost, True, bool(debrief)))
    return entries


def _build(
    audience: Audience,
    minutes: int,
    country: str,
    lessons: tuple[TailoredLesson, ...],
    start: dt.time | None,
    items: list[_Item],
    layers: list[dict[State, _Step]],
    final: State,
) -> WorkshopPlan:
    """Walk the back-pointers into segments with their start times."""
    chosen: list[_Step] = []
    state: State | None = final
    for layer in reversed(layers[1:]):
        assert state is not None
        step = layer[state]
        chosen.append(step)
        state = step.back
    chosen.reverse()
    segments: list[Segment] = []
    elapsed = 0
    for item, step in zip(items, chosen, strict=True):
        if step.debrief_here:
            segments.append(
                Segment("debrief", "Debrief: how is everyone doing?", elapsed, DEBRIEF_MINUTES, DEBRIEF_MINUTES)
            )
            elapsed += DEBRIEF_MINUTES
        if step.break_here:
            segments.append(Segment("break", "Break", elapsed, BREAK_MINUTES, BREAK_MINUTES))
            elapsed += BREAK_MINUTES
        if step.minutes:
            segments.append(
                Segment(item.kind, item.title, elapsed, step.minutes, item.shortest, item.lesson, item.activity)
            )
            elapsed += step.minutes
    return WorkshopPlan(audience, minutes, country, lessons, tuple(segments), start)


def _grid_blockers(minutes: int) -> list[str]:
    if minutes % GRID:
        return [f"{minutes} minutes is not on the {GRID}-minute grid: plans are made of {GRID}-minute steps"]
    if not SHORTEST_SESSION <= minutes <= LONGEST_SESSION:
        return [f"{minutes} minutes is outside {SHORTEST_SESSION} to {LONGEST_SESSION} minutes"]
    return []


def _fit_blockers(lessons: Sequence[TailoredLesson], minutes: int) -> list[str]:
    """Why no arrangement of these lessons lasts exactly `minutes`."""
    items = _items(lessons)
    needs_break = minutes >= BREAK_FROM
    pause = BREAK_MINUTES if needs_break else 0
    shortest = sum(item.shortest for item in items) + pause
    longest = sum(item.longest for item in items)
    names = ", ".join(f"'{lesson.module.title}'" for lesson in lessons)
    if minutes < shortest:
        core = "; ".join(
            f"'{lesson.module.title}' keeps {', '.join(a.title for a in core_activities(lesson))}" for lesson in lessons
        )
        return [
            f"{names} need(s) at least {shortest} minutes: the frame (welcome, content note, help close) "
            f"takes {sum(i.shortest for i in (*_opening_items(), _closing_item()))}, each lesson at least "
            f"{GRID} minutes of teaching and the activities that practise its objectives ({core})"
            + (f", plus the {BREAK_MINUTES}-minute break" if pause else "")
        ]
    if minutes > longest + pause:
        return [
            f"{names} stretch(es) to at most {longest} minutes"
            + (f" plus the {BREAK_MINUTES}-minute break" if pause else "")
            + f", with every activity at its longest, {MAX_TEACHING} minutes of teaching and "
            f"{MAX_DISCUSSION} of discussion per lesson (hint: add modules with --modules)"
        ]
    return [
        f"no arrangement puts the {BREAK_MINUTES}-minute break inside minutes {BREAK_WINDOW[0]} to "
        f"{BREAK_WINDOW[1]} and still ends at {minutes} minutes"
    ]


def _nearest_plan(
    audience: Audience, minutes: int, country: str, lessons: tuple[TailoredLesson, ...], start: dt.time | None
) -> WorkshopPlan | None:
    """The feasible session closest in length (the shorter one on a tie)."""
    base = _grid(minutes, up=False)
    for distance in range(0, LONGEST_SESSION, GRID):
        for candidate in (
            (base - distance, base + GRID + distance) if minutes % GRID else (base - distance, base + distance)
        ):
            if candidate != minutes and SHORTEST_SESSION <= candidate <= LONGEST_SESSION:
                plan = _solve(audience, candidate, country, lessons, start)
                if plan is not None:
                    return plan
    return None


KIT_MINUTES = (45, 90, 180)


@dataclass(frozen=True)
class ReadyKit:
    """A ready-made kit the site offers: its plan, or why that length cannot be planned."""

    audience: Audience
    minutes: int
    plan: WorkshopPlan | None
    blockers: tuple[str, ...] = ()


def ready_made_kits(course: Course, country: str) -> list[ReadyKit]:
    """A 45-, 90- and 180-minute kit for every audience with lessons, in track order."""
    kits = []
    for audience in course.ordered_audiences():
        if not course.lessons_for(audience):
            continue
        for minutes in KIT_MINUTES:
            try:
                kits.append(ReadyKit(audience, minutes, plan_workshop(course, audience.id, minutes, country=country)))
            except PlanningError as error:
                kits.append(ReadyKit(audience, minutes, None, tuple(error.blockers)))
    return kits
