"""What a build costs, beside raw Sphinx, and how the cost grows: ratios measured in one run.

A noisy machine drifts over minutes, so every figure is a ratio of two things measured in the
same run, alternating, and each is the median of several runs. Only public tools are used:
`time.perf_counter` for wall time and `/usr/bin/time -v` for CPU time and peak memory.

    .venv/bin/python benchmarks/run.py            # full run (about 40 minutes on 2 cores)
    .venv/bin/python benchmarks/run.py --quick    # one run each, scale to 200 pages (under 5 minutes)

Run from the repository root with the project installed (README). Prints each ratio and the
scaling table; docs/benchmarks.md holds the latest full run.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
GTA = str(BIN / "gta-course")
DEFAULT_PACK = REPO / "src" / "gta_course" / "packs" / "default"
EDITED_LESSON = DEFAULT_PACK / "lessons" / "digital-safety" / "parents.yaml"


@dataclass
class Run:
    """One timed command: wall seconds, CPU seconds of its whole process tree, and the peak
    resident memory of the tree's largest process.

    CPU time is reported beside wall time because on a shared machine the wall clock also
    measures the neighbours; the work a page costs shows in CPU seconds either way.
    """

    seconds: float
    peak_mb: float
    cpu_seconds: float


def timed(command: list[str], cwd: Path) -> Run:
    """Run a command to completion; wall time by perf_counter, peak memory by /usr/bin/time -v."""
    wrapper = ["/usr/bin/time", "-v"] if Path("/usr/bin/time").exists() else []
    start = time.perf_counter()
    done = subprocess.run([*wrapper, *command], cwd=cwd, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"benchmark command failed ({done.returncode}): {' '.join(command)}\n{done.stdout}\n{done.stderr}")
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    cpu = [float(m) for m in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", done.stderr)]
    return Run(seconds, int(peak.group(1)) / 1024 if peak else float("nan"), sum(cpu) if cpu else float("nan"))


def project(root: Path, name: str) -> Path:
    """An empty project folder with the repository's Jupyter Book config."""
    folder = root / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    shutil.copy(REPO / "_config.yml", folder / "_config.yml")
    return folder


def raw_sphinx(folder: Path) -> list[str]:
    """sphinx-build on the same generated sources, with the conf.py Jupyter Book would use."""
    subprocess.run([str(BIN / "jupyter-book"), "config", "sphinx", "book"], cwd=folder, capture_output=True, check=True)
    return [str(BIN / "sphinx-build"), "-q", "-E", "-b", "html", "book", str(folder / "raw-html")]


def median(runs: list[Run]) -> Run:
    """The median of wall and CPU times, and the highest peak."""
    return Run(
        statistics.median(r.seconds for r in runs),
        max(r.peak_mb for r in runs),
        statistics.median(r.cpu_seconds for r in runs),
    )


def alternate(n: int, *steps: Callable[[], Run]) -> list[Run]:
    """Run each step n times, interleaved (a, b, a, b ...), so drift affects both alike."""
    results: list[list[Run]] = [[] for _ in steps]
    for _ in range(n):
        for index, step in enumerate(steps):
            results[index].append(step())
    return [median(r) for r in results]


def edit_pack(root: Path, marker: str) -> Path:
    """An overlay that changes one sentence of one lesson: what an author's edit costs."""
    pack = root / "edit-pack"
    pack.mkdir(exist_ok=True)
    text = EDITED_LESSON.read_text(encoding="utf-8")
    (pack / "lesson.yaml").write_text(text.replace("    body: |\n", f"    body: |\n      {marker}\n\n", 1), "utf-8")
    return pack


