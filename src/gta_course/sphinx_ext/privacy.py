"""Privacy of the built site: nothing stored in the browser, nothing loaded from another host.

Readers may be children, or people whose devices are watched, so the site keeps no trace of a
visit. Two parts:

- ``no-storage.js`` runs before any theme script and gives the page an in-memory
  ``localStorage`` and ``sessionStorage``: the theme's light/dark choice and sidebar position
  then last for the page alone, and nothing is written to the device.
- Every page gets a Content-Security-Policy ``<meta>`` that allows only this site's own files.
  The theme writes a few inline scripts; each is allowed by its SHA-256 hash, computed from the
  page as written, so no other inline script (an author's, say) could ever run. Font Awesome's
  script would inject its CSS as an inline style; it is told not to, and the CSS ships as a file.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from sphinx.application import Sphinx

CSP_META = re.compile(rb'<meta http-equiv="Content-Security-Policy" content="[^"]*"\s*/?>\n?')
INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.DOTALL)
INLINE_STYLE = re.compile(rb"<style[^>]*>(.*?)</style>", re.DOTALL)
HEAD = re.compile(rb"<head>\n?")
# What the pages really need beyond their own origin: icons inlined as data: URIs in the theme's CSS.
POLICY = (
    "default-src 'self'; script-src 'self'{scripts}; style-src 'self'{styles}; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; frame-src 'none'; base-uri 'none'; "
    "form-action 'self'"
)


def _hashes(pattern: re.Pattern[bytes], page: bytes) -> str:
    """CSP source expressions allowing exactly the inline blocks a page contains."""
    digests = sorted({base64.b64encode(hashlib.sha256(m.group(1)).digest()).decode() for m in pattern.finditer(page)})
    return "".join(f" 'sha256-{d}'" for d in digests)


def with_policy(page: bytes) -> bytes:
    """The page with one Content-Security-Policy meta first in its head (replacing an older one)."""
    page = CSP_META.sub(b"", page)
    policy = POLICY.format(scripts=_hashes(INLINE_SCRIPT, page), styles=_hashes(INLINE_STYLE, page))
    meta = f'<head>\n<meta http-equiv="Content-Security-Policy" content="{policy}" />\n'.encode()
    return HEAD.sub(lambda _: meta, page, count=1)


def _add_policies(app: Sphinx, exception: Exception | None) -> None:
    """Give every page its policy once Sphinx has written it; unchanged pages keep their bytes."""
    if exception is not None or app.builder.format != "html":
        return
    for path in Path(app.outdir).rglob("*.html"):
        page = path.read_bytes()
        updated = with_policy(page)
        if updated != page:
            path.write_bytes(updated)


def setup_privacy(app: Sphinx) -> None:
    """Register the storage guard (first script on every page) and the policy writer."""
    app.add_js_file("no-storage.js", priority=1)
    app.add_js_file("fontawesome-config.js", priority=1)
    app.add_css_file("fontawesome-svg.css")
    app.connect("build-finished", _add_policies)
