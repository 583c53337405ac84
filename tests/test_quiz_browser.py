"""The quiz and the knowledge check in a real browser: Playwright driving Debian's Chromium, axe-core from npm.

Run alone with `pytest -m browser`. The browser, the served site and the rules for a missing
tool (skip, or fail where GTA_COURSE_REQUIRE_BROWSER=1) are test_browser.py's; pages load with
the site's Content-Security-Policy in force, except where axe is injected. axe must find nothing
on the whole page and on the quiz's own container, before and after feedback, light and dark.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from conftest import AXE, need
from gta_course.content.loader import LoadedCourse
from gta_course.result_code import ResultCode, decode, encode

pytestmark = [pytest.mark.browser, pytest.mark.slow]
LESSON = "parents/02-financial-sexual-extortion"


@pytest.fixture(scope="module")
def site(base_url: str) -> str:
    """The site built once for the suite (conftest.built_site), served on 127.0.0.1."""
    return base_url.rstrip("/")


@pytest.fixture
def page(browser: Any, site: str) -> Iterator[Any]:
    """A page with the site's Content-Security-Policy in force; it must load nothing from elsewhere and set no cookie."""
    context = browser.new_context()
    tab = context.new_page()
    tab.requests = []  # type: ignore[attr-defined]
    tab.on("request", lambda request: tab.requests.append(request.url))  # type: ignore[attr-defined]
    yield tab
    assert all(url.startswith(site) for url in tab.requests), [u for u in tab.requests if not u.startswith(site)]  # type: ignore[attr-defined]
    assert context.cookies() == []
    context.close()


def storage(page: Any) -> list[str]:
    return page.evaluate("() => [...Object.keys(localStorage), ...Object.keys(sessionStorage)]")


def active(page: Any) -> str:
    """What has focus: class and text, enough to tell buttons and inputs apart."""
    return page.evaluate(
        "() => { const e = document.activeElement; return `${e.tagName}.${e.className}:${e.id || e.textContent.trim()}`; }"
    )


def right_letters(course: Any) -> list[tuple[str, str]]:
    lesson = course.lessons["financial-sexual-extortion/parents"]
    return [(q.kind, "".join("ABCDEF"[i] for i, o in enumerate(q.options) if o.correct)) for q in lesson.quiz]


def choose_by_keyboard(page: Any, kind: str, letters: str, count: int) -> None:
    """From focus on the question's first input, choose options with Space and arrows only."""
    if kind == "multiple":
        for index in range(count):
            if "ABCDEF"[index] in letters:
                page.keyboard.press("Space")
            if index < count - 1:
                page.keyboard.press("Tab")
        return
    target = "ABCDEF".index(letters)
    if target == 0:
        page.keyboard.press("Space")
    for _ in range(target):
        page.keyboard.press("ArrowDown")  # moves to, and selects, the next radio


def axe(page: Any, selector: str | None = None) -> list[dict[str, Any]]:
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    context = f"document.querySelector({selector!r})" if selector else "document"
    return page.evaluate(
        f"async () => (await axe.run({context})).violations.map(v => ({{id: v.id, targets: v.nodes.map(n => n.target.join(' '))}}))"
    )


def assert_accessible(page: Any, container: str) -> None:
    need(AXE, "axe-core (npm ci)")
    assert axe(page, container) == []
    assert axe(page) == []


def test_answer_the_quiz_by_keyboard_alone(page: Any, site: str, default_course: LoadedCourse) -> None:
    answers = right_letters(default_course.course)
    page.goto(f"{site}/{LESSON}.html#check-your-understanding")
    stored = storage(page)
    page.keyboard.press("Tab")
    assert "gta-quiz__input" in active(page)  # first stop after the heading: question 1's options
    # Check with nothing chosen: an inline error tied to the inputs, focus stays on the button.
    kind, letters = answers[0]
    page.keyboard.press("Tab")
    assert "gta-quiz__check" in active(page)
    page.keyboard.press("Enter")
    first = page.locator(".gta-quiz__question").nth(0)
    error = first.locator(".gta-quiz__error")
    assert error.is_visible() and "Choose an answer" in error.inner_text()
    assert error.get_attribute("id") in first.locator("fieldset").get_attribute("aria-describedby")
    assert "Choose an answer" in first.locator("[role=status]").inner_text()
    assert "gta-quiz__check" in active(page)
    page.keyboard.press("Shift+Tab")
    assert "gta-quiz__input" in active(page)
    for number, (kind, letters) in enumerate(answers):
        question = page.locator(".gta-quiz__question").nth(number)
        count = question.locator("input").count()
        wrong = number == 2  # answer one question wrongly
        chosen = (
            letters
            if not wrong
            else ("AB" if letters != "AB" else "CD")
            if kind == "multiple"
            else next(c for c in "ABC" if c not in letters)
        )
        if number:
            page.keyboard.press("Tab")  # from the last question's Try again to this question's options
        choose_by_keyboard(page, kind, chosen, count)
        page.keyboard.press("Tab")
        assert "gta-quiz__check" in active(page), (number, active(page))
        page.keyboard.press("Enter")
        status = question.locator("[role=status]").inner_text()
        assert status.startswith("\u2713 Right." if not wrong else "\u2717 Not quite."), status
        assert "gta-quiz__check" in active(page)  # focus does not move
        assert not error.is_visible() or number
        page.keyboard.press("Tab")
        assert "gta-quiz__retry" in active(page)
    score = page.locator(".gta-quiz__score").inner_text()
    assert score == f"Your score: {len(answers) - 1} of {len(answers)} right."
    # Try again clears the question and puts focus on its first option.
    wrong_question = page.locator(".gta-quiz__question").nth(2)
    wrong_question.locator(".gta-quiz__retry").focus()
    page.keyboard.press("Enter")
    assert wrong_question.locator("[role=status]").inner_text() == ""
    assert wrong_question.locator("input:checked").count() == 0
    assert "gta-quiz__input" in active(page) and page.locator(".gta-quiz__score").inner_text() == ""
    assert storage(page) == stored  # the quiz stored nothing


