"""Printable documents as HTML for WeasyPrint: lessons in two editions, tip sheets, covers, workshop kits.

Pure functions from the course, tailored lessons and workshop plans to HTML strings; `pdf.py`
turns them into PDFs. The templates (templates/print/) escape every value (autoescape is on),
and lesson bodies go through a Markdown renderer with raw HTML off, so no author text reaches a
page as live markup. Both editions of a lesson come from one lesson object through
`editions.edition_view`: the learner handout's template only ever receives the learner's view,
and the facilitator guide is the facilitator's pages (from the full view) before the handout.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from gta_course.assessment import OPTION_LETTERS, QUESTION_LABELS
from gta_course.editions import edition_view
from gta_course.model import Audience, Course, Edition, Fact, HelpKind, Helpline, Source
from gta_course.render.facilitation import after_session, before_session, run_sheet, timing_cues
from gta_course.render.myst import COUNTRY_NAMES, HELP_FOR, KIND_LABELS
from gta_course.tailor import FACT_ROLE, HelpGroup, TailoredLesson, general_help, help_of_kinds
from gta_course.workshop import WorkshopPlan

LANGUAGE = "en"
# Placeholders for citations while Markdown is rendered: private-use characters no author types.
_CITE_OPEN, _CITE_CLOSE = "\ue000", "\ue001"
_CITE_MARK = re.compile(f"{_CITE_OPEN}(\\d+){_CITE_CLOSE}")


def source_short(source: Source) -> str:
    """Publisher and year, as a printed citation gives them."""
    return f"{source.publisher}, {source.year}" if source.year else source.publisher


def fact_citation_text(fact: Fact, course: Course) -> str:
    """The bracketed sources of a fact, as plain text: paper has no links to follow."""
    return "(" + "; ".join(source_short(course.sources[sid]) for sid in fact.sources) + ")"


def _markdown() -> MarkdownIt:
    """CommonMark with tables, raw HTML off; images print as their alt text (nothing is fetched)."""
    md = MarkdownIt("commonmark", {"html": False}).enable("table")

    def image(renderer: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
        alt = "".join(child.content for child in tokens[idx].children or [])
        return f"[{escape(alt)}]" if alt else ""

    md.add_render_rule("image", image)
    return md


MARKDOWN = _markdown()


def cite_markdown(text: str, course: Course) -> Markup:
    """A lesson body (MyST Markdown with {fact} citations) as safe HTML with printed citations.

    Citations are swapped for placeholders before Markdown runs, so a publisher's name can never
    be read as Markdown, then replaced by their escaped text.
    """
    citations: list[str] = []

    def hold(match: re.Match[str]) -> str:
        citations.append(fact_citation_text(course.facts[match.group(1)], course))
        return f"{_CITE_OPEN}{len(citations) - 1}{_CITE_CLOSE}"

    html = MARKDOWN.render(FACT_ROLE.sub(hold, text))
    return Markup(_CITE_MARK.sub(lambda m: str(escape(citations[int(m.group(1))])), html))


def cite_inline(text: str, course: Course) -> Markup:
    """One line of prose (a key message, a step) as inline HTML, without a wrapping paragraph."""
    html = str(cite_markdown(text, course)).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)


def step_parts(step: dict[str, Any] | str) -> dict[str, Any]:
    """An activity step as an edition's view holds it: a plain string, or its text and (for the
    facilitator) its minutes."""
    return {"text": step, "minutes": None} if isinstance(step, str) else {"minutes": None, **step}


def service_parts(service: dict[str, Any] | Helpline) -> dict[str, str]:
    """A help service's name, who it is for, purpose and contacts, for one list item."""
    data = service if isinstance(service, dict) else service.model_dump()
    return {
        "name": data["name"],
        "for": HELP_FOR[data["for_"]],
        "purpose": data["purpose"],
        "phone": data["phone"],
        "url": data["url"],
    }


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("gta_course.render", "templates/print"),
        undefined=StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        md=cite_markdown,
        inline=cite_inline,
        country=lambda code: COUNTRY_NAMES.get(code, code),
        kind_label=KIND_LABELS.__getitem__,
        question_label=QUESTION_LABELS.__getitem__,
        letter=lambda n: OPTION_LETTERS[n - 1],
        service=service_parts,
        step=step_parts,
        lower_first=lambda s: s[:1].lower() + s[1:],
    )
    return env


ENV = _environment()


def print_stylesheet() -> str:
    """The one stylesheet every PDF uses (package data beside the templates)."""
    return (resources.files("gta_course.render") / "templates" / "print" / "print.css").read_text(encoding="utf-8")


