"""Result codes: they round-trip, read leniently, and their check symbol catches typing slips."""

from __future__ import annotations

import random

import pytest

from gta_course.result_code import ALPHABET, CodeError, ResultCode, decode, encode, normalise


def random_code(rng: random.Random, phase: str) -> ResultCode:
    after = phase == "after"
    return ResultCode(
        track=rng.choice(["PA", "ED", "YA", "CM", "TP", "XYZ"]),
        phase=phase,  # type: ignore[arg-type]
        version=rng.randint(1, 31),
        answers=tuple(rng.randint(0, 4) for _ in range(6)),
        confidence=tuple(rng.randint(0, 4) for _ in range(6)),
        then=tuple(rng.randint(0, 4) for _ in range(3)) if after else (),
        now=tuple(rng.randint(0, 4) for _ in range(3)) if after else (),
    )


def test_every_code_round_trips() -> None:
    rng = random.Random(15)
    for _ in range(2000):
        code = random_code(rng, rng.choice(["before", "after"]))
        assert decode(encode(code)) == code


def test_extremes_round_trip_and_have_fixed_length() -> None:
    for value in (0, 4):
        for phase, length in (("before", 6), ("after", 9)):
            then = (value,) * 3 if phase == "after" else ()
            code = ResultCode("PA", phase, 31, (value,) * 6, (value,) * 6, then, then)  # type: ignore[arg-type]
            text = encode(code)
            assert decode(text) == code
            assert len(normalise(text)) == 2 + 2 + length + 1


def test_reading_is_lenient_about_case_separators_and_look_alikes() -> None:
    code = ResultCode("PA", "before", 1, (1, 2, 3, 4, 0, 1), (4, 3, 2, 1, 0, 2))
    text = encode(code)
    assert decode(text.lower().replace("-", " ")) == code
    assert decode(text.replace("0", "O").replace("1", "I")) == code


def test_any_one_mistyped_symbol_or_swapped_neighbours_is_caught() -> None:
    rng = random.Random(1)
    missed = tried = 0
    for _ in range(100):
        symbols = normalise(encode(random_code(rng, rng.choice(["before", "after"]))))
        variants = [
            symbols[:i] + c + symbols[i + 1 :] for i in range(len(symbols)) for c in ALPHABET if c != symbols[i]
        ]
        variants += [
            symbols[:i] + symbols[i + 1] + symbols[i] + symbols[i + 2 :]
            for i in range(len(symbols) - 1)
            if symbols[i] != symbols[i + 1]
        ]
        for variant in variants:
            tried += 1
            try:
                decode(variant)
            except CodeError:
                continue
            missed += 1
    assert tried > 40_000 and missed == 0


@pytest.mark.parametrize(
    ("text", "why"),
    [("PA-B1-2RXP", "length"), ("PA-B1-2RXP-0QU", "cannot be in"), ("", "length"), ("PA-C1-2RXP-0QX", "length")],
)
def test_bad_codes_say_why(text: str, why: str) -> None:
    with pytest.raises(CodeError, match=why):
        decode(text)


def test_codes_hold_no_more_than_a_form() -> None:
    with pytest.raises(CodeError):
        ResultCode("PA", "before", 1, (5, 0, 0, 0, 0, 0), (0,) * 6)
    with pytest.raises(CodeError):
        ResultCode("PA", "before", 1, (0,) * 6, (0,) * 6, (1, 1, 1), (1, 1, 1))
    with pytest.raises(CodeError):
        ResultCode("PI", "before", 1, (0,) * 6, (0,) * 6)  # I is not in the alphabet
