"""A country picker for help lists: the reader's own services first, chosen without storing anything.

The pages list help for every country, the build's country first, so they work with JavaScript
off. The picker (shown only with JavaScript) moves the chosen country's services to the top of
every help list on the page. The choice lives in the address (`?country=CA`, or `#country=CA`) and
is carried over the site's own links, never in storage.

Node tree the directive makes::

    country_picker(countries=[("GB", "United Kingdom"), ...])   -> HTML: <nav> of links; other builders: nothing
"""

from __future__ import annotations

import html

from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator

PICKER_LABEL = "Show help for"


class country_picker(nodes.General, nodes.Element):
    """Where the picker goes; carries (code, name) pairs."""


class CountryPickerDirective(Directive):
    """```{gta-country-picker}``` with one `CODE Name` line per country, in display order."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        countries = [tuple(line.strip().split(" ", 1)) for line in self.content if line.strip()]
        return [country_picker(countries=[(code, name) for code, name in countries])]


def visit_country_picker_html(translator: HTML5Translator, node: country_picker) -> None:
    """A labelled list of links, one per country; the first is the build's own."""
    current = ' aria-current="true"'
    items = "".join(
        f'<li><a href="?country={html.escape(code)}" data-country="{html.escape(code)}"'
        f"{current if index == 0 else ''}>{html.escape(name)}</a></li>"
        for index, (code, name) in enumerate(node["countries"])
    )
    label = html.escape(PICKER_LABEL)
    translator.body.append(
        f'<nav class="gta-country-picker pst-js-only" aria-label="{label}"><span>{label}:</span><ul>{items}</ul></nav>'
    )
    raise nodes.SkipNode


def skip_node(translator: object, node: nodes.Node) -> None:
    """Other builders list every country already; the picker has nothing to add there."""
    raise nodes.SkipNode


def setup_country_picker(app: Sphinx) -> None:
    """Register the node, the directive and the script that makes it work."""
    app.add_node(
        country_picker,
        html=(visit_country_picker_html, None),
        latex=(skip_node, None),
        text=(skip_node, None),
        man=(skip_node, None),
        texinfo=(skip_node, None),
    )
    app.add_directive("gta-country-picker", CountryPickerDirective)
    app.add_js_file("country-picker.js")
