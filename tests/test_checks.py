"""The content rules of `gta-course check`, on the shipped course and on lessons broken on purpose."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import PackWriter, run_cli
from gta_course.content.checks import check_course, reading_grade
from gta_course.content.loader import LoadedCourse, default_pack, load_course

PARENTS_LESSON = Path(__file__).parent / "fixtures" / "parents-lesson.yaml"
SEXTORTION_LESSON = default_pack() / "lessons" / "financial-sexual-extortion" / "parents.yaml"


def test_default_course_passes_every_check(default_course: LoadedCourse) -> None:
    assert check_course(default_course) == []


def test_check_command_on_default_course() -> None:
    result = run_cli("check")
    assert result.exit_code == 0, result.output
    assert "no problems found" in result.stdout


def problems_after(write_pack: PackWriter, old: str, new: str, lesson: str = str(PARENTS_LESSON)) -> list[str]:
    """Problems of the shipped course with one lesson changed by an overlay pack."""
    text = Path(lesson).read_text(encoding="utf-8")
    assert old in text, old
    pack = write_pack({"lesson.yaml": text.replace(old, new, 1)})
    return [str(p) for p in check_course(load_course([default_pack(), pack]))]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("1,325% between", "1325% between", "figure '1325%' is not backed"),
        ("went up by\n        1,325%", "went up by\n        1,400%", "figure '1,400%'"),
        (
            "350+ member organisations around the world {fact}`gta25-members`",
            "350+ member organisations",
            "figure '350+'",
        ),
        ("access is 13% higher", "access is 31% higher", "figure '31%'"),
        ("access is 13% higher", "access is 13 per cent higher", "figure '13 per cent'"),
    ],
)
def test_figures_must_match_a_cited_fact(write_pack: PackWriter, old: str, new: str, expected: str) -> None:
    problems = problems_after(write_pack, old, new)
    assert any(expected in p for p in problems), problems
    assert all(p.split(":")[0].endswith("lesson.yaml") for p in problems)


def test_figure_problem_names_the_line(write_pack: PackWriter) -> None:
    text = PARENTS_LESSON.read_text(encoding="utf-8")
    pack = write_pack({"lesson.yaml": text.replace("1,325% between", "1325% between", 1)})
    (problem,) = check_course(load_course([default_pack(), pack]))
    assert "1325% between" in (pack / "lesson.yaml").read_text().splitlines()[problem.line - 1]


def test_banned_terms_are_refused_with_what_to_say(write_pack: PackWriter) -> None:
    problems = problems_after(write_pack, "sexual images of children, including", "child pornography, including")
    assert any("banned term 'child pornography'" in p and "child sexual abuse material" in p for p in problems)


def test_victim_blaming_allowed_only_as_dont_say(write_pack: PackWriter) -> None:
    problems = problems_after(write_pack, "Staying calm and thanking him", "He should have known better. Staying calm")
    assert any("victim-blaming phrase 'should have known better'" in p for p in problems)
    quoted = problems_after(
        write_pack, 'dont_say: "Why would you even want that app?"', 'dont_say: "What were you thinking?"'
    )
    assert quoted == []


def test_sextortion_lessons_need_every_response_step(write_pack: PackWriter) -> None:
    text = SEXTORTION_LESSON.read_text(encoding="utf-8")
    lowered = text.replace("Take It Down", "a removal service").replace("Report Remove", "a removal service")
    lowered = lowered.replace("NeedHelpNow", "a removal service").replace("eSafety", "a removal service")
    pack = write_pack({"lesson.yaml": lowered})
    problems = [str(p) for p in check_course(load_course([default_pack(), pack]))]
    assert any("lacks the 'remove-images' step" in p for p in problems), problems


def test_restricted_word_only_in_brackets(write_pack: PackWriter) -> None:
    problems = problems_after(write_pack, "Threats for money.", "Sextortion for money.")
    assert any("'sextortion' in a form not allowed" in p for p in problems)
    assert problems_after(write_pack, "Threats for money.", 'Threats for money ("sextortion").') == []


def test_reading_level_outside_band(write_pack: PackWriter) -> None:
    hard = (
        "Notwithstanding considerable institutional heterogeneity, multistakeholder governance "
        "arrangements necessitate comprehensive interoperability considerations."
    )
    problems = problems_after(write_pack, "Its main message is hopeful.", hard * 12)
    assert any("reading level is grade" in p and "outside the band 3-8 for parents" in p for p in problems), problems


def test_reading_grade_is_measured_on_prose(default_course: LoadedCourse) -> None:
    lesson = default_course.course.lessons["threat-landscape/parents"]
    assert 3 < reading_grade(lesson) <= 8


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "      feedback: Not quite. It comes from",
            "      correct: true\n      feedback: Not quite. It comes from",
            "has 2 correct",
        ),
        ('    - text: "True"\n', '    - text: "Yes"\n', "needs options True and False"),
        (
            "      correct: true\n      feedback: Yes. Financial",
            "      feedback: Yes. Financial",
            "multiple question 'q3' has 1 correct",
        ),
    ],
)
def test_quiz_answers_must_fit_the_question(write_pack: PackWriter, old: str, new: str, expected: str) -> None:
    problems = problems_after(write_pack, old, new)
    assert any(expected in p for p in problems), problems


def test_activities_must_fit_the_session(write_pack: PackWriter) -> None:
    problems = problems_after(write_pack, "kind: action-plan\n    minutes: 10", "kind: action-plan\n    minutes: 30")
    assert any("activities take 55 of 60 minutes" in p for p in problems), problems
    assert problems_after(write_pack, "  audience: parents\n", "  audience: parents\n  minutes: 90\n") == []


def test_required_activity_kind_for_audience(write_pack: PackWriter) -> None:
    youth = default_pack() / "lessons" / "threat-landscape" / "youth-advocates.yaml"
    problems = problems_after(write_pack, "kind: peer-session-plan", "kind: action-plan", str(youth))
    assert any("need a 'peer-session-plan' activity" in p for p in problems), problems


def test_heading_levels_inside_sections(write_pack: PackWriter) -> None:
    problems = problems_after(
        write_pack,
        "      Its main message is hopeful.",
        "      ## A stray heading\n\n      Its main message is hopeful.",
    )
    assert any("heading level 2 inside a section" in p for p in problems), problems


def test_reading_level_too_simple_for_professionals(write_pack: PackWriter) -> None:
    lesson = default_pack() / "lessons" / "threat-landscape" / "tech-policy.yaml"
    text = lesson.read_text(encoding="utf-8")
    start = text.index("  sections:\n")
    end = text.index("  activities:\n")
    simple = (
        "  sections:\n  - title: In short\n    body: |\n"
        + "      We can help. It is bad. Tell a friend. Be kind.\n" * 40
    )
    pack = write_pack({"lesson.yaml": text[:start] + simple + text[end:]})
    problems = [str(p) for p in check_course(load_course([default_pack(), pack]))]
    assert any("outside the band 7-11 for tech-policy" in p and "fuller sentences" in p for p in problems), problems


KNOWLEDGE = default_pack() / "knowledge.yaml"


def knowledge_problems(write_pack: PackWriter, old: str, new: str) -> list[str]:
    """Problems of the shipped course with the knowledge checks changed by an overlay pack."""
    text = KNOWLEDGE.read_text(encoding="utf-8")
    assert old in text, old
    pack = write_pack({"knowledge.yaml": text.replace(old, new, 1)})
    return [str(p) for p in check_course(load_course([default_pack(), pack]))]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("prompt: What is grooming?", "prompt: What is child porn?", "banned term 'child porn'"),
        (
            "prompt: Who is responsible when a child is sexually exploited online?",
            "prompt: Is it your own fault when a child is sexually exploited online?",
            "victim-blaming phrase 'your own fault'",
        ),
        (
            "prompt: What is grooming?",
            "prompt: What did 60% of platforms not publish?",
            "figure '60%' in a knowledge check",
        ),
        (
            "prompt: Which service can help remove a nude photo taken when someone was under 18, from any country?",
            "prompt: Have you ever sent a photo you regret?",
            "asks about the learner's own life",
        ),
    ],
)
def test_knowledge_checks_follow_the_content_rules(write_pack: PackWriter, old: str, new: str, expected: str) -> None:
    problems = knowledge_problems(write_pack, old, new)
    assert any(expected in p and "knowledge.yaml:" in p for p in problems), problems


LIBRARIANS = """
audiences:
  - id: librarians
    title: Librarians
    order: 9
    who: Library staff.
    needs: Safe settings.
    tone: Plain.
    session_minutes: 60
    reading_grade_max: 9
