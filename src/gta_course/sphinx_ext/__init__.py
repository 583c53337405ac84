"""Sphinx extension of the course site: quick exit, privacy, accessibility, 404, country picker, quizzes, print.

One file per component, each with a `setup_<component>(app)` that this module calls. Everything
the extension adds ships inside the package (`static/`, `templates/`), so the site never loads
anything from another host. Enabled from `_config.yml` (`sphinx.extra_extensions`). The theme is
never patched: its templates are overridden from `templates/`, searched before the theme's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from gta_course.sphinx_ext.assets_first import setup_assets_first
from gta_course.sphinx_ext.country_picker import setup_country_picker
from gta_course.sphinx_ext.knowledge_check import setup_knowledge_check
from gta_course.sphinx_ext.not_found import setup_not_found
from gta_course.sphinx_ext.printing import setup_printing
from gta_course.sphinx_ext.privacy import setup_privacy
from gta_course.sphinx_ext.quick_exit import setup_quick_exit
from gta_course.sphinx_ext.quiz import setup_quiz
from gta_course.sphinx_ext.search_index import setup_search_index
from gta_course.sphinx_ext.sidebar import setup_sidebar
from gta_course.sphinx_ext.speed import setup_speed
from gta_course.sphinx_ext.theme_text import setup_theme_text

STATIC = Path(__file__).parent / "static"
TEMPLATES = Path(__file__).parent / "templates"


def _add_assets(app: Sphinx, config: Config) -> None:
    """Serve the package's own assets, favicon and template overrides; never a CDN."""
    config.html_static_path = [*config.html_static_path, str(STATIC)]
    config.templates_path = [str(TEMPLATES), *config.templates_path]
    if not config.html_favicon:
        config.html_favicon = str(STATIC / "favicon.svg")


def setup(app: Sphinx) -> dict[str, Any]:
    """Register every component of the extension."""
    app.connect("config-inited", _add_assets)
    setup_privacy(app)
    setup_quick_exit(app)
    setup_not_found(app)
    setup_country_picker(app)
    setup_search_index(app)
    setup_theme_text(app)
    setup_assets_first(app)
    setup_printing(app)
    setup_sidebar(app)
    app.add_css_file("gta-course.css")
    setup_quiz(app)
    setup_knowledge_check(app)
    setup_speed(app)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
