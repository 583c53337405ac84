"""The command line: help everywhere, a schema for editors, meaningful exit codes."""

from __future__ import annotations

import json

import pytest

from conftest import run_cli


@pytest.mark.parametrize(
    "command", [[], ["build"], ["generate"], ["check"], ["schema"], ["export"], ["export", "pdf"], ["workshop"]]
)
def test_every_command_has_help(command: list[str]) -> None:
    result = run_cli(*command, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.stdout
    assert "Example" in result.stdout


def test_schema_describes_content_files() -> None:
    result = run_cli("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["additionalProperties"] is False
    assert {"modules", "lessons", "facts", "audiences", "helplines", "glossary"} <= set(schema["properties"])
    for model in (
        "Source",
        "Fact",
        "ActionArea",
        "Module",
        "Audience",
        "Section",
        "Activity",
        "Question",
        "Option",
        "Helpline",
        "GlossaryTerm",
        "Lesson",
    ):
        assert model in schema["$defs"], model
    option = schema["$defs"]["Option"]
    assert "feedback" in option["required"]
    assert "for" in schema["$defs"]["Helpline"]["properties"]


def test_version() -> None:
    result = run_cli("--version")
    assert result.exit_code == 0 and "gta-course" in result.stdout
