"""Rendering the course to MyST Markdown pages and the Jupyter Book table of contents.

Pure functions from the course and tailored lessons to text. Templates hold the page layout;
the filters here hold the few formatting decisions every page shares (citations, services,
labels), so no two pages format the same thing two ways.

Only a lesson's prose is MyST (the check allows it only safe constructs); every other field,
from the course title to a service's purpose, is plain text and goes through `md` (or `cell`,
`meta`, `role_text` where it sits in a table, the page's front matter or a role), so a title
with `<script>` or `{raw}` shows those characters instead of becoming markup.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Sequence
from typing import Any

import yaml
from jinja2 import Environment, PackageLoader, StrictUndefined
from pydantic import BaseModel

from gta_course.assessment import (
    OPTION_LETTERS,
    QUESTION_LABELS,
    Phase,
    Rich,
    knowledge_form,
    lesson_quiz,
    source_label,
)
from gta_course.model import Course, Fact, Helpline, KnowledgeCheck, Source, Step
from gta_course.tailor import FACT_ROLE, TailoredLesson, general_help, group_by_track, tailor_course

COUNTRY_NAMES = {
    "GB": "United Kingdom",
    "US": "United States",
    "CA": "Canada",
    "AU": "Australia",
    "INT": "International",
}
KIND_LABELS = {
    "scenario-discussion": "Scenario discussion",
    "conversation-practice": "Conversation practice",
    "action-plan": "Action plan",
    "peer-session-plan": "Peer session plan",
    "role-play": "Role play",
    "reflection": "Reflection",
    "case-study": "Case study",
    "design-review": "Design review",
}
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
# A content note that already offers a pause does not get the page's pause sentence as well.
SAYS_PAUSE = re.compile(r"\b(?:pause|skip|stop)\b", re.IGNORECASE)
HELP_FOR = {"children": "for children and young people", "adults": "for adults", "everyone": "for everyone"}


def source_citation(source: Source) -> str:
    """A short, linked citation: publisher and year."""
    year = f", {source.year}" if source.year else ""
    return f"{{ref}}`{_role_text(source.publisher)}{year} <{source_label(source.id)}>`"


def fact_citation(fact: Fact, course: Course) -> str:
    """The bracketed citation of a fact's sources, linked to the sources page."""
    return "(" + "; ".join(source_citation(course.sources[sid]) for sid in fact.sources) + ")"


def cite(text: str, course: Course) -> str:
    """Replace each {fact}`id` in prose with the citation of that fact's sources."""
    return FACT_ROLE.sub(lambda m: fact_citation(course.facts[m.group(1)], course), text)


def _role_text(text: str) -> str:
    """Text safe inside a role's title: angle brackets and backticks would end it early."""
    return " ".join(text.replace("<", "(").replace(">", ")").replace("`", "'").split())


def site_labels(course: Course) -> set[str]:
    """Every cross-reference label the generated pages define, so a lesson can be checked against them.

    These are the targets the templates write: fixed pages, each track (with its knowledge checks
    and answer key), each lesson and its help section, each source.
    """
    lessons = tailor_course(course, course.info.default_country)
    tracks = group_by_track(lessons)
    labels = {"help", "coverage", "glossary", "sources", "landing-help"}
    labels |= {f"{audience_id}-track" for audience_id in tracks} | {f"answer-key-{a}" for a in tracks}
    labels |= {
        f"knowledge-{a}-{phase}" for a in tracks if a in course.knowledge_checks for phase in ("before", "after")
    }
    labels |= {lesson.label for lesson in lessons} | {f"help-{lesson.label}" for lesson in lessons}
    return labels | {source_label(source_id) for source_id in course.sources}


def service_entry(service: Helpline) -> str:
    """One help service as a list item: name, who it is for, what it does, how to reach it."""
    parts = [f"**{markdown_text(service.name)}** ({HELP_FOR[service.for_]}): {markdown_text(service.purpose)}."]
    if service.phone:
        parts.append(f"Phone: {markdown_text(service.phone)}.")
    if service.url:
        parts.append(f"Website: <{service.url}>")
    return " ".join(parts)


def source_entry(source: Source) -> str:
    """A reference-list entry linking to the full entry on the sources page."""
    year = f" ({source.year})" if source.year else ""
    return f"{markdown_text(source.publisher)}{year}. {{ref}}`{_role_text(source.title)} <{source_label(source.id)}>`."


def step_line(step: Step | str) -> str:
    """An activity step with its minutes, so a facilitator can pace it from the page."""
    return f"{step.text} *({step.minutes} min)*" if isinstance(step, Step) else step


def long_date(date: dt.date) -> str:
    """A date as readers write it ("1 December 2026"), the same whatever the machine's locale."""
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def _meta(text: str) -> str:
    """Text safe inside a double-quoted YAML string on one line (JSON's escapes are YAML's too)."""
    return json.dumps(" ".join(text.split()), ensure_ascii=False)[1:-1]


