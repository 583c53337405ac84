"""Starting a new audience from an existing one: `based_on: parents` on an audience.

Writing twelve lessons for foster carers from nothing is weeks of work; starting from the
parents' lessons and changing what differs is an afternoon. Each lesson of the base audience is
copied for the new audience, and a lesson the pack writes for it overrides the copy:
- a complete lesson replaces the copy outright;
- a partial one (just `module`, `audience` and the fields that change) overrides field by field:
  sections are matched by title, activities and quiz questions by id (their own fields merge),
  and any other field (objectives, key messages...) is replaced. Unmatched entries are added.

A derived lesson is an ordinary lesson afterwards, so every check runs on it for its new
audience. Its `DerivedOrigin` points a problem at the pack's own override when the text came
from there, and otherwise at the override (or the audience) with where the inherited text is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gta_course import model
from gta_course.content.messages import did_you_mean
from gta_course.content.yaml_file import ExternalText, Loc, Origin
from gta_course.problems import Problem

# List fields whose entries an override matches, and the key it matches them by.
MERGED_LISTS = {"sections": "title", "activities": "id", "quiz": "id"}
Validate = Callable[[dict[str, Any], Origin], tuple[model.Lesson | None, list[Problem]]]
Route = tuple[tuple[str | int, ...], Origin, tuple[str | int, ...], bool]  # derived loc, origin, its loc, inherited


@dataclass(frozen=True)
class Partial:
    """A lesson for a derived audience that gives only what it changes; checked once it is merged."""

    raw: dict[str, Any]
    origin: Origin
    problems: tuple[Problem, ...]  # what it lacks, reported if its audience turns out not to be derived

    @property
    def id(self) -> str:
        return f"{self.raw.get('module')}/{self.raw.get('audience')}"


@dataclass(frozen=True)
class DerivedOrigin(Origin):
    """Where each part of a derived lesson came from: the pack's override, or the base lesson."""

    routes: tuple[Route, ...] = ()
    lesson_id: str = ""
    base_id: str = ""

    def route(self, sub: Loc) -> tuple[Origin, tuple[str | int, ...], bool]:
        """The origin holding the value at `sub`, its location there, and whether it was inherited."""
        loc = tuple(sub)
        best: Route | None = None
        for route in self.routes:
            prefix = route[0]
            if loc[: len(prefix)] == prefix and (best is None or len(prefix) > len(best[0])):
                best = route
        if best is None:
            return Origin(self.doc, self.loc), loc, False
        prefix, origin, there, inherited = best
        return origin, (*there, *loc[len(prefix) :]), inherited

    def _inherited(self, path: str, line: int, message: str) -> str:
        return f"{message} (lesson '{self.lesson_id}', in text from '{self.base_id}' at {path}:{line})"

    def problem(self, sub: Loc, message: str, hint: str = "") -> Problem:
        origin, loc, inherited = self.route(sub)
        if not inherited:
            return origin.problem(loc, message, hint)
        there = origin.problem(loc, message, hint)
        here = Origin(self.doc, self.loc).problem((), message, hint)
        return Problem(here.path, here.line, self._inherited(there.path, there.line, message), hint)

    def text_problem(self, sub: Loc, offset: int, message: str, hint: str = "") -> Problem:
        origin, loc, inherited = self.route(sub)
        if not inherited:
            return origin.text_problem(loc, offset, message, hint)
        path, line = origin.text_location(loc, offset)
        here = Origin(self.doc, self.loc).problem((), message, hint)
        return Problem(here.path, here.line, self._inherited(path, line, message), hint)

    def external_text(self, sub: Loc) -> ExternalText | None:
        origin, loc, _ = self.route(sub)
        return origin.external_text(loc)

    def text_location(self, sub: Loc, offset: int) -> tuple[str, int]:
        origin, loc, inherited = self.route(sub)
        if inherited:
            return self.doc.shown, self.doc.line_of(self.loc)
        return origin.text_location(loc, offset)


def text_folder(origin: Origin, loc: Loc) -> Path:
    """The folder of the file a text value was read from: images in it are named relative to it."""
    if isinstance(origin, DerivedOrigin):
        inner, there, _ = origin.route(loc)
        return text_folder(inner, there)
    external = origin.external_text(loc)
    return (external.path if external else origin.doc.path).parent


