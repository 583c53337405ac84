"""Rendering to MyST: what a reader and Sphinx get, checked on the parsed page, not a snapshot."""

from __future__ import annotations

import re

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from gta_course.assessment import KnowledgeForm, LessonQuiz, plain
from gta_course.content.loader import LoadedCourse
from gta_course.render.myst import (
    cite,
    markdown_text,
    render_answer_key_page,
    render_coverage_page,
    render_glossary_page,
    render_help_page,
    render_knowledge_page,
    render_landing_page,
    render_lesson_page,
    render_sources_page,
    render_toc,
    render_track_page,
    source_label,
)
from gta_course.tailor import group_by_track, tailor_course, tailor_lesson

MD = MarkdownIt("commonmark").enable("table")


def inline_text(token: Token) -> str:
    """What a reader sees of an inline token: its text with escapes resolved and markup dropped."""
    return "".join(c.content for c in token.children or [] if c.type in ("text", "code_inline", "softbreak"))


def headings(text: str, level: int) -> list[str]:
    """Headings of one level, as the Markdown parser sees them."""
    tokens = MD.parse(text)
    return [
        inline_text(tokens[i + 1]) for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == f"h{level}"
    ]


def paragraphs(text: str) -> list[str]:
    """Every paragraph, list item and heading as a reader sees it."""
    return [inline_text(t) for t in MD.parse(text) if t.type == "inline"]


def test_lesson_page_has_every_part(default_course: LoadedCourse) -> None:
    course = default_course.course
    tailored = tailor_lesson(course, course.lessons["financial-sexual-extortion/educators"], "US")
    page = render_lesson_page(tailored, course)
    assert headings(page, 1) == [tailored.title]
    h2 = headings(page, 2)
    for part in (
        "What you will be able to do",
        "Key messages",
        "Activities",
        "Talk about it",
        "Check your understanding",
        "Get help",
        "References",
        "For facilitators",
    ):
        assert part in h2
    for section in tailored.lesson.sections:
        assert section.title in h2
    assert page.index("Content note") < page.index("What you will be able to do")
    assert page.index("## Get help") > page.index("## Check your understanding")
    h3 = headings(page, 3)
    assert len(quiz_in(page).questions) == len(tailored.lesson.quiz)
    assert len([h for h in h3 if h.startswith("Activity ")]) == len(tailored.lesson.activities)
    facilitators = page.split("## For facilitators", 1)[1]
    assert "<answer-key-educators>" in facilitators and page.count("answer-key-") == 1
    for activity in tailored.lesson.activities:
        assert f"{activity.minutes} minutes" in page


def quiz_in(page: str) -> LessonQuiz:
    """The quiz a lesson page carries in its gta-quiz directive, read back as the directive reads it."""
    body = page.split("```{gta-quiz}\n", 1)[1].split("\n```", 1)[0]
    return LessonQuiz.model_validate_json(body)


def test_quiz_is_the_lesson_quiz_with_feedback_for_every_option(default_course: LoadedCourse) -> None:
    course = default_course.course
    tailored = tailor_lesson(course, course.lessons["threat-landscape/parents"], "GB")
    quiz = quiz_in(render_lesson_page(tailored, course))
    assert quiz.id == "quiz-parents-threat-landscape"
    for shown, question in zip(quiz.questions, tailored.lesson.quiz, strict=True):
        assert shown.id == question.id and shown.total == len(tailored.lesson.quiz)
        assert [o.correct for o in shown.options] == [o.correct for o in question.options]
        assert [plain(o.feedback) for o in shown.options] == [" ".join(o.feedback.split()) for o in question.options]


def test_quiz_text_cannot_close_the_fence_or_become_markup(default_course: LoadedCourse) -> None:
    course = default_course.course
    lesson = course.lessons["threat-landscape/parents"]
    hostile = "```\n<script>alert(1)</script> {ref}`x` **bold**"
    options = [lesson.quiz[0].options[0].model_copy(update={"feedback": hostile}), *lesson.quiz[0].options[1:]]
    quiz = [lesson.quiz[0].model_copy(update={"prompt": hostile, "options": options}), *lesson.quiz[1:]]
    tailored = tailor_lesson(course, lesson.model_copy(update={"quiz": quiz}), "GB")
    page = render_lesson_page(tailored, course)
    block = page.split("```{gta-quiz}\n", 1)[1]
    assert "`" not in block.split("\n```", 1)[0]  # no backtick can end the fence early
    shown = quiz_in(page).questions[0]
    assert plain(shown.prompt) == " ".join(hostile.split())  # the text survives whole, as text


def test_answer_key_has_every_answer_and_the_knowledge_check(default_course: LoadedCourse) -> None:
    course = default_course.course
    track = group_by_track(tailor_course(course, "GB"))["educators"]
    page = render_answer_key_page(course, "educators", track)
    assert headings(page, 1) == ["Answer key: Educators"]
    assert "(answer-key-educators)=" in page and "Content note" in page and "## Where to get help" in page
    for lesson in track:
        for question in lesson.lesson.quiz:
            assert f"**Question {lesson.lesson.quiz.index(question) + 1} ({question.id}).**" in page
    right = sum(o.correct for t in track for q in t.lesson.quiz for o in q.options)
    check = course.knowledge_checks["educators"]
    assert page.count("(right answer)") == right + len(check.items)


