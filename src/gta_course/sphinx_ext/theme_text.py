"""Plain text the themes print into pages as HTML, escaped first.

The course title, a page's title and the publisher are plain text in a pack, but the themes
print some of them without escaping: pydata's navbar logo and search-page `<title>` print
`docstitle`; the book theme's sidebar, print header and footer print `root_title`, `pagetitle`
and `author` (copied from the doctree with `astext()`). A title with `<script>` would run.
"""

from __future__ import annotations

import html
from typing import Any

from markupsafe import Markup
from sphinx.application import Sphinx

THEME_TEXT = ("docstitle", "root_title", "pagetitle", "author")


def _escape(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Escape each value once and mark it as markup, so a template that escapes (`docstitle|e`,
    Sphinx's own `<title>`) leaves it alone instead of escaping it twice."""
    for key in THEME_TEXT:
        value = context.get(key)
        if isinstance(value, str) and not isinstance(value, Markup):
            context[key] = Markup(html.escape(value, quote=True))


def setup_theme_text(app: Sphinx) -> None:
    """Run after the themes' own page hooks (priority 500), which set these values."""
    app.connect("html-page-context", _escape, priority=900)
