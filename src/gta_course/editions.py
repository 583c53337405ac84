"""Editions of one lesson: the learner's copy is the facilitator's with the facilitator's parts removed.

The model marks what belongs to the facilitator (`model.FACILITATOR_ONLY` on a pydantic field
or a dataclass field's metadata): timings, notes, answers and feedback, variations, the
disclosure procedure. As the Carpentries do with instructor notes, the learner edition is made by
removing those nodes from the data before any template sees it, not by hiding them on the page,
so a template cannot leak what it was never given.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from pydantic import BaseModel

from gta_course.model import FACILITATOR_ONLY, Edition


def _facilitator_only(extra: object) -> bool:
    """Whether a field's marks say it belongs to the facilitator's edition alone."""
    return isinstance(extra, dict) and all(extra.get(k) == v for k, v in FACILITATOR_ONLY.items())


def edition_view(value: Any, edition: Edition) -> Any:
    """`value` as plain data (dicts, lists, scalars) holding only what the edition may show.

    Pydantic models and dataclasses become dicts of their fields; in the learner edition, fields
    marked facilitator-only are left out, at every depth.
    """
    if isinstance(value, BaseModel):
        fields = type(value).model_fields
        return {
            name: edition_view(getattr(value, name), edition)
            for name, info in fields.items()
            if edition == "facilitator" or not _facilitator_only(info.json_schema_extra)
        }
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: edition_view(getattr(value, f.name), edition)
            for f in dataclasses.fields(value)
            if edition == "facilitator" or not _facilitator_only(dict(f.metadata))
        }
    if isinstance(value, list | tuple):
        return [edition_view(item, edition) for item in value]
    if isinstance(value, dict):
        return {key: edition_view(item, edition) for key, item in value.items()}
    return value
