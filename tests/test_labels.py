"""The site's language and fixed interface words come from the pack, English by default."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import yaml

from conftest import PackWriter
from gta_course.build import planned_files
from gta_course.content.loader import default_pack, load_course
from gta_course.sphinx_ext.quick_exit import _add_to_context

FRENCH = """
course:
  language: fr
  audiences: [parents]
  modules: [grooming-private-spaces]
labels:
  exit_this_page: Quitter cette page
  exit_hint: ou appuyez 3 fois sur Maj
  check_your_understanding: Vérifiez vos connaissances
  get_help: Obtenir de l'aide
"""


def test_language_and_labels_reach_the_config_and_pages(write_pack: PackWriter) -> None:
    course = load_course([default_pack(), write_pack({"course.yaml": FRENCH})]).course
    files = planned_files(course, "CA", {})
    config = yaml.safe_load(files["book/_config.yml"])["sphinx"]["config"]
    assert config["language"] == "fr"  # Sphinx writes it as <html lang="fr">
    assert config["gta_course_exit_label"] == "Quitter cette page"
    lesson = files["book/parents/01-grooming-private-spaces.md"].decode()
    assert "## Vérifiez vos connaissances" in lesson and "## Obtenir de l'aide" in lesson
    assert "Check your understanding" not in lesson and "## Get help" not in lesson
    assert "## For facilitators" in lesson  # a label the pack did not give stays English
    assert "**Quitter cette page** button" in files["book/index.md"].decode()


def test_english_by_default() -> None:
    course = load_course([default_pack()]).course
    files = planned_files(course, "GB", {})
    assert yaml.safe_load(files["book/_config.yml"])["sphinx"]["config"]["language"] == "en"
    assert "## Check your understanding" in files["book/parents/01-threat-landscape.md"].decode()


def test_the_quick_exit_uses_the_label() -> None:
    config = SimpleNamespace(
        gta_course_exit_url="https://www.example.org/",
        gta_course_exit_label="Quitter <vite>",
        gta_course_exit_hint="Maj",
    )
    context: dict[str, Any] = {}
    _add_to_context(SimpleNamespace(config=config), "index", "page.html", context, None)  # type: ignore[arg-type]
    assert ">Quitter &lt;vite&gt;</a>" in context["gta_quick_exit"] and "Maj" in context["gta_quick_exit"]