@dataclass(frozen=True)
class PrintContext:
    """What every printed page states: the course, the reader's country and its help."""

    course: Course
    country: str

    @property
    def footer(self) -> str:
        info = self.course.info
        return f"{info.title} · Edition {info.edition.isoformat()} · {COUNTRY_NAMES.get(self.country, self.country)}"

    def printed_help(self, groups: Sequence[HelpGroup], *, international: bool = True) -> list[dict[str, Any]]:
        """The reader's country, then (unless space forbids) international services.

        A handout cannot fold other countries away as the site does; it is printed for one
        country's readers, and the international directories cover the rest.
        """
        keep = [g for g in groups if g.country == self.country] + [
            g for g in groups if international and g.country == "INT" and self.country != "INT"
        ]
        return [edition_view(group, "learner") for group in keep or groups[:1]]

    def render(self, template: str, **context: Any) -> str:
        return ENV.get_template(template).render(
            course=self.course,
            country=self.country,
            footer=self.footer,
            checked=self.course.info.help_checked.isoformat(),
            lang=LANGUAGE,
            **context,
        )


def anchor(*parts: str) -> str:
    """An id unique across the whole course, so documents combined into one PDF keep their links."""
    return "-".join(re.sub(r"[^a-z0-9]+", "-", p.lower()).strip("-") for p in parts if p)


def lesson_anchor(lesson: TailoredLesson, edition: Edition) -> str:
    """Where a lesson's document starts, for contents lists and bookmarks."""
    return anchor(lesson.audience.id, lesson.slug, edition)


def render_lesson_html(lesson: TailoredLesson, context: PrintContext) -> str:
    """A lesson's learner handout, from the learner's view of the lesson (no facilitator fields)."""
    return context.render(
        "lesson.html.j2",
        t=edition_view(lesson, "learner"),
        title=f"{lesson.title}: learner handout for {lesson.audience.title.lower()}",
        lesson_title=lesson.title,
        id=lesson_anchor(lesson, "learner"),
        help=context.printed_help(lesson.help),
    )


def render_facilitator_html(lesson: TailoredLesson, context: PrintContext) -> str:
    """A lesson's facilitator pages: checklist, timing and cues, activities' variations, notes,
    answers and feedback, the disclosure procedure and the steps after the session.

    The facilitator guide is these pages followed by the learner handout, so the guide adds to
    the handout, as the facilitator edition should, without laying the handout out twice.
    """
    return context.render(
        "facilitator.html.j2",
        t=edition_view(lesson, "facilitator"),
        title=f"{lesson.title}: facilitator guide for {lesson.audience.title.lower()}",
        lesson_title=lesson.title,
        id=lesson_anchor(lesson, "facilitator"),
        before=before_session(context.course, context.country),
        timing=[(row.label, row.minutes, cue) for row, cue in zip(lesson.timing, timing_cues(lesson), strict=True)],
        after=after_session(),
        help=context.printed_help(lesson.help),
    )


def render_tip_sheet_html(context: PrintContext, audience: Audience, lessons: Sequence[TailoredLesson]) -> str:
    """One page for a track: the shortest key message of each lesson, and where to get help."""
    return context.render(
        "tip_sheet.html.j2",
        title=f"{audience.title}: tip sheet",
        id=anchor(audience.id, "tip-sheet"),
        audience=edition_view(audience, "learner"),
        lessons=[{"title": t.title, "message": min(t.lesson.key_messages, key=len)} for t in lessons],
        help=context.printed_help(
            help_of_kinds(context.course, _kinds(lessons), audience, context.country), international=False
        ),
    )


@dataclass(frozen=True)
class ContentsEntry:
    """A line of a contents list: a document inside a combined PDF, and how long it is."""

    title: str
    pages: int = 0
    children: tuple[ContentsEntry, ...] = ()


def render_cover_html(
    context: PrintContext,
    *,
    title: str,
    subtitle: str,
    intro: str,
    contents: Sequence[ContentsEntry],
    help_groups: Sequence[HelpGroup],
    anchor_id: str,
) -> str:
    """The first pages of a combined PDF (a track, the course, a kit's guides): what it holds, and help.

    Each document after it keeps its own page numbers, so the contents give each one's length;
    the PDF's bookmarks, nested the same way, lead to each.
    """
    return context.render(
        "cover.html.j2",
        title=title,
        subtitle=subtitle,
        intro=intro,
        contents=contents,
        help=context.printed_help(help_groups),
        id=anchor_id,
    )


def _lesson_entries(lessons: Sequence[TailoredLesson], pages: Sequence[int]) -> tuple[ContentsEntry, ...]:
    return tuple(ContentsEntry(t.title, n) for t, n in zip(lessons, pages, strict=True))


def _kinds(lessons: Sequence[TailoredLesson]) -> list[HelpKind]:
    return [kind for t in lessons for kind in t.module.help]


