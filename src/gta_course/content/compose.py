"""Choosing what a built course contains: `course: {audiences: [...], modules: [...]}`.

A trainer who layers a pack over the default course usually wants their own course, not the
default one with theirs added: three lessons for volunteer coaches, not sixty-three. The
course's `audiences` and `modules` lists select and order the tracks and modules; everything
else stays out of the course object, so no page, notebook or export can show it. Selected
modules are numbered 1, 2, ... in the order listed, so a three-module course reads as one.
"""

from __future__ import annotations

from collections.abc import Mapping

from gta_course import model
from gta_course.content.messages import did_you_mean
from gta_course.content.yaml_file import Origin
from gta_course.problems import Problem


def compose_course(course: model.Course, origins: Mapping[str, Origin]) -> tuple[model.Course, list[Problem]]:
    """The course narrowed to its chosen audiences and modules, in their order; and what is wrong with the choice."""
    info = course.info
    problems = _unknown(info.audiences, course.audiences, origins.get("course:audiences"), "audiences", "audience")
    problems += _unknown(info.modules, course.modules, origins.get("course:modules"), "modules", "module")
    audiences = course.audiences
    if info.audiences:
        chosen = [a for a in dict.fromkeys(info.audiences) if a in course.audiences]
        audiences = {a: course.audiences[a].model_copy(update={"order": n}) for n, a in enumerate(chosen, 1)}
    modules = course.modules
    if info.modules:
        chosen = [m for m in dict.fromkeys(info.modules) if m in course.modules]
        modules = {m: course.modules[m].model_copy(update={"number": n}) for n, m in enumerate(chosen, 1)}
    lessons = {
        ident: lesson
        for ident, lesson in course.lessons.items()
        if lesson.audience in audiences and lesson.module in modules
    }
    threats = {
        ident: threat.model_copy(update={"modules": [m for m in threat.modules if m in modules]})
        for ident, threat in course.threats.items()
        if any(m in modules for m in threat.modules)
    }
    # A knowledge check tests the whole track: it stays only if every module it asks about does.
    checks = {
        ident: check
        for ident, check in course.knowledge_checks.items()
        if check.audience in audiences and all(item.module in modules for item in check.items)
    }
    composed = course.model_copy(
        update={
            "audiences": audiences,
            "modules": modules,
            "lessons": lessons,
            "threats": threats,
            "knowledge_checks": checks,
        }
    )
    problems += _empty_tracks(composed, origins)
    return composed, problems


def _unknown(
    chosen: list[str], known: Mapping[str, object], origin: Origin | None, field: str, what: str
) -> list[Problem]:
    """Each chosen id that no pack defines, and each chosen twice, at its own line."""
    if origin is None:
        return []
    problems = []
    seen: set[str] = set()
    for index, ident in enumerate(chosen):
        if ident not in known:
            problems.append(origin.problem((field, index), f"unknown {what} '{ident}'", did_you_mean(ident, known)))
        elif ident in seen:
            problems.append(origin.problem((field, index), f"{what} '{ident}' is listed twice", "list it once"))
        seen.add(ident)
    return problems


def _empty_tracks(course: model.Course, origins: Mapping[str, Origin]) -> list[Problem]:
    """An audience without a lesson is a mistake to report, not a track to drop without a word."""
    problems = []
    for audience in course.ordered_audiences():
        if course.lessons_for(audience):
            continue
        scope = "in the modules this course contains" if course.info.modules else "for any module"
        problems.append(
            origins[f"audiences:{audience.id}"].problem(
                ("id",),
                f"audience '{audience.id}' has no lessons {scope}",
                "write lessons for it, start it from another audience with based_on:, "
                "or leave it out of the course's audiences:",
            )
        )
    return problems
