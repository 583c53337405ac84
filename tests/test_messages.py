"""Messages a trainer can act on: places counted from 1, likely ids suggested, YAML slips explained."""

from __future__ import annotations

from pathlib import Path

from conftest import PackWriter, check_report, run_cli
from gta_course.content.messages import describe_place, did_you_mean, field_path

LESSON = (Path(__file__).parent / "fixtures" / "parents-lesson.yaml").read_text(encoding="utf-8")


def line_of(text: str, needle: str) -> int:
    """1-based line of the first line holding `needle`."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_places_are_counted_from_one_in_words() -> None:
    assert describe_place(("quiz", 2, "options", 1, "feedback")) == "question 3, option 2, feedback"
    assert describe_place(("activities", 0, "steps", 3)) == "activity 1, step 4"
    assert field_path(("activities", 0, "steps", 1, "Step", "minutes")) == ("activities", 0, "steps", 1, "minutes")


def test_did_you_mean_names_the_closest_id_or_a_few() -> None:
    assert did_you_mean("grooming-privat-spaces", ["grooming-private-spaces", "threat-landscape"]) == (
        "did you mean 'grooming-private-spaces'?"
    )
    assert did_you_mean("zzz", [f"m{i}" for i in range(9)]) == "use one of: m0, m1, m2, m3, m4, m5 and 3 more"


def test_a_missing_option_field_is_named_by_question_and_option(write_pack: PackWriter) -> None:
    text = LESSON.replace("      feedback: Financial sexual extortion is now a major threat.\n", "")
    report = check_report("--content", str(write_pack({"lesson.yaml": text})))
    assert report.exit_code == 2
    lines = report.at("lesson.yaml", "missing field 'feedback' in lesson, question 3, option 2")
    assert lines == [line_of(text, "Criminals threatening young people")]


def test_unquoted_text_with_a_colon_hints_quotes(write_pack: PackWriter) -> None:
    text = LESSON.replace('  - "Timing: if short of time,', "  - Timing: 15 + 15 minutes, or if short of time,")
    text = text.replace('as homework."', "as homework.")
    report = check_report("--content", str(write_pack({"lesson.yaml": text})))
    assert report.exit_code == 2
    assert report.at("lesson.yaml", "facilitator note 3: Input should be a valid string") == [line_of(text, "Timing:")]
    assert "put the text in quotes" in report.findings[0]["hint"]


def test_a_date_in_another_format_hints_iso(write_pack: PackWriter) -> None:
    report = check_report("--content", str(write_pack({"course.yaml": "course:\n  edition: 01/12/2026\n"})))
    assert report.exit_code == 2
    assert report.at("course.yaml", "edition: ") == [2]
    assert report.findings[0]["hint"] == "write dates as YYYY-MM-DD, for example 2026-12-01"


def test_no_internal_class_names(write_pack: PackWriter) -> None:
    report = check_report("--content", str(write_pack({"course.yaml": "course:\n  titel: Ours\n"})))
    assert report.exit_code == 2
    finding = report.findings[0]
    assert finding["message"] == "unknown field 'titel' in course" and finding["hint"] == "did you mean 'title'?"
    assert "courseinfo" not in report.findings[0].group(0).lower()


def test_unknown_module_suggests_the_closest(write_pack: PackWriter) -> None:
    text = LESSON.replace("module: fixture-landscape", "module: fixture-landscap")
    report = check_report("--content", str(write_pack({"lesson.yaml": text})))
    found = [f for f in report.findings if f["message"] == "unknown module 'fixture-landscap'"]
    assert [f["hint"] for f in found] == ["did you mean 'fixture-landscape'?"]


def test_a_figure_inside_a_block_is_reported_at_its_own_line(write_pack: PackWriter) -> None:
    old = "      experts and alliance members {fact}`gta25-research`. It brings together data,"
    assert old in LESSON
    text = LESSON.replace(old, old + "\n      About 42% of people agree.")
    report = check_report("--content", str(write_pack({"lesson.yaml": text})))
    assert report.at("lesson.yaml", "figure '42%'") == [line_of(text, "About 42%")]


def test_phone_numbers_and_years_are_not_figures(write_pack: PackWriter) -> None:
    old = "      experts and alliance members {fact}`gta25-research`. It brings together data,"
    text = LESSON.replace(old, old + "\n      In 2025 you could call 306-555-0199 or (306) 555-0199 to ask.")
    report = check_report("--content", str(write_pack({"lesson.yaml": text})))
    assert not [f for f in report.findings if f["message"].startswith("figure")], [f.group(0) for f in report.findings]


def test_check_never_says_it_wrote_nothing(write_pack: PackWriter) -> None:
    result = run_cli("check", "--content", str(write_pack({"course.yaml": "course:\n  titel: Ours\n"})))
    assert result.stderr.splitlines()[-1] == "1 problem found."
    built = run_cli("generate", "--content", str(write_pack({"course.yaml": "course:\n  titel: Ours\n"})))
    assert built.stderr.splitlines()[-1] == "1 problem found; nothing was written."


def test_a_bad_byte_is_reported_at_its_line(write_pack: PackWriter) -> None:
    pack = write_pack({"facts.yaml": "facts: []\n"})
    (pack / "facts.yaml").write_bytes(b"# fine\n# fine\nfacts:\n  - id: caf\xe9\n")
    report = check_report("--content", str(pack))
    assert report.at("facts.yaml", "not UTF-8 text") == [4]
