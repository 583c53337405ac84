"""Loading content packs from folders and layering them into one course.

A pack is a folder of YAML files (any names, any depth); each file holds one or more
collections (`modules:`, `lessons:`...). Later packs override earlier ones item by item, by id,
so a trainer's pack can add an audience or rewrite one lesson without copying the rest. Every
problem in every file is collected before anything is reported, so an author fixes them in one
pass. Files are found and read only through `pack_files`, which never leaves the pack folder.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, cast

from pydantic import BaseModel, ValidationError

from gta_course import model
from gta_course.content.markdown_safety import scan_myst
from gta_course.content.pack_files import (
    DEFAULT_MAX_FILE_SIZE,
    PackFolder,
    decode_text,
    list_pack,
    read_pack_bytes,
    read_pack_text,
)
from gta_course.content.references import check_references
from gta_course.content.yaml_file import ExternalText, Origin, YamlDocument, parse_yaml
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
# The first bytes of each image type a lesson may show: a file named .png must be a PNG.
IMAGE_SIGNATURES = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".webp": (b"RIFF",),
}
NOT_CONTENT = "not a content file: only .yaml files are loaded, other files only when a lesson names them"


@dataclass(frozen=True)
class LoadedCourse:
    """A validated course and where each of its items came from, keyed `collection:id`.

    `warnings` did not stop the load (an empty file, say); `ignored` lists the files of the
    packs that were not used, with why, for `--verbose`.
    """

    course: model.Course
    origins: dict[str, Origin]
    replaced: dict[str, list[tuple[BaseModel, Origin]]] = field(default_factory=dict)
    """Items a later pack replaced, by collection: what they were and where, for checks on overlays."""
    warnings: tuple[Problem, ...] = ()
    ignored: tuple[tuple[str, str], ...] = ()

    def origin(self, collection: str, item_id: str) -> Origin:
        """Where an item was written; every item in the course has one."""
        return self.origins[f"{collection}:{item_id}"]


def default_pack() -> Path:
    """The pack shipped inside the package: the GTA 2025 course itself."""
    return Path(str(resources.files("gta_course") / "packs" / "default"))


def item_id(item: BaseModel) -> str:
    """The id an item is overridden and referred to by."""
    return str(cast(Any, item).id)  # every list collection's model has an id


@dataclass(frozen=True)
class _Image:
    """An image a lesson shows: where it is published in the book, its bytes, where it was named."""

    published: str
    data: bytes
    where: tuple[str, int]  # path and line of the reference, for a collision's message


@dataclass
class _Collected:
    """Items gathered from all packs; later packs replace earlier ones by id."""

    items: dict[str, dict[str, tuple[BaseModel, Origin]]]
    mappings: dict[str, tuple[dict[str, Any], Origin]]
    images: dict[str, list[_Image]] = field(default_factory=dict)  # lesson id -> its images
    warnings: list[Problem] = field(default_factory=list)
    ignored: list[tuple[str, str]] = field(default_factory=list)
    used: set[str] = field(default_factory=set)  # real paths of files lessons named
    replaced: dict[str, list[tuple[BaseModel, Origin]]] = field(default_factory=dict)


def load_course(packs: Sequence[Path], max_file_size: int = DEFAULT_MAX_FILE_SIZE) -> LoadedCourse:
    """Load and layer packs (first is the base); raise ContentError listing every problem.

    No file of a pack may be larger than `max_file_size` bytes.
    """
    problems: list[Problem] = []
    collected = _Collected({name: {} for name in LIST_COLLECTIONS}, {})
    for pack in packs:
        problems += _load_pack(PackFolder.of(pack, max_file_size), collected)
    course_info = collected.mappings.get("course")
    if course_info is None and not problems:
        shown = display_path(packs[-1])
        problems.append(Problem(shown, 1, "no pack defines 'course:'", "the base pack must describe the course"))
    if problems:
        raise ContentError(problems, collected.warnings, collected.ignored)
    assert course_info is not None
    course, origins, problems = _assemble(collected)
    problems += check_references(course, origins)
    if problems:
        raise ContentError(problems, collected.warnings, collected.ignored)
    warnings = tuple(sorted(set(collected.warnings)))
    return LoadedCourse(course, origins, collected.replaced, warnings, tuple(collected.ignored))


def _load_pack(pack: PackFolder, collected: _Collected) -> list[Problem]:
    """Validate every file of one pack and layer its items over what came before."""
    listing = list_pack(pack)
    problems = listing.problems
    seen: dict[str, Origin] = {}
    for path in listing.yaml_files:
        shown = display_path(path)
        text, problem = read_pack_text(path, pack, shown)
        if text is None:
            problems += [problem] if problem else []
            continue
        doc, file_problems = parse_yaml(text, path, shown)
        collected.warnings += [p for p in file_problems if p.severity == "warning"]
        problems += [p for p in file_problems if p.severity == "error"]
        if doc is None:
            continue
        for key in doc.data:
            name = str(key)
            if name in MAPPING_COLLECTIONS:
                problems += _load_mapping(doc, name, collected)
            elif name in LIST_COLLECTIONS:
                problems += _load_list(doc, name, collected, seen, pack)
            else:
                known = ", ".join([*MAPPING_COLLECTIONS, *LIST_COLLECTIONS])
                problems.append(doc.problem([key], f"unknown collection '{name}'", f"use one of: {known}"))
    unused = [(path, NOT_CONTENT) for real, path in listing.other_files.items() if real not in collected.used]
    collected.ignored += sorted((display_path(path), why) for path, why in [*listing.ignored, *unused])
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


def _load_list(
    doc: YamlDocument, key: str, collected: _Collected, seen: dict[str, Origin], pack: PackFolder
) -> list[Problem]:
    """Validate each item on its own, so one bad item does not hide problems in the others."""
    data = doc.data[key]
    if not isinstance(data, list):
        return [doc.problem([key], f"'{key}' must be a list", f"write each item under '{key}:' starting with '- '")]
    problems: list[Problem] = []
    for index, raw in enumerate(data):
        origin = Origin(doc, (key, index))
        if isinstance(raw, dict) and key == "lessons":
            raw, origin, body_problems = _inline_body_files(raw, origin, pack, collected)
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
        if key == "lessons":
            images, image_problems = _lesson_images(item, origin, pack, collected)
            problems += image_problems
            collected.images[item_id(item)] = images
        seen[ident] = origin
        if item_id(item) in collected.items[key]:  # an earlier pack's item, replaced by this one
            collected.replaced.setdefault(key, []).append(collected.items[key][item_id(item)])
        collected.items[key][item_id(item)] = (item, origin)
    return problems


def _inline_body_files(
    raw: dict[str, Any], origin: Origin, pack: PackFolder, collected: _Collected
) -> tuple[dict[str, Any], Origin, list[Problem]]:
    """Replace `body_file:` in lesson sections with the MyST file it names, relative to the YAML file.

    The returned origin knows which bodies came from their own files, so a problem in one is
    reported at that file's line.
    """
    sections = raw.get("sections")
    if not isinstance(sections, list):
        return raw, origin, []
    problems: list[Problem] = []
    new_sections: list[Any] = []
    external: list[ExternalText] = []
    for index, section in enumerate(sections):
        name = section.get("body_file") if isinstance(section, dict) else None
        if not isinstance(section, dict) or not isinstance(name, str) or not name:
            new_sections.append(section)  # a body_file that is not text is the schema's to report
            continue
        loc = ("sections", index, "body_file")
        if section.get("body"):
            problems.append(origin.problem(loc, "section has both body and body_file", "keep one of them"))
        path = origin.doc.path.parent / name
        shown = display_path(path)
        data, problem = read_pack_bytes(path, pack, shown, "body file")
        if data is None:
            assert problem is not None
            problems.append(origin.problem(loc, f"body_file '{name}': {problem.message}", problem.hint))
            new_sections.append(section)
            continue
        text, problem = decode_text(data, shown)
        if text is None:
            problems += [problem] if problem else []
            new_sections.append(section)
            continue
        collected.used.add(os.path.realpath(path))
        leading = text[: len(text) - len(text.lstrip())].count("\n")  # the body is stripped
        external.append(ExternalText((*origin.loc, "sections", index, "body"), path, shown, 1 + leading))
        new_sections.append({**section, "body": text})
    origin = Origin(origin.doc, origin.loc, tuple(external))
    return {**raw, "sections": new_sections}, origin, problems


def _lesson_images(
    lesson: model.Lesson, origin: Origin, pack: PackFolder, collected: _Collected
) -> tuple[list[_Image], list[Problem]]:
    """The pack images a lesson shows, read now so the build can copy them into the book.

    An image is named relative to the file its text is in (the YAML, or the body file) and is
    published beside the lesson's page, under the same relative name, so the reference works
    unchanged.
    """
    images: list[_Image] = []
    problems: list[Problem] = []
    for part in lesson.authored_text():
        external = origin.external_text(part.loc)
        folder = (external.path if external else origin.doc.path).parent
        for image in scan_myst(part.text).images:
            where = origin.text_location(part.loc, image.line)
            path = folder / image.src
            data, problem = read_pack_bytes(path, pack, display_path(path), "image")
            if data is None:
                assert problem is not None
                problems.append(Problem(*where, f"image '{image.src}': {problem.message}", problem.hint))
                continue
            suffix = Path(image.src).suffix.lower()
            if not data.startswith(IMAGE_SIGNATURES[suffix]):
                problems.append(
                    Problem(
                        *where,
                        f"image '{image.src}' is not a {suffix[1:].upper()} file",
                        "save it in the format its name says",
                    )
                )
                continue
            collected.used.add(os.path.realpath(path))
            images.append(_Image(f"{lesson.audience}/{image.src}", data, where))
    return images, problems


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
    return origin.problem(loc, f"{where}: {str(error['msg']).removeprefix('Value error, ')}", hint)


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


def _assets(collected: _Collected) -> tuple[dict[str, bytes], list[Problem]]:
    """The images of the lessons the course keeps, by path in the book; two different files may not share one."""
    assets: dict[str, bytes] = {}
    first: dict[str, tuple[str, int]] = {}
    problems: list[Problem] = []
    for lesson_id in sorted(collected.items["lessons"]):
        for image in collected.images.get(lesson_id, []):
            if assets.get(image.published, image.data) != image.data:
                path, line = first[image.published]
                problems.append(
                    Problem(
                        *image.where,
                        f"a different image is already published as '{image.published}' ({path}:{line})",
                        "give one of the two files another name",
                    )
                )
                continue
            assets[image.published] = image.data
            first.setdefault(image.published, image.where)
    return dict(sorted(assets.items())), problems


def _assemble(collected: _Collected) -> tuple[model.Course, dict[str, Origin], list[Problem]]:
    """Build the course object once every item is valid on its own."""
    origins: dict[str, Origin] = {}
    for key, items in collected.items.items():
        for ident, (_, origin) in items.items():
            origins[f"{key}:{ident}"] = origin

    def values(key: str) -> dict[str, Any]:
        return {ident: item for ident, (item, _) in sorted(collected.items[key].items())}

    info_raw, info_origin = collected.mappings["course"]
    rules_raw, rules_origin = collected.mappings.get("rules", ({}, info_origin))
    assets, problems = _assets(collected)
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
        assets=assets,
    )
    return course, origins, problems


def resolve_packs(extra: Iterable[Path]) -> list[Path]:
    """The default pack first, then the author's packs in the order given."""
    return [default_pack(), *extra]
