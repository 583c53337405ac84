"""Content rules beyond the schema: the fact sheet's safe-messaging rules, enforced on every lesson.

The schema says a lesson has the right shape; these checks say it is safe and honest to
publish: figures are sourced and exact, the words follow the terminology guidelines, lessons on
sexual extortion give every response step, every page offers help, the reading level suits
its readers, and quizzes are answerable. Pure: they read a loaded course and return problems.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import textstat
from markdown_it import MarkdownIt

from gta_course.content.loader import LoadedCourse
from gta_course.content.yaml_file import Loc, Origin
from gta_course.model import AuthoredText, Course, Lesson
from gta_course.problems import Problem
from gta_course.tailor import (
    FACT_ROLE,
    FIXED_MINUTES,
    MIN_TEACHING_MINUTES,
    cited_fact_ids,
    lesson_minutes,
    select_help,
)

# What counts as a figure: percentages, money, big or separated numbers, "N+" and "1 in N".
FIGURE = re.compile(
    r"\$\s?\d[\d,.]*(?:\s(?:million|billion))?"
    r"|\d[\d,.]*\s?(?:%|per ?cent\b)"
    r"|\b\d+(?:\.\d+)?\s(?:million|billion)\b"
    r"|\b\d{1,3}(?:,\d{3})+\b"
    r"|\b\d+\+"
    r"|\b1 in \d+\b"
    r"|\b\d{3,}\b"
)
YEAR = re.compile(r"^(19|20)\d\d$")
# Blocks of prose (paragraphs, list items, table cells) as Markdown sees them; figures must be
# cited within the same block.
MARKDOWN = MarkdownIt("commonmark").enable("table")
MARKUP = re.compile(r"\{fact\}`[^`]*`|[*_`#>|]|^\s*(?:[-+]|\d+\.)\s", re.MULTILINE)
HEADING = re.compile(r"^(#{1,2})\s", re.MULTILINE)


def check_course(loaded: LoadedCourse) -> list[Problem]:
    """Every rule on every lesson, plus the pack-wide rules; all problems at once."""
    course = loaded.course
    problems = _check_pack_words(loaded)
    problems += _check_fact_coverage(loaded)
    problems += _check_knowledge(loaded)
    for lesson in course.lessons.values():
        origin = loaded.origin("lessons", lesson.id)
        problems += check_lesson(course, lesson, origin)
    return sorted(set(problems))


def check_lesson(course: Course, lesson: Lesson, origin: Origin) -> list[Problem]:
    """The rules one lesson must meet before it is published."""
    texts = lesson.authored_text()
    problems = _check_figures(course, lesson, texts, origin)
    problems += _check_words(course, texts, origin)
    problems += _check_restricted_words(course, texts, origin)
    problems += _check_sextortion(course, lesson, texts, origin)
    problems += _check_help_and_note(course, lesson, origin)
    problems += _check_reading_level(course, lesson, origin)
    problems += _check_quiz(lesson, origin)
    problems += _check_timing(course, lesson, origin)
    problems += _check_structure(course, lesson, origin)
    return problems


def _at(origin: Origin, part: AuthoredText, line: int, message: str, hint: str) -> Problem:
    """A problem on a line of a piece of prose: block scalars start on the line after their key."""
    problem = origin.problem(part.loc, message, hint)
    if "\n" in part.text.rstrip("\n"):
        return Problem(problem.path, problem.line + 1 + line, message, hint)
    return problem


def _line(text: str, offset: int) -> int:
    """0-based line of a character offset."""
    return text.count("\n", 0, offset)


def _paragraphs(text: str) -> Iterator[tuple[int, str]]:
    """Blocks of MyST prose with their 0-based first line, as a Markdown parser splits them."""
    if "\n" not in text.strip():
        yield 0, text  # one line is one block; parsing it would only cost time
        return
    for token in MARKDOWN.parse(text):
        if token.type == "inline" and token.map:
            yield token.map[0], token.content


def _check_figures(course: Course, lesson: Lesson, texts: list[AuthoredText], origin: Origin) -> list[Problem]:
    """A figure is only stated exactly as a fact gives it, beside a citation of that fact."""
    phones = sorted({h.phone for h in course.helplines if h.phone}, key=len, reverse=True)
    problems = []
    for part in texts:
        for line, paragraph in _paragraphs(part.text):
            cited = [course.facts[fid] for fid in cited_fact_ids(paragraph) if fid in course.facts]
            figures = [fig for fact in cited for fig in fact.figures]
            plain = FACT_ROLE.sub(" ", paragraph)
            for phone in phones:
                plain = plain.replace(phone, " ")
            for match in FIGURE.finditer(plain):
                figure = match.group(0).strip().rstrip(".,")
                if YEAR.match(figure) or any(figure in fig for fig in figures):
                    continue
                cited_ids = ", ".join(f.id for f in cited) or "none"
                problems.append(
                    _at(
                        origin,
                        part,
                        line + _line(plain, match.start()),
                        f"figure '{figure}' is not backed by a fact cited in the same paragraph (cited: {cited_ids})",
                        "write figures exactly as a fact's `figures` in facts.yaml and cite it with {fact}`id`",
                    )
                )
    return problems


def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    """A phrase matched whole and case-insensitively, with any run of spaces between words."""
    words = r"\s+".join(re.escape(w) for w in phrase.split())
    return re.compile(rf"(?<![\w-]){words}(?![\w-])", re.IGNORECASE)


PhraseRule = tuple[re.Pattern[str], str, str]  # pattern, message, hint


def _banned_terms(course: Course) -> list[PhraseRule]:
    """Every phrase the glossary says to avoid, with what to say instead."""
    return [
        (_phrase_pattern(p), f"banned term '{p}'", f"say '{t.term}' instead (glossary)")
        for t in course.glossary.values()
        for p in t.avoid
    ]


def _victim_blaming(course: Course) -> list[PhraseRule]:
    """Phrases that put the blame on a child."""
    hint = "put responsibility on the offender; quote it only as an activity's `dont_say`"
    return [(_phrase_pattern(p), f"victim-blaming phrase '{p}'", hint) for p in course.rules.victim_blaming]


def _check_words(course: Course, texts: list[AuthoredText], origin: Origin) -> list[Problem]:
    """Banned terms nowhere; victim-blaming phrases only as a quoted 'don't say' example."""
    banned = _banned_terms(course)
    everything = banned + _victim_blaming(course)
    return [
        _at(origin, part, _line(part.text, match.start()), message, hint)
        for part in texts
        for pattern, message, hint in (banned if part.quoted else everything)
        for match in pattern.finditer(part.text)
    ]


