"""A seeded mutation fuzzer: the default pack, mutated as a careless or hostile author might.

Every case asserts the promise of issue 14: exit 0 or 2, no traceback, every stderr line
`path:line: ...` (or the count), no hang, nothing read from outside the pack (an audit hook
watches every `open` and folder listing), no text of an outside file in the output; and for
the build cases, no live markup in the HTML and the last good site untouched when the build
is refused.

Five families of mutation: editor slips in the YAML text (lines lost, doubled, mis-indented,
odd characters and bytes, impossible dates, huge numbers), hostile values (markup, scripts,
remote images, dangerous directives, bad URLs), files a pack must not use (outside it, pipes,
devices, links out and loops, huge files, odd names), alias bombs and deep nesting, and markup
in plain-text fields (valid content that must show as text).

The default run is a few dozen cases on a trimmed copy of the pack (one module's lessons), run
in-process with only that pack, so it takes seconds. `pytest -m fuzz` runs the long version:
`GTA_FUZZ_CASES` cases (default 300) from seed `GTA_FUZZ_SEED`, a share of them through the real
command in a subprocess with the whole default course layered underneath, and some through
`build`.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import REPO, assert_no_live_markup, deadline, report_of
from gta_course import cli
from gta_course.content import loader
from gta_course.content.loader import default_pack

SECRET = "CANARY-7f3a91-outside-text"  # in every file outside the pack; must never be printed
KEPT_MODULE = "threat-landscape"  # the trimmed pack keeps this module's lessons
QUICK_CASES = 30
LONG_CASES = int(os.environ.get("GTA_FUZZ_CASES", "300"))
LONG_SEED = int(os.environ.get("GTA_FUZZ_SEED", "1000"))
TIME_LIMIT = 30  # seconds; a case that needs more has hung (a pipe, an alias bomb)
BUILD_TIME_LIMIT = 900  # a full Sphinx build of the course, on a shared 2-core machine
HOSTILE_TEXT = [
    "<script>alert(1)</script>",
    '<img src="https://evil.example/x.png" onerror="alert(1)">',
    "[click me](javascript:alert(1))",
    "![tracker](https://evil.example/pixel.png)",
    "{raw}`<b>alert(1)</b>`",
    "```{raw} html\n<script>alert(1)</script>\n```",
    ":::{raw} html\n<script>alert(1)</script>\n:::",
    '<iframe src="https://www.youtube.com/embed/x"></iframe>',
    "```{include} /etc/passwd\n```",
    "```{eval-rst}\n.. raw:: html\n\n   <script>alert(1)</script>\n```",
    "See {ref}`no-such-label`.",
    ":::{nosuch-directive}\nx\n:::",
    "{math}`x^2`",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    'https://example.org/"><script>alert(1)</script>',
    "javascript:alert(1)",
    "Text \x1b[31mred\x1b[0m and a bell \x07",
    "line one\nline two\n# a heading?\n- a list?",
    "&lt;script&gt;alert(1)&lt;/script&gt; & \\ ` * _ { } [ ] | ~",
]
HOSTILE_CHARACTERS = ["\x1b", "\x00", "\x07", "\uffff", "\t", "\u202e", ":", "[", "{", '"', "'", "&a ", "*a", "\\"]


# ---------------------------------------------------------------- watching what is read


@dataclass
class Audit:
    """Paths opened or listed while a case runs; the hook stays installed, this switches it."""

    active: bool = False
    paths: list[str] | None = None


AUDIT = Audit()


def _audit_hook(event: str, args: tuple[object, ...]) -> None:
    """Record every file opened and folder listed while a case runs (audit hooks cannot be removed)."""
    if AUDIT.active and AUDIT.paths is not None and event in ("open", "os.scandir", "os.listdir") and args:
        path = args[0]
        if isinstance(path, str | bytes | os.PathLike):
            AUDIT.paths.append(os.fsdecode(path))


sys.addaudithook(_audit_hook)


def allowed_roots(pack: Path, extra: tuple[Path, ...] = ()) -> list[str]:
    """Where a run may read: the pack, the package (and the default pack in it), Python itself."""
    import gta_course

    roots = [pack, Path(gta_course.__file__).parent, Path(sys.prefix), Path(sys.base_prefix), default_pack(), *extra]
    return [os.path.realpath(root) for root in roots] + ["/dev/null", "/dev/tty", "/dev/urandom"]


def outside_reads(paths: list[str], pack: Path, extra: tuple[Path, ...] = ()) -> list[str]:
    """The recorded paths that lie outside everything a run may read.

    Python's import system lists the folders on its path (the working folder among them) when
    it starts; listing exactly those is allowed, reading anything in them is not.
    """
    import gta_course

    roots = allowed_roots(pack, extra)
    import_folders = {os.path.realpath(os.getcwd()), os.path.realpath(Path(gta_course.__file__).parents[1])}
    bad = []
    for path in paths:
        try:
            real = os.path.realpath(path)
        except (ValueError, OSError):
            continue  # a name with NUL: the open failed before reading anything
        if real not in import_folders and not any(real == r or real.startswith(r.rstrip("/") + "/") for r in roots):
            bad.append(real)
    return bad


# ---------------------------------------------------------------- mutations


def yaml_files(pack: Path) -> list[Path]:
    """The pack's YAML files, in a stable order, so a seed always picks the same one."""
    return sorted(p for p in pack.rglob("*.yaml") if p.is_file() and not p.is_symlink())


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


