"""Where a project's generated files live: one place for every module that reads or writes them.

Only the standard library here, so the quick "is the last build current?" path (last_build.py)
names the same files as the build without importing it.
"""

from __future__ import annotations

from pathlib import Path

BOOK = "book"
DOWNLOADS = "downloads"  # folder of the book (book/downloads) that holds the PDFs
MANIFEST = Path(BOOK) / ".gta-course-files.json"  # the files `generate` made
SOURCE_MAP = Path(BOOK) / ".gta-course-source-map.json"  # generated lines -> pack lines, for Sphinx's messages
STAMP = Path(BOOK) / "_build" / ".gta-course-stamp"  # beside the site, not published in it
STAGING = Path(".gta-course-staging")
PDF_MANIFEST = ".gta-course-pdf.json"  # written by pdf.export beside the PDFs it made
SITE_INDEX = Path(BOOK) / "_build" / "html" / "index.html"
