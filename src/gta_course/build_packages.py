"""Writing LMS packages: one file per track and format, zipped deterministically, written only if changed.

The renderers (render/gift, qti, canvas, cc) return a package's files as bytes; this module is
the only place that zips them and writes them. Zips are reproducible: entries sorted, every
timestamp the course edition's date, fixed permissions, so the same course always gives the
same bytes and an unchanged export rewrites nothing.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from gta_course.files import write_if_changed
from gta_course.model import Course
from gta_course.render.canvas import render_canvas_package
from gta_course.render.cc import render_cc_package
from gta_course.render.gift import render_gift
from gta_course.render.lms import ExportQuiz, export_quizzes, identifier
from gta_course.render.qti import render_qti21_package
from gta_course.tailor import TailoredLesson, group_by_track, tailor_course

Format = Literal["gift", "qti21", "canvas", "cc"]
SUFFIX: dict[Format, str] = {"gift": ".gift", "qti21": "-qti21.zip", "canvas": "-canvas-qti.zip", "cc": ".imscc"}


@dataclass
class ExportResult:
    """What an export wrote, for the summary line."""

    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)

    def summary(self) -> str:
        """One line a person can read."""
        total = len(self.written) + len(self.unchanged)
        return f"Exported {total} package{'s' if total != 1 else ''}: {len(self.written)} written, {len(self.unchanged)} unchanged."


def zip_bytes(files: dict[str, bytes], course: Course) -> bytes:
    """A reproducible zip: sorted entries, the edition's date on each, deflated, mode 644."""
    date = course.info.edition
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=(max(date.year, 1980), date.month, date.day, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name], compresslevel=9)
    return buffer.getvalue()


def package_bytes(fmt: Format, quizzes: Sequence[ExportQuiz], course: Course, package_id: str, title: str) -> bytes:
    """One package of one format, as the bytes of its file."""
    renderers: dict[Format, Callable[[], dict[str, bytes]]] = {
        "qti21": lambda: render_qti21_package(quizzes, package_id),
        "canvas": lambda: render_canvas_package(quizzes, package_id),
        "cc": lambda: render_cc_package(quizzes, course, package_id, title),
    }
    if fmt == "gift":
        return render_gift(quizzes, course).encode("utf-8")
    return zip_bytes(renderers[fmt](), course)


def planned_packages(
    course: Course, fmt: Format, country: str, audiences: Sequence[str] = (), module: str | None = None
) -> dict[str, bytes]:
    """Every package to export, by file name: one per track, narrowed to chosen audiences or one module. Pure."""
    tracks: dict[str, list[TailoredLesson]] = group_by_track(tailor_course(course, country))
    packages = {}
    for audience_id, lessons in tracks.items():
        if audiences and audience_id not in audiences:
            continue
        chosen = [t for t in lessons if module is None or t.module.id == module]
        if not chosen:
            continue
        name = f"gta-course-{audience_id}" + (f"-{module}" if module else "")
        title = f"{course.info.title}: {course.audiences[audience_id].title}"
        quizzes = export_quizzes(chosen, course)
        packages[name + SUFFIX[fmt]] = package_bytes(fmt, quizzes, course, identifier(name), title)
    return packages


def export_packages(
    course: Course, fmt: Format, out: Path, country: str, audiences: Sequence[str] = (), module: str | None = None
) -> ExportResult:
    """Write the packages into `out`, each atomically and only if its bytes changed."""
    result = ExportResult()
    for name, data in planned_packages(course, fmt, country, audiences, module).items():
        path = out / name
        (result.written if write_if_changed(path, data) else result.unchanged).append(path)
    return result
