"""Result codes of the knowledge check: a learner's answers in a short code a person can copy by hand. Pure.

A code says which track and form version it is for, whether it was taken before or after the
course, each answer (A-D or none), each confidence rating (1-4 or none) and, after the course,
the then/now ratings; nothing else, so it identifies no one. The same encoding is written in
sphinx_ext/static/knowledge-check.js, which makes the code in the learner's browser.

Layout, in Crockford's base 32 (digits and capitals without I, L, O, U; read case-insensitively,
O as 0 and I or L as 1, hyphens and spaces ignored):

    PA-B1-0M3R-K7X          track code, phase (B before, A after) and form version, then
    PA-A1-0M3R-K7QZ-P4      the answers as one number in fixed width, then a check symbol

The number is mixed-radix, first digit most significant: per item `answer * 5 + confidence`
(answer 0 = none, 1-4 = A-D; confidence 0 = none, 1-4), then for each then/now skill the
'before' and the 'now' rating (0 = none, 1-4). It fills 6 symbols before the course and 9 after.
The check symbol weighs every other symbol by its position in the field of 32 elements
(`check_symbol`), which catches any one mistyped symbol and any two symbols swapped.
"""

from __future__ import annotations

from dataclasses import dataclass

from gta_course.assessment import Phase

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
ITEMS = 6
THEN_NOW = 3
RADIX = 5  # 0 = no answer, then four choices
PAYLOAD_LENGTH = {"before": 6, "after": 9}  # 25**6 < 32**6; 25**6 * 5**6 < 32**9
PHASE_LETTER: dict[Phase, str] = {"before": "B", "after": "A"}
READ_AS = {"O": "0", "I": "1", "L": "1"}


class CodeError(ValueError):
    """A string that is not a valid result code; the message says why, for the person typing it."""


@dataclass(frozen=True)
class ResultCode:
    """One learner's answers to one form: 0 means 'not answered' throughout."""

    track: str
    phase: Phase
    version: int
    answers: tuple[int, ...]  # 0-4 per item: none, A-D
    confidence: tuple[int, ...]  # 0-4 per item
    then: tuple[int, ...] = ()  # 0-4 per skill, after the course only
    now: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        expected = THEN_NOW if self.phase == "after" else 0
        sizes = (len(self.answers), len(self.confidence), len(self.then), len(self.now))
        if sizes != (ITEMS, ITEMS, expected, expected):
            raise CodeError(f"a {self.phase} code holds {ITEMS} answers and ratings and {expected} then/now pairs")
        if any(not 0 <= v < RADIX for v in (*self.answers, *self.confidence, *self.then, *self.now)):
            raise CodeError("answers and ratings are 0 (none) to 4")
        if not 1 <= self.version < len(ALPHABET):
            raise CodeError("form versions run from 1 to 31")
        if not (2 <= len(self.track) <= 3 and all(c in ALPHABET for c in self.track)):
            raise CodeError("a track code is 2 or 3 symbols of the code alphabet")

    def digits(self) -> list[tuple[int, int]]:
        """(value, radix) pairs, most significant first."""
        pairs = [(a * RADIX + c, RADIX * RADIX) for a, c in zip(self.answers, self.confidence, strict=True)]
        for then, now in zip(self.then, self.now, strict=True):
            pairs += [(then, RADIX), (now, RADIX)]
        return pairs


def _times_alpha(value: int) -> int:
    """Multiply by the generator of GF(32), x, modulo the primitive polynomial x^5 + x^2 + 1."""
    value <<= 1
    return value ^ 0b100101 if value & 0b100000 else value


def check_symbol(symbols: str) -> str:
    """The check symbol: the symbols as a polynomial over GF(32), evaluated at its generator.

    Every position has its own non-zero weight (a distinct power of the generator, for up to 31
    symbols), so changing any one symbol, or swapping any two that differ, changes the sum.
    """
    total = 0
    for symbol in symbols:
        total = _times_alpha(total ^ ALPHABET.index(symbol))
    return ALPHABET[total]


def encode(code: ResultCode) -> str:
    """The code as a learner sees it, in hyphenated groups."""
    number = 0
    for value, radix in code.digits():
        number = number * radix + value
    payload = ""
    for _ in range(PAYLOAD_LENGTH[code.phase]):
        number, symbol = divmod(number, len(ALPHABET))
        payload = ALPHABET[symbol] + payload
    head = f"{code.track}{PHASE_LETTER[code.phase]}{ALPHABET[code.version]}"
    tail = payload + check_symbol(head + payload)
    groups = [tail[i : i + 4] for i in range(0, len(tail), 4)]
    return "-".join([code.track, head[len(code.track) :], *groups])


def normalise(text: str) -> str:
    """Upper case, separators dropped, look-alike letters read as digits."""
    return "".join(READ_AS.get(c, c) for c in text.upper() if c not in " -\t")


def decode(text: str) -> ResultCode:
    """Read a code back; raise CodeError saying what is wrong with it."""
    symbols = normalise(text)
    bad = sorted({c for c in symbols if c not in ALPHABET})
    if bad:
        raise CodeError(f"'{''.join(bad)}' cannot be in a result code")
    for phase, length in PAYLOAD_LENGTH.items():
        track_length = len(symbols) - 3 - length
        if 2 <= track_length <= 3 and symbols[track_length] == PHASE_LETTER[phase]:  # type: ignore[index]
            break
    else:
        raise CodeError("not the length or shape of a result code")
    if check_symbol(symbols[:-1]) != symbols[-1]:
        raise CodeError("the check symbol does not match: a symbol is mistyped")
    track = symbols[:track_length]
    version = ALPHABET.index(symbols[track_length + 1])
    number = 0
    for symbol in symbols[track_length + 2 : -1]:
        number = number * len(ALPHABET) + ALPHABET.index(symbol)
    then_now = THEN_NOW if phase == "after" else 0
    radixes = [RADIX * RADIX] * ITEMS + [RADIX] * (2 * then_now)
    values = []
    for radix in reversed(radixes):
        number, value = divmod(number, radix)
        values.append(value)
    if number:
        raise CodeError("the code holds more than a form can say")
    values.reverse()
    items, pairs = values[:ITEMS], values[ITEMS:]
    return ResultCode(
        track=track,
        phase=phase,  # type: ignore[arg-type]
        version=version,
        answers=tuple(v // RADIX for v in items),
        confidence=tuple(v % RADIX for v in items),
        then=tuple(pairs[0::2]),
        now=tuple(pairs[1::2]),
    )
