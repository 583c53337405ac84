"""Assets in place before pages are written, so a fresh build and an incremental one agree byte for byte.

Sphinx adds `?v=<checksum>` to a stylesheet's link only if the file is already in the output
when the page is written. MyST-NB copies its stylesheet when the build finishes, so a fresh
build (`--all`, or the first one) links it without the suffix and a later incremental build,
working on a copy of the last site, links it with one: the same input gave different bytes.
Copying it when the builder starts gives every page the same link.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx


def _copy_notebook_styles(app: Sphinx) -> None:
    """MyST-NB's own copying step, run before any page instead of after all of them."""
    if app.builder.format != "html":
        return
    from myst_nb.sphinx_ext import add_global_html_resources  # type: ignore[import-untyped]  # Jupyter Book loads it

    Path(app.builder.outdir, "_static").mkdir(parents=True, exist_ok=True)
    add_global_html_resources(app, None)


def setup_assets_first(app: Sphinx) -> None:
    """Copy late-copied assets as soon as the builder exists."""
    app.connect("builder-inited", _copy_notebook_styles)