def _check_restricted_words(course: Course, texts: list[AuthoredText], origin: Origin) -> list[Problem]:
    """Words allowed only in a set form and a set number of times per lesson."""
    problems = []
    for rule in course.rules.restricted_words:
        word = _phrase_pattern(rule.word)
        allowed = re.compile(rule.allowed_pattern)
        count = 0
        for part in texts:
            allowed_spans = [m.span() for m in allowed.finditer(part.text)]
            for match in word.finditer(part.text):
                count += 1
                inside = any(s <= match.start() and match.end() <= e for s, e in allowed_spans)
                if not inside:
                    message = f"'{rule.word}' in a form not allowed"
                elif count > rule.max_per_lesson:
                    message = f"'{rule.word}' used more than {rule.max_per_lesson}x"
                else:
                    continue
                problems.append(_at(origin, part, _line(part.text, match.start()), message, rule.hint))
    return problems


def _check_sextortion(course: Course, lesson: Lesson, texts: list[AuthoredText], origin: Origin) -> list[Problem]:
    """A lesson on sexual extortion gives every response step, so no reader leaves without one."""
    if not course.modules[lesson.module].sextortion:
        return []
    whole = FACT_ROLE.sub(" ", "\n".join(p.text for p in texts if not p.quoted)).lower()
    return [
        origin.problem(
            (),
            f"sexual extortion lesson lacks the '{step.id}' step",
            f"say, in words for this audience: {step.text} (one of: {', '.join(step.keywords)})",
        )
        for step in course.rules.sextortion_response
        if not any(k.lower() in whole for k in step.keywords)
    ]


def _check_help_and_note(course: Course, lesson: Lesson, origin: Origin) -> list[Problem]:
    """Every learner page ends with a reporting route and someone to call in each reader's country.

    The content note that opens the page needs no check here: a module cannot load without one.
    """
    module, audience = course.modules[lesson.module], course.audiences[lesson.audience]
    problems = []
    for country in course.info.countries:
        if country == "INT":
            continue  # international entries are directories, shown after the reader's own country
        groups = [g for g in select_help(course, module, audience, country) if g.country == country]
        kinds = {s.kind for g in groups for s in g.services}
        if not kinds & {"report", "remove"} or not kinds & {"support", "crisis", "prevention", "emergency"}:
            problems.append(
                origin.problem(
                    (),
                    f"no reporting route and no one to call for {country} readers of this lesson",
                    f"add helplines for {country} or widen the module's help kinds / audience's help_for",
                )
            )
    return problems


