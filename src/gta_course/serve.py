"""`gta-course serve`: a preview while writing. Build, serve on 127.0.0.1, rebuild when a pack changes.

Only the standard library: the site is static files, so `http.server` serves it, and polling
file times once a second notices a save in any editor on any system without a file-watching
dependency. A rebuild with problems prints them and leaves the last good site in place (the
build only replaces the site on success), so the browser keeps showing something readable.
The server binds to 127.0.0.1 only: a draft about child abuse is not for the whole network.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

HOST = "127.0.0.1"
Snapshot = dict[str, tuple[int, int]]


def snapshot(folders: Sequence[Path]) -> Snapshot:
    """Modification time and size of every file in the folders: what a save changes."""
    found: Snapshot = {}
    for folder in folders:
        for root, dirs, files in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in files:
                path = os.path.join(root, name)
                try:
                    stat = os.stat(path)
                except OSError:
                    continue  # deleted between listing and looking: the next poll sees it gone
                found[path] = (stat.st_mtime_ns, stat.st_size)
    return found


class QuietHandler(SimpleHTTPRequestHandler):
    """Static files, without a log line per request (problems are what the author watches for)."""

    def log_message(self, format: str, *args: Any) -> None:
        """Requests are not news."""

    def end_headers(self) -> None:
        """A preview must never be cached: the next rebuild changes the page under the same name."""
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


def start_server(site: Path, port: int) -> ThreadingHTTPServer:
    """Serve `site` on 127.0.0.1:`port` (0 picks a free port) from a background thread.

    The folder is named, not opened, so a rebuild that replaces it is served at once.
    """
    handler = functools.partial(QuietHandler, directory=str(site))
    server = ThreadingHTTPServer((HOST, port), handler)
    threading.Thread(target=server.serve_forever, name="gta-course-serve", daemon=True).start()
    return server


@dataclass
class Watcher:
    """Rebuilds whenever a file in `folders` changes, until `stop` is set."""

    folders: Sequence[Path]
    rebuild: Callable[[], bool]
    poll_seconds: float = 1.0
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        """Poll; after a change, wait for the files to settle for one more poll, then rebuild once."""
        last = snapshot(self.folders)
        while not self.stop.wait(self.poll_seconds):
            current = snapshot(self.folders)
            if current == last:
                continue
            while not self.stop.wait(self.poll_seconds):  # an editor may write a file in several steps
                settled = snapshot(self.folders)
                if settled == current:
                    break
                current = settled
            if self.stop.is_set():
                return
            last = current
            self.rebuild()
