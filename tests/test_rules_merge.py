"""Safety rules from a pack add to the defaults; only an explicit `remove:` drops one, with a warning."""

from __future__ import annotations

from conftest import PackWriter, check_report
from gta_course.content.loader import default_pack, load_course


def test_a_packs_rule_lists_are_added_to_the_defaults(write_pack: PackWriter) -> None:
    pack = write_pack(
        {
            "rules.yaml": """
                rules:
                  victim_blaming: ["you should have told someone sooner"]
                  sextortion_response:
                    - id: tell-coach
                      text: Tell your coach or another adult you trust.
                      keywords: [tell your coach]
                  restricted_words:
                    - word: nudes
                      allowed_pattern: "nudes"
                      max_per_lesson: 2
                      hint: say nude images
            """,
            "glossary.yaml": """
                glossary:
                  - id: csam
                    term: child sexual abuse material
                    definition: Images and videos of child sexual abuse.
                    avoid: ["abuse images of kids"]
            """,
        }
    )
    rules = load_course([default_pack()]).course.rules
    layered = load_course([default_pack(), pack]).course
    assert "what were you thinking" in layered.rules.victim_blaming
    assert layered.rules.victim_blaming[-1] == "you should have told someone sooner"
    assert [s.id for s in layered.rules.sextortion_response] == [s.id for s in rules.sextortion_response] + [
        "tell-coach"
    ]
    assert {w.word for w in rules.restricted_words} < {w.word for w in layered.rules.restricted_words}
    default_avoid = load_course([default_pack()]).course.glossary["csam"].avoid
    assert set(default_avoid) < set(layered.glossary["csam"].avoid)
    assert "abuse images of kids" in layered.glossary["csam"].avoid


def test_removing_a_default_rule_takes_remove_and_warns_for_each(write_pack: PackWriter) -> None:
    pack = write_pack(
        {
            "rules.yaml": """
                rules:
                  remove:
                    victim_blaming:
                      - what were you thinking
                    sextortion_response: [do-not-pay]
                    banned_terms: ["child pornography"]
            """
        }
    )
    report = check_report("--content", str(pack))
    assert report.exit_code == 0, [f.group(0) for f in report.findings]
    warned = {int(f["line"]): f["message"] for f in report.findings if f["warning"]}
    assert warned.keys() == {4, 5, 6}
    assert "victim-blaming phrase 'what were you thinking' removed" in warned[4]
    assert "'do-not-pay' removed" in warned[5] and "'child pornography' removed" in warned[6]
    course = load_course([default_pack(), pack]).course
    assert "what were you thinking" not in course.rules.victim_blaming
    assert "do-not-pay" not in {s.id for s in course.rules.sextortion_response}
    assert all("child pornography" not in t.avoid for t in course.glossary.values())


def test_removing_a_rule_that_does_not_exist_is_an_error_with_a_suggestion(write_pack: PackWriter) -> None:
    pack = write_pack({"rules.yaml": "rules:\n  remove:\n    victim_blaming: ['what were you thinkin']\n"})
    report = check_report("--content", str(pack))
    assert report.exit_code == 2
    assert report.at("rules.yaml", "cannot remove victim-blaming phrase 'what were you thinkin'") == [3]
    assert report.findings[0]["hint"] == "did you mean 'what were you thinking'?"
