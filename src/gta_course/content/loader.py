"""Loading content packs from folders and layering them into one course.

A pack is a folder of YAML files (any names, any depth); each file holds one or more
collections (`modules:`, `lessons:`...). Later packs override earlier ones item by item, by id,
so a trainer's pack can add an audience or rewrite one lesson without copying the rest. Every
problem in every file is collected before anything is reported, so an author fixes them in one
pass.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, cast

from pydantic import BaseModel, ValidationError

from gta_course import model
from gta_course.content.references import check_references
from gta_course.content.yaml_file import Origin, YamlDocument, read_yaml
from gta_course.problems import ContentError, Problem, display_path

# Collection name -> the model of one item in it. `course` and `rules` are single mappings.
LIST_COLLECTIONS: dict[str, type[BaseModel]] = {
    "sources": model.Source,
    "facts": model.Fact,
    "action_areas": model.ActionArea,
    "audiences": model.Audience,
    "helplines": model.Helpline,
    "glossary": model.GlossaryTerm,
    "personas": model.Persona,
    "threats": model.Threat,
    "modules": model.Module,
    "lessons": model.Lesson,
    "knowledge_checks": model.KnowledgeCheck,
}
MAPPING_COLLECTIONS: dict[str, type[BaseModel]] = {"course": model.CourseInfo, "rules": model.Rules}


@dataclass(frozen=True)
class LoadedCourse:
    """A validated course and where each of its items came from, keyed `collection:id`."""

    course: model.Course
    origins: dict[str, Origin]
    replaced: dict[str, list[tuple[BaseModel, Origin]]] = field(default_factory=dict)
    """Items a later pack replaced, by collection: what they were and where, for checks on overlays."""

    def origin(self, collection: str, item_id: str) -> Origin:
        """Where an item was written; every item in the course has one."""
        return self.origins[f"{collection}:{item_id}"]


def default_pack() -> Path:
    """The pack shipped inside the package: the GTA 2025 course itself."""
    return Path(str(resources.files("gta_course") / "packs" / "default"))


def item_id(item: BaseModel) -> str:
    """The id an item is overridden and referred to by."""
    return str(cast(Any, item).id)  # every list collection's model has an id


@dataclass
class _Collected:
    """Items gathered from all packs; later packs replace earlier ones by id."""

    items: dict[str, dict[str, tuple[BaseModel, Origin]]]
    mappings: dict[str, tuple[dict[str, Any], Origin]]
    replaced: dict[str, list[tuple[BaseModel, Origin]]] = field(default_factory=dict)


def load_course(packs: Sequence[Path]) -> LoadedCourse:
    """Load and layer packs (first is the base); raise ContentError listing every problem."""
    problems: list[Problem] = []
    collected = _Collected({name: {} for name in LIST_COLLECTIONS}, {})
    for pack in packs:
        problems += _load_pack(pack, collected)
    course_info = collected.mappings.get("course")
    if course_info is None and not problems:
        shown = display_path(packs[-1])
        problems.append(Problem(shown, 1, "no pack defines 'course:'", "the base pack must describe the course"))
    if problems:
        raise ContentError(problems)
    assert course_info is not None
    course, origins = _assemble(collected)
    problems = check_references(course, origins)
    if problems:
        raise ContentError(problems)
    return LoadedCourse(course, origins, collected.replaced)


def _pack_files(pack: Path) -> tuple[list[Path], list[Problem]]:
    """YAML files of a pack in a stable order, or why the folder cannot be read."""
    shown = display_path(pack)
    hint = "pass a folder of YAML content files to --content"
    if not pack.exists():
        return [], [Problem(shown, 1, "content folder does not exist", hint)]
    if not pack.is_dir():
        return [], [Problem(shown, 1, "content path is not a folder", hint)]
    try:
        files = sorted(
            p
            for p in pack.rglob("*")
            if p.suffix in {".yaml", ".yml"} and not any(part.startswith(".") for part in p.relative_to(pack).parts)
        )
    except OSError as err:
        return [], [Problem(shown, 1, f"cannot read content folder: {err.strerror}", "check its permissions")]
    if not files:
        return [], [Problem(shown, 1, "content folder has no .yaml files", hint)]
    return files, []


def _load_pack(pack: Path, collected: _Collected) -> list[Problem]:
    """Validate every file of one pack and layer its items over what came before."""
    files, problems = _pack_files(pack)
    seen: dict[str, Origin] = {}
    for path in files:
        doc, file_problems = read_yaml(path, display_path(path))
        problems += file_problems
        if doc is None:
            continue
        for key in doc.data:
            if key in MAPPING_COLLECTIONS:
                problems += _load_mapping(doc, str(key), collected)
            elif key in LIST_COLLECTIONS:
                problems += _load_list(doc, str(key), collected, seen)
            else:
                known = ", ".join([*MAPPING_COLLECTIONS, *LIST_COLLECTIONS])
                problems.append(doc.problem([key], f"unknown collection '{key}'", f"use one of: {known}"))
    return problems


def _load_mapping(doc: YamlDocument, key: str, collected: _Collected) -> list[Problem]:
    """`course:` and `rules:` merge key by key, so an overlay can change just the title."""
    data = doc.data[key]
    if not isinstance(data, dict):
        return [doc.problem([key], f"'{key}' must be a mapping of fields", "indent its fields under it")]
    before = collected.mappings.get(key, ({}, Origin(doc, (key,))))[0]
    merged = {**before, **data}
    problems = _validate(MAPPING_COLLECTIONS[key], merged, Origin(doc, (key,)))[1]
    collected.mappings[key] = (merged, Origin(doc, (key,)))
    return problems


def _load_list(doc: YamlDocument, key: str, collected: _Collected, seen: dict[str, Origin]) -> list[Problem]:
    """Validate each item on its own, so one bad item does not hide problems in the others."""
    data = doc.data[key]
    if not isinstance(data, list):
        return [doc.problem([key], f"'{key}' must be a list", f"write each item under '{key}:' starting with '- '")]
    problems: list[Problem] = []
    for index, raw in enumerate(data):
        origin = Origin(doc, (key, index))
        if isinstance(raw, dict) and key == "lessons":
            raw, body_problems = _inline_body_files(raw, origin)
            if body_problems:  # the missing body would only be reported a second time
                problems += body_problems
                continue
        item, item_problems = _validate(LIST_COLLECTIONS[key], raw, origin)
        problems += item_problems
        if item is None:
            continue
        ident = f"{key}:{item_id(item)}"
        if ident in seen:
            first = seen[ident].where
            problems.append(
                origin.problem(
                    (), f"duplicate id '{item_id(item)}' in {key} (first at {first})", "give each item its own id"
                )
            )
            continue
        seen[ident] = origin
        if item_id(item) in collected.items[key]:  # an earlier pack's item, replaced by this one
            collected.replaced.setdefault(key, []).append(collected.items[key][item_id(item)])
        collected.items[key][item_id(item)] = (item, origin)
    return problems


def _inline_body_files(raw: dict[str, Any], origin: Origin) -> tuple[dict[str, Any], list[Problem]]:
    """Replace `body_file:` in lesson sections with the MyST fragment it names (relative path)."""
    sections = raw.get("sections")
    if not isinstance(sections, list):
        return raw, []
    problems: list[Problem] = []
    new_sections: list[Any] = []
    for index, section in enumerate(sections):
        if isinstance(section, dict) and section.get("body_file"):
            loc = ("sections", index, "body_file")
            fragment = origin.doc.path.parent / str(section["body_file"])
            if section.get("body"):
                problems.append(origin.problem(loc, "section has both body and body_file", "keep one of them"))
            try:
                section = {**section, "body": fragment.read_text(encoding="utf-8")}
            except (OSError, UnicodeDecodeError):
                problems.append(
                    origin.problem(
                        loc,
                        f"cannot read MyST fragment '{section['body_file']}'",
                        "the path is relative to this YAML file",
                    )
                )
        new_sections.append(section)
    return {**raw, "sections": new_sections}, problems


def _validate(kind: type[BaseModel], raw: Any, origin: Origin) -> tuple[Any, list[Problem]]:
    """One model instance from plain data, or one problem per field that is wrong."""
    try:
        return kind.model_validate(raw), []
    except ValidationError as err:
        return None, [_problem_from_error(kind, error, origin) for error in err.errors()]


def _problem_from_error(kind: type[BaseModel], error: Any, origin: Origin) -> Problem:
    """Turn pydantic's wording into a message and a hint a content author can act on."""
    loc = tuple(part for part in error["loc"] if not (isinstance(part, str) and part.startswith("function-")))
    where = ".".join(str(p) for p in loc) or kind.__name__
    kind_name = kind.__name__.lower()
    etype = error["type"]
    if etype == "missing":
        return origin.problem(loc, f"missing field '{where}' in {kind_name}", f"add '{loc[-1]}:' to this item")
    if etype == "extra_forbidden":
        fields = _field_names(kind, loc[:-1])
        return origin.problem(
            loc, f"unknown field '{where}' in {kind_name}", f"check the spelling; fields here: {fields}"
        )
    hint = "see `gta-course schema` for the expected shape"
    if etype.endswith("_type") or etype.endswith("_parsing"):
        hint = f"expected {etype.split('_')[0]}; see `gta-course schema`"
    elif etype == "literal_error":
        hint = str(error.get("ctx", {}).get("expected", hint)).replace("'", "") + " are allowed"
    return origin.problem(loc, f"{where}: {error['msg']}", hint)


