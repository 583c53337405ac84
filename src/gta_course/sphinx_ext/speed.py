"""Sphinx at its speed: pages read and written on every core, and no work for a feature the site lacks.

Parallel pages. Sphinx runs pages in parallel (`-j`) only when every extension declares itself
safe, and treats an undeclared one as unsafe, with a warning that a warnings-as-errors build
turns into a failure. Two extensions Jupyter Book always loads say nothing, and both are safe,
from their code:

- `sphinx_multitoc_numbering` replaces how section numbers are assigned, which Sphinx does once,
  in the main process, after every page is read;
- `sphinx_jupyterbook_latex` transforms each page's own tree (nothing shared) and sets up the
  rest only for a LaTeX builder.

Only an extension that declared nothing is changed, so a future version's own answer stands.
tests/test_reproducible.py proves the parallel site byte-identical to the serial one.

No figure numbers. `sphinx_jupyterbook_latex` switches `numfig` on for every builder, and with
it on, Sphinx loads and walks every page's tree after any edit (two of the three seconds of a
one-lesson rebuild) to number figures. The course numbers no figures and cites none by number,
so the HTML build turns numbering off again, after that extension has run.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.config import Config

UNDECLARED_BUT_SAFE = ("sphinx_multitoc_numbering", "sphinx_jupyterbook_latex")


def _declare(app: Sphinx) -> None:
    """After every extension is loaded and before any page is read."""
    for name in UNDECLARED_BUT_SAFE:
        extension = app.extensions.get(name)
        if extension is None:
            continue
        for attribute in ("parallel_read_safe", "parallel_write_safe"):
            if getattr(extension, attribute, None) is None:
                setattr(extension, attribute, True)


def _no_figure_numbers(app: Sphinx, config: Config) -> None:
    """Undo the LaTeX extension's `numfig = True` for the site (it runs at the default priority)."""
    config.numfig = False


def setup_speed(app: Sphinx) -> None:
    """Register both."""
    app.connect("config-inited", _no_figure_numbers, priority=900)
    app.connect("builder-inited", _declare)
