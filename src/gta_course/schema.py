"""The JSON Schema of one content file, as an editor sees it: what `gta-course schema` prints.

A file is usually an overlay: `course: {title: ...}` renames the course and inherits the rest,
and a lesson for an audience `based_on` another gives only the fields it changes. So fields
that layering fills in are optional in a file's schema; whether they are there is checked
after layering, where `check` reports what is still missing at its line.
"""

from __future__ import annotations

from typing import Any

from gta_course.model import PackFile

# Models whose fields layering merges, and the fields a file must still give for each.
MERGED: dict[str, list[str]] = {
    "CourseInfo": [],  # course: keys merge over the packs under it
    "Rules": [],
    "Labels": [],
    "Lesson": ["module", "audience"],  # the rest may come from the lesson a derived audience starts from
    "Activity": ["id"],  # matched by id in a derived lesson
    "Question": ["id"],
}
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def pack_file_schema() -> dict[str, Any]:
    """The schema of a content file, with merged fields optional."""
    document = PackFile.model_json_schema(by_alias=True)
    for name, required in MERGED.items():
        definition = document["$defs"][name]
        if required:
            definition["required"] = required
        else:
            definition.pop("required", None)
    document["$schema"] = SCHEMA_DIALECT
    document["title"] = "gta-course content file"
    return document
