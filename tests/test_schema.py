"""The schema editors use: overlay files are valid, and the same file is still checked after layering."""

from __future__ import annotations

import json

import jsonschema
import pytest

from conftest import PackWriter, report_of, run_cli
from gta_course.schema import pack_file_schema


def test_the_readmes_overlay_example_is_valid() -> None:
    schema = json.loads(run_cli("schema").stdout)
    jsonschema.validate({"course": {"title": "Keeping children safe online: our club's course"}}, schema)
    jsonschema.validate({"rules": {"victim_blaming": ["you should have known"]}}, schema)
    jsonschema.validate({"lessons": [{"module": "m", "audience": "a", "objectives": ["x", "y", "z"]}]}, schema)


def test_files_that_are_wrong_are_still_flagged() -> None:
    schema = pack_file_schema()
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"course": {"titel": "typo"}}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"lessons": [{"objectives": ["x", "y", "z"]}]}, schema)  # no module or audience
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"sources": [{"id": "S-X"}]}, schema)  # items that replace whole stay complete


def test_required_fields_are_checked_after_layering(write_pack: PackWriter) -> None:
    # the default course gives publisher, edition and description; an overlay need not
    report = report_of(run_cli("check", "--content", str(write_pack({"c.yaml": "course:\n  title: Ours\n"}))))
    assert report.exit_code == 0
