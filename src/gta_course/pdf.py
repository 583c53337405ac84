"""The only module that runs WeasyPrint: printable HTML in, tagged PDF files out.

An export is a list of jobs, each a PDF made of parts (a cover, lessons...). Every part is
rendered once per run, even when several PDFs contain it (a lesson is in its own handout, its
track and the course), and combined PDFs merge the parts' PDFs (pdf_merge.py), so each part
keeps its own "Page X of Y" and is laid out and drawn only once. One font configuration and one
parsed stylesheet serve the whole export.

A job whose inputs (its parts' HTML, the stylesheet, the paper, WeasyPrint's version) have the
digest recorded for its file is skipped without rendering; any other is written atomically and
only when its bytes change. Dates in the PDF come from the course edition, never the clock, so
the same input gives the same bytes.

PDFs are PDF/UA-1: tagged, with a title, a language, bookmarks, embedded fonts, and headers and
footers as artifacts. WeasyPrint only logs a missing language or alt text, so its error log is
watched and any error fails the export, and the title is checked here.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any, Literal

from gta_course import __version__
from gta_course.files import write_if_changed
from gta_course.layout import PDF_MANIFEST
from gta_course.model import Course, Edition
from gta_course.parallel import fork_context, usable_cores
from gta_course.pdf_merge import merge_pdfs
from gta_course.render import print_html as ph
from gta_course.tailor import TailoredLesson, group_by_track, tailor_course
from gta_course.workshop import WorkshopPlan, ready_made_kits

Paper = Literal["a4", "letter"]
PAPER_SIZES: dict[Paper, str] = {"a4": "A4", "letter": "letter"}
LETTER_COUNTRIES = frozenset({"US", "CA"})
PDF_VARIANT = "pdf/ua-1"
# What WeasyPrint loads from the system on Debian 12 (HarfBuzz-subset makes font subsetting fast).
SYSTEM_PACKAGES = (
    "libpango-1.0-0",
    "libpangoft2-1.0-0",
    "libharfbuzz0b",
    "libharfbuzz-subset0",
    "libfontconfig1",
    "fonts-dejavu-core",
)


class PdfError(Exception):
    """A document could not be made accessible, or WeasyPrint failed on it."""


def paper_for(country: str) -> Paper:
    """The paper a country prints on: letter in the US and Canada, A4 elsewhere."""
    return "letter" if country in LETTER_COUNTRIES else "a4"


@dataclass(frozen=True)
class Part:
    """One document inside a PDF; parts with the same key are laid out once per export."""

    key: str
    html: str
    bookmark_shift: int = 0  # how many levels deeper its bookmarks sit in a combined PDF


CoverMaker = Callable[[list[int]], str]


@dataclass(frozen=True)
class PdfJob:
    """A PDF to write: a cover made once the parts' page counts are known, then the parts.

    `cover` receives the page count of each part, for its contents list; without it the first
    part's metadata (title, language) becomes the PDF's.
    """

    path: str
    parts: tuple[Part, ...]
    cover: CoverMaker | None = None
    max_pages: int | None = None  # a promise about length, such as the one-page tip sheet

    def digest(self, settings: str) -> str:
        """Everything the PDF's bytes depend on; the cover is digested as made with no page counts."""
        digest = hashlib.sha256(settings.encode())
        if self.cover is not None:
            digest.update(self.cover([0] * len(self.parts)).encode())
        for part in self.parts:
            digest.update(b"\0" + part.key.encode() + b"\0" + part.html.encode() + bytes([part.bookmark_shift]))
        return digest.hexdigest()