def render_track_cover_html(
    context: PrintContext, audience: Audience, lessons: Sequence[TailoredLesson], pages: Sequence[int]
) -> str:
    """Cover and contents of a whole track's learner handouts; `pages` counts each lesson's pages."""
    return render_cover_html(
        context,
        title=f"{audience.title}: the whole track",
        subtitle=f"Learner handouts, {len(lessons)} lessons",
        intro=audience.who,
        contents=_lesson_entries(lessons, pages),
        help_groups=help_of_kinds(context.course, _kinds(lessons), audience, context.country),
        anchor_id=anchor(audience.id, "track"),
    )


def render_course_cover_html(
    context: PrintContext, tracks: Sequence[tuple[Audience, Sequence[TailoredLesson]]], pages: Sequence[int]
) -> str:
    """Cover and contents of the whole course; `pages` counts each part: a track's title page, then its lessons."""
    course = context.course
    contents: list[ContentsEntry] = []
    at = 0
    for audience, lessons in tracks:
        counts = pages[at + 1 : at + 1 + len(lessons)]
        contents.append(ContentsEntry(audience.title, children=_lesson_entries(lessons, counts)))
        at += 1 + len(lessons)
    return render_cover_html(
        context,
        title=course.info.title,
        subtitle=course.info.subtitle or "The whole course",
        intro=course.info.description,
        contents=contents,
        help_groups=general_help(course, context.country),
        anchor_id=anchor("course"),
    )


def render_kit_cover_html(context: PrintContext, plan: WorkshopPlan, edition: Edition, pages: Sequence[int]) -> str:
    """Cover of a workshop's combined facilitator guides or participant handouts."""
    what = "Facilitator guides" if edition == "facilitator" else "Participant handouts"
    return render_cover_html(
        context,
        title=f"{plan.audience.title}: {what.lower()} for a {plan.minutes}-minute workshop",
        subtitle=f"{what}, {len(plan.lessons)} {'lesson' if len(plan.lessons) == 1 else 'lessons'}",
        intro=(
            "The run sheet in the workshop kit gives this session's timings; each guide's own timing is for "
            "teaching its lesson alone."
            if edition == "facilitator"
            else "One handout per lesson of the session, to give each participant."
        ),
        contents=_lesson_entries(plan.lessons, pages),
        help_groups=help_of_kinds(context.course, _kinds(plan.lessons), plan.audience, context.country),
        anchor_id=anchor(plan.slug, edition),
    )


def render_track_part_title(context: PrintContext, audience: Audience, lessons: Sequence[TailoredLesson]) -> str:
    """A track's title page inside the whole-course PDF."""
    return context.render(
        "part_title.html.j2",
        title=audience.title,
        audience=edition_view(audience, "learner"),
        lessons=[t.title for t in lessons],
        id=anchor(audience.id, "track"),
    )


def render_plan_html(plan: WorkshopPlan, context: PrintContext, *, sign_in: bool | None = None) -> str:
    """A workshop kit's own pages: agenda, run sheet, before and after, and a sign-in sheet.

    The sign-in sheet asks for first names at most; under-18 sessions get none unless the
    trainer asks for one, and a head count instead.
    """
    with_sign_in = (not plan.audience.young) if sign_in is None else sign_in
    return context.render(
        "plan.html.j2",
        title=f"{plan.audience.title}: {plan.minutes}-minute workshop kit",
        plan=plan,
        rows=run_sheet(plan),
        lessons=[t.title for t in plan.lessons],
        before=before_session(context.course, context.country, len(plan.lessons)),
        after=after_session(),
        disclosure=context.course.rules.disclosure_steps,
        sign_in=with_sign_in,
        id=anchor(plan.slug),
        help=context.printed_help(help_of_kinds(context.course, _kinds(plan.lessons), plan.audience, plan.country)),
    )


# Where each printed document goes, relative to the export folder; the site links the same paths.
COURSE_PDF = "course.pdf"


def lesson_pdf(lesson: TailoredLesson, edition: Edition) -> str:
    """Path of a lesson's learner handout or facilitator guide."""
    return f"lessons/{lesson.audience.id}/{lesson.slug}-{edition}.pdf"


def tip_sheet_pdf(audience_id: str) -> str:
    """Path of a track's one-page tip sheet."""
    return f"tracks/{audience_id}-tip-sheet.pdf"


def track_pdf(audience_id: str) -> str:
    """Path of a whole track's learner handouts in one PDF."""
    return f"tracks/{audience_id}-track.pdf"


def kit_pdf(slug: str, what: str = "kit") -> str:
    """Path of a workshop's kit (agenda, run sheet, sign-in), or of its combined guides or handouts."""
    return f"kits/{slug}-{what}.pdf"
