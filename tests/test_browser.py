"""The built site in a real browser: accessible, private, and with a quick exit on every page.

Playwright drives Debian's chromium (never a browser download); the checkers come from npm
(`npm ci`): axe-core and HTML_CodeSniffer run inside the page, the W3C Nu checker on the files.
Run alone with `pytest -m browser`. Without chromium or the npm packages the tests skip, except
where `GTA_COURSE_REQUIRE_BROWSER=1` (CI), where a missing tool is a failure.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from conftest import AXE, HTMLCS, VNU, need

pytestmark = [pytest.mark.slow, pytest.mark.browser]

EXIT_URL = "https://www.bbc.co.uk/weather"
LESSON = "parents/02-financial-sexual-extortion.html"
# Every kind of page the site has, as a reader reaches it.
PAGE_TYPES = {
    "landing": "index.html",
    "track": "parents/index.html",
    "lesson": LESSON,
    "help": "help.html",
    "glossary": "glossary.html",
    "sources": "sources.html",
    "coverage": "coverage.html",
    "knowledge check before": "parents/before.html",
    "knowledge check after": "parents/after.html",
    "answer key": "parents/answer-key.html",
    "trainers": "trainers/index.html",
    "kit": "trainers/parents-90min.html",
    "search": "search.html?q=extortion",
    "404": "404.html",
}


def open_page(browser: Any, url: str, *, dark: bool = False, checker: bool = True, **options: Any) -> Any:
    """A fresh page in its own context; `checker` lets a test inject axe or HTMLCS past the CSP."""
    context = browser.new_context(color_scheme="dark" if dark else "light", bypass_csp=checker, **options)
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("load")
    settle(page)
    return page


def settle(page: Any) -> None:
    """Wait for colour transitions to end (the theme fades into dark mode): a checker measuring
    contrast half-way through a fade reports colours no reader is left with."""
    page.evaluate(
        """() => Promise.all(document.getAnimations()
             .filter(a => a.effect && a.effect.getComputedTiming().endTime !== Infinity)
             .map(a => a.finished.catch(() => null)))"""
    )


def open_everything(page: Any) -> None:
    """Every dropdown open, as a reader who opened them all would see the page."""
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    settle(page)


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_axe_finds_no_violations(browser: Any, base_url: str, kind: str, mode: str) -> None:
    need(AXE, "axe-core (npm ci)")
    page = open_page(browser, base_url + PAGE_TYPES[kind], dark=mode == "dark")
    if kind == "search":
        page.wait_for_selector("#search-results li", timeout=10_000)
    open_everything(page)
    assert page.evaluate("document.documentElement.dataset.theme") == mode
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
             .map(v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)"""
    )
    page.context.close()
    assert violations == []


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_html_codesniffer_finds_no_errors(browser: Any, base_url: str, kind: str, mode: str) -> None:
    need(HTMLCS, "html_codesniffer (npm ci)")
    page = open_page(browser, base_url + PAGE_TYPES[kind], dark=mode == "dark")
    open_everything(page)
    page.add_script_tag(path=str(HTMLCS))
    errors = page.evaluate(
        """() => new Promise(resolve => HTMLCS.process('WCAG2AA', document, () => resolve(
             HTMLCS.getMessages().filter(m => m.type === HTMLCS.ERROR)
               .map(m => `${m.code}: ${m.element.outerHTML.slice(0, 120)}`))))"""
    )
    page.context.close()
    assert errors == []


def test_nu_html_checker_finds_no_errors(built_site: Path) -> None:
    need(VNU, "vnu-jar (npm ci)")
    java = shutil.which("java")
    need(Path(java) if java else None, "Java (for the Nu HTML checker)")
    root = built_site / "book" / "_build" / "html"
    files = [str(root / path.split("?")[0]) for path in PAGE_TYPES.values()]
    run = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(run.stderr or '{"messages": []}')["messages"]
    assert [f"{Path(m['url']).name}:{m.get('lastLine')}: {m['message']}" for m in messages] == []


def test_nothing_stored_nothing_sent_no_policy_violations(browser: Any, base_url: str) -> None:
    """Across every page type, with the site's own CSP in force: no storage, no cookies, no other host."""
    context = browser.new_context()
    context.add_init_script(
        "window.__violations = [];"
        "document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective));"
    )
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    violations = []
    for kind, path in PAGE_TYPES.items():
        page.goto(base_url + path)
        page.wait_for_load_state("load")
        open_everything(page)
        page.locator(".theme-switch-button").first.click()  # the colour choice must not be kept
        page.mouse.wheel(0, 800)
        violations += [f"{kind}: {v}" for v in page.evaluate("window.__violations")]
        assert page.evaluate("document.cookie") == ""
    state = context.storage_state()
    databases = page.evaluate("async () => (await indexedDB.databases()).length")
    context.close()
    assert violations == []
    assert state["cookies"] == []
    assert [origin for origin in state["origins"] if origin.get("localStorage")] == []
    assert databases == 0
    assert [url for url in requests if not url.startswith(base_url)] == []


@pytest.mark.parametrize("kind", list(PAGE_TYPES))
@pytest.mark.parametrize("how", ["click", "shift"])
def test_quick_exit_leaves_and_back_does_not_return(browser: Any, base_url: str, kind: str, how: str) -> None:
    context = browser.new_context()
    context.route("https://www.bbc.co.uk/**", lambda route: route.fulfill(body="<title>Weather</title>"))
    page = context.new_page()
    page.goto(base_url + "glossary.html" if kind != "glossary" else base_url + "index.html")
    before = page.url
    page.goto(base_url + PAGE_TYPES[kind])
    page.wait_for_load_state("load")
    exit_link = page.locator(".gta-quick-exit__button")
    assert exit_link.count() == 1 and exit_link.is_visible()
    if how == "click":
        exit_link.click()
    else:
        for _ in range(3):
            page.keyboard.press("Shift")
    page.wait_for_url(EXIT_URL + "**")
    page.go_back()
    assert page.url == before
    context.close()


