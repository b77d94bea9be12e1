"""docs/maintaining.md's worked example, followed as written: a person's ``pronouns``.

The two snippets of the page (the declaration, the migration) are put into a copy of the
package, in the places the page names; a fresh interpreter then checks that every part
that reads the declaration takes the new field — the model and its JSON Schema, the label,
the store (an older workbook upgraded in place), the frames, an export (written only when
set), redaction and capture — with nothing else changed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "maintaining.md"


def snippets() -> list[str]:
    """The worked example's code blocks (lines of Python to paste), in order, unindented."""
    text = PAGE.read_text(encoding="utf-8")
    example = text.split("### Worked example", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```text\n(.*?)```", example, flags=re.S)
    return [textwrap.dedent(block).strip() for block in blocks]


CHECK = r"""
import json
from pathlib import Path

from workbook import capture, jsonschema, schema
from workbook.frames import Frames
from workbook.jsonio import export_document
from workbook.models import TABLES
from workbook.redact import redact_frames
from workbook.store import SCHEMA_VERSION, Workbook

folder = Path(__import__("sys").argv[1])
person = TABLES["people"][1]
assert list(person.model_fields)[-1] == "pronouns"
ana = person.model_validate({"id": "p1", "name": "Ana", "pronouns": "she/her"})
assert ana.pronouns == "she/her"
assert person.model_validate({"id": "p1", "name": "Ana"}).pronouns is None
props = jsonschema.workbook_schema()["$defs"]["Person"]["properties"]
assert props["pronouns"] == {"anyOf": [{"type": "string"}, {"type": "null"}], "default": None,
                             "title": "Pronouns"}, props["pronouns"]
assert schema.FIELD_LABELS["pronouns"] == "Pronouns"
assert "pronouns" in schema.FREE_TEXT["people"]
assert "pronouns" in schema.WRITTEN_WHEN_SET["people"]

# A workbook made before the field (the migration's number is the last): upgraded.
old = folder / "old.db"
assert old.exists()
with Workbook.open(old) as wb:
    assert wb.version == SCHEMA_VERSION
    assert wb.get("people", "p1")["pronouns"] is None
    with capture.writing(old) as action:
        capture.update(action, "people", "p1", {"pronouns": "they/them"})
    assert wb.get("people", "p1")["pronouns"] == "they/them"
    frames = wb.frames()
    assert list(frames.people["pronouns"]) == ["they/them", None]
    assert list(redact_frames(frames).people["pronouns"]) == [None, None]
    exported = export_document(wb)
    assert exported["people"][0]["pronouns"] == "they/them"
    assert "pronouns" not in exported["people"][1]  # not set: not written
print("ok")
"""


def test_the_worked_example_adds_a_field_everywhere(tmp_path: Path) -> None:
    declaration, migration = snippets()
    assert declaration.startswith('_text("pronouns"')
    copy = tmp_path / "src"
    shutil.copytree(
        ROOT / "workbook", copy / "workbook", ignore=shutil.ignore_patterns("__pycache__")
    )

    # A workbook made by the package as it is, before the field exists.
    made = subprocess.run(
        [sys.executable, "-c",
         "import sys; from workbook.store import Workbook\n"
         "with Workbook.open(sys.argv[1], create=True) as wb:\n"
         "    wb.put('people', {'id': 'p1', 'name': 'Ana'})\n"
         "    wb.put('people', {'id': 'p2', 'name': 'Ben'})",
         str(tmp_path / "old.db")],
        env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr

    # Step 1: the declaration, at the end of the people's fields.
    schema_file = copy / "workbook" / "schema.py"
    text = schema_file.read_text(encoding="utf-8")
    last = '            _text("notes", "Notes", free=True),\n'
    assert text.count(last) == 1
    schema_file.write_text(text.replace(last, last + "            " + declaration + "\n"))
    # Step 2: the migration, appended at the end of MIGRATIONS.
    store_file = copy / "workbook" / "store.py"
    text = store_file.read_text(encoding="utf-8")
    end = "\n]\nSCHEMA_VERSION = len(MIGRATIONS)"
    assert text.count(end) == 1
    store_file.write_text(text.replace(end, "\n" + textwrap.indent(migration, "    ") + end))

    checked = subprocess.run(
        [sys.executable, "-c", CHECK, str(tmp_path)],
        env={**os.environ, "PYTHONPATH": str(copy), "PYTHONDONTWRITEBYTECODE": "1"},
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.strip() == "ok"


def test_one_field_name_has_one_label() -> None:
    from workbook.schema import COLLECTIONS

    labels: dict[str, set[str]] = {}
    for collection in COLLECTIONS:
        for field in collection.fields:
            labels.setdefault(field.name, set()).add(field.label)
    assert {name: found for name, found in labels.items() if len(found) > 1} == {}


def test_what_a_delete_takes_follows_from_the_declaration() -> None:
    """The table of docs/capture.md (Correcting, deleting, merging), derived."""
    from workbook.schema import CASCADE

    assert CASCADE["people"] == [
        ("encounters", "person", "delete"),
        ("touchpoints", "person", "delete"),
        ("opportunities", "person", "delete"),
        ("people", "introduced_by", "detach"),
    ]
    assert CASCADE["events"] == [("debriefs", "event", "delete"), ("encounters", "event", "detach")]
    assert [c for c, rules in CASCADE.items() if rules] == ["people", "events"]


def test_the_derived_tables_are_the_declared_kinds() -> None:
    from workbook import schema

    assert schema.BOOL_FIELDS == {"encounters": ("card_exchanged", "follow_up_planned")}
    assert schema.INT_FIELDS == {
        "people": ("cadence_days",),
        "events": ("target_people",),
        "encounters": ("quality",),
        "debriefs": ("energy",),
    }
    assert schema.JSON_FIELDS == {
        "people": ("tags",),
        "purposes": ("targets",),
        "coach_notes": ("targets",),
    }
    assert schema.ID_PREFIXES["encounters"] == "n" and schema.ID_PREFIXES["purposes"] == "g"
    assert schema.RECORD_NAMES["coach_notes"] == ("coach's note", "coach's notes")