def directive(name: str, view: BaseModel) -> str:
    """A directive whose body is a view as JSON, safe inside a MyST fence.

    Author text stays inside JSON strings; backticks are escaped there too, so no text can
    close the fence early, and the directive turns the strings into text nodes, never markup.
    """
    body = view.model_dump_json().replace("`", "\\u0060")
    return f"```{{{name}}}\n{body}\n```"


# Characters that can start MyST markup inside a line, and those that start a block only at the
# beginning of one (a list, a heading, a target, a comment); a backslash makes each one literal.
MARKUP_CHARACTERS = re.compile(r"([\\`*_{}\[\]<>#|~$&!])")
LINE_START_MARKUP = re.compile(r"^(?:[+=:%(-]|\d+[.)])")


def markdown_text(text: str) -> str:
    """Plain text as MyST that renders exactly that text, on one line, with no markup in it.

    Runs of white space (newlines too) become one space, so a value cannot end the line it is
    placed on and start a block (a directive, a heading) of its own.
    """
    flat = MARKUP_CHARACTERS.sub(r"\\\1", " ".join(text.split()))
    return LINE_START_MARKUP.sub(lambda m: m.group(0)[:-1] + "\\" + m.group(0)[-1], flat, count=1)


def rich_myst(runs: Rich) -> str:
    """Runs of quiz text as MyST: text made literal, citations as links to the sources page."""
    return "".join(
        markdown_text(run) if isinstance(run, str) else f"{{ref}}`{_role_text(run.cite)} <{run.label}>`" for run in runs
    )


def quiz_directive(lesson: TailoredLesson, course: Course) -> str:
    """The lesson's quiz as a `gta-quiz` directive (sphinx_ext/quiz.py writes it)."""
    return directive("gta-quiz", lesson_quiz(lesson, course))


def lesson_links(lessons: Sequence[TailoredLesson]) -> str:
    """Links to lessons by module number, for a table cell whose row and column say the rest."""
    return ", ".join(f"{{ref}}`Module {t.module.number} <{t.label}>`" for t in lessons) or "none"


