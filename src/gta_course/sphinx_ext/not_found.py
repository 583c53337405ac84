"""A 404 page in the site's own layout, so a wrong address still offers the quick exit and help."""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.config import Config


def _add_page(app: Sphinx, config: Config) -> None:
    """Render gta-404.html as 404.html at the site's root, where servers look for it."""
    config.html_additional_pages = {**config.html_additional_pages, "404": "gta-404.html"}


def setup_not_found(app: Sphinx) -> None:
    """Register the page."""
    app.connect("config-inited", _add_page)