def mutate_yaml_text(rng: random.Random, pack: Path, outside: Path) -> str:
    """Break a file the way an editor slip does: lines lost, doubled, moved, mis-indented, odd characters."""
    path = rng.choice(yaml_files(pack))
    lines = _lines(path)
    index = rng.randrange(len(lines))
    operation = rng.choice(
        ["delete", "duplicate", "swap", "indent", "dedent", "character", "truncate", "number", "date", "bytes"]
    )
    if operation == "delete":
        del lines[index]
    elif operation == "duplicate":
        lines.insert(index, lines[index])
    elif operation == "swap":
        other = rng.randrange(len(lines))
        lines[index], lines[other] = lines[other], lines[index]
    elif operation == "indent":
        lines[index] = " " * rng.randint(1, 3) + lines[index]
    elif operation == "dedent":
        lines[index] = lines[index].lstrip(" ")
    elif operation == "character":
        line = lines[index]
        at = rng.randrange(len(line) + 1)
        lines[index] = line[:at] + rng.choice(HOSTILE_CHARACTERS) + line[at:]
    elif operation == "truncate":
        lines = lines[:index]
    elif operation in ("number", "date"):
        text = "".join(lines)
        pattern = r"\b\d+\b" if operation == "number" else r"\b\d{4}-\d\d-\d\d\b"
        found = list(re.finditer(pattern, text))
        if found:
            match = rng.choice(found)
            new = "9" * 5000 if operation == "number" else rng.choice(["2026-02-30", "2026-13-45", "0000-00-00"])
            text = text[: match.start()] + new + text[match.end() :]
        path.write_text(text, encoding="utf-8")
        return f"{operation} in {path.name}"
    elif operation == "bytes":
        data = bytearray("".join(lines).encode("utf-8"))
        data.insert(rng.randrange(len(data) + 1), rng.choice([0xFF, 0xC3, 0x80, 0xFE]))
        path.write_bytes(bytes(data))
        return f"bytes in {path.name}"
    path.write_text("".join(lines), encoding="utf-8")
    return f"{operation} line {index + 1} of {path.name}"


SCALAR = re.compile(r"^(?P<lead>\s*(?:- )?[a-z_]+: )(?P<value>[^|>\n][^\n]*)$", re.MULTILINE)


def hostile_value(rng: random.Random, pack: Path, outside: Path) -> str:
    """Replace a value (a title, a URL, a body line) with text that would be markup or worse."""
    path = rng.choice(yaml_files(pack))
    text = path.read_text(encoding="utf-8")
    hostile = rng.choice(HOSTILE_TEXT)
    block = re.search(r"^( +)body: \|\n", text, re.MULTILINE)
    if block and rng.random() < 0.5:
        indent = block.group(1) + "  "
        inserted = "".join(f"{indent}{line}\n" for line in hostile.splitlines()) + "\n"
        text = text[: block.end()] + inserted + text[block.end() :]
    else:
        found = list(SCALAR.finditer(text))
        if not found:
            return f"no scalar in {path.name}"
        match = rng.choice(found)
        text = text[: match.start("value")] + json.dumps(hostile) + text[match.end("value") :]
    path.write_text(text, encoding="utf-8")
    return f"{hostile!r} in {path.name}"


