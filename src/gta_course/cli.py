"""The `gta-course` command: a thin layer that parses options and reports, nothing else.

Exit codes mean something: 0 done, 1 a tool failed (Sphinx), 2 the content or the options
are wrong. Content problems print one line each, `path:line: message (hint: ...)`, on stderr,
then one line counting them. Rich prints with markup, emoji and highlighting off, so a message
is never rewritten (`:100:` stays `:100:`), and adds colour only on a terminal.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable, Sequence
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click
from rich.console import Console

from gta_course import __version__
from gta_course.content.pack_files import DEFAULT_MAX_FILE_SIZE
from gta_course.problems import BuildError, ContentError, Problem, printable

if TYPE_CHECKING:  # the loader imports the model and its libraries: only commands that load import it
    from gta_course.content.loader import LoadedCourse
    from gta_course.last_build import LastBuild

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


paper_option = click.option(
    "--paper",
    type=click.Choice(["a4", "letter"]),
    default=None,
    help="Paper size. Default: letter for US and CA, A4 elsewhere.",
)
out_option = click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder to write the PDFs into.",
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


def find_problems(
    content: tuple[Path, ...], max_file_size: int, *, check: bool = True
) -> tuple[LoadedCourse | None, ContentError | None]:
    """The loaded course, or every problem in it: loading's and, on the parts that loaded, the checks'.

    With `check=False` a course that loads is returned unchecked, for a caller that runs the
    check itself (the build runs it beside Sphinx); a course that does not load is still
    checked, so its author sees every problem at once.
    """
    from gta_course.content.checks import check_course  # imported late: it renders pages, `schema` need not
    from gta_course.content.loader import CourseProblems, LoadedCourse, load_course, resolve_packs
    from gta_course.content.references import without_dangling

    try:
        loaded = load_course(resolve_packs(content), max_file_size)
    except CourseProblems as error:
        if error.loaded is not None:
            partial = error.loaded
            whole = LoadedCourse(
                without_dangling(partial.course), partial.origins, partial.warnings, partial.ignored, partial.replaced
            )
            error.problems = sorted(set(error.problems) | set(check_course(whole)))
        return None, error
    except ContentError as error:
        return None, error
    problems = check_course(loaded) if check else []
    if problems:
        return None, ContentError(problems, list(loaded.warnings), list(loaded.ignored))
    return loaded, None


def checked_course(
    content: tuple[Path, ...],
    max_file_size: int = DEFAULT_MAX_FILE_SIZE,
    verbose: bool = False,
    *,
    writes: bool = True,
    check: bool = True,
) -> LoadedCourse:
    """Load and check the course, or report every problem and exit 2; no half-valid course goes on.

    `check=False` leaves the content check to the caller (see find_problems).
    """
    loaded, error = find_problems(content, max_file_size, check=check)
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

    Checks the schema, references between ids, and, on each page as the reader sees it,
    figures against facts, banned and victim-blaming words, evidence advice that keeps the
    image out, reading level, content notes and help; then sexual-extortion response steps,
    quizzes, timing, children's participation, similarity between audiences and personas.
    Rules and examples: docs/writing-lessons.md.

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
    from gta_course.content.loader import load_course, resolve_packs
    from gta_course.files import write_if_changed
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
    from gta_course.schema import pack_file_schema

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
@click.option(
    "--pdf",
    "with_pdf",
    is_flag=True,
    help="Also export every PDF into book/downloads and link them from the pages (unchanged PDFs are skipped).",
)
@paper_option
@max_file_size_option
@verbose_option
@friendly_errors
def build_command(
    content: tuple[Path, ...],
    country: str | None,
    project: Path,
    rebuild_all: bool,
    with_pdf: bool,
    paper: str | None,
    max_file_size: int,
    verbose: bool,
) -> None:
    """Generate the sources and build the HTML site (Sphinx, warnings are errors).

    With no options it builds the course shipped in the package into book/_build/html and
    prints the page to open. Unchanged pages are not rebuilt. With --pdf it first exports the
    printable PDFs (handouts, guides, tip sheets, tracks, the course, workshop kits) into
    book/downloads; the pages link them as long as they match the content.

    \b
    Examples:
      gta-course build
      gta-course build --content my-pack --country CA
      gta-course build --pdf
    """
    from gta_course import last_build

    # Digested before anything is read for the build, so an edit made while it runs is seen next time.
    options = {"country": country or "", "max_file_size": str(max_file_size)}
    inputs = None if with_pdf else last_build.inputs_digest(content, project, options)
    done = None if rebuild_all or verbose else last_build.current(project, inputs)
    if done is None:
        printed, done = _build_site(content, country, project, rebuild_all, with_pdf, paper, max_file_size, verbose)
        last_build.remember(project, inputs, done)
    else:
        printed = done.lines
        for warning in done.warnings:
            err.print(warning)
    for line in printed:
        out.print(line)


def _build_site(
    content: tuple[Path, ...],
    country: str | None,
    project: Path,
    rebuild_all: bool,
    with_pdf: bool,
    paper: str | None,
    max_file_size: int,
    verbose: bool,
) -> tuple[tuple[str, ...], LastBuild]:
    """The whole build: load and check, PDFs if asked, generate, Sphinx.

    Returns what this run prints, and what a run with nothing changed would print, to be recorded.
    """
    from gta_course import build, pdf
    from gta_course.background_check import BackgroundCheck
    from gta_course.content.checks import check_course
    from gta_course.last_build import LastBuild
    from gta_course.layout import BOOK, DOWNLOADS

    # PDFs are written before the pages, so with --pdf the content is checked first; otherwise
    # the check runs beside generating and Sphinx, and nothing is published until it passes.
    loaded = checked_course(content, max_file_size, verbose, check=with_pdf)
    chosen = pick_country(loaded, country)
    checking = None if with_pdf else BackgroundCheck(lambda: check_course(loaded))
    downloads_folder = project / BOOK / DOWNLOADS
    if with_pdf:
        jobs = pdf.course_jobs(loaded.course, chosen)
        _print_jobs(jobs, downloads_folder, paper or pdf.paper_for(chosen), pdf.source_stamp(loaded.course, chosen))
    downloads = pdf.current_downloads(downloads_folder, loaded.course, chosen)
    with build.progress(err) as progress:
        result = build.generate(loaded.course, project, chosen, progress, loaded.origins, downloads)
        try:
            index = build.build_html(
                project, progress, full=rebuild_all, stop=checking.found_problems if checking else None
            )
        except build.Stopped:
            index = None
    problems = checking.problems() if checking else []
    if problems or index is None:
        build.undo(project, result)  # the last good sources, as the last good site was built from them
        report_problems(problems, loaded.warnings)
    opened = f"Open the course: {printable(str(index.resolve()))}"
    unchanged = build.GenerateResult(unchanged=len(result.written) + result.unchanged)
    again = LastBuild((unchanged.summary(), opened), tuple(str(warning) for warning in sorted(loaded.warnings)))
    return (result.summary(), opened), again


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
    except BuildError as failure:
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
    from gta_course.content.loader import resolve_packs
    from gta_course.layout import SITE_INDEX
    from gta_course.serve import Watcher, start_server

    def rebuild() -> bool:
        return rebuild_preview(content, country, project, max_file_size)

    rebuild()
    try:
        server = start_server(project / SITE_INDEX.parent, port)
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


audience_option = click.option(
    "--audience",
    "audiences",
    multiple=True,
    help="Only this track (an audience id such as parents; repeat for several). Default: every track.",
)
module_option = click.option("--module", default=None, help="Only this module's quiz (a module id). Default: all.")
output_option = click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("exports"),
    show_default=True,
    help="Folder to write the packages into.",
)


def export_options(func: F) -> F:
    """The options every export format takes, and short errors instead of tracebacks."""
    for option in (friendly_errors, module_option, audience_option, output_option, country_option, content_option):
        func = option(func)
    return func


@main.group()
def export() -> None:
    """Export the course: quizzes for learning management systems, and printable PDFs.

    One LMS package per track (or per chosen track and module), written only if its bytes
    change. docs/lms-export.md says how to import each into Moodle, Canvas, Blackboard
    and Brightspace; docs/printing.md describes the PDFs.

    \b
    Examples:
      gta-course export pdf                          # handouts, guides, tip sheets, tracks, course, kits
      gta-course export gift -o exports              # Moodle question bank, one .gift per track
      gta-course export qti21 --audience educators   # IMS QTI 2.1 content package
      gta-course export canvas --module digital-safety
      gta-course export cc                           # Common Cartridge 1.1 (.imscc)
    """


def _run_export(
    fmt: str,
    content: tuple[Path, ...],
    country: str | None,
    output: Path,
    audiences: tuple[str, ...],
    module: str | None,
) -> None:
    """Load, check and validate the choices, then write the packages of one format."""
    from gta_course import build_packages

    loaded = checked_course(content)
    course = loaded.course
    chosen = pick_country(loaded, country)
    unknown = [a for a in audiences if a not in course.audiences]
    if unknown:
        err.print(
            f"--audience: no track '{unknown[0]}' (hint: use one of {', '.join(sorted(course.audiences))})",
            markup=False,
        )
        sys.exit(EXIT_BAD_INPUT)
    if module is not None and module not in course.modules:
        err.print(
            f"--module: no module '{module}' (hint: use one of {', '.join(sorted(course.modules))})", markup=False
        )
        sys.exit(EXIT_BAD_INPUT)
    result = build_packages.export_packages(course, fmt, output, chosen, audiences, module)  # type: ignore[arg-type]
    if not result.written and not result.unchanged:
        err.print(
            "nothing to export: no lesson matches these choices (hint: check --audience and --module)", markup=False
        )
        sys.exit(EXIT_BAD_INPUT)
    for path in result.written:
        out.print(f"wrote {path}")
    out.print(result.summary())


@export.command("gift")
@export_options
def export_gift(
    content: tuple[Path, ...], country: str | None, output: Path, audiences: tuple[str, ...], module: str | None
) -> None:
    """Moodle GIFT: one .gift file per track for Moodle's question bank (Import > GIFT).

    A category per track and module, every question named, per-answer and general feedback,
    and each module's content note and help as a description.

    \b
    Example:
      gta-course export gift -o exports --audience parents
    """
    _run_export("gift", content, country, output, audiences, module)


@export.command("qti21")
@export_options
def export_qti21(
    content: tuple[Path, ...], country: str | None, output: Path, audiences: tuple[str, ...], module: str | None
) -> None:
    """IMS QTI 2.1 content package (zip): an item per question, a test per lesson.

    \b
    Example:
      gta-course export qti21 -o exports
    """
    _run_export("qti21", content, country, output, audiences, module)


@export.command("canvas")
@export_options
def export_canvas(
    content: tuple[Path, ...], country: str | None, output: Path, audiences: tuple[str, ...], module: str | None
) -> None:
    """Canvas Classic Quizzes: a QTI 1.2 zip in Canvas's own layout (Settings > Import > QTI .zip).

    \b
    Example:
      gta-course export canvas -o exports --audience educators
    """
    _run_export("canvas", content, country, output, audiences, module)


@export.command("cc")
@export_options
def export_cc(
    content: tuple[Path, ...], country: str | None, output: Path, audiences: tuple[str, ...], module: str | None
) -> None:
    """IMS Common Cartridge 1.1 (.imscc): the quizzes as cartridge assessments, with a help page.

    Moodle's and Brightspace's course imports, and Blackboard's, read cartridges.

    \b
    Example:
      gta-course export cc -o exports
    """
    _run_export("cc", content, country, output, audiences, module)


def _read_codes(arguments: tuple[str, ...]) -> tuple[list[Any], list[Problem]]:
    """Result codes from files (one or more per line; '#' starts a comment) and from the command line."""
    from gta_course.result_code import CodeError, decode

    codes, problems = [], []

    def read(token: str, where: str, line: int) -> None:
        try:
            codes.append(decode(token))
        except CodeError as error:
            problems.append(
                Problem(
                    where,
                    line,
                    f"'{token}' is not a result code: {error}",
                    "copy the code again from the learner's summary",
                )
            )

    for index, argument in enumerate(arguments, start=1):
        path = Path(argument)
        if path.is_file():
            try:
                lines = path.read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError) as error:
                problems.append(Problem(argument, 1, f"cannot read the file: {error}", "give a text file of codes"))
                continue
            for number, line in enumerate(lines, start=1):
                for token in line.split("#", 1)[0].replace(",", " ").split():
                    read(token, argument, number)
        else:
            read(argument, "argument", index)
    return codes, problems


@main.command()
@click.argument("codes", nargs=-1, required=True, metavar="FILE|CODE...")
@content_option
@click.option("--json", "as_json", is_flag=True, help="Print the tally as JSON instead of a table.")
def tally(codes: tuple[str, ...], content: tuple[Path, ...], as_json: bool) -> None:
    """Tally a group's knowledge-check result codes: before against after, question by question.

    Give codes on the command line or in text files (one or more per line). Any group of
    fewer than 5 codes, and any figure resting on fewer than 5 answers, is hidden, so no
    one's answers can be picked out. Codes that do not read are listed (exit 2), the rest
    are still counted.

    \b
    Examples:
      gta-course tally codes.txt
      gta-course tally PA-B1-2RXP-0QX PA-B1-0M3R-K7X ...
    """
    from dataclasses import asdict

    from gta_course.tally import form_for
    from gta_course.tally import tally as count

    course = checked_course(content).course
    decoded, problems = _read_codes(codes)
    known = []
    for code in decoded:
        if form_for(code, course) is None:
            problems.append(
                Problem(
                    "codes",
                    1,
                    f"no track '{code.track}' at form version {code.version} in this course",
                    "tally with the content the codes were made from",
                )
            )
        else:
            known.append(code)
    groups = count(known, course)
    if as_json:
        click.echo(json.dumps([asdict(g) for g in groups], indent=2))
    else:
        _print_tally(groups)
    for problem in problems:
        err.print(str(problem))
    if problems:
        err.print(f"{len(problems)} code{'s' if len(problems) != 1 else ''} not counted.")
        sys.exit(EXIT_BAD_INPUT)


def _rating(value: float | None) -> str:
    """A mean rating out of 4, or why there is none."""
    return "not shown" if value is None else f"{value:.1f}"


def _print_tally(groups: list[Any]) -> None:
    """The tally as tables a facilitator can read."""
    from rich.table import Table

    from gta_course.tally import MIN_GROUP

    if not groups:
        out.print("No result codes for this course's tracks.")
    for group in groups:
        counts = ", ".join(f"{group.counts[p]} {p}" for p in ("before", "after"))
        out.print(f"\n{group.track} (track {group.code}, form version {group.version}): {counts}")
        for phase in ("before", "after"):
            if group.counts[phase] and not group.shown[phase]:
                out.print(f"  {phase}: fewer than {MIN_GROUP} codes, not shown to protect privacy")

        def cell(share: Any) -> str:
            if share is None:
                return "not shown"
            if share.percent is None:
                return f"fewer than {MIN_GROUP} answers"
            sure = f", sure {share.confidence:.1f}/4" if share.confidence is not None else ""
            return f"{share.percent}% right of {share.answered}{sure}"

        table = Table("Question", "Before the course", "After the course", box=None, pad_edge=False)
        for item in group.items:
            table.add_row(f"{item.id} {item.prompt}", cell(item.before), cell(item.after))
        out.print(table)
        if group.shown["after"]:
            skills = Table("Skill (after the course, 1-4)", "Before this course", "Now", box=None, pad_edge=False)
            for skill in group.skills:
                skills.add_row(skill.can, _rating(skill.then), _rating(skill.now))
            out.print(skills)


def _bad_option(message: str) -> NoReturn:
    err.print(message, markup=False)
    sys.exit(EXIT_BAD_INPUT)


def _print_jobs(jobs: list[Any], output: Path, paper: str, source: str) -> None:
    """Render PDF jobs with a progress bar and print what happened."""
    from gta_course import build, pdf

    with build.progress(err) as bar:
        task = bar.add_task("Writing PDFs", total=len(jobs))
        try:
            result = pdf.export(jobs, output, paper, source, progress=lambda _path: bar.advance(task))  # type: ignore[arg-type]
        except pdf.PdfError as error:
            raise BuildError(f"PDF export failed: {error}") from error
    out.print(f"{result.summary()} In {output.resolve()}", markup=False)


@export.command(name="pdf")
@content_option
@country_option
@paper_option
@out_option
@click.option("--audience", default=None, help="Only this audience's lessons, track and kits.")
@click.option("--module", default=None, help="Only this module's lessons (both editions).")
@friendly_errors
def export_pdf(
    content: tuple[Path, ...],
    country: str | None,
    paper: str | None,
    output: Path | None,
    audience: str | None,
    module: str | None,
) -> None:
    """Write printable PDFs: per lesson a learner handout and a facilitator guide; per track a
    one-page tip sheet and the whole track; the whole course with contents and bookmarks; and
    45-, 90- and 180-minute workshop kits for every audience.

    PDFs are tagged (PDF/UA-1), state the country's help services, and are rewritten only when
    their content changes.

    \b
    Examples:
      gta-course export pdf
      gta-course export pdf --audience parents --country CA -o pdf-ca
      gta-course export pdf --module financial-sexual-extortion
    """
    from gta_course import pdf

    loaded = checked_course(content)
    course = loaded.course
    chosen = pick_country(loaded, country)
    if audience is not None and audience not in course.audiences:
        _bad_option(f"--audience: unknown audience '{audience}' (hint: use one of {', '.join(course.audiences)})")
    if module is not None and module not in course.modules:
        _bad_option(f"--module: unknown module '{module}' (hint: use one of {', '.join(course.modules)})")
    jobs = pdf.course_jobs(course, chosen, audience=audience, module=module)
    _print_jobs(jobs, output or Path("pdf"), paper or pdf.paper_for(chosen), pdf.source_stamp(course, chosen))


def _clock(value: str | None) -> dt.time | None:
    if value is None:
        return None
    try:
        return dt.datetime.strptime(value, "%H:%M").time()
    except ValueError:
        _bad_option(f"--start: '{value}' is not a time like 18:30 (hint: hours and minutes, 24-hour clock)")


@main.command()
@content_option
@country_option
@paper_option
@out_option
@click.option("--audience", required=True, help="Who the session is for (an audience id, such as parents).")
@click.option("--minutes", required=True, type=int, help="Length of the session; a multiple of 5.")
@click.option("--modules", default=None, help="Modules to teach, comma-separated, in order. Default: as many as fit.")
@click.option("--start", default=None, help="Start time (24-hour, e.g. 18:30) for clock times on the agenda.")
@click.option(
    "--sign-in/--no-sign-in",
    "sign_in",
    default=None,
    help="Include a sign-in sheet (first names only). Default: yes, except for under-18 audiences.",
)
@friendly_errors
def workshop(
    content: tuple[Path, ...],
    country: str | None,
    paper: str | None,
    output: Path | None,
    audience: str,
    minutes: int,
    modules: str | None,
    start: str | None,
    sign_in: bool | None,
) -> None:
    """Plan one workshop that fits exactly MINUTES and write its kit as PDFs.

    The plan keeps the frame (welcome and ground rules, content note, and a help-and-safety
    close, always last), keeps each lesson together with the activities that practise its
    objectives, and gives sessions of 150 minutes or more a 15-minute break inside minutes 75
    to 105. It writes the kit (agenda, run sheet, checklist, sign-in sheet), the facilitator
    guides and the participant handouts. If nothing fits, it says why and shows the nearest
    plan (exit 2).

    \b
    Examples:
      gta-course workshop --audience parents --minutes 90 --start 18:30
      gta-course workshop --audience educators --minutes 45 --modules financial-sexual-extortion
    """
    from gta_course import pdf
    from gta_course.render.print_html import PrintContext
    from gta_course.workshop import PlanningError, plan_workshop

    loaded = checked_course(content)
    course = loaded.course
    chosen = pick_country(loaded, country)
    if audience not in course.audiences:
        _bad_option(f"--audience: unknown audience '{audience}' (hint: use one of {', '.join(course.audiences)})")
    wanted = [m.strip() for m in modules.split(",") if m.strip()] if modules else None
    try:
        plan = plan_workshop(course, audience, minutes, country=chosen, modules=wanted, start=_clock(start))
    except PlanningError as error:
        for blocker in error.blockers:
            err.print(f"cannot plan a {minutes}-minute session: {blocker}", markup=False)
        if error.nearest is not None:
            err.print(f"nearest plan: {error.nearest.minutes} minutes", markup=False)
            _print_agenda(error.nearest, err)
        sys.exit(EXIT_BAD_INPUT)
    _print_agenda(plan, out)
    jobs = pdf.workshop_jobs(plan, PrintContext(course, chosen), sign_in)
    _print_jobs(jobs, output or Path("workshop"), paper or pdf.paper_for(chosen), pdf.source_stamp(course, chosen))


def _print_agenda(plan: Any, console: Console) -> None:
    """The agenda as text, one segment a line, with clock times when the plan has a start."""
    for segment in plan.segments:
        clock = f"{plan.clock(segment.start)}  " if plan.start else ""
        console.print(f"  {clock}{segment.start:>3}  {segment.minutes:>3} min  {segment.title}", markup=False)
