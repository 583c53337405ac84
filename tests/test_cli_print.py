"""The print commands: `export pdf` and `workshop`, their bad input, and what they write."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import run_cli
from gta_course.render.print_html import kit_pdf


def test_workshop_that_cannot_fit_says_why_and_shows_the_nearest_plan(tmp_path: Path) -> None:
    result = run_cli("workshop", "--audience", "parents", "--minutes", "47", "-o", str(tmp_path))
    assert result.exit_code == 2
    assert "cannot plan a 47-minute session" in result.stderr and "5-minute grid" in result.stderr
    assert "nearest plan: 45 minutes" in result.stderr and "Help and safety" in result.stderr
    assert not list(tmp_path.iterdir())


def test_workshop_modules_that_cannot_fit_say_so(tmp_path: Path) -> None:
    result = run_cli(
        "workshop", "--audience", "parents", "--minutes", "20", "--modules", "threat-landscape", "-o", str(tmp_path)
    )
    assert result.exit_code == 2 and "at least" in result.stderr


@pytest.mark.parametrize(
    ("args", "complaint"),
    [
        (["workshop", "--audience", "nobody", "--minutes", "45"], "--audience: unknown audience 'nobody'"),
        (["workshop", "--audience", "parents", "--minutes", "90", "--start", "7pm"], "--start: '7pm'"),
        (["workshop", "--audience", "parents", "--minutes", "90", "--modules", "nope"], "nope"),
        (["export", "pdf", "--module", "nope"], "--module: unknown module 'nope'"),
        (["export", "pdf", "--audience", "nope"], "--audience: unknown audience 'nope'"),
        (["export", "pdf", "--country", "FR"], "--country"),
    ],
)
def test_bad_options_exit_2_without_a_traceback(args: list[str], complaint: str, tmp_path: Path) -> None:
    result = run_cli(*args, "-o", str(tmp_path))
    assert result.exit_code == 2, result.output
    assert complaint in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.pdf
def test_workshop_writes_its_kit_with_clock_times(tmp_path: Path) -> None:
    workshop = ("workshop", "--audience", "youth-advocates", "--minutes", "45", "--start", "18:30", "--country", "US")
    result = run_cli(*workshop, "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert "18:30" in result.stdout and "19:10" in result.stdout  # the close starts 40 minutes in
    slug = "youth-advocates-45min"
    for what in ("kit", "facilitator-guides", "handouts"):
        reader = PdfReader(tmp_path / kit_pdf(slug, what))
        box = reader.pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == (612, 792)  # letter in the US
    kit = " ".join(page.extract_text() for page in PdfReader(tmp_path / kit_pdf(slug)).pages)
    assert "18:30" in kit and "Head count" in kit and "United States" in kit
    assert "3 PDFs: 3 written" in result.stdout
    again = run_cli(*workshop, "-o", str(tmp_path))
    assert "3 up to date" in again.stdout


@pytest.mark.pdf
def test_export_pdf_of_one_module(tmp_path: Path) -> None:
    result = run_cli("export", "pdf", "--module", "child-participation", "--country", "AU", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    made = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*.pdf"))
    assert len(made) == 10 and all("child-participation" in p for p in made)
    assert "10 PDFs: 10 written" in result.stdout
