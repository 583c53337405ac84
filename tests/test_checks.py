"""The content rules of `gta-course check`, on the shipped course and on a lesson broken on purpose.

Each rule is broken in the fixture lesson (tests/fixtures/parents-lesson.yaml, which passes every
check and sits in a module of its own), and the test asserts the message and the line it points at.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import PackWriter, run_cli
from gta_course.content.checks import check_course
from gta_course.content.loader import LoadedCourse, default_pack, load_course
from gta_course.problems import Problem

FIXTURE = Path(__file__).parent / "fixtures" / "parents-lesson.yaml"
BASE = FIXTURE.read_text(encoding="utf-8")


def test_default_course_passes_every_check(default_course: LoadedCourse) -> None:
    """Expected to fail until the rewritten lessons (issue 12) land: the rules came first."""
    assert [str(p) for p in check_course(default_course)] == []


def test_check_command_on_default_course() -> None:
    result = run_cli("check")
    assert result.exit_code == 0, result.output
    assert "no problems found" in result.stdout


def check(write_pack: PackWriter, text: str = BASE, **extra: str) -> tuple[list[Problem], Path]:
    """Problems in the test pack (the lesson file and any extra files), with the pack's folder.

    Only the pack's own lessons are checked (and the rules across lessons of their module), so a
    test does not wait for every shipped lesson.
    """
    pack = write_pack({"lesson.yaml": text, **extra})
    loaded = load_course([default_pack(), pack])
    ours = {
        key.split(":", 1)[1]
        for key, origin in loaded.origins.items()
        if key.startswith("lessons:") and origin.doc.path.resolve().is_relative_to(pack.resolve())
    }
    problems = check_course(loaded, only=ours)
    return [p for p in problems if Path(p.path).resolve().is_relative_to(pack.resolve())], pack


def changed(old: str, new: str, text: str = BASE) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def line_of(pack: Path, needle: str, name: str = "lesson.yaml") -> int:
    """The 1-based line of the first line of a pack file that contains `needle`."""
    lines = (pack / name).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if needle in line)


def only(problems: list[Problem], fragment: str) -> Problem:
    found = [p for p in problems if fragment in p.message]
    assert len(found) == 1, [str(p) for p in problems]
    return found[0]


def test_the_fixture_passes_every_check(write_pack: PackWriter) -> None:
    problems, _ = check(write_pack)
    assert [str(p) for p in problems] == []


# Figures ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "figure"),
    [
        ("1,325% between", "1325% between", "1325%"),
        ("went up by\n        1,325%", "went up by\n        1,400%", "1,400%"),
        ("350+ member organisations around the world {fact}`gta25-members`", "350+ member organisations", "350+"),
        ("access is 13% higher", "access is 31% higher", "31%"),
        ("access is 13% higher", "access is 13 per cent higher", "13 per cent"),
    ],
)
def test_figures_must_match_a_cited_fact(write_pack: PackWriter, old: str, new: str, figure: str) -> None:
    problems, pack = check(write_pack, changed(old, new))
    problem = only(problems, f"figure '{figure}' is not backed")
    assert problem.line == line_of(pack, figure.split()[0])


def test_a_figure_is_stated_once_per_page(write_pack: PackWriter) -> None:
    text = changed(
        "  - Your calm interest",
        "  - NCMEC got about 100 reports a day {fact}`gta25-sextortion-daily`.\n  - Your calm interest",
    )
    problems, pack = check(write_pack, text)
    problem = only(problems, "figure '100' is stated more than once on the page")
    # key messages come before the sections on the page, so the section's statement is the repeat
    assert problem.line == line_of(pack, "NCMEC got about 100 reports of this")
    assert f"lesson.yaml:{line_of(pack, 'NCMEC got about 100 reports a day')})" in problem.message


def test_a_figure_in_the_description_is_not_backed(write_pack: PackWriter) -> None:
    problems, pack = check(write_pack, changed("found about children online", "found, 1,325% more,"))
    assert only(problems, "figure '1,325%' is not backed").line == line_of(pack, "description:")


def test_the_law_on_images_is_never_cited_alone(write_pack: PackWriter) -> None:
    alone = "      The law protects children {fact}`uk-nude-images-law`.\n\n      Its main message"
    problems, pack = check(write_pack, changed("      Its main message", alone))
    problem = only(problems, "fact 'uk-nude-images-law' is cited without what must go with it")
    assert problem.line == line_of(pack, "The law protects children")
    paired = alone.replace("children {fact}", "children, and you are not in trouble if you ask for help {fact}")
    problems, _ = check(write_pack, changed("      Its main message", paired))
    assert problems == []


# Words -----------------------------------------------------------------------------------------


def test_banned_terms_are_refused_with_what_to_say(write_pack: PackWriter) -> None:
    problems, pack = check(write_pack, changed("sexual images of children, including", "child pornography, including"))
    problem = only(problems, "banned term 'child pornography'")
    assert "child sexual abuse material" in problem.hint
    assert problem.line == line_of(pack, "child pornography, including")


def test_victim_blaming_allowed_only_as_dont_say(write_pack: PackWriter) -> None:
    text = changed("Staying calm and thanking him", "He should have known better. Staying calm")
    problems, pack = check(write_pack, text)
    assert only(problems, "victim-blaming phrase 'should have known better'").line == line_of(pack, "known better")
    quoted = changed('dont_say: "Why would you even want that app?"', 'dont_say: "What were you thinking?"')
    assert check(write_pack, quoted)[0] == []


def test_restricted_word_only_in_brackets(write_pack: PackWriter) -> None:
    problems, pack = check(write_pack, changed("**Threats for money.**", "**Sextortion for money.**"))
    assert only(problems, "'sextortion' in a form not allowed").line == line_of(pack, "Sextortion for money")
    assert check(write_pack, changed("**Threats for money.**", "**Threats for money (sextortion).**"))[0] == []


def test_restricted_word_counts_the_whole_page_but_not_titles_of_sources(write_pack: PackWriter) -> None:
    once = changed("**Threats for money.**", "**Threats for money (sextortion).**")
    # a source whose title says "sextortion": quoted in the references, so it does not count
    with_source = changed("  facilitator_notes:", "  sources: [S-THORN-2024]\n  facilitator_notes:", once)
    assert check(write_pack, with_source)[0] == []
    twice = changed(
        "  - What surprised you", '  - Have you heard the word "(sextortion)"?\n  - What surprised you', once
    )
    problems, pack = check(write_pack, twice)
    assert only(problems, "'sextortion' used more than 1x on the page").line == line_of(pack, "Have you heard")


def test_template_text_is_checked_and_located_in_the_template(
    write_pack: PackWriter, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jinja2 import DictLoader

    from gta_course.render.myst import ENV

    sources = {name: ENV.loader.get_source(ENV, name)[0] for name in ENV.list_templates()}  # type: ignore[union-attr]
    sources["lesson.md.j2"] = sources["lesson.md.j2"].replace(
        "## Talk about it", "## Talk about it\n\nNever say child porn to a child."
    )
    monkeypatch.setattr(ENV, "loader", DictLoader(sources))
    ENV.cache.clear()  # type: ignore[union-attr]
    try:
        problems = check_course(load_course([default_pack(), write_pack({"lesson.yaml": BASE})]))
    finally:
        monkeypatch.undo()
        ENV.cache.clear()  # type: ignore[union-attr]
    problem = next(p for p in problems if "banned term 'child porn'" in p.message)
    assert problem.path == "templates/lesson.md.j2"
    assert sources["lesson.md.j2"].splitlines()[problem.line - 1] == "Never say child porn to a child."


# Images ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Screenshot the chat and the username.",
        "Save the evidence.",
        "If it happens, you should keep the messages.",
        "Take screenshots of the profile and any payment demands.",
    ],
)
def test_evidence_advice_must_exclude_the_image(write_pack: PackWriter, sentence: str) -> None:
    text = changed("Its main message is hopeful.", f"{sentence} Its main message is hopeful.")
    problems, pack = check(write_pack, text)
    problem = only(problems, "tells the reader to keep a copy without excluding the image")
    assert problem.line == line_of(pack, sentence)
    assert "never the image" in problem.hint


@pytest.mark.parametrize(
    "sentence",
    [
        "Screenshot the chat, the usernames and the payment demands, never the image.",
        "Keep the messages and profile links but not the photo itself.",
        "Never save, screenshot or forward the image itself.",
        "Keep talking with your child about their apps.",
        "Criminals often save the images they are sent.",
    ],
)
def test_safe_evidence_advice_passes(write_pack: PackWriter, sentence: str) -> None:
    text = changed("Its main message is hopeful.", f"{sentence} Its main message is hopeful.")
    assert check(write_pack, text)[0] == []


def test_removal_tools_never_promise_blocking_everywhere(write_pack: PackWriter) -> None:
    text = changed("Its main message is hopeful.", "With Take It Down, the image gets blocked. Its main message")
    problems, pack = check(write_pack, text)
    assert only(problems, "'gets blocked' promises more than removal tools do").line == line_of(pack, "gets blocked")
    hedged = changed("Its main message is hopeful.", "Take It Down does not mean the image is removed everywhere.")
    assert not [p for p in check(write_pack, hedged)[0] if "promises more" in p.message]


def test_report_remove_does_not_hash_on_the_device(write_pack: PackWriter) -> None:
    wrong = "Report Remove makes a hash on your own phone."
    problems, pack = check(write_pack, changed("Its main message is hopeful.", f"{wrong} Its main message is hopeful."))
    problem = only(problems, "Report Remove is described as hashing on the device")
    assert problem.line == line_of(pack, wrong)
    right = "Take It Down makes a hash on your own phone; Report Remove goes through Childline and the IWF."
    problems, _ = check(write_pack, changed("Its main message is hopeful.", right))
    assert not [p for p in problems if "hashing on the device" in p.message]


# Reading level ---------------------------------------------------------------------------------

HARD = (
    "Notwithstanding considerable institutional heterogeneity, multistakeholder governance "
    "arrangements necessitate comprehensive interoperability considerations. "
)


def test_reading_level_names_the_hardest_paragraph(write_pack: PackWriter) -> None:
    text = changed(
        "      Its main message is hopeful.", "      " + HARD * 60 + "\n\n      Its main message is hopeful."
    )
    problems, pack = check(write_pack, text)
    problem = only(problems, "reading level of the page is grade")
    assert "outside the band 3-8 for parents; hardest paragraph" in problem.message
    assert problem.line == line_of(pack, "Notwithstanding")


def test_reading_level_too_simple_for_professionals(write_pack: PackWriter) -> None:
    start, end = BASE.index("  sections:\n"), BASE.index("  activities:\n")
    simple = (
        "  sections:\n  - title: In short\n    body: |\n"
        + "      We can help. It is bad. Tell a friend. Be kind.\n" * 40
    )
    tech = another_audience("tech-policy", BASE[:start] + simple + BASE[end:])
    problems, pack = check(write_pack, BASE, **{"tech.yaml": tech})
    problem = only(problems, "reading level of the lesson's teaching prose")
    assert "outside the band 7-11 for tech-policy" in problem.message and "fuller sentences" in problem.hint
    assert problem.path.endswith("tech.yaml") and problem.line == line_of(pack, "We can help", "tech.yaml")


# Written for each audience ---------------------------------------------------------------------


def another_audience(audience: str, text: str = BASE) -> str:
    """The fixture lesson for another audience of the same module (without the module itself)."""
    lesson = re.sub(r"(?s)^.*?(?=lessons:)", "", text)
    return changed("  audience: parents\n", f"  audience: {audience}\n", lesson)


def test_lessons_of_a_module_must_not_share_their_sentences(write_pack: PackWriter) -> None:
    copy = re.sub(r"  description: >-\n(    .*\n)+", "  description: Keeping a club safe, told for coaches.\n", BASE)
    copy = another_audience("community-leaders", copy)
    problems, pack = check(write_pack, BASE, **{"leaders.yaml": copy})
    problem = only(problems, "similar to sentences of the")
    assert re.search(r"\d+% of this lesson's sentences \(\d+/\d+\) are at least 60% similar", problem.message)
    here, there = (pack / "lesson.yaml", pack / "leaders.yaml")
    first, second = (here, there) if problem.path.endswith("lesson.yaml") else (there, here)
    quoted = re.search(r'first: "([^"…]+)', problem.message)
    assert quoted is not None
    assert quoted.group(1)[:30] in first.read_text().splitlines()[problem.line - 1]
    twin = re.search(r"at (\S+):(\d+)$", problem.message)
    assert twin is not None and twin.group(1).endswith(second.name)


def test_each_lesson_has_its_own_description(write_pack: PackWriter) -> None:
    problems, pack = check(write_pack, re.sub(r"  description: >-\n(    .*\n)+", "", BASE))
    assert only(problems, "lesson has no description").line == line_of(pack, "objectives:")
    copy = another_audience("community-leaders").replace("Module 2 covers", "The next module covers")
    problems, pack = check(write_pack, BASE, **{"leaders.yaml": copy})
    problem = only(problems, "description is 100% like the")
    assert problem.line == line_of(pack, "description:", Path(problem.path).name)


def test_quiz_feedback_does_not_stutter(write_pack: PackWriter) -> None:
    text = changed("feedback: Reports can also rise", "feedback: No. Reports can also rise")
    problems, pack = check(write_pack, text)
    problem = only(problems, "feedback starts with 'No.', after the quiz's own 'Not right.'")
    assert problem.line == line_of(pack, "feedback: No. Reports")


def test_content_note_says_each_thing_once(write_pack: PackWriter) -> None:
    text = changed("to follow it.", "to follow it. It contains no graphic detail.")
    problems, pack = check(write_pack, text)
    problem = only(problems, "content note says that there is no graphic detail twice")
    lines = (pack / "lesson.yaml").read_text().splitlines()
    lesson_note = [n for n, line in enumerate(lines, start=1) if line.startswith("  content_note:")][-1]
    assert problem.path.endswith("lesson.yaml") and problem.line == lesson_note


# Quizzes, timing and structure -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("      feedback: It comes from", "      correct: true\n      feedback: It comes from", "has 2 correct"),
        ('    - text: "True"\n', '    - text: "Yes"\n', "needs options True and False"),
        (
            "      correct: true\n      feedback: Financial",
            "      feedback: Financial",
            "multiple question 'q3' has 1 correct",
        ),
    ],
)
def test_quiz_answers_must_fit_the_question(write_pack: PackWriter, old: str, new: str, expected: str) -> None:
    problems, _ = check(write_pack, changed(old, new))
    only(problems, expected)


def test_every_step_of_an_activity_has_minutes(write_pack: PackWriter) -> None:
    text = changed(
        '    - {minutes: 2, text: "Next to each, note',
        '    - "Next to each, note',
    ).replace('chat with people they have not met in person."}', 'chat with people they have not met in person."', 1)
    problems, pack = check(write_pack, text)
    problem = only(problems, "activity 'what-changed': 1 of 4 steps have no minutes")
    assert problem.line == line_of(pack, '- "Next to each, note')


def test_steps_add_up_to_the_activity(write_pack: PackWriter) -> None:
    problems, pack = check(
        write_pack, changed('{minutes: 2, text: "Write down the name', '{minutes: 5, text: "Write down the name')
    )
    problem = only(problems, "activity 'family-plan' takes 8 minutes but its steps add up to 11")
    assert problem.line == line_of(pack, "minutes: 8")


def test_discussion_prompts_get_time(write_pack: PackWriter) -> None:
    problems, pack = check(write_pack, changed("  discussion_minutes: 5\n", ""))
    assert only(problems, "discussion prompts have no time").line == line_of(pack, "discussion_prompts:")


def test_timing_table_adds_up_with_time_to_teach(write_pack: PackWriter) -> None:
    problems, pack = check(write_pack, changed("  discussion_minutes: 5\n", "  discussion_minutes: 15\n"))
    problem = only(problems, "the timing table leaves 0 minutes to teach and adds up to 60 of 60 minutes")
    assert problem.line == line_of(pack, "activities:")
    assert check(write_pack, changed("  audience: parents\n", "  audience: parents\n  minutes: 90\n"))[0] == []


def test_timing_table_that_does_not_add_up_is_reported(write_pack: PackWriter, monkeypatch: pytest.MonkeyPatch) -> None:
    from gta_course import tailor
    from gta_course.content import checks

    def plan_with_a_gap(lesson: object, minutes: int) -> tuple[tailor.TimingRow, ...]:
        return (tailor.TimingRow("Key messages and teaching", 20), tailor.TimingRow("Close", 5))

    monkeypatch.setattr(checks, "timing_plan", plan_with_a_gap)
    problems, _ = check(write_pack)
    only(problems, "adds up to 25 of 60 minutes")


def test_required_activity_kind_for_audience(write_pack: PackWriter) -> None:
    problems, pack = check(write_pack, BASE, **{"youth.yaml": another_audience("youth-advocates")})
    problem = only(problems, "need a 'peer-session-plan' activity")
    assert problem.path.endswith("youth.yaml") and problem.line == line_of(pack, "activities:", "youth.yaml")


def test_heading_levels_inside_sections(write_pack: PackWriter) -> None:
    text = changed(
        "      Its main message is hopeful.", "      ## A stray heading\n\n      Its main message is hopeful."
    )
    only(check(write_pack, text)[0], "heading level 2 inside a section")


PARTICIPATION = """    participation:
      space: Children choose where the club's youth panel meets.
      voice: They write their ideas on cards, alone or with a friend.
      audience: The committee reads every card at its next meeting.
      influence: The committee tells the panel what changed and why, within a month.
