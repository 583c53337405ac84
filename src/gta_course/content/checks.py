"""Content rules beyond the schema: what makes a lesson safe, honest and runnable, all problems at once.

The schema says a lesson has the right shape; these checks say it can be published. Rules on
words, figures and reading level judge the rendered page a reader sees (content/page_text.py),
template text included; rules on a lesson's structure (quiz, timing, activities) read the
lesson; rules across lessons compare them (similarity, personas). Each rule lives in the module
named for its job; this one runs them all. Pure: a loaded course in, problems out.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from gta_course.content.figures import check_figures, check_paired_facts
from gta_course.content.knowledge import check_knowledge
from gta_course.content.loader import LoadedCourse
from gta_course.content.page_text import PageReader, ReaderPage
from gta_course.content.personas import check_personas
from gta_course.content.readability import check_reading_level
from gta_course.content.services import (
    ServiceNames,
    check_crisis_lines,
    check_help,
    check_named_services,
    service_names,
)
from gta_course.content.similarity import check_descriptions, check_similarity
from gta_course.content.wording import (
    PhraseRules,
    banned_terms,
    check_content_note,
    check_image_safety,
    check_restricted_words,
    victim_blaming,
)
from gta_course.content.yaml_file import Loc, Origin
from gta_course.model import Course, Lesson, Step, step_text
from gta_course.problems import Problem
from gta_course.tailor import FACT_ROLE, FIXED_MINUTES, MIN_TEACHING_MINUTES, lesson_minutes, timing_plan

HEADING = re.compile(r"^(#{1,2})\s", re.MULTILINE)
# An objective that promises the reader will run a session, and an activity that rehearses one:
# each advocate delivers part of it and hears the youth worker's feedback.
RUNS_A_SESSION = re.compile(r"\b(?:run|lead|deliver|facilitate)\b[^.;]*\bsession\b", re.IGNORECASE)
REHEARSES = re.compile(r"\b(?:deliver|rehears|practis|present|run|lead|try|tries)", re.IGNORECASE)
# Every quiz output says whether an answer is right before its feedback (the site "Right answer." /
# "Not right.", exports "Right." / "Not quite."); feedback with a verdict of its own stutters.
VERDICT = re.compile(
    r"^\s*(?:correct|incorrect|not correct|not so|not quite|yes|no|right|wrong|exactly|true|false)\s*[.,!:;\u2013\u2014-]",
    re.IGNORECASE,
)


def check_course(loaded: LoadedCourse, only: Collection[str] | None = None) -> list[Problem]:
    """Every rule on every lesson, plus the pack-wide and cross-lesson rules; all problems at once.

    `only` (lesson ids) limits the lesson rules to those lessons and the modules they are in,
    for checking a few lessons quickly; the pack-wide rules always run.
    """
    course = loaded.course
    lessons = [lesson for lesson in course.lessons.values() if only is None or lesson.id in only]
    modules = {lesson.module for lesson in lessons}
    problems = _check_pack_words(loaded)
    problems += _check_fact_coverage(loaded)
    problems += _check_rule_references(loaded)
    problems += check_knowledge(loaded)
    problems += check_crisis_lines(loaded)
    problems += check_descriptions(loaded, modules)
    problems += check_similarity(loaded, modules)
    problems += check_personas(loaded, [lesson.id for lesson in lessons])
    lesson_rules = LessonRules(loaded)
    for lesson in lessons:
        problems += lesson_rules.check(lesson)
    return sorted(set(problems))


class LessonRules:
    """The rules one lesson must meet; what they share across lessons (patterns, tagged course) is built once."""

    def __init__(self, loaded: LoadedCourse) -> None:
        self.loaded = loaded
        self.course = loaded.course
        self.reader = PageReader(loaded)
        self.phrases: list[PhraseRules] = [banned_terms(self.course), victim_blaming(self.course)]
        self.service_names: ServiceNames = service_names(self.course)

    def check(self, lesson: Lesson) -> list[Problem]:
        """Problems of one lesson: its rendered page once for every rule on what the reader sees, then its parts."""
        course = self.course
        origin = self.loaded.origin("lessons", lesson.id)
        page = self.reader.read(lesson)
        problems = self.check_page(page)
        problems += _check_sextortion(course, lesson, origin)
        problems += check_help(course, lesson, origin)
        problems += check_named_services(course, lesson, origin, self.service_names)
        problems += _check_quiz(lesson, origin)
        problems += _check_timing(course, lesson, origin)
        problems += _check_structure(course, lesson, origin)
        return problems

    def check_page(self, page: ReaderPage) -> list[Problem]:
        """The rules on the words the reader sees."""
        course = self.course
        problems = [p for rules in self.phrases for p in rules.check(page)]
        problems += check_restricted_words(course, page)
        problems += check_image_safety(course, page)
        problems += check_content_note(page)
        problems += check_figures(course, page)
        problems += check_paired_facts(course, page)
        problems += check_reading_level(course, page)
        return problems


def _check_sextortion(course: Course, lesson: Lesson, origin: Origin) -> list[Problem]:
    """A lesson on sexual extortion gives every response step, so no reader leaves without one.

    Read in the lesson's own words: the help list on every page names reporting services, and
    must not stand in for the lesson teaching the step.
    """
    if not course.modules[lesson.module].sextortion:
        return []
    whole = FACT_ROLE.sub(" ", "\n".join(p.text for p in lesson.authored_text() if not p.quoted)).lower()
    return [
        origin.problem(
            (),
            f"sexual extortion lesson lacks the '{step.id}' step",
            f"say, in words for this audience: {step.text} (one of: {', '.join(step.keywords)})",
        )
        for step in course.rules.sextortion_response
        if not any(k.lower() in whole for k in step.keywords)
    ]


def _check_quiz(lesson: Lesson, origin: Origin) -> list[Problem]:
    """Each question can be answered (the right number of correct options), and feedback does not stutter."""
    problems = []
    for index, question in enumerate(lesson.quiz):
        loc: Loc = ("quiz", index)
        correct = sum(o.correct for o in question.options)
        if question.kind in ("single", "scenario") and correct != 1:
            problems.append(
                origin.problem(
                    loc, f"{question.kind} question '{question.id}' has {correct} correct options", "mark one"
                )
            )
        if question.kind == "multiple" and not 2 <= correct < len(question.options):
            problems.append(
                origin.problem(
                    loc,
                    f"multiple question '{question.id}' has {correct} correct of {len(question.options)}",
                    "mark at least two correct and at least one wrong, or make it a single question",
                )
            )
        if question.kind == "true-false" and (
            sorted(o.text for o in question.options) != ["False", "True"] or correct != 1
        ):
            problems.append(
                origin.problem(
                    loc, f"true-false question '{question.id}' needs options True and False, one correct", ""
                )
            )
        if question.kind == "scenario" and not question.scenario:
            problems.append(origin.problem(loc, f"scenario question '{question.id}' has no scenario", "add scenario:"))
        for number, option in enumerate(question.options):
            if verdict := VERDICT.match(option.feedback):
                shown = "Right answer." if option.correct else "Not right."
                problems.append(
                    origin.problem(
                        (*loc, "options", number, "feedback"),
                        f"feedback starts with '{verdict.group(0).strip()}', after the quiz's own '{shown}'",
                        "start with the reason; every quiz output already says whether the answer is right",
                    )
                )
    return problems


def _check_timing(course: Course, lesson: Lesson, origin: Origin) -> list[Problem]:
    """A trainer can run the session from the page: every step timed, and the timing table adds up."""
    problems = []
    for index, activity in enumerate(lesson.activities):
        loc: Loc = ("activities", index)
        untimed = [j for j, step in enumerate(activity.steps) if not isinstance(step, Step)]
        if untimed and len(activity.steps) > 1:
            problems.append(
                origin.problem(
                    (*loc, "steps", untimed[0]),
                    f"activity '{activity.id}': {len(untimed)} of {len(activity.steps)} steps have no minutes",
                    'write each step as `- {minutes: 4, text: "..."}`',
                )
            )
            continue
        step_minutes = sum(s.minutes for s in activity.steps if isinstance(s, Step))
        if step_minutes != activity.minutes:
            problems.append(
                origin.problem(
                    (*loc, "minutes"),
                    f"activity '{activity.id}' takes {activity.minutes} minutes but its steps add up to {step_minutes}",
                    "make the steps' minutes add up to the activity's minutes",
                )
            )
    if lesson.discussion_minutes is None:
        problems.append(
            origin.problem(
                ("discussion_prompts",),
                "the discussion prompts have no time in the session",
                "set `discussion_minutes:` so the timing table gives them their time",
            )
        )
    minutes = lesson_minutes(lesson, course.audiences[lesson.audience])
    plan = timing_plan(lesson, minutes)
    planned = sum(row.minutes for row in plan)
    teaching = next((row.minutes for row in plan if row.label.startswith("Key messages")), 0)
    if planned != minutes or teaching < MIN_TEACHING_MINUTES:
        most = minutes - FIXED_MINUTES - MIN_TEACHING_MINUTES
        problems.append(
            origin.problem(
                ("activities",),
                f"the timing table leaves {teaching} minutes to teach and adds up to {planned} of {minutes} minutes",
                f"keep activities and discussion to {most} minutes in all, so teaching keeps at least "
                f"{MIN_TEACHING_MINUTES}, or set the lesson's minutes",
            )
        )
    return problems


def _check_structure(course: Course, lesson: Lesson, origin: Origin) -> list[Problem]:
    """Headings nest under the page's own, and each audience gets the activities it relies on."""
    problems = []
    for index, section in enumerate(lesson.sections):
        for match in HEADING.finditer(section.body):
            problems.append(
                origin.problem(
                    ("sections", index, "body"),
                    f"heading level {len(match.group(1))} inside a section",
                    "start headings inside a section body at ###",
                )
            )
    audience = course.audiences[lesson.audience]
    kinds = {a.kind for a in lesson.activities}
    for kind in audience.required_activities:
        if kind not in kinds:
            problems.append(
                origin.problem(("activities",), f"{lesson.audience} lessons need a '{kind}' activity", "add one")
            )
    problems += _check_rehearsal(lesson, origin, "peer-session-plan" in audience.required_activities)
    if audience.requires_participation and not any(a.participation for a in lesson.activities):
        problems.append(
            origin.problem(
                ("activities",),
                f"{lesson.audience} lessons need an activity in which children's views are sought and acted on",
                "add `participation:` (space, voice, audience, influence: the Lundy model, fact lundy-model) to an "
                "activity whose steps carry it out, including how children hear back what changed",
            )
        )
    return problems