def test_answer_key_escapes_author_text(default_course: LoadedCourse) -> None:
    assert markdown_text("<b>1.</b> *x* {ref}`y` [a](b)") == "\\<b\\>1.\\</b\\> \\*x\\* \\{ref\\}\\`y\\` \\[a\\](b)"


def test_knowledge_pages_promise_privacy_and_carry_the_form(default_course: LoadedCourse) -> None:
    course = default_course.course
    check = course.knowledge_checks["youth-advocates"]
    before = render_knowledge_page(course, check, "before")
    after = render_knowledge_page(course, check, "after")
    assert headings(before, 1) == ["Before you start"] and headings(after, 1) == ["After the course"]
    for page, phase in ((before, "before"), (after, "after")):
        assert "Nothing you choose leaves this page" in page and "never about anything that has happened to you" in page
        assert "## Where to get help" in page and "Content note" in page
        form = KnowledgeForm.model_validate_json(page.split("```{gta-knowledge-check}\n", 1)[1].split("\n```", 1)[0])
        assert form.phase == phase and len(form.questions) == 6
        assert len(form.then_now) == (3 if phase == "after" else 0)


def test_help_for_the_readers_country_comes_first(default_course: LoadedCourse) -> None:
    course = default_course.course
    lesson = course.lessons["financial-sexual-extortion/parents"]
    for country, first_service in (("US", "NCMEC CyberTipline"), ("CA", "Cybertip.ca"), ("AU", "ACCCE")):
        page = render_lesson_page(tailor_lesson(course, lesson, country), course)
        help_part = page.split("## Get help", 1)[1].split("## References", 1)[0]
        blocks = help_part.split("{container} gta-help-country gta-country-")[1:]
        assert blocks[0].startswith(country) and first_service in blocks[0]
        assert {block[:2] for block in blocks} >= {"GB", "US", "CA", "AU"}  # every country, without JavaScript


def test_citations_link_to_sources(default_course: LoadedCourse) -> None:
    course = default_course.course
    text = cite("About 100 reports a day {fact}`gta25-sextortion-daily`.", course)
    assert "{fact}" not in text
    assert f"<{source_label('S-GTA25-PR')}>" in text
    for lesson in tailor_course(course, "GB"):
        assert "{fact}`" not in render_lesson_page(lesson, course)


def test_sources_page_has_a_target_for_every_source(default_course: LoadedCourse) -> None:
    course = default_course.course
    page = render_sources_page(course)
    targets = set(re.findall(r"^\(([a-z0-9-]+)\)=$", page, re.MULTILINE))
    assert {source_label(sid) for sid in course.sources} <= targets
    shown = "\n".join(paragraphs(page))
    for fact in course.facts.values():
        assert fact.text in shown


def test_glossary_gives_what_to_say_instead(default_course: LoadedCourse) -> None:
    course = default_course.course
    page = render_glossary_page(course)
    assert '"child pornography"' in page
    assert headings(page, 2).count("child sexual abuse material (CSAM)") == 1


def test_toc_has_one_part_per_audience(default_course: LoadedCourse) -> None:
    course = default_course.course
    lessons = tailor_course(course, "GB")
    toc = yaml.safe_load(render_toc(course, group_by_track(lessons)))
    assert toc["format"] == "jb-book" and toc["root"] == "index"
    captions = [part["caption"] for part in toc["parts"]]
    assert captions == [a.title for a in course.ordered_audiences()] + ["Help and reference", "For facilitators"]
    parents = [c["file"] for c in toc["parts"][0]["chapters"]]
    assert parents[:2] == ["parents/index", "parents/before"] and parents[-1] == "parents/after"
    assert [c["file"] for c in toc["parts"][-1]["chapters"]] == [
        "trainers/index",
        *(f"{a.id}/answer-key" for a in course.ordered_audiences()),
    ]
    files = [c["file"] for part in toc["parts"] for c in part["chapters"]]
    assert {t.docname for t in lessons} <= set(files)
    assert len(files) == len(set(files))


def test_landing_page_offers_every_track(default_course: LoadedCourse) -> None:
    course = default_course.course
    lessons = tailor_course(course, "GB")
    page = render_landing_page(course, group_by_track(lessons), "GB")
    for audience in course.audiences.values():
        assert f":link: {audience.id}-track" in page
    assert "Content note" in page and "## Where to get help" in page


def test_no_math_or_remote_assets_in_sources(default_course: LoadedCourse) -> None:
    course = default_course.course
    for lesson in tailor_course(course, "GB"):
        page = render_lesson_page(lesson, course)
        assert "$$" not in page and "{math}" not in page
        assert not re.search(r"<(script|img|iframe|link)\b", page)