def _environment() -> Environment:
    """The Jinja environment with the shared filters; strict, so a typo in a template fails loudly."""
    env = Environment(
        loader=PackageLoader("gta_course.render", "templates"),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters.update(
        cite=cite,
        fact_citation=fact_citation,
        service_entry=service_entry,
        source_entry=source_entry,
        source_label=source_label,
        cell=markdown_text,  # `|` is escaped like every other markup character
        step_line=step_line,
        meta=_meta,
        long_date=long_date,
        says_pause=lambda text: bool(SAYS_PAUSE.search(text)),
        letter=lambda n: OPTION_LETTERS[n - 1],
        kind_label=KIND_LABELS.__getitem__,
        question_label=QUESTION_LABELS.__getitem__,
        country=lambda code: COUNTRY_NAMES.get(code, code),
        action_area=lambda aid, course: course.action_areas[aid].title,
        lower_first=lambda s: s[:1].lower() + s[1:],
        quote=lambda s: f'"{s}"',
        source_ref=lambda sid, course: source_citation(course.sources[sid]),
        download_link=lambda target, text: f"{{download}}`{text} <{target}>`" if target else "",
        quiz_directive=quiz_directive,
        directive_body=lambda view, name: directive(name, view),
        md=markdown_text,
        rich=rich_myst,
        role_text=_role_text,
        fact_by_id=lambda fid, course: course.facts[fid],
        lesson_links=lesson_links,
        lessons=lambda n: f"{n} lesson" + ("" if n == 1 else "s"),
    )
    return env


ENV = _environment()


def _render(template: str, **context: Any) -> str:
    """One template to text, with runs of blank lines folded so output is stable and tidy."""
    text = ENV.get_template(template).render(**context)
    return re.sub(r"\n{3,}", "\n\n", text).rstrip("\n") + "\n"


def render_lesson_page(lesson: TailoredLesson, course: Course, handout: str = "") -> str:
    """The learner page of one lesson, with the facilitator's parts folded away at the end.

    `handout` is the {download} target of the lesson's printable learner handout, when the
    build made one.
    """
    return _render(
        "lesson.md.j2",
        t=lesson,
        course=course,
        groups=lesson.help,
        help_label=f"help-{lesson.label}",
        notebook=notebook_path(lesson),
        handout=handout,
    )


def notebook_path(lesson: TailoredLesson) -> str:
    """Where a lesson's exercise notebook is generated, relative to the project folder."""
    return f"exercises/{lesson.audience.id}/{lesson.module.id}.ipynb"


def render_track_page(course: Course, audience_id: str, lessons: Sequence[TailoredLesson]) -> str:
    """The first page of an audience's track: who it is for and what it covers."""
    return _render("track.md.j2", course=course, audience=course.audiences[audience_id], lessons=lessons)


def render_answer_key_page(course: Course, audience_id: str, lessons: Sequence[TailoredLesson]) -> str:
    """A track's facilitator page: every quiz's answers and feedback, and the knowledge check's answers."""
    check = course.knowledge_checks.get(audience_id)
    return _render(
        "answer_key.md.j2",
        course=course,
        audience=course.audiences[audience_id],
        quizzes=[lesson_quiz(t, course) for t in lessons],
        knowledge=knowledge_form(check, course, "after") if check else None,
    )


def render_knowledge_page(course: Course, check: KnowledgeCheck, phase: Phase) -> str:
    """A track's "Before you start" or "After the course" page with its knowledge check."""
    return _render("knowledge.md.j2", course=course, form=knowledge_form(check, course, phase))


def render_landing_page(course: Course, tracks: dict[str, list[TailoredLesson]], country: str) -> str:
    """The home page: what the course is and a card per track to help each reader choose."""
    covered = {frozenset(t.module.id for t in track) for track in tracks.values()}
    return _render(
        "index.md.j2",
        course=course,
        tracks=tracks,
        groups=general_help(course, country),
        country=country,
        same_modules=len(tracks) > 1 and len(covered) == 1,
    )


def render_help_page(course: Course, country: str) -> str:
    """Every help and reporting service, the reader's country first."""
    return _render("help_page.md.j2", course=course, groups=general_help(course, country))


def render_sources_page(course: Course) -> str:
    """Every source with the facts that cite it, so a reader can check each figure."""
    facts_by_source: dict[str, list[Fact]] = {sid: [] for sid in course.sources}
    for fact in course.facts.values():
        for sid in fact.sources:
            facts_by_source[sid].append(fact)
    sources = sorted(course.sources.values(), key=lambda s: (s.publisher.lower(), s.title.lower()))
    return _render("sources.md.j2", course=course, sources=sources, facts_by_source=facts_by_source)


def render_glossary_page(course: Course) -> str:
    """Terms with what to say instead of the words the guidelines reject."""
    terms = sorted(course.glossary.values(), key=lambda t: t.term.lower().strip('"'))
    return _render("glossary.md.j2", course=course, terms=terms)


def render_coverage_page(course: Course, tracks: dict[str, list[TailoredLesson]]) -> str:
    """A matrix of lessons by action area and by GTA 2025 threat, so a trainer sees what is covered."""
    audiences = [a for a in course.ordered_audiences() if tracks.get(a.id)]

    def cells(covers: Callable[[TailoredLesson], bool]) -> dict[str, list[TailoredLesson]]:
        return {a.id: [t for t in tracks[a.id] if covers(t)] for a in audiences}

    areas = list(course.action_areas.values())
    threats = list(course.threats.values())
    return _render(
        "coverage.md.j2",
        course=course,
        audiences=audiences,
        areas=areas,
        threats=threats,
        lessons_by_area={area.id: cells(lambda t, a=area: a.id in t.module.action_areas) for area in areas},  # type: ignore[misc]
        lessons_by_threat={th.id: cells(lambda t, th=th: t.module.id in th.modules) for th in threats},  # type: ignore[misc]
    )


def render_toc(course: Course, tracks: dict[str, list[TailoredLesson]], kit_pages: Sequence[str] = ()) -> str:
    """The Jupyter Book table of contents: one part per audience, the reference pages, then the facilitators'.

    A track runs from its knowledge check "before" through its lessons to the check "after";
    the For trainers page (with the ready-made kits as its sections) and the answer keys sit
    apart, under "For facilitators", so a learner's path never leads to them.
    """
    parts: list[dict[str, Any]] = []
    for audience in course.ordered_audiences():
        lessons = tracks.get(audience.id, [])
        if not lessons:
            continue
        check = audience.id in course.knowledge_checks
        chapters = [
            {"file": f"{audience.id}/index"},
            *([{"file": f"{audience.id}/before"}] if check else []),
            *({"file": t.docname} for t in lessons),
            *([{"file": f"{audience.id}/after"}] if check else []),
        ]
        parts.append({"caption": audience.title, "chapters": chapters})
    reference = ("help", "coverage", "glossary", "sources")
    parts.append({"caption": "Help and reference", "chapters": [{"file": n} for n in reference]})
    trainers: dict[str, Any] = {"file": "trainers/index"}
    if kit_pages:
        trainers["sections"] = [{"file": page} for page in kit_pages]
    keys = [{"file": f"{a.id}/answer-key"} for a in course.ordered_audiences() if tracks.get(a.id)]
    parts.append({"caption": "For facilitators", "chapters": [trainers, *keys]})
    toc = {"format": "jb-book", "root": "index", "parts": parts}
    header = "# Generated by gta-course from the content pack; edit the pack, not this file.\n"
    return header + str(yaml.safe_dump(toc, sort_keys=False, allow_unicode=True))
