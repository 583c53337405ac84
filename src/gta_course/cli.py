"""The `gta-course` command: a thin layer that parses options and reports, nothing else.

Exit codes mean something: 0 done, 1 a tool failed (Sphinx), 2 the content or the options
are wrong. Content problems print one line each, `path:line: message (hint: ...)`, on stderr,
then one line counting them. Rich prints with markup, emoji and highlighting off, so a message
is never rewritten (`:100:` stays `:100:`), and adds colour only on a terminal.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from functools import wraps
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click
from rich.console import Console

from gta_course import __version__
from gta_course.content.checks import check_course
from gta_course.content.loader import CourseProblems, LoadedCourse, load_course, resolve_packs
from gta_course.content.pack_files import DEFAULT_MAX_FILE_SIZE
from gta_course.content.references import without_dangling
from gta_course.problems import ContentError, Problem, printable
from gta_course.schema import pack_file_schema

F = TypeVar("F", bound=Callable[..., Any])
EXIT_TOOL_FAILED = 1
EXIT_BAD_INPUT = 2

err = Console(stderr=True, markup=False, emoji=False, highlight=False, soft_wrap=True)
out = Console(markup=False, emoji=False, highlight=False, soft_wrap=True)

content_option = click.option(
    "--content",
    "content",
    multiple=True,
    type=click.Path(path_type=Path),
    help="A content pack folder to layer over the default course (repeat to layer several).",
)
country_option = click.option(
    "--country",
    default=None,
    help="Country whose help services pages show first (GB, US, CA, AU or INT). Default: the course's.",
)
max_file_size_option = click.option(
    "--max-file-size",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_FILE_SIZE,
    show_default=True,
    metavar="BYTES",
    help="Refuse any pack file larger than this.",
)
verbose_option = click.option(
    "--verbose", "-v", is_flag=True, help="Also list the pack files that were ignored, and why."
)
project_option = click.option(
    "--project",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Folder holding _config.yml, book/ and exercises/.",
)


def _count(number: int, noun: str) -> str:
    """`1 problem`, `2 problems`."""
    return f"{number} {noun}" + ("" if number == 1 else "s")


def print_findings(findings: list[Problem]) -> None:
    """Problems and warnings one per line, in file order, exactly as their text says."""
    for finding in sorted(findings):
        err.print(str(finding))


def report_problems(problems: list[Problem], warnings: Sequence[Problem] = (), *, writes: bool = True) -> NoReturn:
    """Print problems (and warnings) one per line, count them, and stop with the bad-input exit code.

    Only a command that writes says that it wrote nothing; `check` never writes.
    """
    print_findings([*problems, *warnings])
    counted = _count(len(problems), "problem") + (f" and {_count(len(warnings), 'warning')}" if warnings else "")
    err.print(f"{counted} found; nothing was written." if writes else f"{counted} found.")
    sys.exit(EXIT_BAD_INPUT)


def list_ignored(ignored: Sequence[tuple[str, str]]) -> None:
    """For --verbose: every pack file the tool did not use, so nothing is skipped unseen."""
    for path, why in ignored:
        out.print(f"ignored: {printable(path)} ({why})")


def find_problems(content: tuple[Path, ...], max_file_size: int) -> tuple[LoadedCourse | None, ContentError | None]:
    """The loaded course, or every problem in it: loading's and, on the parts that loaded, the checks'."""
    try:
        loaded = load_course(resolve_packs(content), max_file_size)
    except CourseProblems as error:
        if error.loaded is not None:
            partial = error.loaded
            whole = LoadedCourse(without_dangling(partial.course), partial.origins, partial.warnings, partial.ignored)
            error.problems = sorted(set(error.problems) | set(check_course(whole)))
        return None, error
    except ContentError as error:
        return None, error
    problems = check_course(loaded)
    if problems:
        return None, ContentError(problems, list(loaded.warnings), list(loaded.ignored))
    return loaded, None


def checked_course(
    content: tuple[Path, ...], max_file_size: int, verbose: bool = False, *, writes: bool = True
) -> LoadedCourse:
    """Load and check the course, or report every problem and exit 2; no half-valid course goes on."""
    loaded, error = find_problems(content, max_file_size)
    if error is not None:
        if verbose:
            list_ignored(error.ignored)
        report_problems(error.problems, error.warnings, writes=writes)
    assert loaded is not None
    if verbose:
        list_ignored(loaded.ignored)
    print_findings(list(loaded.warnings))
    return loaded


def pick_country(loaded: LoadedCourse, country: str | None) -> str:
    """The reader's country, validated against the countries the course has help for."""
    chosen = (country or loaded.course.info.default_country).upper()
    if chosen not in loaded.course.info.countries:
        known = ", ".join(loaded.course.info.countries)
        err.print(f"--country: no help services for '{printable(chosen)}' (hint: use one of {known})")
        sys.exit(EXIT_BAD_INPUT)
    return chosen


