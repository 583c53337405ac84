"""Writing packages: reproducible zips dated by the edition, one per track, written only when they change."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from gta_course.build_packages import export_packages, planned_packages, zip_bytes
from gta_course.content.loader import LoadedCourse


def test_zips_are_reproducible_sorted_and_dated_by_the_edition(default_course: LoadedCourse) -> None:
    course = default_course.course
    files = {"b/two.xml": b"2", "imsmanifest.xml": b"m", "a/one.xml": b"1"}
    first, second = zip_bytes(files, course), zip_bytes(dict(reversed(files.items())), course)
    assert first == second
    archive = zipfile.ZipFile(io.BytesIO(first))
    assert archive.namelist() == sorted(files)
    edition = course.info.edition
    for info in archive.infolist():
        assert info.date_time == (edition.year, edition.month, edition.day, 0, 0, 0)
        assert info.external_attr >> 16 == 0o644 and info.compress_type == zipfile.ZIP_DEFLATED
    assert archive.read("a/one.xml") == b"1"


def test_one_package_per_track_or_per_chosen_module(default_course: LoadedCourse) -> None:
    course = default_course.course
    assert sorted(planned_packages(course, "gift", "GB")) == sorted(f"gta-course-{a}.gift" for a in course.audiences)
    chosen = planned_packages(course, "cc", "GB", ["educators", "parents"], "digital-safety")
    assert sorted(chosen) == ["gta-course-educators-digital-safety.imscc", "gta-course-parents-digital-safety.imscc"]
    assert planned_packages(course, "qti21", "GB", ["parents"]) == planned_packages(course, "qti21", "GB", ["parents"])


def test_an_unchanged_export_rewrites_nothing(default_course: LoadedCourse, tmp_path: Path) -> None:
    course = default_course.course
    first = export_packages(course, "canvas", tmp_path, "GB", ["tech-policy"])
    assert [p.name for p in first.written] == ["gta-course-tech-policy-canvas-qti.zip"]
    stamp = first.written[0].stat().st_mtime_ns
    again = export_packages(course, "canvas", tmp_path, "GB", ["tech-policy"])
    assert again.written == [] and again.unchanged == first.written
    assert first.written[0].stat().st_mtime_ns == stamp
    assert zipfile.ZipFile(first.written[0]).testzip() is None
