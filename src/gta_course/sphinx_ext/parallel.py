"""Let Sphinx read and write pages on every core: declare what two of Jupyter Book's extensions leave unsaid.

Sphinx runs pages in parallel (`-j`) only when every extension declares itself safe, and treats
an undeclared one as unsafe, with a warning that a warnings-as-errors build turns into a failure.
Two extensions Jupyter Book always loads say nothing, and both are safe, from their code:

- `sphinx_multitoc_numbering` replaces how section numbers are assigned, which Sphinx does once,
  in the main process, after every page is read;
- `sphinx_jupyterbook_latex` transforms each page's own tree (nothing shared) and sets up the
  rest only for a LaTeX builder.

Only an extension that declared nothing is changed, so a future version's own answer stands.
A build whose pages come out different with -j would be a bug; tests/test_site.py builds both ways.
"""

from __future__ import annotations

from sphinx.application import Sphinx

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


def setup_parallel(app: Sphinx) -> None:
    """Register the declaration."""
    app.connect("builder-inited", _declare)
