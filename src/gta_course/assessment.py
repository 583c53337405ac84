"""Quizzes and knowledge checks as every output sees them: numbered, lettered, cited and scored one way. Pure.

The site's quiz, the answer keys, the notebooks and every LMS export read these views, so a
question is numbered, its options lettered, its citations resolved and its answers weighted in
exactly one place. The views are pydantic models because the site's directive receives them as
JSON: what the renderer writes and what the directive reads are checked by the same schema.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict

from gta_course.model import Course, Helpline, KnowledgeCheck, Question
from gta_course.tailor import FACT_ROLE, TailoredLesson

OPTION_LETTERS = "ABCDEF"  # a question has at most six options (model.Question)
QUESTION_LABELS = {
    "single": "Choose one answer.",
    "multiple": "Choose all answers that apply.",
    "true-false": "True or false?",
    "scenario": "Read the scenario, then choose one answer.",
}
CONFIDENCE_LABELS = ("Guessing", "Not sure", "Fairly sure", "Very sure")
ABILITY_LABELS = ("Not at all", "A little", "Quite well", "Very well")
Phase = Literal["before", "after"]


class View(BaseModel):
    """Base for views: frozen, and strict about fields so a stale JSON body fails loudly."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Cite(View):
    """A citation inside a sentence: the words shown and the sources-page label they link to."""

    cite: str
    label: str


Run = str | Cite
Rich = tuple[Run, ...]


def source_label(source_id: str) -> str:
    """Cross-reference target of a source's entry on the sources page."""
    return "source-" + re.sub(r"[^a-z0-9]+", "-", source_id.lower()).strip("-")


def rich_text(text: str, course: Course) -> Rich:
    """Author text with each {fact}`id` replaced by its sources, as runs of text and citations.

    Everything else stays plain text: quiz and knowledge-check text is never parsed as markup.
    """
    runs: list[Run] = []
    position = 0
    for match in FACT_ROLE.finditer(text):
        runs.append(text[position : match.start()])
        fact = course.facts[match.group(1)]
        runs.append("(")
        for index, source_id in enumerate(fact.sources):
            source = course.sources[source_id]
            year = f", {source.year}" if source.year else ""
            if index:
                runs.append("; ")
            runs.append(Cite(cite=f"{source.publisher}{year}", label=source_label(source_id)))
        runs.append(")")
        position = match.end()
    runs.append(text[position:])
    merged = [re.sub(r"\s+", " ", r) if isinstance(r, str) else r for r in _merge(runs)]
    if merged and isinstance(merged[0], str):
        merged[0] = merged[0].lstrip()
    if merged and isinstance(merged[-1], str):
        merged[-1] = merged[-1].rstrip()
    return tuple(r for r in merged if r)


def _merge(runs: list[Run]) -> list[Run]:
    """Adjacent strings joined, so equal text always gives equal runs."""
    merged: list[Run] = []
    for run in runs:
        if isinstance(run, str) and merged and isinstance(merged[-1], str):
            merged[-1] += run
        else:
            merged.append(run)
    return merged


def plain(runs: Rich) -> str:
    """The runs as one line of plain text, citations in brackets as a reader sees them."""
    return " ".join("".join(r if isinstance(r, str) else r.cite for r in runs).split())


class QuizOption(View):
    """One lettered option with its feedback and the share of the mark it carries."""

    letter: str
    text: Rich
    correct: bool
    feedback: Rich
    weight: float


class QuizQuestion(View):
    """A numbered question; `id` is the author's ('q1'...), stable across edits and exports."""

    id: str
    number: int
    total: int
    kind: Literal["single", "multiple", "true-false", "scenario"]
    instruction: str
    scenario: Rich
    prompt: Rich
    options: tuple[QuizOption, ...]

    @property
    def multiple(self) -> bool:
        """More than one option may be chosen (checkboxes rather than radio buttons)."""
        return self.kind == "multiple"

    @property
    def correct_letters(self) -> str:
        """The letters of the right options, in order: 'B', 'AC'."""
        return "".join(o.letter for o in self.options if o.correct)

    @property
    def answer_words(self) -> str:
        """The right letters as a reader says them: 'B', 'A and C', 'A, B and D'."""
        letters = list(self.correct_letters)
        return letters[0] if len(letters) == 1 else ", ".join(letters[:-1]) + " and " + letters[-1]

    @property
    def general_feedback(self) -> str:
        """What every learner sees after answering: the right answer, in words."""
        right = [o for o in self.options if o.correct]
        noun = "answer is" if len(right) == 1 else "answers are"
        return f"The right {noun} {self.answer_words}: " + "; ".join(plain(o.text) for o in right) + "."


