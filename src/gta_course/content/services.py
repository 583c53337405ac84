"""Help on every page: a way forward in each country, crisis lines where a module needs them, and
every service a lesson names shown in that page's help list.

All of it asks `select_help`, the function the pages themselves use, so the check sees exactly
the list a reader in each country gets.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from gta_course.content.loader import LoadedCourse
from gta_course.content.page_text import Phrases, Piece
from gta_course.content.yaml_file import Origin
from gta_course.model import Course, Helpline, Lesson
from gta_course.problems import Problem
from gta_course.tailor import select_help

GENERIC_WORDS = ("helpline", "hotline", "network")  # "NSPCC Helpline" may be written "NSPCC helpline"


def shown_services(course: Course, lesson: Lesson, country: str) -> list[Helpline]:
    """Every service on the lesson's page for readers in `country` (their country and the others)."""
    module, audience = course.modules[lesson.module], course.audiences[lesson.audience]
    return [s for group in select_help(course, module, audience, country) for s in group.services]


def check_help(course: Course, lesson: Lesson, origin: Origin) -> list[Problem]:
    """Every learner page ends with a reporting route and someone to call in each reader's country.

    The content note that opens the page needs no check here: a module cannot load without one.
    """
    module, audience = course.modules[lesson.module], course.audiences[lesson.audience]
    problems = []
    for country in course.info.countries:
        if country == "INT":
            continue  # international entries are directories, shown after the reader's own country
        groups = [g for g in select_help(course, module, audience, country) if g.country == country]
        kinds = {s.kind for g in groups for s in g.services}
        if not kinds & {"report", "remove"} or not kinds & {"support", "crisis", "prevention", "emergency"}:
            problems.append(
                origin.problem(
                    (),
                    f"no reporting route and no one to call for {country} readers of this lesson",
                    f"add helplines for {country} or widen the module's help kinds / audience's help_for",
                )
            )
    return problems


def check_crisis_lines(loaded: LoadedCourse) -> list[Problem]:
    """A module that asks for crisis help gives every country's readers a crisis line, in every track."""
    course = loaded.course
    problems = []
    for module in course.ordered_modules():
        if "crisis" not in module.help:
            continue
        for country in course.info.countries:
            if country == "INT":
                continue
            missing = [
                audience.id
                for audience in course.ordered_audiences()
                if f"{module.id}/{audience.id}" in course.lessons
                and not any(
                    s.kind == "crisis"
                    for g in select_help(course, module, audience, country)
                    if g.country == country
                    for s in g.services
                )
            ]
            if missing:
                problems.append(
                    loaded.origin("modules", module.id).problem(
                        ("help",),
                        f"module asks for crisis help, but {country} readers of {', '.join(missing)} get no crisis line",
                        f"add a crisis service for {country} to helplines.yaml (from the fact sheet), "
                        "for readers these audiences' help_for includes",
                    )
                )
    return problems


@dataclass(frozen=True)
class ServiceName:
    """A way lessons refer to a service, and the services it may mean."""

    said: str
    services: tuple[Helpline, ...]


@dataclass(frozen=True)
class ServiceNames:
    """Every name of every service, found in one pass over a text, and what each written form means."""

    phrases: Phrases
    meaning: dict[str, ServiceName]  # a written form, spaces folded -> the name it is


def service_names(course: Course) -> ServiceNames:
    """Every name a lesson may call a service by: its own name, that name before a bracket or colon,
    its leading number ("988"), an acronym in brackets that spells it, and the pack's short names.

    Emergency services are on every page and their names ("Police") are ordinary words, so
    they are left out. Longer names come first, so "Report Remove (Childline and IWF)" is one
    mention, not three.
    """
    said: dict[str, dict[str, Helpline]] = {}
    for service in course.helplines:
        if service.kind == "emergency":
            continue
        for name in _own_names(service.name):
            said.setdefault(name, {})[service.id] = service
    for short in course.rules.service_names:
        means = {s.id: s for s in course.helplines if short.means.lower() in s.name.lower()}
        said.setdefault(short.says, {}).update(means)
    meaning = {
        form: ServiceName(name, tuple(services[k] for k in sorted(services)))
        for name, services in said.items()
        if services
        for form in _written_forms(name)
    }
    return ServiceNames(Phrases(meaning, case_sensitive=True), meaning)


def _own_names(name: str) -> Iterator[str]:
    """A service's name and the shorter forms of it a lesson would write."""
    yield name
    base = name.split(" (")[0].split(":")[0].strip()
    yield base
    if (first := base.split()[0]) and first.replace("-", "").isdigit():
        yield first
    bracket = re.search(r"\(([A-Z]{3,})\)", name)
    if bracket and _initials(base).startswith(bracket.group(1)[:2]):
        yield bracket.group(1)


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[0].isupper())


def _written_forms(name: str) -> list[str]:
    """A name as lessons may write it: matched case by case (so "take it down" is not Take It Down),
    but with or without a "!" and with a generic word ("Helpline") in either case."""
    forms = [""]
    for word in name.split():
        bare = word.rstrip("!")
        options = {bare, word}
        if bare.lower() in GENERIC_WORDS:
            options |= {bare.lower(), bare.capitalize()}
        forms = [f"{form} {option}".strip() for form in forms for option in sorted(options)]
    return forms


def check_named_services(course: Course, lesson: Lesson, origin: Origin, names: ServiceNames) -> list[Problem]:
    """A service the lesson names is in the page's help list, so the reader can reach it from there."""
    shown = {s.id for s in shown_services(course, lesson, course.info.default_country)}
    problems = []
    for part in lesson.authored_text():
        for match in names.phrases.finditer(part.text):
            name = names.meaning[" ".join(match.group(0).split())]
            if shown & {s.id for s in name.services}:
                continue
            offered = ", ".join(sorted({f"{s.name} ({s.country}, {s.kind}, for {s.for_})" for s in name.services}))
            problems.append(
                Piece.of(origin, lesson, part).problem(
                    part.text.count("\n", 0, match.start()),
                    f"names '{name.said}', which is not in this page's help list",
                    f"add its kind to the module's `help:` and its readers to the audience's help_for, or do "
                    f"not name it here ({offered})",
                )
            )
    return problems
