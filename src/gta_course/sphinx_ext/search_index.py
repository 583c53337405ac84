"""The search index holds the current content's words and no others.

On an incremental build Sphinx loads the last `searchindex.js` and removes the rebuilt pages
from it, but keeps each of their words with an empty list of pages. So words that were only in
an earlier build's content (another pack's lesson, say, or a sentence an author deleted) stayed
in the published index, and only `build --all` cleared them.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx


def _prune(app: Sphinx) -> list[Any]:
    """Drop words no page has any more, after every page is indexed and before the index is written.

    `html-collect-pages` comes at that point of the build; it adds no pages here.
    """
    indexer = getattr(app.builder, "indexer", None)
    for name in ("_mapping", "_title_mapping"):
        mapping = getattr(indexer, name, None)
        if isinstance(mapping, dict):
            for word in [word for word, pages in mapping.items() if not pages]:
                del mapping[word]
    return []


def setup_search_index(app: Sphinx) -> None:
    """Register the pruning step."""
    app.connect("html-collect-pages", _prune)
