"""Knowledge checks: one per track, in the course's words, with no figures and nothing personal.

A knowledge check is taken before the course and again after it, from memory, so its items
carry no figures at all (a learner would be tested on a number without its source beside it)
and never ask about the learner's own life.
"""

from __future__ import annotations

import re

from gta_course.content.figures import YEAR, figures_in
from gta_course.content.loader import LoadedCourse
from gta_course.content.page_text import Piece
from gta_course.content.wording import banned_terms, restricted_word_findings, victim_blaming
from gta_course.problems import Problem
from gta_course.tailor import FACT_ROLE

# Questions about the learner's own life, which a knowledge check never asks (young readers above all).
OWN_EXPERIENCE = re.compile(
    r"\b(?:have|has|did) (?:you|anyone|someone) (?:ever|been|sent|shared|received|met)\b"
    r"|\bhappened to you\b|\byour own (?:experience|life|photos?|images?)\b|\bhow (?:often|many times) (?:do|have) you\b",
    re.IGNORECASE,
)


def check_knowledge(loaded: LoadedCourse) -> list[Problem]:
    """Every track has a knowledge check, in the course's words, with no figures and nothing personal."""
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
    banned, blaming = banned_terms(course), victim_blaming(course)
    for check in course.knowledge_checks.values():
        origin = loaded.origin("knowledge_checks", check.id)
        texts = check.authored_text()
        for part in texts:
            piece = Piece(origin, part.loc, part.text, part.quoted)
            for rules in (banned, blaming):
                for match, message, hint in rules.findings_at(part.text, quoted=part.quoted):
                    problems.append(piece.problem(part.text.count("\n", 0, match.start()), message, hint))
            for match in figures_in(FACT_ROLE.sub(lambda m: " " * len(m.group(0)), part.text)):
                if not YEAR.match(match.group(0).strip()):
                    problems.append(
                        piece.problem(
                            part.text.count("\n", 0, match.start()),
                            f"figure '{match.group(0).strip()}' in a knowledge check",
                            "ask about what the course teaches, not a number",
                        )
                    )
            for match in OWN_EXPERIENCE.finditer(part.text):
                problems.append(
                    piece.problem(
                        part.text.count("\n", 0, match.start()),
                        f"'{match.group(0)}' asks about the learner's own life",
                        "ask what the course teaches, about a scenario or 'a friend'; never about the learner's own "
                        "experiences",
                    )
                )
        for part, offset, message, hint in restricted_word_findings(course, texts):
            problems.append(Piece(origin, part.loc, part.text).problem(part.text.count("\n", 0, offset), message, hint))
    return problems
