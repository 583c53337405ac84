"""The site's pages for trainers: the "For trainers" page and one page per ready-made workshop kit.

Pure, like the other MyST renderers. Printable PDFs are linked only when the build made them
(`downloads` holds their paths inside the book's downloads folder), so a site built without
`--pdf` never has a broken link; it links each lesson's facilitator section instead.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from gta_course.layout import DOWNLOADS
from gta_course.model import Course
from gta_course.render import print_html as ph
from gta_course.render.facilitation import after_session, before_session, run_sheet
from gta_course.render.myst import _render
from gta_course.tailor import TailoredLesson
from gta_course.workshop import ReadyKit


def download_target(path: str) -> str:
    """A PDF's path as the {download} role wants it: from the book's root."""
    return f"/{DOWNLOADS}/{path}"


def kit_docname(kit: ReadyKit) -> str:
    """Path of a kit's page in the book, without suffix."""
    return f"trainers/{kit.audience.id}-{kit.minutes}min"


def render_trainers_page(
    course: Course, tracks: dict[str, list[TailoredLesson]], kits: Sequence[ReadyKit], downloads: Collection[str]
) -> str:
    """Facilitator guides for every lesson and every ready-made kit, by audience."""
    by_audience = {a.id: [k for k in kits if k.audience.id == a.id] for a in course.ordered_audiences()}
    return _render(
        "trainers.md.j2",
        course=course,
        tracks=tracks,
        kits=by_audience,
        downloads=set(downloads),
        ph=ph,
        pdf=download_target,
        kit_docname=kit_docname,
    )


def render_kit_page(course: Course, kit: ReadyKit, downloads: Collection[str]) -> str:
    """One ready-made kit: its lessons, agenda, run sheet, checklists and sign-in rule."""
    assert kit.plan is not None, "only planned kits get a page"
    plan = kit.plan
    return _render(
        "kit.md.j2",
        course=course,
        kit=kit,
        plan=plan,
        rows=run_sheet(plan),
        before=before_session(course, plan.country, len(plan.lessons)),
        after=after_session(),
        downloads=set(downloads),
        ph=ph,
        pdf=download_target,
        label=kit_docname(kit).replace("/", "-"),
    )
