"""End to end: build the default course with Sphinx (warnings are errors) and read the HTML back.

Slow (a full Jupyter Book build): run alone with `pytest -m slow`, skip with `-m "not slow"`.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from lxml import html

from conftest import PRINTED_MODULE, PackWriter, run_cli
from gta_course.content.loader import LoadedCourse, default_pack
from gta_course.tailor import tailor_course

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(built_site: Path) -> Path:
    """The project built once for the whole session (conftest)."""
    return built_site


def html_root(site: Path) -> Path:
    return site / "book" / "_build" / "html"


def parse(path: Path) -> html.HtmlElement:
    return html.fromstring(path.read_bytes())


def section(page: html.HtmlElement, title: str) -> html.HtmlElement:
    """The <section> whose heading reads `title`."""
    found = [
        s for s in page.iter("section") if s.find("h2") is not None and s.find("h2").text_content().startswith(title)
    ]
    assert found, title
    return found[0]


def test_a_page_for_every_lesson(site: Path, default_course: LoadedCourse) -> None:
    course = default_course.course
    for lesson in tailor_course(course, "US"):
        path = html_root(site) / f"{lesson.docname}.html"
        assert path.exists(), path
        page = parse(path)
        heading = page.find(".//h1").text_content().replace("“", '"').replace("”", '"')  # Sphinx's smart quotes
        assert lesson.module.title in heading
        note = page.find_class("gta-content-note")
        assert note and "Content note" in note[0].text_content()
        quiz = section(page, "Check your understanding")
        assert len(quiz.find_class("gta-quiz__question")) == len(lesson.lesson.quiz)
        assert len(quiz.findall(".//fieldset")) == len(lesson.lesson.quiz)
        facilitators = section(page, "For facilitators")
        assert f"answer-key.html#answer-key-{lesson.audience.id}" in [a.get("href") for a in facilitators.iter("a")]
        help_links = [a.get("href") for a in section(page, "Get help").iter("a")]
        assert "https://report.cybertip.org" in help_links  # US reader: the CyberTipline is signposted
        references = [a.get("href") for a in section(page, "References").iter("a") if "headerlink" not in a.classes]
        assert references and all(r.startswith("../sources.html#source-") for r in references)
        assert page.find_class("gta-quick-exit__button")


def test_every_track_has_its_knowledge_check_and_answer_key(site: Path, default_course: LoadedCourse) -> None:
    course = default_course.course
    for audience in course.audiences.values():
        for name, title in (("before", "Before you start"), ("after", "After the course")):
            page = parse(html_root(site) / audience.id / f"{name}.html")
            assert title in page.find(".//h1").text_content()
            assert len(page.find_class("gta-kc__item")) == 6 and page.find_class("gta-content-note")
        key = parse(html_root(site) / audience.id / "answer-key.html")
        assert "Answer key" in key.find(".//h1").text_content()


def sidebar_links(page: html.HtmlElement) -> list[str]:
    return [a.get("href") for a in page.find_class("bd-docs-nav")[0].iter("a")]


def test_sidebar_lists_the_readers_own_track_and_every_other_part_by_its_first_page(
    site: Path, default_course: LoadedCourse
) -> None:
    course = default_course.course
    audiences = course.ordered_audiences()
    lessons = tailor_course(course, "US")
    index = parse(html_root(site) / "index.html")
    nav = index.find_class("bd-docs-nav")[0]
    captions = [c.text_content().strip() for c in nav.find_class("caption")]
    assert captions == [a.title for a in audiences] + ["Help and reference", "For facilitators"]
    home_links = sidebar_links(index)
    assert [f"{a.id}/index.html" for a in audiences] + ["help.html", "trainers/index.html"] == home_links[1:]
    for audience in audiences:
        own = [lesson for lesson in lessons if lesson.audience.id == audience.id]
        page = parse(html_root(site) / f"{own[0].docname}.html")
        links = sidebar_links(page)
        assert "#" in links  # the page itself, marked current
        for lesson in own[1:]:
            assert f"{lesson.docname.split('/')[-1]}.html" in links
        others = [a for a in audiences if a.id != audience.id]
        assert {f"../{a.id}/index.html" for a in others} <= set(links)
        assert not any(link.startswith(f"../{a.id}/0") for a in others for link in links)  # no other track's lessons
        current = page.find_class("bd-docs-nav")[0].find_class("current")
        assert own[0].title in " ".join(c.text_content() for c in current)


def test_internal_links_resolve(site: Path) -> None:
    root = html_root(site)
    ids: dict[Path, set[str]] = {}
    broken = []
    for page_path in sorted(root.rglob("*.html")):
        if "_static" in page_path.parts:
            continue  # theme template fragments, not pages
        page = parse(page_path)
        for _element, attribute, link, _ in page.iterlinks():
            if (
                attribute not in ("href", "src")
                or "://" in link
                or link.startswith(("mailto:", "data:", "javascript:"))
            ):
                continue
            parts = urlsplit(link)
            target_name, fragment = unquote(parts.path), unquote(parts.fragment)
            target = (page_path.parent / target_name).resolve() if target_name else page_path
            if not target.exists():
                broken.append(f"{page_path.relative_to(root)} -> {link}")
                continue
            if fragment and target.suffix == ".html":
                if target not in ids:
                    ids[target] = {e.get("id") for e in parse(target).iter() if e.get("id")}
                if fragment not in ids[target]:
                    broken.append(f"{page_path.relative_to(root)} -> {link}")
    assert broken == []


def test_nothing_loads_from_another_host(site: Path) -> None:
    for page_path in html_root(site).rglob("*.html"):
        page = parse(page_path)
        for element in page.iter("script", "img", "iframe", "link", "source", "audio", "video"):
            for attribute in ("src", "href"):
                value = element.get(attribute) or ""
                if element.tag == "link" and element.get("rel") not in (
                    "stylesheet",
                    "preload",
                    "icon",
                    "modulepreload",
                ):
                    continue
                assert "://" not in value and not value.startswith("//"), f"{page_path.name}: {value}"
        text = page_path.read_text(encoding="utf-8")
        assert "mathjax" not in text.lower(), page_path.name


def test_unchanged_rebuild_rewrites_nothing(site: Path) -> None:
    def snapshot() -> dict[str, int]:
        return {str(p): p.stat().st_mtime_ns for p in (site / "book").rglob("*") if p.is_file()}

    before = snapshot()
    result = run_cli("build", "--project", str(site), "--country", "US")
    assert result.exit_code == 0, result.output
    assert "0 written" in result.stdout
    assert snapshot() == before


def test_sphinx_failure_keeps_the_last_good_site(site: Path, write_pack: PackWriter) -> None:
    root = html_root(site)
    digest = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in root.rglob("*.html")}
    lesson = (default_pack() / "lessons" / "digital-safety" / "parents.yaml").read_text(encoding="utf-8")
    broken = lesson.replace("    body: |\n", "    body: |\n      See {ref}`a-label-that-does-not-exist`.\n\n", 1)
    pack = write_pack({"lesson.yaml": broken})
    result = run_cli("build", "--project", str(site), "--country", "US", "--content", str(pack))
    assert result.exit_code == 2  # `check` finds the dangling label now; test_hardening has Sphinx failing
    assert "undefined label 'a-label-that-does-not-exist'" in result.stderr
    assert "Traceback" not in result.output
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in root.rglob("*.html")} == digest


def test_lesson_pages_offer_the_handouts_that_were_exported(site: Path, default_course: LoadedCourse) -> None:
    for lesson in tailor_course(default_course.course, "US"):
        page = parse(html_root(site) / f"{lesson.docname}.html")
        downloads = [
            a.get("href") for a in page.iter("a") if "download" in a.classes and a.get("href").endswith(".pdf")
        ]
        if lesson.module.id == PRINTED_MODULE:
            assert len(downloads) == 1 and downloads[0].endswith(f"{lesson.slug}-learner.pdf")
            assert (html_root(site) / lesson.audience.id / downloads[0]).resolve().is_file()
        else:
            assert downloads == []


def test_trainers_page_lists_guides_and_every_kit(site: Path, default_course: LoadedCourse) -> None:
    page = parse(html_root(site) / "trainers" / "index.html")
    hrefs = [a.get("href") or "" for a in page.iter("a")]
    guides = [h for h in hrefs if h.endswith("-facilitator.pdf")]
    assert len(guides) == len(default_course.course.audiences)  # the exported module's, one per track
    kits = {h.split("#")[0] for h in hrefs if "min.html" in h}
    assert len(kits) == 3 * len(default_course.course.audiences)


def test_every_lesson_page_links_its_notebook(site: Path, default_course: LoadedCourse) -> None:
    root = html_root(site)
    for lesson in tailor_course(default_course.course, "US"):
        page_path = root / f"{lesson.docname}.html"
        links = [a.get("href") for a in parse(page_path).iter("a") if (a.get("href") or "").endswith(".ipynb")]
        assert len(links) == 1, page_path
        notebook = (page_path.parent / unquote(links[0])).resolve()
        assert notebook.name == f"{lesson.module.id}.ipynb" and notebook.is_relative_to(root.resolve())
        assert '"nbformat": 4' in notebook.read_text(encoding="utf-8")


def test_coverage_matrix_links_every_lesson(site: Path, default_course: LoadedCourse) -> None:
    page = parse(html_root(site) / "coverage.html")
    tables = page.findall(".//table")
    assert len(tables) == 2
    linked = {a.get("href").split("#")[0] for table in tables for a in table.iter("a")}
    lessons = {f"{t.docname}.html" for t in tailor_course(default_course.course, "US")}
    assert lessons <= linked  # every lesson teaches at least one action area
    headers = [th.text_content().strip() for th in tables[1].iter("th")]
    assert headers[0] == "Threat" and len(headers) == 1 + len(default_course.course.audiences)
    rows = [tr.find("td").text_content() for tr in tables[1].iter("tr") if tr.find("td") is not None]
    assert any("Financial sexual extortion" in row for row in rows)
    assert any("AI-generated child sexual abuse material" in row for row in rows)
