"""What a facilitator is told to do: cues, watch-points, what to cut when late, checklists.

Shared by the printed kits and guides (print_html.py) and the site's kit pages (myst.py), so a
run sheet reads the same on paper and on screen. Pure: plans and lessons in, words out.
"""

from __future__ import annotations

from dataclasses import dataclass

from gta_course.model import Course, step_text
from gta_course.render.myst import COUNTRY_NAMES
from gta_course.tailor import TailoredLesson
from gta_course.workshop import Segment, WorkshopPlan


@dataclass(frozen=True)
class RunSheetRow:
    """One segment of a workshop as the run sheet prints it."""

    clock: str
    elapsed: int
    minutes: int
    title: str
    kind: str
    cue: str
    materials: str
    watch: str
    if_late: str


def run_sheet(plan: WorkshopPlan) -> list[RunSheetRow]:
    """Every segment with its clock, elapsed time, cue, materials, watch-point and what to cut."""
    return [
        RunSheetRow(
            clock=plan.clock(s.start),
            elapsed=s.start,
            minutes=s.minutes,
            title=s.title,
            kind=s.kind,
            cue=_cue(s),
            materials=_materials(s, plan.country),
            watch=_watch_point(s),
            if_late=_if_late(s),
        )
        for s in plan.segments
    ]


def timing_cues(lesson: TailoredLesson) -> list[str]:
    """What the facilitator does in each row of the lesson's timing plan (tailor.timing_plan's order)."""
    activities = [a.purpose for a in lesson.lesson.activities]
    discussion = [lesson.lesson.discussion_prompts[0]] if lesson.lesson.discussion_minutes else []
    return [
        "Welcome everyone, agree ground rules, read the content note aloud and say where the help list is.",
        lesson.lesson.key_messages[0],
        *activities,
        *discussion,
        "Ask the quiz questions; go through the answers and feedback together.",
        "Hand out the help list, name the services for the room's country, and stay a while for questions.",
    ]


def before_session(course: Course, country_code: str, lesson_count: int = 1) -> list[str]:
    """The facilitator's checklist before any session: people, help, paper, room, questions."""
    country = COUNTRY_NAMES.get(country_code, country_code)
    return [
        "Tell your safeguarding lead the date, the topic and who is coming; agree how to reach them during the session.",
        f"Re-check the help numbers and websites for {country} (this list was last checked on "
        f"{course.info.help_checked.isoformat()}).",
        "Print one learner handout per participant, plus spares"
        + (f", for each of the {lesson_count} lessons" if lesson_count > 1 else "")
        + ", and enough help lists for everyone to take one away.",
        "Book a room where people can step out and come back without being noticed, with a quieter space nearby.",
        "Set up an anonymous question box (or a paper slip for each person), so questions need no names.",
    ]


def after_session() -> list[str]:
    """The facilitator's steps after a session, whatever was taught."""
    return [
        "Stay for a few minutes: people often ask the hardest question once the group has gone.",
        "Read the anonymous questions; answer them next time or pass any safeguarding concern to your lead today.",
        "If anyone disclosed abuse, write down what was said in their words, with date and time, and give it "
        "to your safeguarding lead today. Do not investigate.",
        "Look after yourself: talk to your lead or a colleague about how the session went.",
        "Note what to change next time, and destroy any sign-in sheet you no longer need.",
    ]


def _watch_point(segment: Segment) -> str:
    """What the facilitator watches for during a segment, for the run sheet."""
    if segment.heavy:
        return "Anyone going quiet, leaving or upset: check in privately. A disclosure: follow the disclosure steps."
    return {
        "welcome": "Latecomers: give them the ground rules and the content note quietly.",
        "content-note": "Anyone who looks uneasy: remind everyone they can step out and come back.",
        "teaching": "Figures can hit hard: pause after them and remind people that help is listed.",
        "activity": "People sharing personal stories: steer back to the scenario, and follow up privately.",
        "discussion": "Comments that blame victims: correct them calmly, without shaming the speaker.",
        "quiz": "Anyone struggling: the quiz is for learning, not a test.",
        "debrief": "Anyone still unsettled by the activity: offer a word at the break.",
        "break": "Anyone who hangs back wanting to talk: find a quiet corner within sight of others.",
        "close": "Anyone lingering: stay, listen, and point to the help list and your safeguarding lead.",
    }[segment.kind]


def _cue(segment: Segment) -> str:
    """What the facilitator says or does to start a segment."""
    if segment.activity is not None:
        return f"{segment.activity.purpose} First: {step_text(segment.activity.steps[0])}"
    if segment.lesson is not None and segment.kind == "teaching":
        return segment.lesson.lesson.key_messages[0]
    if segment.lesson is not None and segment.kind == "discussion":
        return segment.lesson.lesson.discussion_prompts[0]
    return {
        "welcome": "Introduce yourself and the safeguarding lead; agree ground rules: no names, no personal stories, step out any time.",
        "content-note": "Read the content note aloud and show where the help list is.",
        "quiz": "Ask the quiz questions; go through the answers and feedback together.",
        "debrief": "Ask how people are; name that the activity can stir feelings; remind them help is listed.",
        "break": "Say when you will restart; stay in the room.",
        "close": "Go through the help list for the room's country; thank everyone; stay for questions.",
    }[segment.kind]


def _materials(segment: Segment, country: str) -> str:
    if segment.activity is not None:
        return "; ".join(segment.activity.materials)
    return {
        "welcome": "Ground rules, written up where everyone can see them",
        "content-note": "Content note, read aloud",
        "teaching": "Learner handouts",
        "quiz": "Learner handouts (quiz page)",
        "close": f"Printed help list for {COUNTRY_NAMES.get(country, country)}",
    }.get(segment.kind, "")


def _if_late(segment: Segment) -> str:
    """What to cut when the session runs late: the planner says how short each segment may go."""
    if segment.kind in ("welcome", "content-note", "close", "debrief", "break"):
        return "Never cut." if segment.kind != "break" else "Keep the break; shorten the next segment instead."
    if segment.shortest == 0:
        return "Skip it."
    if segment.shortest < segment.minutes:
        return f"Cut to {segment.shortest} minutes."
    return "Keep: it practises this lesson's objectives."
