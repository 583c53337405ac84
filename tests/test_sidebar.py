"""The sidebar's pages for one page (sphinx_ext/sidebar.py): own part in full, others by their first page.

The renderer is pure, so these tests give it a small table of contents and read its HTML back;
tests/test_site.py checks the same on the built default course.
"""

from __future__ import annotations

from lxml import html

from gta_course.sphinx_ext.sidebar import TOGGLE_NAME, Entry, Part, render_sidebar

PARTS = (
    Part(
        "Parents",
        (
            Entry("parents/index", "Parents"),
            Entry("parents/01-threats", "1. Threats"),
            Entry("parents/02-extortion", "2. Extortion"),
        ),
    ),
    Part("Educators", (Entry("educators/index", "Educators"), Entry("educators/01-threats", "1. Threats"))),
    Part(
        "For facilitators",
        (
            Entry("trainers/index", "For trainers", (Entry("trainers/a", "Kit A"), Entry("trainers/b", "Kit B"))),
            Entry("parents/answer-key", "Answer key"),
        ),
    ),
)


def uri(pagename: str) -> str:
    """Links from a page two folders deep, as Sphinx's relative URIs would be."""
    return f"../{pagename}.html"


def sidebar(pagename: str, parts: tuple[Part, ...] = PARTS) -> html.HtmlElement:
    return html.fragment_fromstring(render_sidebar(parts, pagename, uri), create_parent="nav")


def links(nav: html.HtmlElement) -> list[str]:
    return [a.text_content() for a in nav.iter("a")]


def test_own_part_in_full_every_other_part_by_its_first_page() -> None:
    nav = sidebar("parents/02-extortion")
    assert [c.text_content() for c in nav.find_class("caption")] == ["Parents", "Educators", "For facilitators"]
    assert links(nav) == ["Parents", "1. Threats", "2. Extortion", "Educators", "For trainers"]
    lists = nav.findall("ul")
    assert "current" in lists[0].classes and not {"current"} & (set(lists[1].classes) | set(lists[2].classes))


def test_the_page_itself_is_current_and_links_to_itself() -> None:
    nav = sidebar("parents/02-extortion")
    current = [a for a in nav.iter("a") if "current" in a.classes]
    assert [(a.text_content(), a.get("href")) for a in current] == [("2. Extortion", "#")]
    assert current[0].getparent().classes >= {"current", "active", "toctree-l1"}
    assert nav.find(".//a[.='1. Threats']").get("href") == "../parents/01-threats.html"


def test_sections_open_on_the_way_to_the_page_and_their_toggle_has_a_name() -> None:
    nav = sidebar("trainers/b")
    chapter = nav.find(".//a[.='For trainers']").getparent()
    assert chapter.classes >= {"current", "active", "has-children"}
    details = chapter.find("details")
    assert details.get("open") == "open" and details.find("summary").get("aria-label") == TOGGLE_NAME
    kits = details.find("ul")
    assert "current" in kits.classes
    assert [(li.get("class"), li.find("a").get("href")) for li in kits] == [
        ("toctree-l2", "../trainers/a.html"),
        ("toctree-l2 current active", "#"),
    ]
    answer_key = sidebar("parents/answer-key").find(".//a[.='For trainers']").getparent()
    assert answer_key.find("details").get("open") is None  # a closed toggle, the kits one click away
    assert "current" not in answer_key.classes


def test_a_page_outside_every_part_shows_each_part_by_its_first_page() -> None:
    for page in ("index", "search"):
        nav = sidebar(page)
        assert links(nav) == ["Parents", "Educators", "For trainers"]
        assert not nav.find_class("current") and not nav.findall(".//details")


def test_titles_and_captions_are_text_never_markup() -> None:
    hostile = '<img src=x onerror="alert(1)"> & "quotes"'
    parts = (Part(hostile, (Entry("a/index", hostile), Entry("a/one", "One"))),)
    nav = sidebar("a/one", parts)
    assert not nav.findall(".//img")
    assert nav.find_class("caption-text")[0].text_content() == hostile
    assert links(nav)[0] == hostile


def test_entry_pages_hold_every_page_below_it() -> None:
    chapter = PARTS[2].entries[0]
    assert chapter.pages == {"trainers/index", "trainers/a", "trainers/b"}
    assert PARTS[2].holds("trainers/a") and not PARTS[0].holds("trainers/a")
