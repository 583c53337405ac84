"""A 404 page in the site's own layout, so a wrong address still offers the quick exit and help."""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.locale import _

PAGE = "404"


def _add_page(app: Sphinx, config: Config) -> None:
    """Render gta-404.html as 404.html at the site's root, where servers look for it."""
    config.html_additional_pages = {**config.html_additional_pages, PAGE: "gta-404.html"}


def _title(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Give the page a title, as every document page has (the tab, and the printed heading)."""
    if pagename == PAGE:
        context["title"] = context["pagetitle"] = _("Page not found")


def setup_not_found(app: Sphinx) -> None:
    """Register the page and its title."""
    app.connect("config-inited", _add_page)
    app.connect("html-page-context", _title)
