"""Native JSON import/export and its validation messages (docs/json-format.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from workbook.errors import RecordError, WorkbookInputError
from workbook.jsonio import export_document, import_json
from workbook.store import Workbook


def _open(tmp_path: Path) -> Workbook:
    return Workbook.open(tmp_path / "w.db", create=True)


def test_export_then_import_gives_back_equal_data(tmp_path, spec_document, write_json):
    spec_document["people"][0]["name"] = 'Zoë <b>"Q"</b> & 🦊'
    spec_document["people"][0]["tags"] = ["friend", "tech"]
    spec_document["people"].append(
        {"id": "p2", "name": "Raj", "introduced_by": "p1", "cadence_days": 30}
    )
    with _open(tmp_path) as wb:
        import_json(wb, write_json(spec_document))
        exported = export_document(wb)
    with Workbook.open(tmp_path / "again.db", create=True) as again:
        import_json(again, write_json(exported, "exported.json"))
        assert export_document(again) == exported
    # Optional fields were filled with their defaults; everything given came back as given.
    assert exported["people"][0]["name"] == 'Zoë <b>"Q"</b> & 🦊'
    assert exported["people"][1]["introduced_by"] == "p1"
    assert exported["purposes"][0]["targets"] == {"new_people": 10, "follow_up_rate": 0.8}
    assert exported["owner"] == {"name": "Ada Example"}
    for collection in ("events", "encounters", "touchpoints", "debriefs", "opportunities"):
        assert exported[collection] == spec_document[collection]


def test_importing_the_same_file_twice_adds_nothing(tmp_path, spec_document, write_json):
    path = write_json(spec_document)
    with _open(tmp_path) as wb:
        first = import_json(wb, path)
        before = export_document(wb)
        second = import_json(wb, path)
        assert export_document(wb) == before
    assert first.added["people"] == 1
    assert sum(second.added.values()) == 0
    assert sum(second.updated.values()) == 0


def test_people_are_matched_by_email_then_url_then_name_and_organisation(
    tmp_path, spec_document, write_json
):
    spec_document["people"] = [
        {"id": "p1", "name": "Jane Roe", "email": "jane@example.com"},
        {"id": "p2", "name": "Sam Lee", "url": "https://example.org/in/sam"},
        {"id": "p3", "name": "Kim Park", "organisation": "Acme"},
    ]
    with _open(tmp_path) as wb:
        import_json(wb, write_json(spec_document))
        other = {
            "format": "networking-workbook",
            "version": 1,
            "people": [
                {"id": "x1", "name": "J. Roe", "email": "JANE@example.com"},
                {"id": "x2", "name": "Samuel Lee", "url": "https://example.org/in/sam/"},
                {"id": "x3", "name": "kim park", "organisation": "ACME"},
                {"id": "x4", "name": "Kim Park", "organisation": "Other Co"},
            ],
            "touchpoints": [
                {"id": "t9", "person": "x1", "date": "2026-10-05", "direction": "in"},
            ],
        }
        result = import_json(wb, write_json(other, "other.json"))
        people = {p["id"] for p in wb.records("people")}
        touch = wb.get("touchpoints", "t9")
    assert result.matched_people == 3
    assert people == {"p1", "p2", "p3", "x4"}
    assert touch["person"] == "p1"


def _error(tmp_path: Path, write_json, document: Any) -> RecordError | WorkbookInputError:
    with _open(tmp_path) as wb:
        before = export_document(wb)
        with pytest.raises(WorkbookInputError) as caught:
            import_json(wb, write_json(document))
        assert export_document(wb) == before, "a failed import must write nothing"
    return caught.value


def _set(doc: dict, collection: str, field: str, value: Any) -> dict:
    doc[collection][0][field] = value
    return doc


@pytest.mark.parametrize(
    ("change", "table", "record", "field", "words"),
    [
        (
            lambda d: _set(d, "encounters", "event", "e9"),
            "encounters",
            "n1",
            "event",
            "does not exist",
        ),
        (
            lambda d: _set(d, "touchpoints", "person", "ghost"),
            "touchpoints",
            "t1",
            "person",
            "does not exist",
        ),
        (
            lambda d: _set(d, "events", "date", "2026-02-30"),
            "events",
            "e1",
            "date",
            "not a real date",
        ),
        (
            lambda d: _set(d, "encounters", "date", "02/10/2026"),
            "encounters",
            "n1",
            "date",
            "YYYY-MM-DD",
        ),
        (lambda d: _set(d, "events", "kind", "party"), "events", "e1", "kind", "'party'"),
        (
            lambda d: _set(d, "touchpoints", "channel", "pigeon"),
            "touchpoints",
            "t1",
            "channel",
            "'pigeon'",
        ),
        (
            lambda d: _set(d, "purposes", "targets", {"friends": 3}),
            "purposes",
            "g1",
            "targets",
            "unknown target metric 'friends'",
        ),
        (lambda d: _set(d, "debriefs", "energy", 9), "debriefs", "d1", "energy", "5"),
        (
            lambda d: _set(d, "encounters", "card_exchanged", "yes"),
            "encounters",
            "n1",
            "card_exchanged",
            "boolean",
        ),
        (
            lambda d: _set(d, "people", "nickname", "JJ"),
            "people",
            "p1",
            "nickname",
            "unknown field",
        ),
        (
            lambda d: _set(d, "purposes", "end", "2026-09-01"),
            "purposes",
            "g1",
            "end",
            "before start",
        ),
        (
            lambda d: d["touchpoints"].append(dict(d["touchpoints"][0])) or d,
            "touchpoints",
            "t1",
            "id",
            "duplicate id",
        ),
        (lambda d: d["people"][0].pop("name") and d, "people", "p1", "name", "required"),
    ],
)
def test_a_bad_record_names_table_id_and_field_and_writes_nothing(
    tmp_path, spec_document, write_json, change, table, record, field, words
):
    error = _error(tmp_path, write_json, change(spec_document))
    assert isinstance(error, RecordError)
    assert (error.table, error.record_id, error.field) == (table, record, field)
    assert words in str(error)
    assert "input.json" in str(error)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ('{"format": "networking-workbook", "version": 1, "people": [', "line 1, column"),
        ("[1, 2]", "top level must be a JSON object"),
        ('{"format": "something-else", "version": 1}', "field 'format'"),
        ('{"format": "networking-workbook", "version": 2}', "field 'version'"),
        ('{"format": "networking-workbook", "version": 1, "people": {}}', "list of records"),
        ('{"format": "networking-workbook", "version": 1, "contacts": []}', "'contacts'"),
    ],
)
def test_a_broken_file_is_one_clear_error(tmp_path, write_json, content, words):
    error = _error(tmp_path, write_json, content)
    assert words in str(error)


def test_a_missing_file_is_an_input_error(tmp_path):
    with _open(tmp_path) as wb, pytest.raises(WorkbookInputError, match="no such file"):
        import_json(wb, tmp_path / "nope.json")


def test_references_may_point_at_records_already_stored(tmp_path, spec_document, write_json):
    with _open(tmp_path) as wb:
        import_json(wb, write_json(spec_document))
        more = {
            "format": "networking-workbook",
            "version": 1,
            "touchpoints": [
                {
                    "id": "t2",
                    "person": "p1",
                    "date": "2026-10-09",
                    "direction": "in",
                    "kind": "nurture",
                    "channel": "call",
                }
            ],
        }
        import_json(wb, write_json(json.loads(json.dumps(more)), "more.json"))
        assert [t["id"] for t in wb.records("touchpoints")] == ["t1", "t2"]


def test_the_sample_in_data_imports_and_round_trips(tmp_path):
    sample = Path(__file__).resolve().parents[2] / "data" / "sample.json"
    with _open(tmp_path) as wb:
        result = import_json(wb, sample)
        exported = export_document(wb)
    assert result.added == {
        "people": 3,
        "events": 1,
        "encounters": 3,
        "touchpoints": 4,
        "purposes": 1,
        "debriefs": 1,
        "opportunities": 1,
        "coach_notes": 0,
    }
    assert exported["owner"] == {"name": "Ada Example"}
    assert exported["people"][1]["introduced_by"] == "p1"
