"""`gta-course new`: a pack an author can start from, which passes `check` as written."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import yaml

from conftest import run_cli
from gta_course.content.loader import default_pack, load_course
from gta_course.content.yaml_file import ContentLoader


def test_new_pack_passes_check_and_composes_the_course(tmp_path: Path) -> None:
    pack = tmp_path / "coaches-pack"
    result = run_cli("new", str(pack))
    assert result.exit_code == 0, result.output
    names = sorted(str(p.relative_to(pack)) for p in pack.rglob("*") if p.is_file())
    assert names == [
        "README.md",
        "audiences.yaml",
        "course.yaml",
        "lessons/grooming-private-spaces.yaml",
        "pack.schema.json",
    ]
    checked = run_cli("check", "--content", str(pack))
    assert checked.exit_code == 0, checked.output
    course = load_course([default_pack(), pack]).course
    assert list(course.audiences) == ["volunteers"] and len(course.lessons) == 2
    assert course.lessons["grooming-private-spaces/volunteers"].objectives[2].startswith("Name who you would tell")
    readme = (pack / "README.md").read_text(encoding="utf-8")
    assert f"gta-course check --content {pack}" in readme and "serve" in readme


def test_every_yaml_names_the_schema_it_is_valid_against(tmp_path: Path) -> None:
    pack = tmp_path / "p"
    assert run_cli("new", str(pack)).exit_code == 0
    schema = json.loads((pack / "pack.schema.json").read_text(encoding="utf-8"))
    assert schema == json.loads(run_cli("schema").stdout)
    for path in pack.rglob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=")
        target = (path.parent / first.split("=", 1)[1]).resolve()
        assert target == (pack / "pack.schema.json").resolve()
        # as an editor reads it: dates are text (YAML 1.2), as the tool's own loader reads them
        jsonschema.validate(yaml.load(path.read_text(encoding="utf-8"), Loader=ContentLoader), schema)


def test_new_refuses_a_folder_that_has_files(tmp_path: Path) -> None:
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine", encoding="utf-8")
    result = run_cli("new", str(tmp_path / "taken"))
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.stderr.strip().count("\n") == 0 and "not an empty folder" in result.stderr
    assert (tmp_path / "taken" / "notes.txt").read_text(encoding="utf-8") == "mine"