"""


def test_lessons_for_adults_who_run_settings_ask_children(write_pack: PackWriter) -> None:
    leaders = another_audience("community-leaders", BASE.replace("Module 2 covers", "Module two covers"))
    problems, pack = check(write_pack, BASE, **{"leaders.yaml": leaders})
    problem = only(problems, "community-leaders lessons need an activity in which children's views are sought")
    assert problem.line == line_of(pack, "activities:", "leaders.yaml")
    with_voice = changed("    steps:\n", PARTICIPATION + "    steps:\n", leaders)
    problems, _ = check(write_pack, BASE, **{"leaders.yaml": with_voice})
    assert not [p for p in problems if "children's views are sought" in p.message]


# Help ------------------------------------------------------------------------------------------


def test_a_named_service_is_in_the_help_list(write_pack: PackWriter) -> None:
    text = changed("Its main message is hopeful.", "Stop It Now helps adults worried about their thoughts.")
    problems, pack = check(write_pack, text)
    problem = only(problems, "names 'Stop It Now', which is not in this page's help list")
    assert problem.line == line_of(pack, "Stop It Now helps")
    assert (
        check(write_pack, changed("  help: [report, support]", "  help: [report, support, prevention]", text))[0] == []
    )


def test_crisis_modules_give_every_country_a_crisis_line(write_pack: PackWriter) -> None:
    text = changed("  help: [report, support]", "  help: [report, support, crisis]")
    extra = """
    course:
      countries: [GB, US, CA, AU, NZ, INT]
    helplines:
    - {country: NZ, kind: report, for: everyone, name: Example report line, purpose: Report abuse, url: "https://example.org"}
    - {country: NZ, kind: support, for: everyone, name: Example support line, purpose: Talk to someone}
    """
    problems, pack = check(write_pack, text, **{"nz.yaml": extra})
    problem = only(problems, "module asks for crisis help, but NZ readers of parents get no crisis line")
    assert problem.path.endswith("lesson.yaml") and problem.line == line_of(pack, "help: [report, support, crisis]")


# Names -----------------------------------------------------------------------------------------


def test_names_must_be_declared(write_pack: PackWriter) -> None:
    text = changed("Your son, 11, is upset", "Zephyrine, 11, is upset")
    problems, pack = check(write_pack, text)
    # a folded scalar (`>-`) has no lines of its own: problems in it point at its key
    assert only(problems, "name 'Zephyrine' is not declared").line == line_of(pack, "Zephyrine, 11") - 1
    declared = "personas:\n- {name: Zephyrine, role: child}\n"
    assert check(write_pack, text, **{"people.yaml": declared})[0] == []


@pytest.mark.parametrize(
    ("sentence", "role", "expected"),
    [
        (
            "Someone threatens Zephyrine online.",
            "harmer",
            "'Zephyrine' is declared as a harmer but is the one harmed here",
        ),
        (
            "Zephyrine is being groomed in a game.",
            "harmer",
            "'Zephyrine' is declared as a harmer but is the one harmed",
        ),
        ("Zephyrine's photo is being shared.", "harmer", "'Zephyrine' is declared as a harmer but is the one harmed"),
        ("Zephyrine, 11, tells you about a game.", "adult", "'Zephyrine' is declared as an adult but is 11 here"),
        ("Zephyrine, 34, tells you about a game.", "child", "declared as a child (under 18) but is 34 here"),
    ],
)
def test_a_name_keeps_its_role(write_pack: PackWriter, sentence: str, role: str, expected: str) -> None:
    text = changed("      Its main message is hopeful.", f"      {sentence} Its main message is hopeful.")
    people = f"personas:\n- {{name: Zephyrine, role: {role}}}\n"
    problems, pack = check(write_pack, text, **{"people.yaml": people})
    problem = only(problems, expected)
    assert problem.line == line_of(pack, sentence)
    assert f"people.yaml:{line_of(pack, 'Zephyrine', 'people.yaml')}" in problem.hint


def test_a_harmer_may_be_a_child_who_harms(write_pack: PackWriter) -> None:
    text = changed("Your son, 11, is upset", "Zephyrine, 11, is upset")
    assert check(write_pack, text, **{"people.yaml": "personas:\n- {name: Zephyrine, role: harmer}\n"})[0] == []


def test_an_overlay_may_not_change_a_names_role(write_pack: PackWriter, tmp_path: Path) -> None:
    base = tmp_path / "base"
    base.mkdir()
    (base / "people.yaml").write_text("personas:\n- {name: Zephyrine, role: child}\n", encoding="utf-8")
    overlay = write_pack({"people.yaml": "personas:\n- {name: Zephyrine, role: harmer}\n", "lesson.yaml": BASE})
    problems = check_course(load_course([default_pack(), base, overlay]))
    problem = next(p for p in problems if "persona 'Zephyrine' was declared as child" in p.message)
    assert problem.path.endswith("pack/people.yaml") and problem.line == 2


def test_a_peer_session_the_reader_will_run_is_rehearsed(write_pack: PackWriter) -> None:
    youth = another_audience("youth-advocates", BASE.replace("Module 2 covers", "Module two covers"))
    youth = changed(
        "  - Pick one thing to do at home",
        "  - Run a 10-minute peer session on what has changed.\n  - Pick one thing to do at home",
        youth,
    )
    youth = changed("kind: action-plan", "kind: peer-session-plan", youth)
    problems, pack = check(write_pack, BASE, **{"youth.yaml": youth})
    problem = only(problems, "an objective says the reader will run a session, but no activity rehearses it")
    assert problem.line == line_of(pack, "Run a 10-minute peer session", "youth.yaml")
    rehearsed = youth.replace(
        "purpose: Leave with one small, realistic step to take at home.",
        "purpose: Each advocate delivers one part of the session and gets feedback from the youth worker.",
    )
    problems, _ = check(write_pack, BASE, **{"youth.yaml": rehearsed})
    assert not [p for p in problems if "rehearses" in p.message]


def test_a_problem_in_a_myst_file_points_into_it(write_pack: PackWriter) -> None:
    first = "  - title: What is the Global Threat Assessment 2025?\n"
    second = "  - title: What has changed since 2023\n"
    text = BASE[: BASE.index(first)] + first + "    body_file: intro.md\n" + BASE[BASE.index(second) :]
    intro = "The report is from an alliance of many organisations.\n\nIt never says child porn.\n"
    problems, _ = check(write_pack, text, **{"intro.md": intro})
    problem = only(problems, "banned term 'child porn'")
    assert problem.path.endswith("intro.md") and problem.line == 3


# Knowledge checks ------------------------------------------------------------------------------

KNOWLEDGE = default_pack() / "knowledge.yaml"


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
    text = KNOWLEDGE.read_text(encoding="utf-8")
    problems, pack = check(write_pack, BASE, **{"knowledge.yaml": changed(old, new, text)})
    assert only(problems, expected).line == line_of(pack, new.strip(), "knowledge.yaml")


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
    lesson = BASE.replace("audience: parents", "audience: librarians", 1)
    problems, pack = check(write_pack, lesson, **{"audiences.yaml": LIBRARIANS})
    assert only(problems, "track 'librarians' has no knowledge check").line == line_of(
        pack, "- id: librarians", "audiences.yaml"
    )


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


def test_sextortion_lessons_need_every_response_step(write_pack: PackWriter) -> None:
    text = changed("  help: [report, support]", "  help: [report, support, remove, crisis]\n  sextortion: true")
    problems, pack = check(write_pack, text)
    problem = only(problems, "sexual extortion lesson lacks the 'do-not-pay' step")
    assert problem.line == line_of(pack, "- module: fixture-landscape")
    assert "don't pay" in problem.hint


def test_the_quiz_is_read_from_its_directive(write_pack: PackWriter) -> None:
    text = changed("    - text: A school exam board", "    - text: A child porn filter")
    text = changed(
        "feedback: Reports linked to AI-made abuse images rose sharply.",
        "feedback: Reports linked to AI-made abuse images rose by 1,325% {fact}`gta25-ai-csam-rise`.",
        text,
    )
    problems, pack = check(write_pack, text)
    assert only(problems, "banned term 'child porn'").line == line_of(pack, "A child porn filter")
    # the citation inside the quiz backs the figure; stated again it is a repeat of the section's
    repeat = only(problems, "figure '1,325%' is stated more than once")
    assert repeat.line == line_of(pack, "rose by 1,325%")


def test_the_templates_own_numbers_are_not_figures(write_pack: PackWriter) -> None:
    """A course of many modules shows "Module 112" in headings and links: the author wrote no figure there."""
    import yaml

    modules = yaml.safe_load((default_pack() / "modules.yaml").read_text(encoding="utf-8"))["modules"]
    module = next(m for m in modules if m["id"] == "digital-safety")
    pack = write_pack({"modules.yaml": yaml.safe_dump({"modules": [{**module, "number": 112}]})})
    loaded = load_course([default_pack(), pack])
    only_this = {key.split(":", 1)[1] for key in loaded.origins if key.startswith("lessons:digital-safety")}
    assert loaded.course.modules["digital-safety"].number == 112
    assert check_course(loaded, only=only_this) == []