def friendly_errors(func: F) -> F:
    """Turn a failing tool or an unwritable folder into a short message and exit 1, not a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from gta_course.build import BuildError  # imported late: `check` and `schema` need no renderers

        try:
            return func(*args, **kwargs)
        except BuildError as error:
            for line in f"error: {error}".splitlines():
                err.print(printable(line))
            sys.exit(EXIT_TOOL_FAILED)
        except OSError as error:
            err.print(printable(f"error: cannot write {error.filename or 'output'}: {error.strerror}"))
            sys.exit(EXIT_TOOL_FAILED)

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="gta-course")
def main() -> None:
    """Build the GTA 2025 prevention course: content pack -> tailored lessons -> Jupyter Book.

    \b
    Examples:
      gta-course build                       # the default course, into book/_build/html
      gta-course check --content my-pack     # validate your pack layered on the default
      gta-course schema > pack.schema.json   # JSON Schema for editor autocompletion
    """


@main.command()
@content_option
@max_file_size_option
@verbose_option
def check(content: tuple[Path, ...], max_file_size: int, verbose: bool) -> None:
    """Validate the content and report every problem at once (exit 2 if any).

    Checks the schema, references between ids, figures against facts, banned and
    victim-blaming words, sexual-extortion response steps, content notes and help,
    reading level, quizzes and timing.

    \b
    Example:
      gta-course check --content my-pack
    """
    loaded = checked_course(content, max_file_size, verbose, writes=False)
    course = loaded.course
    out.print(
        f"ok: {_count(len(course.lessons), 'lesson')}, {_count(len(course.modules), 'module')}, "
        f"{_count(len(course.audiences), 'audience')}, {_count(len(course.facts), 'fact')}; no problems found."
    )


@main.command()
@click.argument("folder", type=click.Path(path_type=Path))
def new(folder: Path) -> None:
    """Start a content pack in FOLDER: a commented course, audience and lesson, a README and a schema.

    The pack passes `check` as it is written; edit it from there.

    \b
    Example:
      gta-course new my-pack && gta-course check --content my-pack
    """
    from gta_course.build import write_if_changed
    from gta_course.scaffold import scaffold_files

    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        err.print(printable(f"error: {folder} already exists and is not an empty folder (hint: choose a new name)"))
        sys.exit(EXIT_BAD_INPUT)
    edition = load_course(resolve_packs(())).course.info.edition.isoformat()
    for name, data in scaffold_files(folder, edition).items():
        try:
            write_if_changed(folder / name, data)
        except OSError as error:
            err.print(printable(f"error: cannot write {error.filename or folder}: {error.strerror}"))
            sys.exit(EXIT_TOOL_FAILED)
        out.print(printable(f"wrote {folder / name}"))
    out.print(printable(f"Next: gta-course check --content {folder}"))


@main.command()
def schema() -> None:
    """Print the JSON Schema of a content file, for editor autocompletion and validation.

    \b
    Example:
      gta-course schema > pack.schema.json
    """
    click.echo(json.dumps(pack_file_schema(), indent=2, sort_keys=True))


@main.command()
@content_option
@country_option
@project_option
@max_file_size_option
@verbose_option
@friendly_errors
def generate(content: tuple[Path, ...], country: str | None, project: Path, max_file_size: int, verbose: bool) -> None:
    """Write the book's MyST sources and the exercise notebooks, without running Sphinx.

    Only files whose bytes change are written, atomically; stale generated files are removed.

    \b
    Example:
      gta-course generate --country US
    """
    from gta_course import build

    loaded = checked_course(content, max_file_size, verbose)
    chosen = pick_country(loaded, country)
    with build.progress(err) as progress:
        result = build.generate(loaded.course, project, chosen, progress, loaded.origins)
    out.print(result.summary())


@main.command(name="build")
@content_option
@country_option
@project_option
@click.option("--all", "rebuild_all", is_flag=True, help="Rebuild every page, not only the changed ones.")
@max_file_size_option
@verbose_option
@friendly_errors
def build_command(
    content: tuple[Path, ...], country: str | None, project: Path, rebuild_all: bool, max_file_size: int, verbose: bool
) -> None:
    """Generate the sources and build the HTML site (Sphinx, warnings are errors).

    With no options it builds the course shipped in the package into book/_build/html and
    prints the page to open. Unchanged pages are not rebuilt.

    \b
    Examples:
      gta-course build
      gta-course build --content my-pack --country CA
    """
    from gta_course import build

    loaded = checked_course(content, max_file_size, verbose)
    chosen = pick_country(loaded, country)
    with build.progress(err) as progress:
        result = build.generate(loaded.course, project, chosen, progress, loaded.origins)
        index = build.build_html(project, progress, full=rebuild_all)
    out.print(result.summary())
    out.print(f"Open the course: {printable(str(index.resolve()))}")


def rebuild_preview(content: tuple[Path, ...], country: str | None, project: Path, max_file_size: int) -> bool:
    """One rebuild for `serve`: problems are printed, not fatal, and leave the last good site served."""
    from gta_course import build

    loaded, error = find_problems(content, max_file_size)
    if error is not None:
        print_findings([*error.problems, *error.warnings])
        err.print(f"{_count(len(error.problems), 'problem')} found; still serving the last good site.")
        return False
    print_findings(list(loaded.warnings) if loaded else [])
    assert loaded is not None
    try:
        with build.progress(err) as progress:
            build.generate(loaded.course, project, pick_country(loaded, country), progress, loaded.origins)
            build.build_html(project, progress)
    except build.BuildError as failure:
        for line in f"error: {failure}".splitlines():
            err.print(printable(line))
        return False
    out.print("Rebuilt; reload the page.")
    return True


@main.command()
@content_option
@country_option
@project_option
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port on 127.0.0.1.")
@click.option(
    "--poll",
    "poll_seconds",
    type=click.FloatRange(min=0.1),
    default=1.0,
    show_default=True,
    metavar="SECONDS",
    help="How often to look for changed pack files.",
)
@max_file_size_option
@friendly_errors
def serve(
    content: tuple[Path, ...], country: str | None, project: Path, port: int, poll_seconds: float, max_file_size: int
) -> None:
    """Build the site, serve it on 127.0.0.1 and rebuild whenever a pack file changes.

    Problems are printed as they appear; the last good site stays served until they are fixed.
    Stop with Ctrl+C.

    \b
    Example:
      gta-course serve --content my-pack      # then open http://127.0.0.1:8000/
    """
    from gta_course import build
    from gta_course.serve import Watcher, start_server

    def rebuild() -> bool:
        return rebuild_preview(content, country, project, max_file_size)

    rebuild()
    try:
        server = start_server(project / build.BOOK / "_build" / "html", port)
    except OSError as error:
        err.print(printable(f"error: cannot serve on 127.0.0.1:{port}: {error.strerror} (hint: try --port 8001)"))
        sys.exit(EXIT_TOOL_FAILED)
    out.print(f"Serving the course at http://127.0.0.1:{server.server_address[1]}/ (Ctrl+C to stop)")
    watcher = Watcher([*resolve_packs(content)], rebuild, poll_seconds)
    try:
        watcher.run()
    except KeyboardInterrupt:
        out.print("Stopped.")
    finally:
        server.shutdown()