@dataclass
class ExportResult:
    """What an export did, for the summary line."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def summary(self) -> str:
        total = len(self.written) + len(self.unchanged) + len(self.skipped)
        return (
            f"{total} PDFs: {len(self.written)} written, {len(self.unchanged)} rendered but unchanged, "
            f"{len(self.skipped)} up to date."
        )


class _ErrorLog(logging.Handler):
    """Collects WeasyPrint's errors (missing language, missing alt text, failed loads)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class PdfRenderer:
    """One WeasyPrint session: fonts and the stylesheet loaded once for every document."""

    def __init__(self, paper: Paper) -> None:
        try:  # imported here: WeasyPrint and its system libraries are only needed when printing
            from weasyprint import CSS
            from weasyprint.text.fonts import FontConfiguration
            from weasyprint.urls import URLFetcher
        except (ImportError, OSError) as error:
            raise PdfError(
                f"WeasyPrint cannot start: {error} (hint: on Debian or Ubuntu, apt-get install "
                f"{' '.join(SYSTEM_PACKAGES)})"
            ) from error

        self.paper = paper
        self.fonts = FontConfiguration()
        css = ph.print_stylesheet()
        # A user stylesheet loses to the template's own @page size unless it is !important.
        paper_css = f"@page {{ size: {PAPER_SIZES[paper]} !important; }}"
        self.stylesheets = [
            CSS(string=css, font_config=self.fonts),
            CSS(string=paper_css, font_config=self.fonts),
        ]
        self.settings = "\0".join((__version__, version("weasyprint"), version("pikepdf"), css, paper_css, PDF_VARIANT))
        # Nothing is loaded while printing, not from the web nor from disk: only inline data: URLs,
        # and any other fetch stops the document instead of leaving a hole in it.
        self.fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)

    @contextmanager
    def _watch(self, what: str) -> Iterator[None]:
        log = logging.getLogger("weasyprint")
        handler = _ErrorLog()
        log.addHandler(handler)
        try:
            yield
        finally:
            log.removeHandler(handler)
        if handler.messages:
            raise PdfError(f"{what}: " + "; ".join(dict.fromkeys(handler.messages)))

    def render(self, key: str, html: str) -> bytes:
        """One document as a tagged PDF; fails on anything WeasyPrint reports as an error."""
        from weasyprint import HTML
        from weasyprint.urls import FatalURLFetchingError

        with self._watch(key):
            try:
                document = HTML(string=html, url_fetcher=self.fetcher).render(
                    stylesheets=self.stylesheets, font_config=self.fonts
                )
            except FatalURLFetchingError as error:
                raise PdfError(f"{key}: printing loads nothing from elsewhere; refused: {error}") from error
            if not (document.metadata.title or "").strip():
                raise PdfError(f"{key}: the document has no title")
            if not document.metadata.lang:
                raise PdfError(f"{key}: the document has no language")
            data: bytes = document.write_pdf(pdf_variant=PDF_VARIANT)
        return data


def source_stamp(course: Course, country: str) -> str:
    """A digest of what an export was made from: the course, the country and this version."""
    return hashlib.sha256(f"{__version__}\0{country}\0{course.model_dump_json()}".encode()).hexdigest()


def export(
    jobs: Sequence[PdfJob],
    out: Path,
    paper: Paper,
    source: str,
    progress: Callable[[str], None] | None = None,
) -> ExportResult:
    """Write every job's PDF under `out`; skip the ones whose inputs have not changed.

    A part is rendered once per export and kept as PDF bytes; a part that is itself an
    up-to-date PDF of an earlier export (a learner handout inside its track) is read back
    instead of rendered, so editing one lesson re-renders that lesson, not its whole track.
    The manifest beside the PDFs records each one's digests and the `source` stamp, for
    `current_downloads`.
    """
    renderer = PdfRenderer(paper)
    manifest = _read_manifest(out).get("files", {})
    result = ExportResult()
    digests = {job.path: job.digest(renderer.settings) for job in jobs}
    current = {
        job.path
        for job in jobs
        if manifest.get(job.path, {}).get("digest") == digests[job.path]
        and _file_digest(out / job.path) == manifest[job.path].get("sha256")
    }
    pending = {
        part.key: part.html for job in jobs if job.path not in current for part in job.parts if part.key not in current
    }
    made: dict[str, bytes] = render_parts(pending, renderer)

    def part_pdf(part: Part) -> bytes:
        if part.key not in made:
            made[part.key] = (out / part.key).read_bytes()  # an up-to-date PDF of an earlier export
        return made[part.key]

    for job in jobs:
        if job.path in current:
            result.skipped.append(job.path)
        else:
            data = _job_pdf(job, part_pdf, renderer)
            made[job.path] = data
            (result.written if write_if_changed(out / job.path, data) else result.unchanged).append(job.path)
            manifest[job.path] = {"digest": digests[job.path], "sha256": hashlib.sha256(data).hexdigest()}
        if progress:
            progress(job.path)
    record = {"source": source, "files": {p: manifest[p] for p in sorted(manifest) if p in digests}}
    write_if_changed(out / PDF_MANIFEST, json.dumps(record, indent=1).encode() + b"\n")
    return result