def _check_rehearsal(lesson: Lesson, origin: Origin, runs_sessions: bool) -> list[Problem]:
    """Readers who will run a peer session rehearse it here, with the youth worker's feedback."""
    promise = next((i for i, o in enumerate(lesson.objectives) if RUNS_A_SESSION.search(o)), None)
    if not runs_sessions or promise is None:
        return []
    for activity in lesson.activities:
        text = " ".join([activity.purpose, *(step_text(s) for s in activity.steps)])
        if re.search(r"\bfeedback\b", text, re.I) and re.search(r"youth worker", text, re.I) and REHEARSES.search(text):
            return []
    return [
        origin.problem(
            ("objectives", promise),
            "an objective says the reader will run a session, but no activity rehearses it",
            "add an activity in which each advocate delivers part of the session and gets feedback from the "
            "youth worker (say 'feedback' and 'youth worker' in its purpose or steps)",
        )
    ]


def _check_pack_words(loaded: LoadedCourse) -> list[Problem]:
    """Banned terms stay out of every other text of the pack too, except a glossary's `avoid`."""
    course = loaded.course
    items: list[tuple[Origin, Loc, str]] = []
    for module in course.modules.values():
        origin = loaded.origin("modules", module.id)
        items += [(origin, (f,), getattr(module, f)) for f in ("title", "summary", "content_note")]
    for term in course.glossary.values():
        origin = loaded.origin("glossary", term.id)
        items += [(origin, (f,), getattr(term, f)) for f in ("term", "definition")]
    for audience in course.audiences.values():
        origin = loaded.origin("audiences", audience.id)
        items += [(origin, (f,), getattr(audience, f)) for f in ("title", "who", "needs")]
    banned = banned_terms(course)
    return [
        origin.problem(loc, message, hint)
        for origin, loc, text in items
        for _, message, hint in banned.findings_at(text)
    ]


