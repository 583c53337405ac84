"""How long all the PDFs of the default course take, beside the HTML build, on this machine.

Runs alternate (HTML build, PDF export, HTML build, ...) so a noisy machine's drift touches both
alike, and each figure is the median of the runs. CPU seconds (this process and its children,
from `resource`) are reported beside wall time: on a shared machine the wall clock mostly
measures the neighbours. Usage:

    .venv/bin/python benchmarks/pdf_export.py [--runs 3]

Measured: a full HTML build (`gta-course build --all` in a fresh project), a cold export of every
PDF (`gta-course export pdf` into an empty folder), a no-change export, and a one-lesson edit.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
COMMAND = [str(Path(sys.executable).parent / "gta-course")]


def cpu() -> float:
    """CPU seconds used so far by this process and the children it waited for."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(action: Callable[[], None]) -> tuple[float, float]:
    """Wall and CPU seconds of one action."""
    wall, used = time.perf_counter(), cpu()
    action()
    return time.perf_counter() - wall, cpu() - used


def run(*args: str, cwd: Path) -> None:
    subprocess.run([*COMMAND, *args], cwd=cwd, check=True, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    work = Path(tempfile.mkdtemp(prefix="gta-bench-"))
    shutil.copy(REPO / "_config.yml", work / "_config.yml")
    edit = work / "edit"
    (edit / "lessons").mkdir(parents=True)
    lesson = (REPO / "src/gta_course/packs/default/lessons/threat-landscape/parents.yaml").read_text(encoding="utf-8")
    (edit / "lessons" / "parents.yaml").write_text(
        lesson.replace("objectives:\n  - ", "objectives:\n  - In this session, ", 1), encoding="utf-8"
    )
    figures: dict[str, list[tuple[float, float]]] = {"html": [], "pdf": [], "pdf-unchanged": [], "pdf-one-edit": []}
    run("generate", cwd=work)
    for _ in range(runs):
        figures["html"].append(timed(lambda: run("build", "--all", cwd=work)))
        shutil.rmtree(work / "pdf", ignore_errors=True)
        figures["pdf"].append(timed(lambda: run("export", "pdf", "-o", "pdf", cwd=work)))
        figures["pdf-unchanged"].append(timed(lambda: run("export", "pdf", "-o", "pdf", cwd=work)))
        figures["pdf-one-edit"].append(timed(lambda: run("export", "pdf", "-o", "pdf", "--content", "edit", cwd=work)))
    shutil.rmtree(work, ignore_errors=True)
    html_wall = statistics.median(w for w, _ in figures["html"])
    html_cpu = statistics.median(c for _, c in figures["html"])
    print(f"median of {runs} alternating runs; ratios are to the full HTML build")
    print(f"{'figure':<16}{'wall s':>9}{'cpu s':>9}{'wall ratio':>12}{'cpu ratio':>11}")
    for name, values in figures.items():
        wall = statistics.median(w for w, _ in values)
        used = statistics.median(c for _, c in values)
        print(f"{name:<16}{wall:>9.1f}{used:>9.1f}{wall / html_wall:>12.2f}{used / html_cpu:>11.2f}")


if __name__ == "__main__":
    main()