def test_read_the_answers_with_javascript_off(browser: Any, site: str, default_course: LoadedCourse) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site}/{LESSON}.html")
    lesson = default_course.course.lessons["financial-sexual-extortion/parents"]
    details = page.locator(".gta-quiz details")
    assert details.count() == len(lesson.quiz)
    assert not page.locator(".gta-quiz__check").first.is_visible()
    summary = details.nth(0).locator("summary")
    summary.focus()
    page.keyboard.press("Enter")
    shown = details.nth(0).inner_text()
    assert "Answer: B." in shown
    for option in lesson.quiz[0].options:
        assert " ".join(option.feedback.split())[:30] in " ".join(shown.split()).replace("\u2019", "'")
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_accessibility_violations_before_and_after_feedback(browser: Any, site: str, scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme, bypass_csp=True)  # to inject axe
    page = context.new_page()
    page.goto(f"{site}/{LESSON}.html")
    page.evaluate(
        f"() => {{ document.documentElement.dataset.theme = '{scheme}'; document.documentElement.dataset.mode = '{scheme}'; }}"
    )
    assert_accessible(page, ".gta-quiz")
    questions = page.locator(".gta-quiz__question")
    questions.nth(0).locator(".gta-quiz__check").click()  # the error state
    for number in range(1, questions.count()):
        questions.nth(number).locator("label").nth(number % 2).click()
        questions.nth(number).locator(".gta-quiz__check").click()
    assert page.locator(".gta-quiz__question--right, .gta-quiz__question--wrong").count() == questions.count() - 1
    assert_accessible(page, ".gta-quiz")
    page.goto(f"{site}/parents/after.html")
    page.evaluate(
        f"() => {{ document.documentElement.dataset.theme = '{scheme}'; document.documentElement.dataset.mode = '{scheme}'; }}"
    )
    assert_accessible(page, ".gta-kc")
    page.locator(".gta-kc__item").nth(0).locator("label").nth(0).click()
    page.locator(".gta-kc__submit").click()
    assert_accessible(page, ".gta-kc")
    context.close()


def test_printed_quiz_shows_empty_boxes_and_no_feedback(page: Any, site: str) -> None:
    page.goto(f"{site}/{LESSON}.html")
    question = page.locator(".gta-quiz__question").nth(1)
    question.locator("label").nth(0).click()
    question.locator(".gta-quiz__check").click()
    page.emulate_media(media="print")
    styles = page.evaluate(
        """() => {
        const q = document.querySelectorAll('.gta-quiz__question')[1];
        const shown = s => getComputedStyle(q.querySelector(s)).display;
        return {status: shown('.gta-quiz__status'), actions: shown('.gta-quiz__actions'),
                input: getComputedStyle(q.querySelector('input')).appearance};
    }"""
    )
    assert styles == {"status": "none", "actions": "none", "input": "none"}


def test_knowledge_check_scores_in_the_page_and_its_code_reads_back(
    page: Any, site: str, default_course: LoadedCourse
) -> None:
    check = default_course.course.knowledge_checks["educators"]
    page.goto(f"{site}/educators/after.html")
    stored = storage(page)
    items = page.locator(".gta-kc__item")
    chosen = [1, 2, 0, 3, 1, 2]  # option index per item (0 = leave unanswered for the third)
    confidence = [4, 3, 0, 2, 1, 4]
    for index, (option, sure) in enumerate(zip(chosen, confidence, strict=True)):
        item = items.nth(index)
        if index != 2:
            item.locator("fieldset").nth(0).locator("label").nth(option - 1).click()
        if sure:
            item.locator("fieldset").nth(1).locator("label").nth(sure - 1).click()
    skills = page.locator(".gta-kc__then-now fieldset")
    ratings = [1, 3, 2, 4, 2, 2]
    for index, rating in enumerate(ratings):
        skills.nth(index).locator("label").nth(rating - 1).click()
    page.locator(".gta-kc__submit").click()
    results = page.locator(".gta-kc__results")
    assert results.is_visible()
    assert page.evaluate("() => document.activeElement.tagName") == "H2"
    code = decode(results.locator(".gta-kc__code").inner_text())
    answers = tuple(0 if i == 2 else c for i, c in enumerate(chosen))
    assert code == ResultCode(
        check.code, "after", check.version, answers, tuple(confidence), tuple(ratings[0::2]), tuple(ratings[1::2])
    )
    right = sum(a and check.items[i].options[a - 1].correct for i, a in enumerate(answers))
    assert results.locator(".gta-kc__score").inner_text().startswith(f"You got {right} of 6 right.")
    assert results.locator(".gta-kc__summary li").count() == 6
    assert page.locator(".gta-kc__explanation").first.is_visible()
    assert storage(page) == stored
    # The browser's encoder and result_code.py agree on any answers.
    for vector in range(40):
        answers = tuple((vector * 7 + i) % 5 for i in range(6))
        sure = tuple((vector * 3 + i) % 5 for i in range(6))
        then, now = tuple((vector + i) % 5 for i in range(3)), tuple((vector * 2 + i) % 5 for i in range(3))
        for phase, t, n in (("before", (), ()), ("after", then, now)):
            expected = encode(ResultCode("ED", phase, 7, answers, sure, t, n))  # type: ignore[arg-type]
            made = page.evaluate(
                "a => window.gtaResultCode.encode(...a)", ["ED", phase, 7, list(answers), list(sure), list(t), list(n)]
            )
            assert made == expected
