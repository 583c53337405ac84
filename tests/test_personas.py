"""Recognising the names lessons give people, without taking ordinary or proper nouns for names."""

from __future__ import annotations

import pytest

from gta_course.content.loader import LoadedCourse
from gta_course.content.personas import known_words, name_uses


@pytest.mark.parametrize(
    ("text", "name", "age", "victim"),
    [
        ("At the end of a lesson, Aisha, 13, hangs back.", "Aisha", 13, False),
        ("A volunteer football coach, Dev, often messages one player.", "Dev", None, False),
        ("She thinks Ethan, a boy in her class, shared it.", "Ethan", None, False),
        ("After your session, Sami hangs back.", "Sami", None, False),
        ("A volunteer at your library, Omar, sees a man on a computer.", "Omar", None, False),
        ("Someone threatens Jay online.", "Jay", None, True),
        ("Jay's photo is being shared.", "Jay", None, True),
        ("Rhys (15) has been quiet.", "Rhys", 15, False),
    ],
)
def test_names_given_to_people(text: str, name: str, age: int | None, victim: bool) -> None:
    (use,) = [u for u in name_uses(text) if u.name == name]
    assert (use.age, use.victim) == (age, victim)


@pytest.mark.parametrize(
    "text",
    [
        "Yes. Limiting messages from strangers helps.",
        "Embodiment is one reason harm feels real.",
        "In June, 14 reports were made.",
        "The Columbia University Mailman School of Public Health led it.",
        'A brief for a fictional virtual world, "Skyport", on a slide.',
    ],
)
def test_ordinary_words_are_not_names(text: str) -> None:
    not_names = frozenset({"June", "Columbia", "University", "Mailman", "School", "Public", "Health"})
    assert [u.name for u in name_uses(text, not_names)] == []


def test_the_packs_own_proper_nouns_are_never_names(default_course: LoadedCourse) -> None:
    known = known_words(default_course.course)
    assert {"Childline", "Samaritans", "Canada", "Australia", "Thorn", "Friday", "January"} <= known
