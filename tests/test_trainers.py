"""The site's pages for trainers, and the links from lesson pages to their printable handouts."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from gta_course.build import base_config, planned_files
from gta_course.content.loader import LoadedCourse
from gta_course.pdf import course_jobs
from gta_course.render.print_html import lesson_pdf
from gta_course.render.trainers import download_target
from gta_course.tailor import tailor_course
from gta_course.workshop import KIT_MINUTES

REPO = Path(__file__).resolve().parents[1]
DOWNLOAD = re.compile(r"\{download\}`[^`<]*<([^>]+\.pdf)>`")  # printable downloads, not notebooks


def test_without_pdfs_pages_link_none(default_course: LoadedCourse) -> None:
    files = planned_files(default_course.course, "GB", base_config(REPO))
    assert not [p for p, data in files.items() if DOWNLOAD.search(data.decode(errors="ignore"))]
    trainers = files["book/trainers/index.md"].decode()
    assert "the facilitator's timing, notes and disclosure steps are at the end of the lesson page" in trainers


def test_with_pdfs_every_lesson_offers_its_handout_and_trainers_get_every_guide_and_kit(
    default_course: LoadedCourse,
) -> None:
    course = default_course.course
    downloads = [job.path for job in course_jobs(course, "GB")]
    files = planned_files(course, "GB", base_config(REPO), downloads)
    for lesson in tailor_course(course, "GB"):
        page = files[f"book/{lesson.docname}.md"].decode()
        assert DOWNLOAD.findall(page) == [download_target(lesson_pdf(lesson, "learner"))]
        head = page.split(":::{admonition} Content note")[0]
        assert "learner handout (PDF)" in head  # near the top, before the content note
    trainers = files["book/trainers/index.md"].decode()
    linked = set(DOWNLOAD.findall(trainers))
    for lesson in tailor_course(course, "GB"):
        assert download_target(lesson_pdf(lesson, "facilitator")) in linked
    assert download_target("course.pdf") in linked
    for audience in course.audiences:
        for minutes in KIT_MINUTES:
            page = files[f"book/trainers/{audience}-{minutes}min.md"].decode()
            assert f"(trainers-{audience}-{minutes}min)=" in page
            assert f"<trainers-{audience}-{minutes}min>" in trainers
            assert download_target(f"kits/{audience}-{minutes}min-kit.pdf") in DOWNLOAD.findall(page)
            assert "## Run sheet" in page and "## Agenda" in page
    assert all(
        target.removeprefix("/downloads/") in downloads
        for f in files.values()
        for target in DOWNLOAD.findall(f.decode(errors="ignore"))
    )


def test_trainers_pages_are_in_the_table_of_contents(default_course: LoadedCourse) -> None:
    files = planned_files(default_course.course, "GB", base_config(REPO))
    toc = yaml.safe_load(files["book/_toc.yml"])
    trainers = next(part for part in toc["parts"] if part["caption"] == "For facilitators")
    chapter = trainers["chapters"][0]
    assert chapter["file"] == "trainers/index"
    assert len(chapter["sections"]) == len(default_course.course.audiences) * len(KIT_MINUTES)
    assert all(f"book/{s['file']}.md" in files for s in chapter["sections"])


def test_young_peoples_kits_ask_for_no_names(default_course: LoadedCourse) -> None:
    files = planned_files(default_course.course, "GB", base_config(REPO))
    young = files["book/trainers/youth-advocates-90min.md"].decode()
    adults = files["book/trainers/parents-90min.md"].decode()
    assert "no sign-in sheet" in young and "first names at most" in adults
