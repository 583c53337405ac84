"""Fictional names: each is declared once, keeps one role course-wide, and a harmer's name is never a child's.

Readers meet the same names across lessons, so "Jay" who grooms a child in one lesson must not
be the boy who is targeted in another. Every name a lesson gives a person is declared in the
pack's `personas`. A name is recognised by how lessons use people's names, not by being
capitalised (most capitalised words are ordinary words starting a sentence, or the names of
services, places and publishers): a name with an age ("Maya, 14,"), after a role ("a volunteer,
Dev,"), or saying and doing what people do ("Sami hangs back"). Words that the rest of the pack
writes with a capital (services, publishers, countries, glossary terms), months, days, and words
lessons also write in lower case are never taken for names.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass

from gta_course.content.loader import LoadedCourse
from gta_course.content.page_text import Piece
from gta_course.model import Course, Persona
from gta_course.problems import Problem

AGE = r"(?:aged\s+)?(\d{1,2})"
ROLE_NOUN = (
    r"(?:daughter|son|child|pupil|student|player|member|teammate|friend|volunteer|coach|leader|worker|teacher"
    r"|parent|mum|dad|mother|father|brother|sister|cousin|boy|girl|man|woman|user|learner|advocate|classmate"
    r"|neighbour|colleague|nephew|niece|grandchild|grandson|granddaughter|carer|guardian|officer|engineer"
    r"|moderator|manager|analyst|librarian|trustee|chair|designer|lead|reviewer|\d{1,2}-year-old)"
)
# Verbs a person does that are not also plural nouns ("Limiting messages" is no person).
PERSON_VERB = (
    r"(?:says|said|tells|told|asks|asked|hangs|waits|waited|lingers|lingered|mentions|mentioned|admits|admitted"
    r"|discloses|disclosed|explains|explained|replies|replied|cries|cried|worried|wants|wanted|feels|felt"
    r"|thinks|thought|seems|seemed|stays|stayed|receives|received|sends|sees|saw|whispers|whispered|confides"
    r"|confided)"
)
HARMED = (
    r"(?:threaten(?:s|ed|ing)?|target(?:s|ed|ing)?|groom(?:s|ed|ing)?|blackmail(?:s|ed|ing)?|extort(?:s|ed|ing)?"
    r"|harass(?:es|ed|ing)?|abus(?:es|ed|ing)|exploit(?:s|ed|ing)?|trick(?:s|ed|ing)?)"
)
# A capitalised word, found once per text; the contexts below are tried only around each one.
TOKEN = re.compile(r"(?<![\w-])[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?![\w-])")
# ...after the name: an age ("Maya, 14," or "Maya (14)"), a role ("Ethan, a boy in her class"),
# what people do ("Sami hangs back"), or being harmed ("Jay is being threatened", "Jay's photo").
AFTER_AGE = re.compile(rf",?\s+{AGE}(?=\s*[,.;)]|\s+years?\b)|\s+\({AGE}\)")
AFTER_ROLE = re.compile(rf",\s+(?:a|an|the|her|his|their|your|our)\s+(?:[\w-]+\s+){{0,2}}?{ROLE_NOUN}\b")
AFTER_DOING = re.compile(rf",?\s+{PERSON_VERB}\b")
AFTER_HARMED = re.compile(
    r"\s+(?:is|was|has been|had been|is being|was being|gets|got)\s+(?:\w+\s+)?"
    r"(?:threatened|targeted|groomed|blackmailed|extorted|harassed|abused|exploited|bullied|tricked)\b"
    r"|(?:'s|\u2019s)\s+(?:own\s+)?(?:photos?|images?|pictures?|videos?|nudes?)\b"
)
# ...before the name: a role ("a volunteer, Dev,"), or being harmed ("they threaten Jay").
BEFORE_ROLE = re.compile(rf"\b{ROLE_NOUN},?\s+$")
BEFORE_HARMED = re.compile(rf"\b{HARMED}\s+$")
LOOK_BACK = 40  # characters before a name that its context may take
MONTHS_AND_DAYS = frozenset(
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ]
)
PUNCTUATION = "".join(chr(c) for c in range(33, 127) if not chr(c).isalnum()) + "\u2018\u2019\u201c\u201d"


@dataclass(frozen=True)
class NameUse:
    """A name given to a person in a lesson, how it was recognised, and any age it was given."""

    name: str
    start: int
    age: int | None
    victim: bool


def known_words(course: Course) -> frozenset[str]:
    """Capitalised words that are not people: what the rest of the pack writes with a capital, months, days."""
    texts: list[str] = [course.info.title, course.info.subtitle, course.info.publisher, course.info.description]
    texts += [f.text for f in course.facts.values()]
    texts += [t for s in course.sources.values() for t in (s.title, s.publisher)]
    texts += [t for h in course.helplines for t in (h.name, h.purpose)]
    texts += [t for g in course.glossary.values() for t in (g.term, g.definition, *g.avoid)]
    texts += [t for m in course.modules.values() for t in (m.title, m.summary, m.content_note)]
    texts += [t for a in course.action_areas.values() for t in (a.title, a.summary)]
    texts += [t for a in course.audiences.values() for t in (a.title, a.who, a.needs)]
    texts += [s.text for s in course.rules.sextortion_response] + list(course.rules.safe_messaging)
    return frozenset({w for text in texts for w in TOKEN.findall(text)} | MONTHS_AND_DAYS)


def lower_case_words(course: Course) -> frozenset[str]:
    """Words the lessons write in lower case: a capitalised one of these is an ordinary word."""
    words = " ".join(p.text for lesson in course.lessons.values() for p in lesson.authored_text()).split()
    return frozenset(w for w in (word.strip(PUNCTUATION) for word in words) if w.isalpha() and w.islower())


def name_uses(text: str, not_names: frozenset[str] = frozenset()) -> Iterator[NameUse]:
    """Every place a text gives a person a name, in order; words in `not_names` are never names."""
    for token in TOKEN.finditer(text):
        name, start, end = token.group(0), token.start(), token.end()
        if name in not_names:
            continue
        before = text[max(0, start - LOOK_BACK) : start]
        age = AFTER_AGE.match(text, end)
        victim = bool(AFTER_HARMED.match(text, end) or BEFORE_HARMED.search(before))
        if age or victim or AFTER_ROLE.match(text, end) or AFTER_DOING.match(text, end) or BEFORE_ROLE.search(before):
            years = age.group(1) or age.group(2) if age else None
            yield NameUse(name, start, int(years) if years else None, victim)


def check_personas(loaded: LoadedCourse, only: Collection[str] | None = None) -> list[Problem]:
    """Every name a lesson gives a person is declared, and used only as its declared role allows.

    A name recognised as a person's anywhere in the course is looked for in every lesson, so a
    lesson that only says "one person plays Jay" is still asked to declare Jay.
    """
    course = loaded.course
    not_names = known_words(course) | {w.capitalize() for w in lower_case_words(course)}
    uses = {
        lesson.id: [(part, use) for part in lesson.authored_text() for use in name_uses(part.text, not_names)]
        for lesson in course.lessons.values()
    }
    people = {u.name for found in uses.values() for _, u in found}
    undeclared = re.compile(rf"(?<![\w-])(?:{'|'.join(sorted(people - set(course.personas)))})(?![\w-])")
    problems = _overlay_role_changes(loaded)
    for lesson in course.lessons.values():
        if only is not None and lesson.id not in only:
            continue
        origin = loaded.origin("lessons", lesson.id)
        reported: set[str] = set()
        for part in lesson.authored_text():
            for match in undeclared.finditer(part.text) if people - set(course.personas) else ():
                if match.group(0) in reported:
                    continue
                reported.add(match.group(0))
                problems.append(
                    Piece.of(origin, lesson, part).problem(
                        part.text.count("\n", 0, match.start()),
                        f"name '{match.group(0)}' is not declared in the pack's personas",
                        f"declare it once in a personas file, e.g. `personas: [{{name: {match.group(0)}, role: "
                        "young-person}]`; a name keeps one role across the course",
                    )
                )
        for part, use in uses[lesson.id]:
            persona = course.personas.get(use.name)
            if persona is not None and (clash := _role_clash(loaded, persona, use))[0]:
                line = part.text.count("\n", 0, use.start)
                problems.append(Piece.of(origin, lesson, part).problem(line, *clash))
    return problems


def _role_clash(loaded: LoadedCourse, persona: Persona, use: NameUse) -> tuple[str, str]:
    """Why a use of a declared name does not fit its role, and what to do; empty if it fits.

    A harmer may be under 18 (a child who displays harmful sexual behaviour is a child first,
    and declaring the name as a harmer keeps it from ever being a harmed child's name); what a
    harmer's name never does is appear as the one harmed.
    """
    declared = f"declared at {loaded.origin('personas', persona.name).where}"
    if use.age is not None and use.age < 18 and persona.role == "adult":
        return (
            f"'{persona.name}' is declared as an adult but is {use.age} here",
            f"fix the age or the role ({declared})",
        )
    if use.age is not None and use.age >= 18 and persona.role in ("child", "young-person"):
        return (
            f"'{persona.name}' is declared as a {persona.role} (under 18) but is {use.age} here",
            f"fix the age or the role ({declared})",
        )
    if use.victim and persona.role == "harmer":
        return (
            f"'{persona.name}' is declared as a harmer but is the one harmed here",
            f"a harmer's name never belongs to a child or a victim: give this person another name ({declared})",
        )
    return "", ""


def _overlay_role_changes(loaded: LoadedCourse) -> list[Problem]:
    """An overlay pack may replace a persona, but not give the name a different role."""
    problems = []
    for earlier, origin in loaded.replaced.get("personas", []):
        now = loaded.course.personas.get(str(getattr(earlier, "name", "")))
        if isinstance(earlier, Persona) and now is not None and now.role != earlier.role:
            problems.append(
                loaded.origin("personas", now.name).problem(
                    ("role",),
                    f"persona '{now.name}' was declared as {earlier.role} at {origin.where} and is now {now.role}",
                    "a name keeps one role across the whole course: choose a new name for the new persona",
                )
            )
    return problems