def _field_names(kind: type[BaseModel], loc: tuple[str | int, ...]) -> str:
    """The fields allowed at a nested location, for a typo's hint."""
    current: Any = kind
    for part in loc:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part) if isinstance(current, type) and issubclass(current, BaseModel) else None
        if field is None:
            break
        current = _inner_model(field.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return ", ".join(f.alias or name for name, f in current.model_fields.items())
    return "see `gta-course schema`"


def _inner_model(annotation: Any) -> Any:
    """The model inside `list[Model]` or `Model | None`, if any."""
    for arg in getattr(annotation, "__args__", ()):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return annotation


def _assemble(collected: _Collected) -> tuple[model.Course, dict[str, Origin]]:
    """Build the course object once every item is valid on its own."""
    origins: dict[str, Origin] = {}
    for key, items in collected.items.items():
        for ident, (_, origin) in items.items():
            origins[f"{key}:{ident}"] = origin

    def values(key: str) -> dict[str, Any]:
        return {ident: item for ident, (item, _) in sorted(collected.items[key].items())}

    info_raw, info_origin = collected.mappings["course"]
    rules_raw, rules_origin = collected.mappings.get("rules", ({}, info_origin))
    origins["course:course"] = info_origin
    origins["rules:rules"] = rules_origin
    course = model.Course(
        info=model.CourseInfo.model_validate(info_raw),
        rules=model.Rules.model_validate(rules_raw),
        sources=values("sources"),
        facts=values("facts"),
        action_areas=values("action_areas"),
        audiences=values("audiences"),
        helplines=tuple(values("helplines").values()),
        glossary=values("glossary"),
        personas=values("personas"),
        threats=values("threats"),
        modules=values("modules"),
        lessons=values("lessons"),
        knowledge_checks=values("knowledge_checks"),
    )
    return course, origins


def resolve_packs(extra: Iterable[Path]) -> list[Path]:
    """The default pack first, then the author's packs in the order given."""
    return [default_pack(), *extra]