"""


def test_every_track_needs_a_knowledge_check(write_pack: PackWriter) -> None:
    lesson = PARENTS_LESSON.read_text(encoding="utf-8").replace("audience: parents", "audience: librarians", 1)
    pack = write_pack({"audiences.yaml": LIBRARIANS, "lesson.yaml": lesson})
    problems = [str(p) for p in check_course(load_course([default_pack(), pack]))]
    assert any("track 'librarians' has no knowledge check" in p for p in problems), problems


def test_knowledge_items_are_checked_at_load(write_pack: PackWriter) -> None:
    from gta_course.problems import ContentError

    text = KNOWLEDGE.read_text(encoding="utf-8")
    pack = write_pack({"knowledge.yaml": text.replace("module: grooming-private-spaces", "module: nowhere", 1)})
    with pytest.raises(ContentError) as error:
        load_course([default_pack(), pack])
    assert any("unknown module 'nowhere'" in str(p) for p in error.value.problems)
    two_right = text.replace(
        "          - text: Any online chat between an adult and a child\n",
        "          - text: Any online chat between an adult and a child\n            correct: true\n",
        1,
    )
    with pytest.raises(ContentError) as error:
        load_course([default_pack(), write_pack({"knowledge.yaml": two_right})])
    assert any("exactly one correct option" in str(p) for p in error.value.problems)