class LessonQuiz(View):
    """One lesson's quiz, with what an LMS also needs to show: content note and where to get help."""

    id: str
    title: str
    track: str
    audience: str
    module: str
    module_number: int
    module_title: str
    questions: tuple[QuizQuestion, ...]

    @property
    def total(self) -> int:
        """Number of questions."""
        return len(self.questions)


def option_weights(question: Question) -> list[float]:
    """Each option's share of the mark, one scoring rule for every output.

    One right answer takes the whole mark. In a multiple-answer question each right option
    carries an equal share and each wrong option takes the same share away (an LMS clamps the
    total at zero), so ticking every box scores no better than guessing.
    """
    right = sum(o.correct for o in question.options)
    if question.kind != "multiple":
        return [1.0 if o.correct else 0.0 for o in question.options]
    return [(1.0 if o.correct else -1.0) / right for o in question.options]


def lesson_quiz(lesson: TailoredLesson, course: Course) -> LessonQuiz:
    """The quiz of one tailored lesson as every renderer sees it."""
    questions = lesson.lesson.quiz
    return LessonQuiz(
        id=f"quiz-{lesson.audience.id}-{lesson.module.id}",
        title=lesson.title,
        track=lesson.audience.title,
        audience=lesson.audience.id,
        module=lesson.module.id,
        module_number=lesson.module.number,
        module_title=lesson.module.title,
        questions=tuple(
            QuizQuestion(
                id=question.id,
                number=number,
                total=len(questions),
                kind=question.kind,
                instruction=QUESTION_LABELS[question.kind],
                scenario=rich_text(question.scenario, course),
                prompt=rich_text(question.prompt, course),
                options=tuple(
                    QuizOption(
                        letter=OPTION_LETTERS[index],
                        text=rich_text(option.text, course),
                        correct=option.correct,
                        feedback=rich_text(option.feedback, course),
                        weight=weight,
                    )
                    for index, (option, weight) in enumerate(
                        zip(question.options, option_weights(question), strict=True)
                    )
                ),
            )
            for number, question in enumerate(questions, start=1)
        ),
    )


def help_services(lesson: TailoredLesson) -> tuple[Helpline, ...]:
    """The help an export shows beside a quiz: the reader's own country's services."""
    return lesson.help[0].services if lesson.help else ()


class KnowledgeChoice(View):
    """One lettered option of a knowledge item."""

    letter: str
    text: Rich
    correct: bool


class KnowledgeQuestion(View):
    """A numbered knowledge item; `lesson` is the label of the lesson that teaches it, if the track has one."""

    id: str
    number: int
    total: int
    prompt: Rich
    options: tuple[KnowledgeChoice, ...]
    explanation: Rich
    lesson: str
    lesson_title: str

    @property
    def correct_letter(self) -> str:
        """The letter of the right option."""
        return next(o.letter for o in self.options if o.correct)


class KnowledgeForm(View):
    """A track's knowledge check as one page shows it: before the course, or after it with then/now skills."""

    id: str
    audience: str
    track: str
    code: str
    version: int
    phase: Phase
    young: bool
    questions: tuple[KnowledgeQuestion, ...]
    then_now: tuple[str, ...]
    confidence_labels: tuple[str, ...] = CONFIDENCE_LABELS
    ability_labels: tuple[str, ...] = ABILITY_LABELS


def knowledge_form(check: KnowledgeCheck, course: Course, phase: Phase) -> KnowledgeForm:
    """The form of one phase; the 'before' form asks no then/now questions (there is no 'now' yet)."""
    audience = course.audiences[check.audience]
    items = check.items
    return KnowledgeForm(
        id=f"knowledge-check-{check.audience}-{phase}",
        audience=check.audience,
        track=audience.title,
        code=check.code,
        version=check.version,
        phase=phase,
        young=audience.young,
        questions=tuple(
            KnowledgeQuestion(
                id=item.id,
                number=number,
                total=len(items),
                prompt=rich_text(item.prompt, course),
                options=tuple(
                    KnowledgeChoice(letter=OPTION_LETTERS[i], text=rich_text(o.text, course), correct=o.correct)
                    for i, o in enumerate(item.options)
                ),
                explanation=rich_text(item.explanation, course),
                lesson=f"lesson-{check.audience}-{item.module}"
                if f"{item.module}/{check.audience}" in course.lessons
                else "",
                lesson_title=f"{course.modules[item.module].number}. {course.modules[item.module].title}",
            )
            for number, item in enumerate(items, start=1)
        ),
        then_now=tuple(t.can for t in check.then_now) if phase == "after" else (),
    )
