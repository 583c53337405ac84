"""The only module that writes files or runs Sphinx: generated sources in, a site out.

Files are written atomically and only when their bytes change, so an unchanged rebuild
touches nothing and Sphinx re-reads only the pages whose lessons changed. A stamp records what
the last successful HTML build was made from; when nothing changed, Sphinx is not run at all.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import IO, Any

import yaml
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from gta_course import __version__
from gta_course.content.yaml_file import Origin
from gta_course.files import write_if_changed
from gta_course.layout import BOOK, DOWNLOADS, MANIFEST, PDF_MANIFEST, SOURCE_MAP, STAGING, STAMP
from gta_course.model import Course
from gta_course.parallel import usable_cores
from gta_course.problems import BuildError
from gta_course.render.myst import (
    notebook_path,
    render_answer_key_page,
    render_coverage_page,
    render_glossary_page,
    render_help_page,
    render_knowledge_page,
    render_landing_page,
    render_lesson_page,
    render_sources_page,
    render_toc,
    render_track_page,
)
from gta_course.render.notebook import notebook_bytes, render_exercise_notebook
from gta_course.render.print_html import lesson_pdf
from gta_course.render.trainers import download_target, kit_docname, render_kit_page, render_trainers_page
from gta_course.source_map import SourceMap, build_source_map, translate_sphinx_output
from gta_course.tailor import group_by_track, tailor_course
from gta_course.workshop import ready_made_kits

H1 = re.compile(rb"^# .*$", re.MULTILINE)


class Stopped(Exception):
    """Sphinx was stopped because the content check beside it found problems; its output is gone."""


@dataclass
class GenerateResult:
    """What `generate` did: for the summary line, and to undo it if the content turns out to be bad.

    `before` holds each file it wrote or removed as it was (bytes and modification time, or None
    where there was no file), so `undo` can put the last good sources back exactly, mtimes
    included, and Sphinx's next incremental build sees nothing changed.
    """

    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    before: dict[str, tuple[bytes, int] | None] = field(default_factory=dict, repr=False)

    def write(self, project: Path, relative: str, data: bytes) -> bool:
        """Write one file if its bytes change, remembering what it was."""
        path = project / relative
        previous = _state(path)
        if not write_if_changed(path, data):
            return False
        self.before.setdefault(relative, previous)
        return True

    def remove(self, project: Path, relative: str) -> None:
        """Remove one file the last run made, remembering what it was."""
        path = project / relative
        self.before.setdefault(relative, _state(path))
        path.unlink(missing_ok=True)

    def summary(self) -> str:
        """One line a person can read."""
        return (
            f"Generated {len(self.written) + self.unchanged} files: {len(self.written)} written, "
            f"{self.unchanged} unchanged, {len(self.removed)} removed."
        )


def planned_files(
    course: Course, country: str, base_config: dict[str, Any], downloads: Collection[str] = ()
) -> dict[str, bytes]:
    """Every generated file, by path relative to the project, as bytes: pure, no I/O.

    `downloads` lists the PDFs present in book/downloads (paths inside it); pages link only those.
    """
    lessons = tailor_course(course, country)
    tracks = group_by_track(lessons)
    all_kits = ready_made_kits(course, country)
    kits = [kit for kit in all_kits if kit.plan is not None]
    pages: dict[str, str] = {
        f"{BOOK}/index.md": render_landing_page(course, tracks, country),
        f"{BOOK}/help.md": render_help_page(course, country),
        f"{BOOK}/sources.md": render_sources_page(course),
        f"{BOOK}/glossary.md": render_glossary_page(course),
        f"{BOOK}/coverage.md": render_coverage_page(course, tracks),
        f"{BOOK}/_toc.yml": render_toc(course, tracks, [kit_docname(kit) for kit in kits]),
        f"{BOOK}/_config.yml": book_config(course, base_config),
        f"{BOOK}/trainers/index.md": render_trainers_page(course, tracks, all_kits, downloads),
    }
    for kit in kits:
        pages[f"{BOOK}/{kit_docname(kit)}.md"] = render_kit_page(course, kit, downloads)
    for audience_id, track in tracks.items():
        pages[f"{BOOK}/{audience_id}/index.md"] = render_track_page(course, audience_id, track)
        pages[f"{BOOK}/{audience_id}/answer-key.md"] = render_answer_key_page(course, audience_id, track)
        check = course.knowledge_checks.get(audience_id)
        if check:
            for phase in ("before", "after"):
                pages[f"{BOOK}/{audience_id}/{phase}.md"] = render_knowledge_page(course, check, phase)
    for lesson in lessons:
        handout = lesson_pdf(lesson, "learner")
        pages[f"{BOOK}/{lesson.docname}.md"] = render_lesson_page(
            lesson, course, download_target(handout) if handout in downloads else ""
        )
    files = {path: text.encode("utf-8") for path, text in pages.items()}
    files |= {f"{BOOK}/{path}": data for path, data in course.assets.items()}  # images beside their pages
    for lesson in lessons:
        notebook = render_exercise_notebook(lesson, course)
        files[notebook_path(lesson)] = notebook_bytes(notebook)
    return dict(sorted(files.items()))


def book_config(course: Course, base: dict[str, Any]) -> str:
    """The project's _config.yml with the pack's title, author and dates filled in.

    The project's own settings win, so a trainer can rename the site in _config.yml. Values are
    plain text, written with a safe YAML dumper; the site's extension escapes them where the
    theme prints them as HTML.
    """
    info = course.info
    config: dict[str, Any] = {
        "title": info.title,
        "author": info.publisher,
        "copyright": str(info.edition.year),
        **base,
    }
    sphinx = dict(config.get("sphinx") or {})
    sphinx_config = {
        "gta_course_exit_url": info.exit_url,
        "gta_course_exit_label": course.labels.exit_this_page,
        "gta_course_exit_hint": course.labels.exit_hint,
        "language": info.language,
        "html_baseurl": "",
        **(sphinx.get("config") or {}),
    }
    config["sphinx"] = {**sphinx, "config": sphinx_config}
    header = "# Generated by gta-course from ../_config.yml and the content pack; edit those instead.\n"
    return header + str(yaml.safe_dump(config, sort_keys=False, allow_unicode=True))


def base_config(project: Path) -> dict[str, Any]:
    """The project's _config.yml, or the package's default for a project that has none."""
    path = project / "_config.yml"
    if not path.exists():
        path = Path(str(resources.files("gta_course") / "data" / "_config.yml"))
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise BuildError(f"cannot read {path}: {error}") from error
    if not isinstance(loaded, dict):
        raise BuildError(f"{path} must be a YAML mapping")
    return loaded


def extension_digest() -> str:
    """A digest of the Sphinx extension: its code and its static assets.

    When it changes, every page must be rewritten: pages embed its markup and link its assets
    by checksum, and Sphinx, seeing no changed source, would otherwise not even copy the new
    assets.
    """
    digest = hashlib.sha256(__version__.encode())
    static = Path(__file__).parent / "sphinx_ext"
    for asset in sorted(static.rglob("*")):
        if asset.is_file() and "__pycache__" not in asset.parts:
            digest.update(asset.name.encode() + hashlib.sha256(asset.read_bytes()).digest())
    return digest.hexdigest()


def _fingerprint(files: dict[str, bytes]) -> str:
    """A digest of everything Sphinx reads from us, including the extension's own code and assets."""
    digest = hashlib.sha256(extension_digest().encode())
    for path, data in files.items():
        digest.update(path.encode() + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()


def navigation_digest(files: dict[str, bytes]) -> str:
    """A digest of what every page's sidebar and prev/next links show: pages, titles, toc, config.

    Sphinx's incremental build does not refresh these on unchanged pages, so when this digest
    changes the whole site is rebuilt; an edit inside one lesson leaves it alone.
    """
    digest = hashlib.sha256()
    for path, data in files.items():
        digest.update(path.encode() + b"\0")
        if path.endswith((".yml", ".yaml")):
            digest.update(data)
        elif path.endswith(".md"):
            title = H1.search(data)
            digest.update(title.group(0) if title else b"")
    return digest.hexdigest()


def generate(
    course: Course,
    project: Path,
    country: str,
    progress: Progress | None = None,
    origins: Mapping[str, Origin] | None = None,
    downloads: Collection[str] = (),
) -> GenerateResult:
    """Write the book sources and notebooks; remove files an earlier run made that are gone now.

    With the items' `origins`, also write the source map that lets a Sphinx failure be reported
    at the pack's own file and line. `downloads` lists the PDFs an export just wrote into
    book/downloads, for pages to link.
    """
    files = planned_files(course, country, base_config(project), downloads)
    result = GenerateResult()
    task = progress.add_task("Writing sources", total=len(files)) if progress else None
    for relative, data in files.items():
        if result.write(project, relative, data):
            result.written.append(relative)
        else:
            result.unchanged += 1
        if progress and task is not None:
            progress.advance(task)
    previous = _read_manifest(project)
    for relative in sorted(set(previous) - set(files)):
        result.remove(project, relative)
        result.removed.append(relative)
    result.write(project, str(MANIFEST), json.dumps(sorted(files), indent=1).encode() + b"\n")
    if origins is None:
        result.remove(project, str(SOURCE_MAP))  # a stale map would point at the wrong lines
    else:
        source_map = build_source_map(course, origins, files, country)
        result.write(project, str(SOURCE_MAP), json.dumps(source_map, sort_keys=True).encode() + b"\n")
    _prune_empty_folders(project, result.removed)
    return result


def undo(project: Path, result: GenerateResult) -> None:
    """Put back every file `generate` wrote or removed, bytes and modification time, and drop new folders."""
    for relative, state in result.before.items():
        path = project / relative
        if state is None:
            path.unlink(missing_ok=True)
        else:
            data, mtime = state
            write_if_changed(path, data)
            os.utime(path, ns=(mtime, mtime))
    _prune_empty_folders(project, [r for r, state in result.before.items() if state is None])


def _state(path: Path) -> tuple[bytes, int] | None:
    """A file's bytes and modification time, or None if there is no file to read."""
    try:
        return path.read_bytes(), path.stat().st_mtime_ns
    except OSError:
        return None


def _read_manifest(project: Path) -> list[str]:
    """Files the last run generated; anything else in book/ is the author's and stays."""
    try:
        data = json.loads((project / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [str(p) for p in data] if isinstance(data, list) else []


def _prune_empty_folders(project: Path, removed: list[str]) -> None:
    """Folders emptied by removing stale files go too, so the book has no empty tracks."""
    for folder in sorted({(project / r).parent for r in removed}, key=lambda p: len(p.parts), reverse=True):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()


PROGRESS_LINE = re.compile(r"^(reading sources|writing output)\.\.\. \[\s*(\d+)%\]")


def build_html(
    project: Path, progress: Progress | None = None, *, full: bool = False, stop: Callable[[], bool] | None = None
) -> Path:
    """Run Jupyter Book (Sphinx, warnings as errors) on book/; return the landing page.

    Sphinx works on a copy of the last build and the copy replaces it only on success, so a
    failed build leaves the last good site untouched. Skips Sphinx when the generated sources
    are what the last successful build used.
    """
    book = project / BOOK
    built = book / "_build"
    index = built / "html" / "index.html"
    files = {p: (project / p).read_bytes() for p in _read_manifest(project)}
    pdfs = project / BOOK / DOWNLOADS / PDF_MANIFEST
    if pdfs.exists():  # the PDFs pages link: Sphinx must copy them again when they change
        files[str(pdfs.relative_to(project))] = pdfs.read_bytes()
    stamp = {
        "fingerprint": _fingerprint(files),
        "navigation": navigation_digest(files),
        "extension": extension_digest(),
    }
    last = _read_stamp(project / STAMP) if index.exists() else {}
    if not full and last.get("fingerprint") == stamp["fingerprint"]:
        return index
    full = full or any(last.get(key) != stamp[key] for key in ("navigation", "extension"))
    staging = project / STAGING
    shutil.rmtree(staging, ignore_errors=True)
    if built.exists() and not full:
        shutil.copytree(built, staging / "_build", copy_function=shutil.copy2)  # keeps mtimes: incremental
    try:
        _run_sphinx(book, staging, progress, full=full, stop=stop)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)  # a failed or stopped build leaves nothing behind
        raise
    (staging / STAMP.relative_to(BOOK)).write_text(json.dumps(stamp), encoding="utf-8")
    previous = project / f"{STAGING}-previous"
    shutil.rmtree(previous, ignore_errors=True)
    if built.exists():
        built.rename(previous)
    (staging / "_build").rename(built)
    shutil.rmtree(previous, ignore_errors=True)
    shutil.rmtree(staging, ignore_errors=True)
    return index


def _read_stamp(path: Path) -> dict[str, str]:
    """What the last successful build was made from; empty if there is none."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _read_source_map(project: Path) -> SourceMap:
    """The map `generate` wrote; empty if there is none, and then Sphinx's paths are shown as they are."""
    try:
        data = json.loads((project / SOURCE_MAP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _run_sphinx(
    book: Path, output: Path, progress: Progress | None, *, full: bool, stop: Callable[[], bool] | None = None
) -> None:
    """One Jupyter Book run into `output` on every core, with progress from Sphinx's own percentages.

    `stop` is asked once Sphinx has started, and may take its time: the content check runs beside
    Sphinx, on the other core, and when it says stop, Sphinx is ended (the caller throws away its
    output, as after a failure).
    On failure, Sphinx's messages are reported without colour codes, each at the pack file and
    line its generated page came from.
    """
    command = [sys.executable, "-m", "gta_course.sphinx_run", str(book), str(output), "--jobs", str(usable_cores())]
    if full:
        command.append("--all")
    task: TaskID | None = progress.add_task("Building HTML (Sphinx)", total=200) if progress else None
    env = {**os.environ, "PYTHONHASHSEED": "0", "NO_COLOR": "1"}
    env.pop("FORCE_COLOR", None)
    # Its own process group: Sphinx's parallel workers hold the output pipe, so stopping Sphinx
    # must end them too, or they would wait forever on their dead parent and the pipe never close.
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, start_new_session=True
    )
    assert process.stdout is not None
    lines: list[str] = []

    def read(stream: IO[str]) -> None:  # in a thread, so Sphinx never waits on a full pipe while `stop` runs
        for line in stream:
            lines.append(line.rstrip("\n"))
            match = PROGRESS_LINE.match(line)
            if progress and task is not None and match:
                offset = 0 if match.group(1) == "reading sources" else 100
                progress.update(task, completed=offset + int(match.group(2)))

    reader = threading.Thread(target=read, args=(process.stdout,), daemon=True)
    reader.start()
    try:
        if stop is not None and stop():
            raise Stopped
        returncode = process.wait()  # Sphinx itself waits for its workers before it exits
    except BaseException:  # stopped, or interrupted (Ctrl-C reaches only us now): no worker may outlive it
        _end_group(process)
        raise
    finally:
        reader.join()
    if returncode != 0 or not (output / "_build" / "html" / "index.html").exists():
        lines = translate_sphinx_output(lines, _read_source_map(book.parent), book.parent)
        problems = [
            line for line in lines if "WARNING" in line or "ERROR" in line or "Error" in line or "(hint: " in line
        ]
        shown = "\n".join(problems[-20:] or lines[-20:])
        raise BuildError(f"Jupyter Book failed (exit {returncode}); the last good site is unchanged:\n{shown}")


def _end_group(process: subprocess.Popen[str]) -> None:
    """Kill a process and every process of its session, then reap it.

    Called before the process is reaped, so its group id cannot yet belong to anybody else.
    """
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (AttributeError, ProcessLookupError, PermissionError):  # no process groups here, or gone already
        process.kill()
    process.wait()


@contextmanager
def progress(console: Console) -> Iterator[Progress]:
    """A progress display on stderr for long work; quiet when stderr is not a terminal."""
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    ) as bar:
        yield bar
