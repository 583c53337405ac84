"""The "Exit this page" control, after GOV.UK's component, on every page the site has.

It is a real link, placed first in the page by the layout template (search, index and 404
pages included), so it works with JavaScript off. The script upgrades it: a click replaces the
page in history, so Back does not return here, and pressing Shift three times does the same.
Esc alone is never used: it can stop a page from loading.
"""

from __future__ import annotations

import html
from typing import Any

from sphinx.application import Sphinx

QUICK_EXIT_LABEL = "Exit this page"
QUICK_EXIT_HINT = "or press Shift 3 times"


def quick_exit_html(url: str, label: str = QUICK_EXIT_LABEL, hint: str = QUICK_EXIT_HINT) -> str:
    """The control's markup; every value is escaped, so a pack's URL or label stays text."""
    url, label, hint = html.escape(url), html.escape(label), html.escape(hint)
    return (
        f'<aside class="gta-quick-exit" aria-label="{label}">'
        f'<a class="gta-quick-exit__button" href="{url}" rel="nofollow noreferrer" data-exit-url="{url}">{label}</a>'
        f'<span class="gta-quick-exit__hint">{hint}</span></aside>'
    )


def _add_to_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Hand the control to the layout template, which puts it on every page it renders."""
    context["gta_quick_exit"] = quick_exit_html(app.config.gta_course_exit_url)


def setup_quick_exit(app: Sphinx) -> None:
    """Register the exit URL setting, the script and the page hook."""
    app.add_config_value("gta_course_exit_url", "https://www.bbc.co.uk/weather", "html", types=[str])
    app.connect("html-page-context", _add_to_context)
    app.add_js_file("quick-exit.js")
