"""Composing a course: only the chosen audiences and modules reach the site, in the chosen order."""

from __future__ import annotations

from conftest import PackWriter, check_report, report_of, run_cli
from gta_course.build import planned_files
from gta_course.content.loader import CourseProblems, default_pack, load_course
from gta_course.render.myst import render_landing_page
from gta_course.tailor import group_by_track, tailor_course

COMPOSED = """\
course:
  audiences: [educators, parents]
  modules: [financial-sexual-extortion, grooming-private-spaces]
"""


def test_only_chosen_tracks_and_modules_are_built_in_their_order(write_pack: PackWriter) -> None:
    loaded = load_course([default_pack(), write_pack({"course.yaml": COMPOSED})])
    course = loaded.course
    assert [a.id for a in course.ordered_audiences()] == ["educators", "parents"]
    assert [(m.number, m.id) for m in course.ordered_modules()] == [
        (1, "financial-sexual-extortion"),
        (2, "grooming-private-spaces"),
    ]
    assert sorted(course.lessons) == [
        "financial-sexual-extortion/educators",
        "financial-sexual-extortion/parents",
        "grooming-private-spaces/educators",
        "grooming-private-spaces/parents",
    ]
    files = planned_files(course, "GB", {})
    folders = {path.split("/")[1] for path in files if path.startswith("book/") and path.count("/") == 2}
    assert folders == {"educators", "parents", "trainers"}  # the tracks, and the trainers' kits
    kits = [path for path in files if path.startswith("book/trainers/") and not path.endswith("/index.md")]
    assert kits and all(("/educators-" in k or "/parents-" in k) for k in kits), kits
    notebooks = sorted(path for path in files if path.startswith("exercises/"))
    assert len(notebooks) == 4 and all("youth" not in n and "threat-landscape" not in n for n in notebooks)
    assert "book/parents/01-financial-sexual-extortion.md" in files
    toc = files["book/_toc.yml"].decode()
    assert toc.index("Educators") < toc.index("Parents and caregivers") and "Youth" not in toc


def test_landing_page_does_not_claim_tracks_cover_the_same_findings(write_pack: PackWriter) -> None:
    pack = write_pack(
        {
            "course.yaml": "course:\n  audiences: [parents, youth-advocates]\n",
        }
    )
    course = load_course([default_pack(), pack]).course
    tracks = group_by_track(tailor_course(course, "GB"))
    assert "covers the same" in render_landing_page(course, tracks, "GB")
    short = {"parents": tracks["parents"][:2], "youth-advocates": tracks["youth-advocates"]}
    page = render_landing_page(course, short, "GB")
    assert "covers the same" not in page and "its own lessons" in page
    assert "*2 lessons ·" in page
    one = render_landing_page(course, {"parents": tracks["parents"][:1]}, "GB")
    assert "one track" in one and "*1 lesson ·" in one


def test_unknown_ids_in_the_composition_are_problems_with_suggestions(write_pack: PackWriter) -> None:
    pack = write_pack({"course.yaml": "course:\n  audiences: [parnets]\n  modules:\n    - grooming-privat-spaces\n"})
    report = check_report("--content", str(pack))
    assert report.exit_code == 2
    assert report.at("course.yaml", "unknown audience 'parnets'") == [2]
    assert report.at("course.yaml", "unknown module 'grooming-privat-spaces'") == [4]
    hints = {f["hint"] for f in report.findings}
    assert "did you mean 'parents'?" in hints and "did you mean 'grooming-private-spaces'?" in hints


def test_an_audience_with_no_lessons_is_an_error(write_pack: PackWriter) -> None:
    audiences = (default_pack() / "audiences.yaml").read_text(encoding="utf-8")
    first = audiences.index("  - id: parents")
    coaches = audiences[first : audiences.index("  - id: educators")].replace("id: parents", "id: coaches")
    pack = write_pack({"audiences.yaml": "audiences:\n" + coaches})
    result = run_cli("check", "--content", str(pack))
    report = report_of(result)
    assert report.exit_code == 2 and "Traceback" not in result.output
    assert report.at("audiences.yaml", "audience 'coaches' has no lessons") == [1 + 1]
    try:
        load_course([default_pack(), pack])
    except CourseProblems as error:
        assert len(error.problems) == 1
    else:
        raise AssertionError("an audience without lessons loaded")


def test_leaving_an_audience_out_is_not_an_error(write_pack: PackWriter) -> None:
    audiences = (default_pack() / "audiences.yaml").read_text(encoding="utf-8")
    first = audiences.index("  - id: parents")
    coaches = audiences[first : audiences.index("  - id: educators")].replace("id: parents", "id: coaches")
    pack = write_pack({"audiences.yaml": "audiences:\n" + coaches, "course.yaml": "course:\n  audiences: [parents]\n"})
    assert list(load_course([default_pack(), pack]).course.audiences) == ["parents"]
