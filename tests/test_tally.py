"""The tally: codes made from known answers come back as the right counts, and small groups stay hidden."""

from __future__ import annotations

import random

from gta_course.content.loader import LoadedCourse
from gta_course.result_code import ResultCode, decode, encode
from gta_course.tally import MIN_GROUP, form_for, tally


def learner(check_code: str, version: int, phase: str, answers: list[int], confidence: int = 3) -> ResultCode:
    after = phase == "after"
    return decode(
        encode(
            ResultCode(
                check_code,
                phase,  # type: ignore[arg-type]
                version,
                tuple(answers),
                (confidence,) * 6,
                (1, 2, 0) if after else (),
                (3, 4, 0) if after else (),
            )
        )
    )


def test_tally_round_trips_known_answers(default_course: LoadedCourse) -> None:
    course = default_course.course
    check = course.knowledge_checks["parents"]
    right = [next(i for i, o in enumerate(item.options, start=1) if o.correct) for item in check.items]
    wrong = [1 if r != 1 else 2 for r in right]
    before = [learner(check.code, check.version, "before", wrong, 2) for _ in range(6)]
    before += [learner(check.code, check.version, "before", right, 2) for _ in range(2)]
    after = [learner(check.code, check.version, "after", right, 4) for _ in range(7)]
    after += [learner(check.code, check.version, "after", [0] * 6, 0) for _ in range(1)]  # skipped everything
    random.Random(3).shuffle(codes := before + after)
    (group,) = tally(codes, course)
    assert group.audience == "parents" and group.counts == {"before": 8, "after": 8}
    for item in group.items:
        assert item.before is not None and item.after is not None
        assert (item.before.answered, item.before.right, item.before.percent) == (8, 2, 25)
        assert (item.after.answered, item.after.right, item.after.percent) == (7, 7, 100)
        assert (item.before.confidence, item.after.confidence) == (2.0, 4.0)
    first, second, third = group.skills
    assert (first.then, first.now, second.then, second.now) == (1.0, 3.0, 2.0, 4.0)
    assert third.then is None and third.now is None  # nobody rated it: nothing to show


def test_groups_smaller_than_five_are_hidden(default_course: LoadedCourse) -> None:
    course = default_course.course
    check = course.knowledge_checks["youth-advocates"]
    codes = [learner(check.code, check.version, "before", [1] * 6) for _ in range(MIN_GROUP)]
    codes += [learner(check.code, check.version, "after", [1] * 6) for _ in range(MIN_GROUP - 1)]
    (group,) = tally(codes, course)
    assert group.shown == {"before": True, "after": False}
    assert all(i.before is not None and i.after is None for i in group.items)
    assert all(s.then is None and s.now is None for s in group.skills)


def test_items_answered_by_fewer_than_five_show_no_figures(default_course: LoadedCourse) -> None:
    course = default_course.course
    check = course.knowledge_checks["educators"]
    codes = [learner(check.code, check.version, "before", [1, 0, 0, 0, 0, 0]) for _ in range(4)]
    codes += [learner(check.code, check.version, "before", [1, 1, 0, 0, 0, 0]) for _ in range(2)]
    (group,) = tally(codes, course)
    first, second = group.items[0], group.items[1]
    assert first.before is not None and first.before.answered == 6 and first.before.right is not None
    assert second.before is not None and second.before.answered == 2 and second.before.right is None


def test_codes_from_another_form_are_not_mixed_in(default_course: LoadedCourse) -> None:
    course = default_course.course
    check = course.knowledge_checks["tech-policy"]
    stale = learner(check.code, check.version + 1, "before", [1] * 6)
    assert form_for(stale, course) is None
    assert tally([stale] * 10, course) == []