def test_no_sideways_scroll_at_phone_width(browser: Any, base_url: str) -> None:
    for path in PAGE_TYPES.values():
        page = open_page(browser, base_url + path, viewport={"width": 320, "height": 640})
        open_everything(page)
        width = page.evaluate("document.documentElement.scrollWidth")
        page.context.close()
        assert width <= 320, path


def test_admonition_icons_are_drawn_with_the_shipped_icon_font(browser: Any, base_url: str) -> None:
    """The content note's title icon comes from the theme's own Font Awesome webfont, not an empty box."""
    page = open_page(browser, base_url + LESSON, checker=False)
    family = page.eval_on_selector(
        ".admonition .admonition-title", "title => getComputedStyle(title, '::after').fontFamily"
    )
    loaded = page.evaluate(
        """async () => (await document.fonts.load('900 16px "Font Awesome 6 Free"', '\\uf0f3'))
            .filter(face => face.status === 'loaded').length"""
    )
    page.context.close()
    assert "Font Awesome 6 Free" in family, family
    assert loaded


def test_search_finds_the_lessons(browser: Any, base_url: str) -> None:
    page = open_page(browser, base_url + "search.html?q=extortion", checker=False)
    page.wait_for_selector("#search-results li", timeout=10_000)
    found = page.eval_on_selector_all("#search-results li a", "links => links.map(a => a.getAttribute('href'))")
    page.context.close()
    assert any("financial-sexual-extortion" in href for href in found), found


def first_help_country(page: Any) -> list[str]:
    """The country shown first in each help list on the page."""
    return page.eval_on_selector_all(
        ".gta-help",
        "lists => lists.map(l => l.querySelector('.gta-help-country').className.match(/gta-country-(\\w+)/)[1].toUpperCase())",
    )


@pytest.mark.parametrize("country", ["GB", "US", "CA", "AU", "INT"])
def test_each_country_choice_shows_that_country_first(browser: Any, base_url: str, country: str) -> None:
    for path in (LESSON, "help.html"):
        page = open_page(browser, f"{base_url}{path}?country={country}", checker=False)
        assert set(first_help_country(page)) == {country}, path
        page.context.close()
    page = open_page(browser, f"{base_url}{LESSON}#country={country}", checker=False)
    assert set(first_help_country(page)) == {country}
    page.context.close()


def test_picking_a_country_reorders_and_carries_over_links(browser: Any, base_url: str) -> None:
    page = open_page(browser, base_url + LESSON, checker=False)
    assert set(first_help_country(page)) == {"US"}  # the build's own country
    page.locator(".gta-country-picker a[data-country='CA']").first.click()
    assert set(first_help_country(page)) == {"CA"}
    assert "country=CA" in page.url
    assert page.locator(".gta-country-picker a[data-country='CA'][aria-current='true']").count() >= 1
    page.locator("a[href*='help.html']").first.click()
    page.wait_for_load_state("load")
    assert "country=CA" in page.url and set(first_help_country(page)) == {"CA"}
    assert [
        o for o in page.context.storage_state()["origins"] if o.get("localStorage")
    ] == []  # the choice is not stored
    page.context.close()


def test_without_javascript_every_country_is_listed_own_first(browser: Any, base_url: str) -> None:
    page = open_page(browser, base_url + LESSON + "?country=CA", checker=False, java_script_enabled=False)
    countries = page.eval_on_selector_all(
        ".gta-help .gta-help-country", "els => els.map(e => e.className.match(/gta-country-(\\w+)/)[1].toUpperCase())"
    )
    assert countries[0] == "US" and {"GB", "US", "CA", "AU", "INT"} <= set(countries)
    assert page.locator(".gta-country-picker").is_hidden()
    page.context.close()


SCREENSHOTS = {
    "landing.png": ("index.html", {"width": 1280, "height": 900}),
    "lesson.png": (LESSON, {"width": 1280, "height": 900}),
    "phone.png": ("youth-advocates/02-financial-sexual-extortion.html", {"width": 390, "height": 844}),
}


def test_screenshots_for_the_readme(browser: Any, base_url: str, tmp_path: Path) -> None:
    """The README's pictures come from this run: `GTA_COURSE_SCREENSHOTS=docs/images pytest -m browser -k screenshots`."""
    folder = Path(os.environ.get("GTA_COURSE_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    for name, (path, viewport) in SCREENSHOTS.items():
        page = open_page(browser, base_url + path, checker=False, viewport=viewport)
        page.screenshot(path=str(folder / name))
        page.context.close()
        assert (folder / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_lesson_printed_from_the_browser_opens_its_dropdowns(browser: Any, base_url: str) -> None:
    page = open_page(browser, base_url + LESSON, checker=False)
    printed = page.pdf()  # Chromium prints with print media, as a reader's Ctrl+P would
    page.context.close()
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(printed)).pages)
    assert "Content note" in text and "Get help" in text
    assert "Key messages and teaching" in text  # the timing table, folded in the facilitator's dropdown
    assert "Listen and stay calm" in text  # the disclosure steps, folded in another
    assert "Exit this page" not in text
    assert "Help and reference" not in text  # the navigation's captions stay off paper
