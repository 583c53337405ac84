"""Sphinx extension of the course site: quick exit, content-note styling, favicon, privacy.

Everything it adds ships inside the package (`static/`), so the site never loads anything
from another host. Enabled from `_config.yml` (`sphinx.extra_extensions`).
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from markupsafe import Markup
from sphinx.application import Sphinx
from sphinx.config import Config

STATIC = Path(__file__).parent / "static"
QUICK_EXIT_LABEL = "Exit this page"
DEFAULT_EXIT_URL = "https://www.bbc.co.uk/weather"
# Plain text (the course title, a page's title, the publisher) that the themes print into pages
# without escaping: pydata's navbar and search-page title print `docstitle`, the book theme's
# sidebar, print header and footer print `root_title`, `pagetitle` and `author`.
THEME_TEXT = ("docstitle", "root_title", "pagetitle", "author")


def _add_static(app: Sphinx, config: Config) -> None:
    """Serve the package's own assets and favicon; never a CDN."""
    config.html_static_path = [*config.html_static_path, str(STATIC)]
    if not config.html_favicon:
        config.html_favicon = str(STATIC / "favicon.svg")


def _quick_exit(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Put the quick-exit link first on every page, so it works even with JavaScript off.

    The script upgrades it: the click replaces the page in history (the back button does not
    return here) and pressing Shift three times does the same, as GOV.UK's "Exit this page".
    """
    url = html.escape(_exit_url(app.config.gta_course_exit_url), quote=True)
    button = (
        f'<div class="gta-quick-exit"><a class="gta-quick-exit__button" href="{url}" rel="nofollow noreferrer"'
        f' data-exit-url="{url}">{html.escape(QUICK_EXIT_LABEL)}</a>'
        '<span class="gta-quick-exit__hint">or press Shift 3 times</span></div>\n'
    )
    if "body" in context:
        context["body"] = button + context["body"]


def _exit_url(value: str) -> str:
    """The configured exit page if it is a safe https:// address, else the default.

    The content model already refuses anything else; a hand-edited _config.yml is checked here
    too, because this value is written into every page.
    """
    from gta_course.model import check_web_url  # one definition of a safe address

    try:
        return check_web_url(value, ("https",))
    except ValueError:
        return DEFAULT_EXIT_URL


def _prune_search_index(app: Sphinx) -> list[Any]:
    """Drop words no page has any more from the search index, before Sphinx writes it.

    On an incremental build Sphinx loads the last index and removes the rebuilt pages from it,
    but keeps each of their words with an empty list of pages, so `searchindex.js` would still
    hold text that was only in an earlier build's content (another pack's, say).
    Runs on `html-collect-pages`, which comes after every page is indexed and before the dump.
    """
    indexer = getattr(app.builder, "indexer", None)
    for name in ("_mapping", "_title_mapping"):
        mapping = getattr(indexer, name, None)
        if isinstance(mapping, dict):
            for word in [word for word, pages in mapping.items() if not pages]:
                del mapping[word]
    return []


def _escape_theme_text(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Escape the plain-text values the themes print raw, so a title with `<script>` is text.

    Marked as markup once escaped, so a template that does escape (`docstitle|e`, Sphinx's own
    `<title>`) leaves it alone instead of escaping it twice. Runs after the themes' own hooks.
    """
    for key in THEME_TEXT:
        value = context.get(key)
        if isinstance(value, str) and not isinstance(value, Markup):
            context[key] = Markup(html.escape(value, quote=True))


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the extension's settings, assets and page hooks."""
    app.add_config_value("gta_course_exit_url", DEFAULT_EXIT_URL, "html", types=[str])
    app.connect("config-inited", _add_static)
    app.connect("html-page-context", _quick_exit)
    app.connect("html-page-context", _escape_theme_text, priority=900)
    app.connect("html-collect-pages", _prune_search_index)
    app.add_css_file("gta-course.css")
    app.add_js_file("quick-exit.js")
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
