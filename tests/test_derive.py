"""A new audience from an existing one: `based_on`, with overrides by lesson and by field."""

from __future__ import annotations

from conftest import PackWriter, check_report
from gta_course.content.loader import default_pack, load_course

FOSTER_CARERS = """
audiences:
  - id: foster-carers
    based_on: parents
    title: "Foster carers"
    order: 6
    who: Foster carers and kinship carers looking after children in care.
    needs: What to look out for with a child who may already have been harmed, and who to tell.
    tone: "Warm and practical; never assume the child's history."
    session_minutes: 60
    reading_grade_min: {low}
    reading_grade_max: {high}
    help_for: [adults, everyone, children]
course:
  audiences: [foster-carers]
  modules: [grooming-private-spaces, financial-sexual-extortion]
"""
OVERRIDE = """
lessons:
  - module: grooming-private-spaces
    audience: foster-carers
    objectives:
      - Name three steps groomers often take with a child in care.
      - Explain why a child in care may find it harder to tell you.
      - Plan who you will tell, and how, if you are worried tonight.
    sections:
      - title: Why private and encrypted chats matter
        body: |
          Private chats are hard for anyone else to see.

          A child in care may have been let down before. Your calm interest matters a great deal.
    activities:
      - id: spot-the-pattern
        minutes: 15
    quiz:
      - id: q1
        prompt: Which of these is a common step groomers take?
"""


def test_each_lesson_starts_from_the_base_audiences_and_overrides_by_field(write_pack: PackWriter) -> None:
    pack = write_pack({"audiences.yaml": FOSTER_CARERS.format(low=3, high=8), "lessons/grooming.yaml": OVERRIDE})
    course = load_course([default_pack(), pack]).course
    assert sorted(course.lessons) == [
        "financial-sexual-extortion/foster-carers",
        "grooming-private-spaces/foster-carers",
    ]
    base = load_course([default_pack()]).course.lessons["grooming-private-spaces/parents"]
    derived = course.lessons["grooming-private-spaces/foster-carers"]
    assert derived.audience == "foster-carers"
    assert derived.objectives[1] == "Explain why a child in care may find it harder to tell you."
    titles = [s.title for s in derived.sections]
    assert titles == [s.title for s in base.sections]  # matched by title, kept in place
    changed = derived.sections[titles.index("Why private and encrypted chats matter")]
    assert changed.body.startswith("Private chats are hard")
    assert derived.sections[0].body == base.sections[0].body
    activity = next(a for a in derived.activities if a.id == "spot-the-pattern")
    assert activity.minutes == 15 and activity.steps == next(a for a in base.activities if a.id == activity.id).steps
    assert derived.quiz[0].prompt.startswith("Which of these") and derived.quiz[0].options == base.quiz[0].options
    untouched = course.lessons["financial-sexual-extortion/foster-carers"]
    assert (
        untouched.sections
        == load_course([default_pack()]).course.lessons["financial-sexual-extortion/parents"].sections
    )
    report = check_report("--content", str(pack))
    assert report.exit_code == 0, [f.group(0) for f in report.findings]


def test_derived_lessons_pass_every_check_for_the_new_audience(write_pack: PackWriter) -> None:
    pack = write_pack({"audiences.yaml": FOSTER_CARERS.format(low=0, high=2), "lessons/grooming.yaml": OVERRIDE})
    report = check_report("--content", str(pack))
    assert report.exit_code == 2
    reading = [f for f in report.findings if f["message"].startswith("reading level")]
    assert len(reading) == 2, [f.group(0) for f in report.findings]
    by_path = {f["path"].rsplit("/", 1)[-1]: f for f in reading}
    # the overridden lesson points at its own override; the inherited one at `based_on:`
    assert by_path["grooming.yaml"]["line"] == "2"
    assert by_path["audiences.yaml"]["line"] == "3"
    assert "lesson 'financial-sexual-extortion/foster-carers'" in by_path["audiences.yaml"]["message"]
    assert "for foster-carers" in by_path["audiences.yaml"]["message"]


def test_a_problem_in_an_override_is_at_its_own_line(write_pack: PackWriter) -> None:
    override = OVERRIDE.replace("Your calm interest matters a great deal.", "About 50% of them say so.")
    pack = write_pack({"audiences.yaml": FOSTER_CARERS.format(low=3, high=8), "lessons/grooming.yaml": override})
    report = check_report("--content", str(pack))
    assert report.exit_code == 2
    assert report.at("lessons/grooming.yaml", "figure '50%'") == [13]


def test_a_partial_lesson_for_an_ordinary_audience_lacks_fields(write_pack: PackWriter) -> None:
    pack = write_pack({"lessons/x.yaml": OVERRIDE.replace("foster-carers", "parents")})
    report = check_report("--content", str(pack))
    assert report.exit_code == 2
    assert report.at("lessons/x.yaml", "missing field 'key_messages' in lesson") == [2]


def test_unknown_base_audience(write_pack: PackWriter) -> None:
    pack = write_pack(
        {"audiences.yaml": FOSTER_CARERS.format(low=3, high=8).replace("based_on: parents", "based_on: parnts")}
    )
    report = check_report("--content", str(pack))
    assert report.exit_code == 2
    assert report.at("audiences.yaml", "unknown audience 'parnts'") == [3]
    assert any(f["hint"] == "did you mean 'parents'?" for f in report.findings)
