"""`gta-course new DIR`: a small pack an author can start from, that passes `check` as it is. Pure.

An empty folder and a long manual is a hard place to start. The scaffold writes a commented
course file that composes a two-module course, one audience started from the parents' track
with `based_on`, one lesson that overrides a few fields, a README for the author, and the
schema every YAML file names on its first line so that editors complete and check as they type.
"""

from __future__ import annotations

import json
from pathlib import Path

from gta_course.schema import pack_file_schema

SCHEMA_FILE = "pack.schema.json"


def _header(depth: int) -> str:
    """The line that points an editor (VS Code's YAML extension and others) at the schema."""
    return f"# yaml-language-server: $schema={'../' * depth}{SCHEMA_FILE}\n"


COURSE = """\
# The course as a whole. Keys here are merged over the default course's, so give only what
# changes. `gta-course schema` (and {schema}) lists every field.
course:
  title: "Keeping children safe online: a course for our volunteers"
  publisher: "Our organisation"
  # The date printed on every page instead of the build's clock: YYYY-MM-DD.
  edition: {edition}
  # The tracks and modules the built course contains, in this order; nothing else is built.
  audiences: [volunteers]
  modules: [grooming-private-spaces, financial-sexual-extortion]
  # Help services are shown for these countries, the first by default.
  default_country: GB
  countries: [GB, US, CA, AU, INT]
"""
AUDIENCES = """\
# Who the course is for. `based_on: parents` starts every lesson for these readers from the
# parents' lesson on the same module; files in lessons/ change what differs.
audiences:
  - id: volunteers
    based_on: parents
    title: "Volunteers"
    order: 1
    who: >-
      Volunteers who run clubs, teams and groups for children and teenagers.
    needs: >-
      What to look out for, how to respond calmly, and who to tell in your organisation.
    # Shown to facilitators on every lesson.
    tone: "Warm, plain and practical. Short sentences. Reassure, never alarm."
    session_minutes: 60
    # Flesch-Kincaid grades every lesson's teaching text must fall between.
    reading_grade_min: 3
    reading_grade_max: 8
    help_for: [adults, everyone, children]
"""
LESSON = """\
# A lesson for volunteers on one module. Because the audience is `based_on: parents`, this file
# gives only what changes; everything else comes from the parents' lesson. Override:
# - any field (objectives, key_messages, ...) by writing it: the new list replaces the old;
# - a section by its title, an activity or a quiz question by its id: the fields you give replace
#   those of the entry with that title or id, and an entry with a new title or id is added.
lessons:
  - module: grooming-private-spaces
    audience: volunteers
    objectives:
      - Say what grooming is and name three steps groomers often take.
      - Explain why private chats make grooming harder to see.
      - Name who you would tell in your group if you were worried about a child.
"""
README = """\
# {title}

A content pack for gta-course, made with `gta-course new`. It is layered over the default
course: it chooses the tracks and modules to build (`course.yaml`), starts an audience from an
existing one (`audiences.yaml`), and changes one lesson (`lessons/`).

## Check, build, preview

```sh
gta-course check --content {folder}     # every problem at once, each at its file and line
gta-course serve --content {folder}     # build, open http://127.0.0.1:8000/, rebuild as you save
gta-course build --content {folder}     # the site, into book/_build/html
```

## Editing

- Each YAML file starts with a `# yaml-language-server: $schema=...` line: editors with YAML
  support (VS Code's YAML extension, for one) complete field names and flag mistakes as you type,
  from `{schema}`. Refresh that file with `gta-course schema > {schema}` after upgrading.
- Every figure must come from a fact in the fact sheet and be cited with {{fact}}`id` in the
  same paragraph; `check` says which.
- Default safety rules cannot be switched off by accident: rules you add are added to the
  defaults, and removing one takes `rules: {{remove: {{...}}}}`, which `check` warns about.

See docs/content-packs.md in gta-course for every collection, and docs/writing-lessons.md for
the rules each lesson must meet.
"""


def scaffold_files(folder: Path, edition: str) -> dict[str, bytes]:
    """The files of a new pack for `folder`, by path inside it: pure, the caller writes them."""
    files = {
        SCHEMA_FILE: json.dumps(pack_file_schema(), indent=2, sort_keys=True) + "\n",
        "course.yaml": _header(0) + COURSE.format(schema=SCHEMA_FILE, edition=edition),
        "audiences.yaml": _header(0) + AUDIENCES,
        "lessons/grooming-private-spaces.yaml": _header(1) + LESSON,
        "README.md": README.format(title=folder.name, folder=folder, schema=SCHEMA_FILE),
    }
    return {name: text.encode("utf-8") for name, text in files.items()}
