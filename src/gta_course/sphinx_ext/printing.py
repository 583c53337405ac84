"""Printing a page from the browser: dropdowns open, navigation and the quick exit left off paper.

The print rules live in `static/gta-course.css` (`@media print`); browsers that cannot open a
closed `<details>` from CSS (`::details-content`) get `static/print.js`, which opens every
dropdown before printing and closes the ones it opened afterwards.
"""

from __future__ import annotations

from sphinx.application import Sphinx


def setup_printing(app: Sphinx) -> None:
    """Register the print script."""
    app.add_js_file("print.js")
