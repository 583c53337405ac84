"""The `gta-course` command: a thin layer that parses options and reports, nothing else.

Exit codes mean something: 0 done, 1 a tool failed (Sphinx), 2 the content or the options
are wrong. Content problems print one line each, `path:line: message (hint: ...)`, on stderr.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click
from rich.console import Console

from gta_course import __version__
from gta_course.content.checks import check_course
from gta_course.content.loader import LoadedCourse, load_course, resolve_packs
from gta_course.model import PackFile
from gta_course.problems import ContentError, Problem

F = TypeVar("F", bound=Callable[..., Any])
EXIT_TOOL_FAILED = 1
EXIT_BAD_INPUT = 2

err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)

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
project_option = click.option(
    "--project",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Folder holding _config.yml, book/ and exercises/.",
)


def report_problems(problems: list[Problem]) -> NoReturn:
    """Print problems one per line and stop with the bad-input exit code."""
    for problem in problems:
        err.print(str(problem), markup=False)
    noun = "problem" if len(problems) == 1 else "problems"
    err.print(f"{len(problems)} {noun} found; nothing was written.", markup=False)
    sys.exit(EXIT_BAD_INPUT)


def checked_course(content: tuple[Path, ...]) -> LoadedCourse:
    """Load and check the course, or report every problem and exit 2; no half-valid course goes on."""
    try:
        loaded = load_course(resolve_packs(content))
    except ContentError as error:
        report_problems(error.problems)
    problems = check_course(loaded)
    if problems:
        report_problems(problems)
    return loaded


def pick_country(loaded: LoadedCourse, country: str | None) -> str:
    """The reader's country, validated against the countries the course has help for."""
    chosen = (country or loaded.course.info.default_country).upper()
    if chosen not in loaded.course.info.countries:
        known = ", ".join(loaded.course.info.countries)
        err.print(f"--country: no help services for '{chosen}' (hint: use one of {known})", markup=False)
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
            err.print(f"error: {error}", markup=False)
            sys.exit(EXIT_TOOL_FAILED)
        except OSError as error:
            err.print(f"error: cannot write {error.filename or 'output'}: {error.strerror}", markup=False)
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
def check(content: tuple[Path, ...]) -> None:
    """Validate the content and report every problem at once (exit 2 if any).

    Checks the schema, references between ids, and, on each page as the reader sees it,
    figures against facts, banned and victim-blaming words, evidence advice that keeps the
    image out, reading level, content notes and help; then sexual-extortion response steps,
    quizzes, timing, children's participation, similarity between audiences and personas.
    Rules and examples: docs/writing-lessons.md.

    \b
    Example:
      gta-course check --content my-pack
    """
    loaded = checked_course(content)
    course = loaded.course
    out.print(
        f"ok: {len(course.lessons)} lessons, {len(course.modules)} modules, {len(course.audiences)} audiences, "
        f"{len(course.facts)} facts; no problems found.",
        markup=False,
    )


@main.command()
def schema() -> None:
    """Print the JSON Schema of a content file, for editor autocompletion and validation.

    \b
    Example:
      gta-course schema > pack.schema.json
    """
    document = PackFile.model_json_schema(by_alias=True)
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    document["title"] = "gta-course content file"
    click.echo(json.dumps(document, indent=2, sort_keys=True))


@main.command()
@content_option
@country_option
@project_option
@friendly_errors
def generate(content: tuple[Path, ...], country: str | None, project: Path) -> None:
    """Write the book's MyST sources and the exercise notebooks, without running Sphinx.

    Only files whose bytes change are written, atomically; stale generated files are removed.

    \b
    Example:
      gta-course generate --country US
    """
    from gta_course import build

    loaded = checked_course(content)
    chosen = pick_country(loaded, country)
    with build.progress(err) as progress:
        result = build.generate(loaded.course, project, chosen, progress)
    out.print(result.summary(), markup=False)


@main.command(name="build")
@content_option
@country_option
@project_option
@click.option("--all", "rebuild_all", is_flag=True, help="Rebuild every page, not only the changed ones.")
@friendly_errors
def build_command(content: tuple[Path, ...], country: str | None, project: Path, rebuild_all: bool) -> None:
    """Generate the sources and build the HTML site (Sphinx, warnings are errors).

    With no options it builds the course shipped in the package into book/_build/html and
    prints the page to open. Unchanged pages are not rebuilt.

    \b
    Examples:
      gta-course build
      gta-course build --content my-pack --country CA
    """
    from gta_course import build

    loaded = checked_course(content)
    chosen = pick_country(loaded, country)
    with build.progress(err) as progress:
        result = build.generate(loaded.course, project, chosen, progress)
        index = build.build_html(project, progress, full=rebuild_all)
    out.print(result.summary(), markup=False)
    out.print(f"Open the course: {index.resolve()}", markup=False)