def _check_fact_coverage(loaded: LoadedCourse) -> list[Problem]:
    """Every figure of the seed is taught somewhere: the course exists to carry them."""
    course = loaded.course
    used = {fid for m in course.modules.values() for fid in m.facts}
    used |= {fid for lesson in course.lessons.values() for fid in lesson.facts}
    return [
        loaded.origin("facts", fact.id).problem(
            (), f"seed fact '{fact.id}' is not used by any module", "add it to a module's facts"
        )
        for fact in course.facts.values()
        if fact.verified == "seed" and fact.id not in used
    ]


def _check_rule_references(loaded: LoadedCourse) -> list[Problem]:
    """The pack's own rules name facts and services that exist, or they would silently check nothing."""
    course = loaded.course
    origin = loaded.origin("rules", "rules")
    problems = []
    for index, pairing in enumerate(course.rules.paired_facts):
        for field, ids in (("fact", [pairing.fact]), ("partners", pairing.partners)):
            for fact_id in ids:
                if fact_id not in course.facts:
                    problems.append(
                        origin.problem(
                            ("paired_facts", index, field), f"unknown fact '{fact_id}' in paired_facts", "use a fact id"
                        )
                    )
    for index, name in enumerate(course.rules.service_names):
        if not any(name.means.lower() in h.name.lower() for h in course.helplines):
            problems.append(
                origin.problem(
                    ("service_names", index, "means"),
                    f"no help service's name contains '{name.means}'",
                    "write words of a name in helplines.yaml",
                )
            )
    return problems
