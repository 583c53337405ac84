"""The workshop planner: every plan fits its minutes exactly, keeps its frame, breaks and lessons right."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from gta_course.content.loader import LoadedCourse, default_pack, load_course
from gta_course.model import Activity, Course
from gta_course.workshop import (
    BREAK_FROM,
    BREAK_MINUTES,
    BREAK_WINDOW,
    GRID,
    KIT_MINUTES,
    PlanningError,
    WorkshopPlan,
    core_activities,
    plan_workshop,
    ready_made_kits,
)

COURSE = load_course([default_pack()]).course  # Hypothesis wants no function-scoped fixtures


def assert_valid(plan: WorkshopPlan, minutes: int) -> None:
    """Everything a plan promises, checked from its segments."""
    segments = plan.segments
    assert plan.minutes == minutes
    assert sum(s.minutes for s in segments) == minutes
    elapsed = 0
    for segment in segments:
        assert segment.start == elapsed
        assert segment.minutes > 0 and segment.minutes % GRID == 0
        elapsed = segment.end
    assert [s.kind for s in segments[:2]] == ["welcome", "content-note"]
    assert segments[-1].kind == "close"
    assert [s.kind for s in segments].count("close") == 1

    breaks = [i for i, s in enumerate(segments) if s.kind == "break"]
    if minutes >= BREAK_FROM:
        assert len(breaks) == 1
        pause = segments[breaks[0]]
        assert pause.minutes == BREAK_MINUTES
        assert BREAK_WINDOW[0] <= pause.start and pause.end <= BREAK_WINDOW[1]
        assert not segments[breaks[0] - 1].heavy, "a heavy activity needs a debrief before the break"
    else:
        assert not breaks
    assert all(s.kind != "debrief" or segments[i + 1].kind == "break" for i, s in enumerate(segments[:-1]))

    order = [t.lesson.id for t in plan.lessons]
    taught = [s.lesson.lesson.id for s in segments if s.lesson is not None]
    blocks = [lesson for i, lesson in enumerate(taught) if i == 0 or taught[i - 1] != lesson]
    assert blocks == order, "each lesson is taught in one block, in the plan's order"
    for t in plan.lessons:
        mine = [s for s in segments if s.lesson is t]
        assert mine[0].kind == "teaching"
        activities = [s.activity for s in mine if s.activity is not None]
        assert activities, "every lesson keeps an activity"
        every = set(range(1, len(t.lesson.objectives) + 1))
        wanted = set().union(*(set(a.practises or every) for a in t.lesson.activities))
        covered = set().union(*(set(a.practises or every) for a in activities))
        assert covered >= wanted
        for segment in mine:
            if segment.activity is not None:
                low, high = segment.activity.minutes_range
                assert low - GRID < segment.minutes < high + GRID


@pytest.mark.parametrize("minutes", KIT_MINUTES)
def test_kits_fit_exactly_for_every_audience(minutes: int) -> None:
    for audience in COURSE.audiences:
        plan = plan_workshop(COURSE, audience, minutes, country="GB")
        assert_valid(plan, minutes)


def test_ready_made_kits_cover_every_audience_and_length() -> None:
    kits = ready_made_kits(COURSE, "GB")
    assert {(k.audience.id, k.minutes) for k in kits} == {(a, m) for a in COURSE.audiences for m in KIT_MINUTES}
    assert all(k.plan is not None and not k.blockers for k in kits)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    audience=st.sampled_from(sorted(COURSE.audiences)),
    minutes=st.integers(min_value=15, max_value=300),
    picks=st.lists(st.integers(min_value=0, max_value=11), min_size=0, max_size=3, unique=True),
)
def test_random_lengths_fit_or_say_why(audience: str, minutes: int, picks: list[int]) -> None:
    modules = [m.id for m in COURSE.ordered_modules()]
    chosen = [modules[i] for i in picks] or None
    try:
        plan = plan_workshop(COURSE, audience, minutes, country="GB", modules=chosen)
    except PlanningError as error:
        assert error.blockers and all(error.blockers)
        assert error.nearest is not None
        assert error.nearest.minutes != minutes
        assert_valid(error.nearest, error.nearest.minutes)
        return
    assert minutes % GRID == 0
    assert_valid(plan, minutes)
    if chosen:
        assert [t.module.id for t in plan.lessons] == chosen


def test_off_grid_length_is_refused_with_the_nearest_plan() -> None:
    with pytest.raises(PlanningError) as caught:
        plan_workshop(COURSE, "parents", 47, country="GB")
    assert "5-minute grid" in caught.value.blockers[0]
    assert caught.value.nearest is not None and caught.value.nearest.minutes == 45


def test_too_short_says_what_it_needs() -> None:
    with pytest.raises(PlanningError) as caught:
        plan_workshop(COURSE, "parents", 20, country="GB", modules=["threat-landscape"])
    assert "at least" in caught.value.blockers[0]
    nearest = caught.value.nearest
    assert nearest is not None and nearest.minutes > 20
    assert_valid(nearest, nearest.minutes)


def test_too_long_for_the_chosen_modules_says_so() -> None:
    with pytest.raises(PlanningError) as caught:
        plan_workshop(COURSE, "parents", 400, country="GB", modules=["threat-landscape"])
    assert "at most" in caught.value.blockers[0] and "--modules" in caught.value.blockers[0]
    assert caught.value.nearest is not None and caught.value.nearest.minutes < 400


def test_unknown_module_is_a_blocker() -> None:
    with pytest.raises(PlanningError) as caught:
        plan_workshop(COURSE, "parents", 90, country="GB", modules=["no-such-module"])
    assert "no-such-module" in caught.value.blockers[0]


def test_clock_times_follow_the_start() -> None:
    plan = plan_workshop(COURSE, "parents", 90, country="GB", start=dt.time(18, 30))
    assert plan.clock(0) == "18:30"
    assert plan.clock(plan.segments[-1].start) == "19:55"
    assert plan_workshop(COURSE, "parents", 90, country="GB").clock(0) == ""


def _flex_course() -> Course:
    """The default course with one lesson whose activities declare flex and practised objectives."""
    lesson = COURSE.lessons["threat-landscape/parents"]
    first, second, *rest = lesson.activities
    stretchy = first.model_copy(update={"min_minutes": 5, "max_minutes": 40, "practises": [1, 2]})
    narrow = second.model_copy(update={"practises": list(range(3, len(lesson.objectives) + 1))})
    others = [a.model_copy(update={"practises": [1]}) for a in rest]
    changed = lesson.model_copy(update={"activities": [stretchy, narrow, *others]})
    return COURSE.model_copy(update={"lessons": {**COURSE.lessons, lesson.id: changed}})


def test_flexible_activities_stretch_and_objectives_stay_covered() -> None:
    course = _flex_course()
    lesson = course.lessons["threat-landscape/parents"]
    plan = plan_workshop(course, "parents", 45, country="GB", modules=["threat-landscape"])
    assert_valid(plan, 45)
    kept = {s.activity.id for s in plan.segments if s.activity is not None}
    assert {lesson.activities[0].id, lesson.activities[1].id} <= kept  # only together do they practise every objective
    long = plan_workshop(course, "parents", 120, country="GB", modules=["threat-landscape"])
    stretched = next(s for s in long.segments if s.activity is not None and s.activity.id == lesson.activities[0].id)
    assert stretched.minutes > lesson.activities[0].minutes


def test_required_activity_kinds_are_always_kept(default_course: LoadedCourse) -> None:
    course = default_course.course
    for lesson in course.lessons_for(course.audiences["youth-advocates"]):
        plan = plan_workshop(course, "youth-advocates", 45, country="GB", modules=[lesson.module])
        kinds = {s.activity.kind for s in plan.segments if s.activity is not None}
        assert "peer-session-plan" in kinds
        assert {a.kind for a in core_activities(plan.lessons[0])} >= {"peer-session-plan"}


def test_activity_flex_must_contain_its_default() -> None:
    base = COURSE.lessons["threat-landscape/parents"].activities[0].model_dump()
    with pytest.raises(ValidationError, match="between min_minutes"):
        Activity.model_validate({**base, "minutes": 10, "min_minutes": 15})
    assert Activity.model_validate({**base, "minutes": 10, "min_minutes": 5, "max_minutes": 20}).minutes_range == (
        5,
        20,
    )


def test_practised_objectives_must_exist() -> None:
    lesson = COURSE.lessons["threat-landscape/parents"]
    data = lesson.model_dump(by_alias=True)
    data["activities"][0]["practises"] = [9]
    with pytest.raises(ValidationError, match="practises objectives"):
        type(lesson).model_validate(data)