def derive_lessons(
    audiences: Mapping[str, tuple[model.Audience, Origin]],
    lessons: Mapping[str, tuple[model.Lesson, Origin]],
    partials: list[Partial],
    validate: Validate,
) -> tuple[dict[str, tuple[model.Lesson, Origin, str]], list[Problem]]:
    """Lessons for every audience with `based_on`, each with its origin and the lesson it started from."""
    problems: list[Problem] = []
    derived: dict[str, tuple[model.Lesson, Origin, str]] = {}
    by_audience: dict[str, dict[str, Partial]] = {}
    for partial in partials:
        found = audiences.get(str(partial.raw.get("audience")))
        if found is None or found[0].based_on is None:
            problems += partial.problems  # not an override: the missing fields are real problems
            continue
        module = str(partial.raw.get("module"))
        previous = by_audience.setdefault(found[0].id, {}).get(module)
        if previous is not None:
            problems.append(
                partial.origin.problem(
                    (), f"duplicate lesson '{partial.id}' (first at {previous.origin.where})", "merge the two"
                )
            )
            continue
        by_audience[found[0].id][module] = partial
    for audience_id in _in_dependency_order(audiences, problems):
        audience, audience_origin = audiences[audience_id]
        base = str(audience.based_on)
        overrides = by_audience.get(audience_id, {})
        everything = {**{k: (v[0], v[1]) for k, v in lessons.items()}, **{k: (v[0], v[1]) for k, v in derived.items()}}
        for ident, (base_lesson, base_origin) in sorted(everything.items()):
            if base_lesson.audience != base or f"{base_lesson.module}/{audience_id}" in lessons:
                continue
            override = overrides.pop(base_lesson.module, None)
            fallback = override.origin if override else Origin(audience_origin.doc, (*audience_origin.loc, "based_on"))
            raw, routes = merge_lesson(base_lesson, base_origin, override, audience_id)
            origin = DerivedOrigin(
                fallback.doc, fallback.loc, (), tuple(routes), f"{base_lesson.module}/{audience_id}", ident
            )
            lesson, lesson_problems = validate(raw, origin)
            problems += lesson_problems
            if lesson is not None:
                derived[lesson.id] = (lesson, origin, ident)
        for module, override in sorted(overrides.items()):
            problems.append(
                override.origin.problem(
                    ("module",),
                    f"no lesson '{module}/{base}' to start '{override.id}' from",
                    f"write the whole lesson, or use a module that {base} has a lesson for",
                )
            )
    return derived, problems


def _in_dependency_order(audiences: Mapping[str, tuple[model.Audience, Origin]], problems: list[Problem]) -> list[str]:
    """Derived audiences, each after the audience it is based on; unknown bases and cycles are problems."""
    order: list[str] = []
    failed: set[str] = set()

    def visit(audience_id: str, chain: tuple[str, ...]) -> bool:
        audience, origin = audiences[audience_id]
        base = audience.based_on
        if base is None or audience_id in order:
            return True
        if audience_id in failed:
            return False
        if base not in audiences:
            problems.append(origin.problem(("based_on",), f"unknown audience '{base}'", did_you_mean(base, audiences)))
        elif base in chain or base == audience_id:
            loop = " -> ".join([*chain, audience_id, base])
            problems.append(
                origin.problem(("based_on",), f"audiences are based on each other in a loop: {loop}", "break the loop")
            )
        elif visit(base, (*chain, audience_id)):
            order.append(audience_id)
            return True
        failed.add(audience_id)
        return False

    for audience_id in sorted(audiences):
        visit(audience_id, ())
    return order


def merge_lesson(
    base: model.Lesson, base_origin: Origin, override: Partial | None, audience_id: str
) -> tuple[dict[str, Any], list[Route]]:
    """The base lesson's data with the override laid over it, and where each part came from."""
    raw: dict[str, Any] = base.model_dump(by_alias=True, exclude_defaults=True)
    raw["audience"] = audience_id
    routes: list[Route] = [((field,), base_origin, (field,), True) for field in raw if field != "audience"]
    if override is None:
        return raw, routes
    own = override.origin
    for field, value in override.raw.items():
        if field in ("module", "audience"):
            continue
        key = MERGED_LISTS.get(field)
        if key is None or not isinstance(value, list) or not isinstance(raw.get(field), list):
            raw[field] = value
            routes.append(((field,), own, (field,), False))
            continue
        merged = list(raw[field])
        position = {entry.get(key): i for i, entry in enumerate(merged) if isinstance(entry, dict)}
        for k, entry in enumerate(value):
            match = position.get(entry.get(key)) if isinstance(entry, dict) else None
            if match is None:
                routes.append(((field, len(merged)), own, (field, k), False))
                merged.append(entry)
                continue
            merged[match] = {**merged[match], **entry}
            routes += [((field, match, name), own, (field, k, name), False) for name in entry]
        raw[field] = merged
    return raw, routes
