"""Sphinx extension of the course site: quick exit, content-note styling, print styles, favicon, privacy.

Everything it adds ships inside the package (`static/`), so the site never loads anything
from another host. Enabled from `_config.yml` (`sphinx.extra_extensions`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

STATIC = Path(__file__).parent / "static"
QUICK_EXIT_LABEL = "Exit this page"


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
    url = app.config.gta_course_exit_url
    button = (
        f'<div class="gta-quick-exit"><a class="gta-quick-exit__button" href="{url}" rel="nofollow noreferrer"'
        f' data-exit-url="{url}">{QUICK_EXIT_LABEL}</a>'
        '<span class="gta-quick-exit__hint">or press Shift 3 times</span></div>\n'
    )
    if "body" in context:
        context["body"] = button + context["body"]


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the extension's settings, assets and page hooks."""
    app.add_config_value("gta_course_exit_url", "https://www.bbc.co.uk/weather", "html", types=[str])
    app.connect("config-inited", _add_static)
    app.connect("html-page-context", _quick_exit)
    app.add_css_file("gta-course.css")
    app.add_js_file("quick-exit.js")
    app.add_js_file("print.js")
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