def _replace_a_body(rng: random.Random, pack: Path, target: str) -> str:
    """Turn one section's inline body into `body_file: target`."""
    lessons = sorted((pack / "lessons").rglob("*.yaml"))
    path = rng.choice(lessons)
    lines = _lines(path)
    starts = [i for i, line in enumerate(lines) if line.strip() == "body: |"]
    start = rng.choice(starts)
    indent = len(lines[start]) - len(lines[start].lstrip())
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > indent):
        end += 1
    lines[start:end] = [" " * indent + f"body_file: {json.dumps(target)}\n"]
    path.write_text("".join(lines), encoding="utf-8")
    return f"body_file {target!r} in {path.name}"


def filesystem(rng: random.Random, pack: Path, outside: Path) -> str:
    """Files a pack should not be able to use: outside it, special, huge, looping, oddly named."""
    secret = outside / "secret.md"
    choice = rng.randrange(16)
    if choice == 0:
        return _replace_a_body(rng, pack, os.path.relpath(secret, pack / "lessons" / KEPT_MODULE))
    if choice == 1:
        return _replace_a_body(rng, pack, rng.choice([str(secret), "/etc/passwd", "/proc/self/environ", "/dev/zero"]))
    if choice == 2:
        os.mkfifo(pack / "lessons" / KEPT_MODULE / "pipe.md")
        return _replace_a_body(rng, pack, "pipe.md")
    if choice == 3:
        (pack / "lessons" / KEPT_MODULE / "link.md").symlink_to(secret)
        return _replace_a_body(rng, pack, "link.md")
    if choice == 4:
        (pack / "lessons" / KEPT_MODULE / "big.md").write_text("word " * 300_000, encoding="utf-8")
        return _replace_a_body(rng, pack, "big.md")
    if choice == 5:
        return _replace_a_body(rng, pack, rng.choice(["a\0b.md", "missing.md", "../../../../etc/hostname", ""]))
    if choice == 6:
        os.mkfifo(pack / "pipe.yaml")
        return "a named pipe as a content file"
    if choice == 7:
        (outside / "secret.yaml").write_text(f"course:\n  title: {SECRET}\n", encoding="utf-8")
        (pack / "evil.yaml").symlink_to(outside / "secret.yaml")
        return "a content file linked to outside"
    if choice == 8:
        (pack / "a.yaml").symlink_to("b.yaml")
        (pack / "b.yaml").symlink_to("a.yaml")
        return "a symlink loop"
    if choice == 9:
        (outside / "more.yaml").write_text(f"facts:\n- id: x\n  text: {SECRET}\n", encoding="utf-8")
        (pack / "more").symlink_to(outside, target_is_directory=True)
        return "a folder linked to outside"
    if choice == 10:
        (pack / "again").symlink_to("lessons", target_is_directory=True)
        (pack / "lessons" / "up").symlink_to("..", target_is_directory=True)
        return "folders linked inside the pack, one of them a loop"
    if choice == 11:
        path = rng.choice(yaml_files(pack))
        path.rename(path.with_name(path.stem + rng.choice(["\n", "\x1b[31m", "\u202e", " :100: "]) + ".yaml"))
        return "a file name with a control character"
    if choice == 12:
        name = rng.choice(["empty.yaml", "comments.yaml", ".DS_Store", "notes.txt", "modules.yaml~"])
        (pack / name).write_text("" if name == "empty.yaml" else "# nothing\n", encoding="utf-8")
        return f"an extra {name}"
    if choice == 13:
        (pack / "huge.yaml").write_text("# " + "x" * 1_100_000 + "\n", encoding="utf-8")
        return "a content file over the size cap"
    if choice == 14:
        lesson = rng.choice(sorted((pack / "lessons").rglob("*.yaml")))
        (lesson.parent / "picture.png").write_bytes(b"<svg onload='alert(1)'/>")
        text = lesson.read_text(encoding="utf-8").replace(
            "    body: |\n", "    body: |\n      ![A picture](picture.png)\n\n", 1
        )
        lesson.write_text(text, encoding="utf-8")
        return "an image that is not what its name says"
    body = "A short body with a {ref}`label-that-is-not-there` and <b>HTML</b>.\n"
    (pack / "lessons" / KEPT_MODULE / "body.md").write_text(body, encoding="utf-8")
    return _replace_a_body(rng, pack, "body.md")