def render_parts(parts: dict[str, str], renderer: PdfRenderer, workers: int | None = None) -> dict[str, bytes]:
    """Every part (key to HTML) as PDF bytes, laid out on every core.

    WeasyPrint is single-threaded and the parts are independent, so forked workers each render
    a share with a renderer of their own. A document's bytes depend on the document alone, not on
    which process drew it or what it drew before (tests/test_pdf.py compares with one process).
    Where the platform cannot fork, or there is one core, this process renders them all.
    """
    workers = min(workers or usable_cores(), len(parts))
    context = fork_context()
    if workers < 2 or context is None:
        return {key: renderer.render(key, html) for key, html in parts.items()}
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_worker, initargs=(renderer.paper,)
    ) as pool:
        return dict(zip(parts, pool.map(_render_in_worker, parts.items(), chunksize=2), strict=True))


_worker_renderer: PdfRenderer | None = None  # in a worker process only: its own fonts and stylesheets


def _start_worker(paper: Paper) -> None:
    """In a new worker: one renderer for every part it is given."""
    global _worker_renderer
    _worker_renderer = PdfRenderer(paper)


def _render_in_worker(part: tuple[str, str]) -> bytes:
    """In a worker: one part, by key and HTML."""
    assert _worker_renderer is not None
    return _worker_renderer.render(*part)


def _job_pdf(job: PdfJob, part_pdf: Callable[[Part], bytes], renderer: PdfRenderer) -> bytes:
    """A job's PDF: its only part as it is, or a cover and the parts merged, each keeping its page numbers."""
    parts = [(part_pdf(part), part.bookmark_shift) for part in job.parts]
    if job.cover is not None:
        cover = renderer.render(f"{job.path}#cover", job.cover([page_count(data) for data, _ in parts]))
        parts.insert(0, (cover, 0))
    pages = sum(page_count(data) for data, _ in parts)
    if job.max_pages is not None and pages > job.max_pages:
        raise PdfError(
            f"{job.path} runs to {pages} pages, more than {job.max_pages} "
            "(hint: shorten the lessons' key messages or the course's help list)"
        )
    return parts[0][0] if len(parts) == 1 else merge_pdfs(parts)


def page_count(data: bytes) -> int:
    """How many pages a PDF has."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as document:
        return len(document.pages)


def current_downloads(out: Path, course: Course, country: str) -> list[str]:
    """The PDFs under `out` that the last export made from this very course, for pages to link.

    A site built without exporting again links the PDFs only while they still match the
    content, so it never offers a handout that says something the page no longer does.
    """
    manifest = _read_manifest(out)
    if manifest.get("source") != source_stamp(course, country):
        return []
    files = manifest.get("files", {})
    return sorted(p for p in files if isinstance(p, str) and (out / p).is_file())


def _read_manifest(out: Path) -> dict[str, Any]:
    """What the last export here recorded; empty when there is none or it is unreadable."""
    try:
        data = json.loads((out / PDF_MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and isinstance(data.get("files", {}), dict) else {}


def _file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


# Which PDFs an export makes. Pure: the course in, jobs out; rendering happens in `export`.


def _learner_part(lesson: TailoredLesson, context: ph.PrintContext, shift: int = 0) -> Part:
    return Part(ph.lesson_pdf(lesson, "learner"), ph.render_lesson_html(lesson, context), shift)


def _lesson_parts(
    lesson: TailoredLesson, context: ph.PrintContext, edition: Edition, shift: int = 0
) -> tuple[Part, ...]:
    """A lesson's documents in one edition: the handout, or the facilitator's pages then the handout."""
    learner = _learner_part(lesson, context, shift + (edition == "facilitator"))
    if edition == "learner":
        return (learner,)
    path = ph.lesson_pdf(lesson, "facilitator")
    return (Part(path, ph.render_facilitator_html(lesson, context), shift), learner)


def lesson_jobs(lessons: Sequence[TailoredLesson], context: ph.PrintContext) -> list[PdfJob]:
    """A learner handout and a facilitator guide per lesson."""
    return [
        PdfJob(ph.lesson_pdf(t, edition), _lesson_parts(t, context, edition))
        for t in lessons
        for edition in ("learner", "facilitator")
    ]


def track_jobs(audience_id: str, lessons: Sequence[TailoredLesson], context: ph.PrintContext) -> list[PdfJob]:
    """A track's one-page tip sheet and its whole set of learner handouts behind a cover."""
    audience = context.course.audiences[audience_id]
    tip = ph.render_tip_sheet_html(context, audience, lessons)
    return [
        PdfJob(ph.tip_sheet_pdf(audience_id), (Part(ph.tip_sheet_pdf(audience_id), tip),), max_pages=1),
        PdfJob(
            ph.track_pdf(audience_id),
            tuple(_learner_part(t, context, 1) for t in lessons),
            cover=lambda pages: ph.render_track_cover_html(context, audience, lessons, pages),
        ),
    ]


