"""The sidebar's section toggles get a name, so a screen reader says what they open.

pydata-sphinx-theme folds a chapter's sections (the For trainers page's kits) into a `<details>`
whose `<summary>` holds only a decorative chevron: axe reports `summary-name`. The theme's
`generate_toctree_html` is wrapped, after the theme adds it to the page context, so each such
summary is labelled; the theme itself is not patched.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markupsafe import Markup
from sphinx.application import Sphinx

TOGGLE = '<summary><span class="toctree-toggle"'
NAMED_TOGGLE = '<summary aria-label="Show or hide the pages in this section"><span class="toctree-toggle"'


def _name_toggles(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    generate: Callable[..., str] | None = context.get("generate_toctree_html")
    if generate is None:
        return

    def named(*args: Any, **kwargs: Any) -> Markup:
        return Markup(str(generate(*args, **kwargs)).replace(TOGGLE, NAMED_TOGGLE))

    context["generate_toctree_html"] = named


def setup_navigation(app: Sphinx) -> None:
    """Run after the theme has put its toctree function in the page context."""
    app.connect("html-page-context", _name_toggles, priority=900)
