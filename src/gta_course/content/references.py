"""Cross-references between items: every id an item mentions must name something that exists.

These are checked after layering, because an overlay pack may rely on ids from the packs under
it; a reference is only dangling if no pack defines it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from gta_course import model
from gta_course.content.yaml_file import Loc, Origin
from gta_course.problems import Problem
from gta_course.tailor import FACT_ROLE


def _dangling(origin: Origin, field: str, ids: Iterable[str], known: Mapping[str, Any], what: str) -> list[Problem]:
    """One problem per id in `ids` (found under `field`) that `known` lacks."""
    problems = []
    for index, ident in enumerate(ids):
        if ident not in known:
            loc: Loc = (field, index)
            problems.append(
                origin.problem(loc, f"unknown {what} '{ident}'", f"define it in a pack, or use one of: {_some(known)}")
            )
    return problems


def _some(known: Mapping[str, Any]) -> str:
    """A few known ids, enough to spot a typo without flooding the line."""
    ids = sorted(known)
    return ", ".join(ids[:6]) + (", ..." if len(ids) > 6 else "") if ids else "(none defined)"


def _unique(origin: Origin, field: str, ids: list[str], what: str) -> list[Problem]:
    """Activity and question ids must be unique within a lesson: exports and notebooks use them."""
    problems, seen = [], set()
    for index, ident in enumerate(ids):
        if ident in seen:
            problems.append(
                origin.problem((field, index, "id"), f"duplicate {what} id '{ident}'", "ids must be unique")
            )
        seen.add(ident)
    return problems


def _dangling_citations(origin: Origin, lesson: model.Lesson, course: model.Course) -> list[Problem]:
    """{fact}`id` citations in prose must name a fact; the page would otherwise cite nothing."""
    problems = []
    for part in lesson.authored_text():
        for match in FACT_ROLE.finditer(part.text):
            if match.group(1) not in course.facts:
                problems.append(
                    origin.problem(
                        part.loc,
                        f"unknown fact '{match.group(1)}' cited in text",
                        f"cite a fact id from facts.yaml, such as {_some(course.facts)}",
                    )
                )
    return problems


def check_references(course: model.Course, origins: Mapping[str, Origin]) -> list[Problem]:
    """Every dangling reference in the course, each at the line that makes it."""
    problems: list[Problem] = []
    for fact in course.facts.values():
        problems += _dangling(origins[f"facts:{fact.id}"], "sources", fact.sources, course.sources, "source")
    for term in course.glossary.values():
        problems += _dangling(origins[f"glossary:{term.id}"], "sources", term.sources, course.sources, "source")
    for line in course.helplines:
        problems += _dangling(origins[f"helplines:{line.id}"], "sources", line.sources, course.sources, "source")
    for module in course.modules.values():
        origin = origins[f"modules:{module.id}"]
        problems += _dangling(origin, "action_areas", module.action_areas, course.action_areas, "action area")
        problems += _dangling(origin, "facts", module.facts, course.facts, "fact")
    for threat in course.threats.values():
        origin = origins[f"threats:{threat.id}"]
        problems += _dangling(origin, "facts", threat.facts, course.facts, "fact")
        problems += _dangling(origin, "modules", threat.modules, course.modules, "module")
    for lesson in course.lessons.values():
        origin = origins[f"lessons:{lesson.id}"]
        problems += _dangling(origin, "facts", lesson.facts, course.facts, "fact")
        problems += _dangling_citations(origin, lesson, course)
        problems += _dangling(origin, "sources", lesson.sources, course.sources, "source")
        if lesson.module not in course.modules:
            problems.append(
                origin.problem(("module",), f"unknown module '{lesson.module}'", f"use one of: {_some(course.modules)}")
            )
        if lesson.audience not in course.audiences:
            problems.append(
                origin.problem(
                    ("audience",), f"unknown audience '{lesson.audience}'", f"use one of: {_some(course.audiences)}"
                )
            )
        problems += _unique(origin, "activities", [a.id for a in lesson.activities], "activity")
        problems += _unique(origin, "quiz", [q.id for q in lesson.quiz], "question")
    problems += _knowledge_references(course, origins)
    numbers: dict[int, str] = {}
    for module in course.ordered_modules():
        if module.number in numbers:
            problems.append(
                origins[f"modules:{module.id}"].problem(
                    ("number",),
                    f"module number {module.number} is also used by '{numbers[module.number]}'",
                    "give each module its own number",
                )
            )
        numbers.setdefault(module.number, module.id)
    info_origin = origins["course:course"]
    for index, country in enumerate(course.info.countries):
        if not any(line.country == country for line in course.helplines):
            problems.append(
                info_origin.problem(("countries", index), f"no help services for country '{country}'", "add helplines")
            )
    if course.info.default_country not in course.info.countries:
        problems.append(
            info_origin.problem(("default_country",), "default country is not in 'countries'", "add it to countries")
        )
    return problems


def _knowledge_references(course: model.Course, origins: Mapping[str, Origin]) -> list[Problem]:
    """A knowledge check names a real audience and real modules, and its track code is its own."""
    problems: list[Problem] = []
    codes: dict[str, str] = {}
    for check in course.knowledge_checks.values():
        origin = origins[f"knowledge_checks:{check.id}"]
        if check.audience not in course.audiences:
            problems.append(
                origin.problem(
                    ("audience",), f"unknown audience '{check.audience}'", f"use one of: {_some(course.audiences)}"
                )
            )
        for index, item in enumerate(check.items):
            if item.module not in course.modules:
                problems.append(
                    origin.problem(
                        ("items", index, "module"),
                        f"unknown module '{item.module}'",
                        f"use one of: {_some(course.modules)}",
                    )
                )
        if check.code in codes:
            problems.append(
                origin.problem(
                    ("code",),
                    f"track code '{check.code}' is also used by '{codes[check.code]}'",
                    "result codes name the track by this code: give each its own",
                )
            )
        codes.setdefault(check.code, check.audience)
    return problems