def test_every_page_has_a_content_note_and_a_way_to_help(default_course: LoadedCourse) -> None:
    course = default_course.course
    lessons = tailor_course(course, "GB")
    tracks = group_by_track(lessons)
    pages = {
        "landing": render_landing_page(course, tracks, "GB"),
        "help": render_help_page(course, "GB"),
        "sources": render_sources_page(course),
        "glossary": render_glossary_page(course),
        **{f"track {a}": render_track_page(course, a, track) for a, track in tracks.items()},
    }
    for name, page in pages.items():
        assert ":class: gta-content-note" in page, name
        assert "<help>`" in page or "Where to get help" in headings(page, 1) or "## Where to get help" in page, name


def test_lesson_page_states_figures_where_they_teach_not_in_a_facts_block(default_course: LoadedCourse) -> None:
    course = default_course.course
    for lesson in tailor_course(course, "GB"):
        page = render_lesson_page(lesson, course)
        assert "facts behind this lesson" not in page.lower()
        assert "checked fact sheet" not in page


def front_matter_description(page: str) -> str:
    return str(yaml.safe_load(page.split("---\n")[1])["myst"]["html_meta"]["description"])


def test_each_audience_page_has_its_own_meta_description(default_course: LoadedCourse) -> None:
    course = default_course.course
    lesson = course.lessons["threat-landscape/tech-policy"].model_copy(
        update={"description": 'Detection "at scale" and what report counts measure.'}
    )
    page = render_lesson_page(tailor_lesson(course, lesson, "GB"), course)
    assert front_matter_description(page) == 'Detection "at scale" and what report counts measure.'
    track = render_track_page(course, "tech-policy", [tailor_lesson(course, lesson, "GB")])
    assert 'Detection "at scale" and what report counts measure.' in track
    assert course.modules["threat-landscape"].summary not in track


def test_content_note_offers_a_pause_once(default_course: LoadedCourse) -> None:
    course = default_course.course
    lesson = course.lessons["threat-landscape/parents"]
    for note in ("Read it at your own pace.", "You can stop or skip any part."):
        page = render_lesson_page(tailor_lesson(course, lesson.model_copy(update={"content_note": note}), "GB"), course)
        block = page.split(":class: gta-content-note\n", 1)[1].split("\n:::", 1)[0]
        sentences = re.split(r"(?<=[.!?])\s+", block)
        assert len([s for s in sentences if re.search(r"\b(?:pause|skip|stop)\b", s, re.IGNORECASE)]) == 1, block


def test_participation_block_names_the_four_lundy_elements(default_course: LoadedCourse) -> None:
    from gta_course.model import Participation

    course = default_course.course
    lesson = course.lessons["threat-landscape/educators"]
    voice = Participation(
        space="A class circle.", voice="Sticky notes.", audience="The head teacher.", influence="A reply in assembly."
    )
    activity = lesson.activities[0].model_copy(update={"participation": voice})
    changed = lesson.model_copy(update={"activities": [activity, *lesson.activities[1:]]})
    page = render_lesson_page(tailor_lesson(course, changed, "GB"), course)
    part = page.split("**Children's voice (Lundy model):**", 1)[1].split("###", 1)[0]
    for label, text in (("Space", "A class circle."), ("Voice", "Sticky notes."), ("Audience", "The head teacher."),
                        ("Influence", "A reply in assembly.")):  # fmt: skip
        assert f"- **{label}:** {text}" in part


def test_help_lists_say_when_services_were_checked(default_course: LoadedCourse) -> None:
    course = default_course.course
    assert course.info.services_checked is not None and course.info.services_checked != course.info.edition
    honest = "last checked against the services' own websites on 1 December 2026; call to confirm"
    lesson = tailor_lesson(course, course.lessons["threat-landscape/parents"], "CA")
    pages = [
        render_help_page(course, "GB"),
        render_lesson_page(lesson, course),
        render_landing_page(course, group_by_track([lesson]), "GB"),
    ]
    for page in pages:
        assert honest in page
        assert course.info.edition.isoformat() not in page.split("Where to get help")[-1].split("*Edition of")[0]


def test_coverage_page_crosses_lessons_with_areas_and_threats(default_course: LoadedCourse) -> None:
    course = default_course.course
    tracks = group_by_track(tailor_course(course, "GB"))
    page = render_coverage_page(course, tracks)
    rows = [line for line in page.splitlines() if line.startswith("| ") and "---" not in line]
    threat_rows = {r.split("|")[1].strip().split(" (")[0]: r for r in rows}
    for threat in course.threats.values():
        row = next(r for title, r in threat_rows.items() if title.startswith(threat.title))
        for module_id in threat.modules:
            for audience in course.audiences:
                assert f"<lesson-{audience}-{module_id}>" in row
    extortion = next(r for t, r in threat_rows.items() if t.startswith("Financial sexual extortion"))
    assert "<lesson-parents-grooming-private-spaces>" not in extortion  # only the modules that teach it