def yaml_bomb(rng: random.Random, pack: Path, outside: Path) -> str:
    """Alias expansion and nesting that would run out of time or memory if expanded."""
    choice = rng.randrange(3)
    if choice == 0:
        depth = rng.randint(3, 10)
        lines = ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
        lines += [f"l{i}: &l{i} [" + ",".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, depth)]
        (pack / "bomb.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        return f"billion laughs, {depth} levels"
    if choice == 1:
        depth = rng.choice([65, 200, 999, 5000])
        (pack / "deep.yaml").write_text("facts: " + "[" * depth + "]" * depth + "\n", encoding="utf-8")
        return f"nesting {depth} deep"
    path = rng.choice(yaml_files(pack))
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^(\s*- )(id|module): ", r"\1\2: &anchor ", text, count=1, flags=re.MULTILINE)
    path.write_text(text + "extra: *anchor\n", encoding="utf-8")
    return f"an alias in {path.name}"


PLAIN_KEY = re.compile(
    r"^(?P<lead>\s*(?:- )?(?:title|subtitle|name|purpose|summary|who|needs|description|publisher): )"
    r"(?P<value>[^|>\n][^\n]*)$",
    re.MULTILINE,
)


def hostile_plain_text(rng: random.Random, pack: Path, outside: Path) -> str:
    """Markup in a plain-text field (a title, a name): valid content, which must show as text."""
    files = [p for p in yaml_files(pack) if "lessons" not in p.parts and PLAIN_KEY.search(p.read_text("utf-8"))]
    path = rng.choice(files)
    text = path.read_text(encoding="utf-8")
    match = rng.choice(list(PLAIN_KEY.finditer(text)))
    hostile = rng.choice([h for h in HOSTILE_TEXT if h.isprintable()])
    path.write_text(text[: match.start("value")] + json.dumps(f"Text {hostile}") + text[match.end("value") :], "utf-8")
    return f"{hostile!r} in {path.name}, line {text.count(chr(10), 0, match.start()) + 1}"


Mutation = Callable[[random.Random, Path, Path], str]
FAMILIES: list[Mutation] = [mutate_yaml_text, hostile_value, filesystem, yaml_bomb, hostile_plain_text]


@dataclass(frozen=True)
class Case:
    """One mutated pack: where it is, what was done to it (for the failure message)."""

    seed: int
    pack: Path
    what: str


def make_case(seed: int, base: Path, work: Path, family: Mutation | None = None) -> Case:
    """Copy the base pack and apply the mutation the seed picks; the same seed, the same pack."""
    rng = random.Random(seed)
    pack = work / "pack"
    shutil.copytree(base, pack, symlinks=True)
    outside = work / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text(f"{SECRET}\nroot:x:0:0:root:/root:/bin/bash 102 103\n", encoding="utf-8")
    family = family or FAMILIES[seed % len(FAMILIES)]
    what = family(rng, pack, outside)
    return Case(seed, pack, f"seed {seed}, {family.__name__}: {what}")


@pytest.fixture(scope="session")
def trimmed_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default pack with one module's lessons: a whole course, checked in a fraction of the time."""
    pack = tmp_path_factory.mktemp("fuzz-base") / "default"
    shutil.copytree(default_pack(), pack)
    for folder in (pack / "lessons").iterdir():
        if folder.name != KEPT_MODULE:
            shutil.rmtree(folder)
    return pack


# ---------------------------------------------------------------- running and judging a case


def assert_contract(case: Case, exit_code: int, stdout: str, stderr: str, read_outside: list[str]) -> None:
    """Everything issue 14 promises about one run."""
    assert exit_code in (0, 2), f"{case.what}: exit {exit_code}\n{stderr}"
    assert "Traceback" not in stdout + stderr, f"{case.what}:\n{stderr}"
    assert SECRET not in stdout + stderr, f"{case.what}: text from outside the pack was printed"
    assert not read_outside, f"{case.what}: read outside the pack: {read_outside}"
    lines = stderr.splitlines()
    if exit_code == 2:
        assert lines and lines[-1].endswith(" found."), f"{case.what}:\n{stderr}"


def run_in_process(case: Case) -> None:
    """`gta-course check` on the case's pack alone, watched by the audit hook, within the time limit."""
    AUDIT.paths = []
    original = loader.resolve_packs
    loader.resolve_packs = list  # the mutated copy of the default pack is the whole course
    try:
        with deadline(TIME_LIMIT):
            AUDIT.active = True
            try:
                result = CliRunner().invoke(cli.main, ["check", "--content", str(case.pack)])
            finally:
                AUDIT.active = False
    finally:
        loader.resolve_packs = original
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{case.what}: {result.exception!r}") from result.exception
    assert_contract(case, result.exit_code, result.stdout, result.stderr, outside_reads(AUDIT.paths, case.pack))
    report_of(result)  # every line `path:line: ...`, the count equal to the lines


AUDITED_MAIN = """
import os, sys
log = os.open(os.environ["GTA_FUZZ_AUDIT_LOG"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
def hook(event, args):
    if event in ("open", "os.scandir", "os.listdir") and args and isinstance(args[0], (str, bytes)):
        try:  # against this process's folder: removing a tree opens names relative to their own folder
            path = os.path.abspath(args[0])
        except ValueError:
            return
        os.write(log, os.fsencode(path).replace(b"\\n", b"\\\\n") + b"\\n")
sys.addaudithook(hook)
from gta_course.cli import main
main()
"""


def run_command(
    case: Case, *args: str, project: Path | None = None, limit: int = TIME_LIMIT * 4
) -> tuple[int, str, str]:
    """The real command in a subprocess, killed if it passes the time limit; checked like the rest.

    A build may also read its own project (the config, the generated book), and may take as long
    as a full Sphinx build on a busy machine. It runs in an empty folder of its own: removing a
    folder tree opens entries by names relative to their folder, which then resolve inside it.
    """
    log = case.pack.parent / "audit.log"
    cwd = case.pack.parent / "cwd"
    cwd.mkdir(exist_ok=True)
    env = {**os.environ, "GTA_FUZZ_AUDIT_LOG": str(log)}
    try:
        done = subprocess.run(
            [sys.executable, "-c", AUDITED_MAIN, *args],
            capture_output=True,
            text=True,
            timeout=limit,
            env=env,
            cwd=cwd,
            check=False,
        )
    except subprocess.TimeoutExpired as err:
        raise AssertionError(f"{case.what}: hung (killed after {err.timeout} s)") from err
    opened = [line.replace("\\n", "\n") for line in log.read_text(encoding="utf-8", errors="replace").splitlines()]
    extra = (cwd, project) if project else (cwd,)
    assert_contract(case, done.returncode, done.stdout, done.stderr, outside_reads(opened, case.pack, extra))
    return done.returncode, done.stdout, done.stderr


# ---------------------------------------------------------------- the tests


@pytest.mark.parametrize("seed", range(QUICK_CASES))
def test_quick_fuzz_case(seed: int, trimmed_pack: Path, tmp_path: Path) -> None:
    run_in_process(make_case(seed, trimmed_pack, tmp_path))


@pytest.mark.fuzz
@pytest.mark.parametrize("seed", range(LONG_SEED, LONG_SEED + LONG_CASES))
def test_long_fuzz_case(seed: int, trimmed_pack: Path, tmp_path: Path) -> None:
    case = make_case(seed, trimmed_pack, tmp_path)
    if seed % 20 == 0:  # through the real command, with the whole default course underneath
        run_command(case, "check", "--content", str(case.pack))
    else:
        run_in_process(case)


def snapshot(root: Path) -> dict[str, str]:
    """Every file of a site with its digest."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in root.rglob("*") if p.is_file()
    }


@pytest.fixture(scope="module")
def built_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with the default course built once: the last good site the build cases must keep."""
    project = tmp_path_factory.mktemp("fuzz-site")
    shutil.copy(REPO / "_config.yml", project / "_config.yml")
    result = subprocess.run(
        [sys.executable, "-m", "gta_course", "build", "--project", str(project)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return project


@pytest.mark.slow
@pytest.mark.fuzz
@pytest.mark.parametrize(
    ("seed", "family"),
    [(LONG_SEED, hostile_plain_text), (LONG_SEED + 1, hostile_plain_text), (LONG_SEED + 2, hostile_value)],
)
def test_build_fuzz_case(seed: int, family: Mutation, built_project: Path, tmp_path: Path) -> None:
    """Hostile values through `build`: refused with the site untouched, or built with no live markup."""
    overlay = tmp_path / "base"
    overlay.mkdir()
    for name in ("course.yaml", "audiences.yaml", "modules.yaml", "helplines.yaml"):
        shutil.copy(default_pack() / name, overlay / name)
    shutil.copytree(default_pack() / "lessons" / KEPT_MODULE, overlay / "lessons" / KEPT_MODULE)
    case = make_case(seed, overlay, tmp_path / "case", family)
    site = built_project / "book" / "_build" / "html"
    before = snapshot(site)
    args = ("build", "--project", str(built_project), "--content", str(case.pack))
    code, _, _ = run_command(case, *args, project=built_project, limit=BUILD_TIME_LIMIT)
    if code == 2:
        assert snapshot(site) == before, f"{case.what}: a refused build changed the site"
    else:
        assert_no_live_markup(site, case.what)
