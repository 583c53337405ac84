"""The command line: help everywhere, a schema for editors, meaningful exit codes."""

from __future__ import annotations

import json
from pathlib import Path

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


def test_export_writes_every_format(tmp_path: Path) -> None:
    for fmt, suffix in (("gift", ".gift"), ("qti21", "-qti21.zip"), ("canvas", "-canvas-qti.zip"), ("cc", ".imscc")):
        result = run_cli("export", fmt, "-o", str(tmp_path), "--audience", "parents", "--module", "digital-safety")
        assert result.exit_code == 0, result.output
        assert (tmp_path / f"gta-course-parents-digital-safety{suffix}").is_file()
        assert "1 written" in result.stdout
    again = run_cli("export", "gift", "-o", str(tmp_path), "--audience", "parents", "--module", "digital-safety")
    assert "0 written, 1 unchanged" in again.stdout


def test_export_refuses_unknown_choices(tmp_path: Path) -> None:
    result = run_cli("export", "cc", "-o", str(tmp_path), "--audience", "pirates")
    assert result.exit_code == 2 and "no track 'pirates'" in result.stderr and "hint:" in result.stderr
    result = run_cli("export", "qti21", "-o", str(tmp_path), "--module", "nowhere")
    assert result.exit_code == 2 and "no module 'nowhere'" in result.stderr
    assert not list(tmp_path.iterdir())


def test_tally_reads_codes_from_files_and_arguments_and_reports_bad_ones(tmp_path: Path) -> None:
    import json

    from gta_course.content.loader import default_pack, load_course
    from gta_course.result_code import ResultCode, encode

    check = load_course([default_pack()]).course.knowledge_checks["community-leaders"]
    codes = [encode(ResultCode(check.code, "before", check.version, (1,) * 6, (2,) * 6)) for _ in range(5)]
    codes_file = tmp_path / "codes.txt"
    codes_file.write_text("# session 1\n" + "\n".join(codes[:4]) + "\nCM-B1-XXXX-XXX\n", encoding="utf-8")
    result = run_cli("tally", str(codes_file), codes[4], "--json")
    assert result.exit_code == 2
    assert f"{codes_file}:6: 'CM-B1-XXXX-XXX' is not a result code" in result.stderr
    (group,) = json.loads(result.stdout)
    assert group["counts"] == {"before": 5, "after": 0} and group["shown"]["before"] is True
    table = run_cli("tally", *codes)
    assert table.exit_code == 0 and "Community leaders" in table.stdout and "% right of 5" in table.stdout
    few = run_cli("tally", *codes[:3])
    assert "fewer than 5 codes, not shown" in few.stdout and "% right" not in few.stdout