def plain_prose(lesson: Lesson) -> str:
    """The teaching text of a lesson without markup, as a reader meets it; what reading level measures."""
    parts = [lesson.content_note, *lesson.key_messages, *(s.body for s in lesson.sections)]
    text = "\n".join(p for p in parts if p)
    return MARKUP.sub("", text)


def reading_grade(lesson: Lesson) -> float:
    """Flesch-Kincaid grade of the lesson's teaching text."""
    return float(textstat.flesch_kincaid_grade(plain_prose(lesson)))


def _check_reading_level(course: Course, lesson: Lesson, origin: Origin) -> list[Problem]:
    """Readers get text at their level: too hard shuts out, too simple talks down."""
    audience = course.audiences[lesson.audience]
    grade = reading_grade(lesson)
    if audience.reading_grade_min <= grade <= audience.reading_grade_max:
        return []
    band = f"{audience.reading_grade_min:g}-{audience.reading_grade_max:g}"
    advice = "shorter sentences and common words" if grade > audience.reading_grade_max else "fuller sentences"
    return [
        origin.problem(
            ("sections",),
            f"reading level is grade {grade:.1f}, outside the band {band} for {audience.id}",
            f"use {advice} (Flesch-Kincaid, textstat)",
        )
    ]


def _check_quiz(lesson: Lesson, origin: Origin) -> list[Problem]:
    """Each question can be answered: the right number of correct options for its kind."""
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
    return problems


def _check_timing(course: Course, lesson: Lesson, origin: Origin) -> list[Problem]:
    """Activities fit the session with time left to teach."""
    minutes = lesson_minutes(lesson, course.audiences[lesson.audience])
    activity_minutes = sum(a.minutes for a in lesson.activities) + (lesson.discussion_minutes or 0)
    if minutes - FIXED_MINUTES - activity_minutes >= MIN_TEACHING_MINUTES:
        return []
    most = minutes - FIXED_MINUTES - MIN_TEACHING_MINUTES
    return [
        origin.problem(
            ("activities",),
            f"activities take {activity_minutes} of {minutes} minutes, leaving under {MIN_TEACHING_MINUTES} to teach",
            f"keep activities to {most} minutes in all, or set the lesson's minutes",
        )
    ]


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
    kinds = {a.kind for a in lesson.activities}
    for kind in course.audiences[lesson.audience].required_activities:
        if kind not in kinds:
            problems.append(
                origin.problem(("activities",), f"{lesson.audience} lessons need a '{kind}' activity", "add one")
            )
    return problems


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
    banned = _banned_terms(course)
    return [
        origin.problem(loc, message, hint)
        for origin, loc, text in items
        for pattern, message, hint in banned
        if pattern.search(text)
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


# Questions about the learner's own life, which a knowledge check never asks (young readers above all).
OWN_EXPERIENCE = re.compile(
    r"\b(?:have|has|did) (?:you|anyone|someone) (?:ever|been|sent|shared|received|met)\b"
    r"|\bhappened to you\b|\byour own (?:experience|life|photos?|images?)\b|\bhow (?:often|many times) (?:do|have) you\b",
    re.IGNORECASE,
)


def _check_knowledge(loaded: LoadedCourse) -> list[Problem]:
    """Every track has a knowledge check, in the course's words, with no figures and nothing personal.

    Items carry no figures at all: a learner answering from memory would be tested on a number
    without its source beside it.
    """
    course = loaded.course
    problems = []
    tracks = {lesson.audience for lesson in course.lessons.values()}
    for audience_id in sorted(tracks - set(course.knowledge_checks)):
        problems.append(
            loaded.origin("audiences", audience_id).problem(
                (),
                f"track '{audience_id}' has no knowledge check",
                "add a knowledge_checks entry with 6 items and 3 then_now skills for this audience",
            )
        )
    for check in course.knowledge_checks.values():
        origin = loaded.origin("knowledge_checks", check.id)
        texts = check.authored_text()
        problems += _check_words(course, texts, origin)
        problems += _check_restricted_words(course, texts, origin)
        for part in texts:
            for match in FIGURE.finditer(FACT_ROLE.sub(" ", part.text)):
                if not YEAR.match(match.group(0).strip()):
                    problems.append(
                        _at(
                            origin,
                            part,
                            0,
                            f"figure '{match.group(0).strip()}' in a knowledge check",
                            "ask about what the course teaches, not a number",
                        )
                    )
            for match in OWN_EXPERIENCE.finditer(part.text):
                problems.append(
                    _at(
                        origin,
                        part,
                        0,
                        f"'{match.group(0)}' asks about the learner's own life",
                        "ask what the course teaches, about a scenario or 'a friend'; never about the learner's own experiences",
                    )
                )
    return problems