def course_job(tracks: dict[str, list[TailoredLesson]], context: ph.PrintContext) -> PdfJob:
    """The whole course: a cover with contents, then each track's title page and learner handouts."""
    course = context.course
    ordered = [(a, tracks[a.id]) for a in course.ordered_audiences() if tracks.get(a.id)]
    parts: list[Part] = []
    for audience, lessons in ordered:
        parts.append(Part(f"{audience.id}#title", ph.render_track_part_title(context, audience, lessons)))
        parts += [_learner_part(t, context, 1) for t in lessons]
    return PdfJob(ph.COURSE_PDF, tuple(parts), cover=lambda pages: ph.render_course_cover_html(context, ordered, pages))


def kit_job(plan: WorkshopPlan, context: ph.PrintContext, sign_in: bool | None = None) -> PdfJob:
    """A workshop's own kit: agenda, run sheet, before and after, sign-in sheet and help."""
    path = ph.kit_pdf(plan.slug)
    return PdfJob(path, (Part(path, ph.render_plan_html(plan, context, sign_in=sign_in)),))


def workshop_jobs(plan: WorkshopPlan, context: ph.PrintContext, sign_in: bool | None = None) -> list[PdfJob]:
    """Everything a trainer carries into the room: the kit, the facilitator guides, the handouts."""

    def guides(edition: Edition) -> PdfJob:
        per_lesson = 2 if edition == "facilitator" else 1  # a guide is the facilitator's pages and the handout
        return PdfJob(
            ph.kit_pdf(plan.slug, "facilitator-guides" if edition == "facilitator" else "handouts"),
            tuple(part for t in plan.lessons for part in _lesson_parts(t, context, edition, 1)),
            cover=lambda pages: ph.render_kit_cover_html(context, plan, edition, _per_lesson(pages, per_lesson)),
        )

    return [kit_job(plan, context, sign_in), guides("facilitator"), guides("learner")]


def _per_lesson(pages: list[int], parts_per_lesson: int) -> list[int]:
    """Page counts per lesson, from counts per part."""
    return [sum(pages[i : i + parts_per_lesson]) for i in range(0, len(pages), parts_per_lesson)]


def course_jobs(
    course: Course, country: str, *, audience: str | None = None, module: str | None = None
) -> list[PdfJob]:
    """The PDFs of an export, narrowed to one audience or one module if asked.

    All of the course: every lesson in both editions, each track's tip sheet and whole track,
    the whole course, and the ready-made workshop kits. One module: only its lessons. One
    audience: its lessons, its track and its kits.
    """
    context = ph.PrintContext(course, country)
    lessons = [
        t
        for t in tailor_course(course, country)
        if (audience is None or t.audience.id == audience) and (module is None or t.module.id == module)
    ]
    jobs = lesson_jobs(lessons, context)
    if module is not None:
        return jobs
    tracks = group_by_track(lessons)
    for audience_id, track in tracks.items():
        jobs += track_jobs(audience_id, track, context)
    jobs += [
        kit_job(kit.plan, context)
        for kit in ready_made_kits(course, country)
        if kit.plan is not None and (audience is None or kit.audience.id == audience)
    ]
    if audience is None:
        jobs.append(course_job(tracks, context))
    return jobs