class PlainDumper(yaml.SafeDumper):
    """YAML without anchors and aliases, which packs refuse: copied modules share their lists."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def synthetic_pack(root: Path, lessons: int) -> Path:
    """A pack of about `lessons` lesson pages: the default modules copied under new ids and numbers."""
    pack = root / "packs" / f"scale-{lessons}"
    shutil.rmtree(pack, ignore_errors=True)
    (pack / "lessons").mkdir(parents=True)
    modules = yaml.safe_load((DEFAULT_PACK / "modules.yaml").read_text(encoding="utf-8"))["modules"]
    per_copy = len(list((DEFAULT_PACK / "lessons").rglob("*.yaml")))
    copies = max(0, round(lessons / per_copy) - 1)
    extra = []
    for copy in range(1, copies + 1):
        for module in modules:
            extra.append({**module, "id": f"{module['id']}-{copy}", "number": module["number"] + 100 * copy})
            for path in sorted((DEFAULT_PACK / "lessons" / module["id"]).glob("*.yaml")):
                text = path.read_text(encoding="utf-8").replace(
                    f"module: {module['id']}", f"module: {module['id']}-{copy}"
                )
                (pack / "lessons" / f"{module['id']}-{copy}-{path.name}").write_text(text, encoding="utf-8")
    (pack / "modules.yaml").write_text(yaml.dump({"modules": extra}, Dumper=PlainDumper, sort_keys=False), "utf-8")
    return pack


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="one run of each, scale to 200 pages (under 5 minutes)")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median); at least 3 for docs")
    parser.add_argument("--scale", default="60,200,1000,2000", help="lesson pages of the synthetic packs")
    parser.add_argument("--scale-only", action="store_true", help="only the scaling table, not the ratios")
    args = parser.parse_args()
    runs = 1 if args.quick else args.runs
    scales = [60, 200] if args.quick else [int(n) for n in args.scale.split(",")]
    root = Path(tempfile.mkdtemp(prefix="gta-bench-"))
    env_note = f"{platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print(f"machine: {env_note}; runs per figure: {runs} (median)", flush=True)

    if not args.scale_only:
        measure_ratios(root, runs)
    measure_scaling(root, runs, scales)
    shutil.rmtree(root, ignore_errors=True)


def measure_ratios(root: Path, runs: int) -> None:
    """The default course: full build beside raw Sphinx, no-change, one-lesson edit, generate, PDFs."""
    full = project(root, "full")
    raw = project(root, "raw")
    subprocess.run([GTA, "generate", "--project", str(raw)], check=True, capture_output=True)
    raw_command = raw_sphinx(raw)

    def full_build() -> Run:
        shutil.rmtree(full / "book", ignore_errors=True)
        return timed([GTA, "build", "--project", str(full)], cwd=full)

    def raw_build() -> Run:
        shutil.rmtree(raw / "raw-html", ignore_errors=True)
        return timed(raw_command, cwd=raw)

    build_run, raw_run = alternate(runs, full_build, raw_build)
    nochange = median([timed([GTA, "build", "--project", str(full)], cwd=full) for _ in range(runs)])
    edits = []
    for index in range(runs * 2):
        pack = edit_pack(root, f"Benchmark edit {index}.")
        run = timed([GTA, "build", "--project", str(full), "--content", str(pack)], cwd=full)
        if index:  # the first build with the overlay is a navigation change, not an edit
            edits.append(run)
    edit = median(edits)

    gen = project(root, "generate")

    def generate_only() -> Run:
        shutil.rmtree(gen / "book", ignore_errors=True)
        shutil.rmtree(gen / "exercises", ignore_errors=True)
        return timed([GTA, "generate", "--project", str(gen)], cwd=gen)

    generate_run = median([generate_only() for _ in range(runs)])
    rows = [
        ("full build ÷ raw sphinx-build", build_run.seconds / raw_run.seconds, "≤ 1.05"),
        ("no-change rebuild ÷ full", nochange.seconds / build_run.seconds, "≤ 0.02"),
        ("one-lesson edit ÷ full", edit.seconds / build_run.seconds, "≤ 0.10"),
        ("generate alone ÷ full", generate_run.seconds / build_run.seconds, "none"),
    ]
    pdf_help = subprocess.run([GTA, "export", "pdf", "--help"], capture_output=True, check=False)
    if pdf_help.returncode == 0:
        out = root / "pdf"
        pdf = median([timed([GTA, "export", "pdf", "-o", str(out / str(i))], cwd=full) for i in range(runs)])
        rows.append(("all PDFs ÷ HTML build", pdf.seconds / build_run.seconds, "≤ 0.5"))
    print(
        f"\nfull build {build_run.seconds:.1f} s, raw sphinx-build {raw_run.seconds:.1f} s, "
        f"no-change {nochange.seconds:.2f} s, one-lesson edit {edit.seconds:.1f} s, generate {generate_run.seconds:.1f} s"
    )
    print("\n| figure | measured | target |\n| --- | --- | --- |")
    for name, value, target in rows:
        print(f"| {name} | {value:.3f} | {target} |", flush=True)


def measure_scaling(root: Path, runs: int, scales: list[int]) -> None:
    """Synthetic packs of growing size: wall time, wall and CPU time per page, and peak memory of each cold build."""
    print("\n| lessons asked | lesson pages | all pages | wall s | s per page | CPU s per page | peak MB |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    per_page: dict[int, float] = {}
    cpu_per_page: dict[int, float] = {}
    peak_mb: dict[int, float] = {}
    for lessons in scales:
        pack = synthetic_pack(root, lessons)
        folder = project(root, f"scale-{lessons}")
        command = [GTA, "build", "--project", str(folder), "--content", str(pack)]

        def cold(folder: Path = folder, command: list[str] = command) -> Run:
            shutil.rmtree(folder / "book", ignore_errors=True)
            return timed(command, cwd=folder)

        result = median([cold() for _ in range(1 if lessons >= 1000 else runs)])
        pages = len(list((folder / "book").rglob("*.md")))
        notebooks = len(list((folder / "exercises").rglob("*.ipynb")))
        per_page[lessons] = result.seconds / pages
        cpu_per_page[lessons] = result.cpu_seconds / pages
        peak_mb[lessons] = result.peak_mb
        print(
            f"| {lessons} | {notebooks} | {pages} | {result.seconds:.1f} | {per_page[lessons]:.3f} "
            f"| {cpu_per_page[lessons]:.3f} | {result.peak_mb:.0f} |",
            flush=True,
        )
        shutil.rmtree(folder, ignore_errors=True)
    if 2000 in per_page and 200 in per_page:
        print(
            f"\nper-page time at 2,000 ÷ per-page at 200: {per_page[2000] / per_page[200]:.2f} (target ≤ 1.2); "
            f"CPU time: {cpu_per_page[2000] / cpu_per_page[200]:.2f}"
        )
    if 2000 in peak_mb:
        print(f"peak memory at 2,000: {peak_mb[2000]:.0f} MB, largest process (target ≤ 2 GB)")


if __name__ == "__main__":
    main()
