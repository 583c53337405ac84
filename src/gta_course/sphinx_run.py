"""One Jupyter Book HTML build, run as its own process: `python -m gta_course.sphinx_run BOOK OUTPUT`.

Jupyter Book's own command spends a second on work this project never needs (its command-line
layer, a table-of-contents check our generator already guarantees) and has no option for
Sphinx's parallel jobs. This calls the same library function it calls, `build_sphinx`, with the
same configuration, so the site is the one `jupyter-book build` makes. It is a separate process
because Sphinx patches docutils' global tables and the command must survive whatever Sphinx does.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    """Build BOOK's HTML into OUTPUT/_build/html, warnings as errors; the exit code says how it went."""
    parser = argparse.ArgumentParser(prog="python -m gta_course.sphinx_run", description=__doc__.split("\n\n")[0])
    parser.add_argument("book", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument(
        "--all", action="store_true", help="a fresh environment: read and write every page, as jupyter-book build --all"
    )
    parser.add_argument("--jobs", type=int, default=1, help="Sphinx processes for reading and writing")
    args = parser.parse_args(argv)

    from jupyter_book.sphinx import build_sphinx  # imported here: --help should not wait for Sphinx

    book = args.book.resolve()
    result = build_sphinx(
        book,
        args.output.resolve() / "_build" / "html",
        use_external_toc=True,
        noconfig=True,
        path_config=str(book / "_config.yml"),
        confoverrides={"external_toc_path": (book / "_toc.yml").as_posix(), "latex_individualpages": False},
        builder="html",
        warningiserror=True,
        keep_going=True,
        freshenv=args.all,
        jobs=args.jobs,
    )
    if isinstance(result, BaseException):
        print(f"Sphinx failed: {type(result).__name__}: {result}", file=sys.stderr)
        return 1
    return int(result or 0)


if __name__ == "__main__":
    sys.exit(main())
