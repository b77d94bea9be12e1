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
        people = {p["id"]: p["name"] for p in wb.records("people")}
        touches = wb.records("touchpoints")
    assert result.matched_people == 3
    # A file from elsewhere is merged: the one new person gets a fresh id, and so does the
    # touchpoint (t1 is the spec document's own); the matched people keep their names.
    assert people == {"p1": "Jane Roe", "p2": "Sam Lee", "p3": "Kim Park", "p4": "Kim Park"}
    assert [(t["id"], t["person"], t["date"]) for t in touches] == [
        ("t1", "p1", "2026-10-03"),
        ("t2", "p1", "2026-10-05"),
    ]


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


def _second_workbook(tmp_path: Path, write_json) -> dict[str, Any]:
    """Another person's workbook: ids that collide with the first's, one shared contact."""
    other = {
        "format": "networking-workbook",
        "version": 1,
        "owner": {"name": "Bea Other"},
        "people": [
            {"id": "p1", "name": "Omar Haddad", "email": "omar@example.org"},
            {"id": "p2", "name": "J. Roe", "email": "jane@example.com", "notes": "Bea's note"},
        ],
        "events": [{"id": "e1", "name": "Bea's mixer", "kind": "social", "date": "2026-09-12"}],
        "encounters": [
            {"id": "n1", "person": "p1", "date": "2026-09-12", "event": "e1"},
            {"id": "n2", "person": "p2", "date": "2026-09-12", "event": "e1"},
        ],
        "touchpoints": [
            {"id": "t1", "person": "p2", "date": "2026-09-13", "direction": "out"},
        ],
        "purposes": [{"id": "g1", "start": "2026-09-01", "end": "2026-09-30", "why": "Bea's"}],
    }
    with Workbook.open(tmp_path / "bea.db", create=True) as bea:
        import_json(bea, write_json(other, "bea-source.json"))
        exported = export_document(bea)
    assert exported["workbook_id"] and exported["people"][0]["id"] == "p1"
    return exported


def test_another_workbooks_export_is_merged_never_overwriting(tmp_path, spec_document, write_json):
    spec_document["people"][0]["email"] = "jane@example.com"
    bea = _second_workbook(tmp_path, write_json)
    with _open(tmp_path) as wb:
        import_json(wb, write_json(spec_document, "ada.json"))
        before = export_document(wb)
        first = import_json(wb, write_json(bea, "bea.json"))
        after = export_document(wb)
        second = import_json(wb, write_json(bea, "bea.json"))
        again = export_document(wb)
    # Nothing of the first workbook changed: its id, owner and every record as it was.
    assert after["workbook_id"] == before["workbook_id"] != bea["workbook_id"]
    assert after["owner"] == {"name": "Ada Example"}
    for collection in before:
        if isinstance(before[collection], list):
            assert after[collection][: len(before[collection])] == before[collection]
    # Bea's records are there once, under fresh ids; her J. Roe is Ada's Jane Roe (e-mail).
    assert [(p["id"], p["name"]) for p in after["people"]] == [
        ("p1", "Jane Roe"),
        ("p2", "Omar Haddad"),
    ]
    assert after["people"][0]["notes"] is None  # Bea's note did not overwrite Ada's record
    assert [(e["id"], e["name"]) for e in after["events"]] == [
        ("e1", "Chamber breakfast"),
        ("e2", "Bea's mixer"),
    ]
    assert [(n["id"], n["person"], n["event"]) for n in after["encounters"]] == [
        ("n1", "p1", "e1"),
        ("n2", "p2", "e2"),
        ("n3", "p1", "e2"),
    ]
    assert [(t["id"], t["person"], t["date"]) for t in after["touchpoints"]] == [
        ("t1", "p1", "2026-10-03"),
        ("t2", "p1", "2026-09-13"),
    ]
    assert [(g["id"], g["why"]) for g in after["purposes"]] == [("g1", "..."), ("g2", "Bea's")]
    assert first.matched_people == 1
    assert first.added == {
        "people": 1,
        "events": 1,
        "encounters": 2,
        "touchpoints": 1,
        "purposes": 1,
        "debriefs": 0,
        "opportunities": 0,
        "coach_notes": 0,
    }
    # Twice imported, still once.
    assert again == after
    assert sum(second.added.values()) == 0 and second.already_there == 5
    assert "added nothing new" in second.describe()


def test_an_export_of_the_same_workbook_updates_in_place(tmp_path, spec_document, write_json):
    with _open(tmp_path) as wb:
        import_json(wb, write_json(spec_document))
        exported = export_document(wb)
        exported["people"][0]["notes"] = "edited in the backup"
        result = import_json(wb, write_json(exported, "own.json"))
        after = export_document(wb)
    assert result.updated["people"] == 1 and sum(result.added.values()) == 0
    assert [p["notes"] for p in after["people"]] == ["edited in the backup"]
    assert after == exported


def test_a_backup_restored_into_an_empty_workbook_becomes_that_workbook(
    tmp_path, spec_document, write_json
):
    with _open(tmp_path) as wb:
        import_json(wb, write_json(spec_document))
        exported = export_document(wb)
    with Workbook.open(tmp_path / "restored.db", create=True) as restored:
        import_json(restored, write_json(exported, "backup.json"))
        assert export_document(restored) == exported
    without_id = {k: v for k, v in exported.items() if k != "workbook_id"}
    with Workbook.open(tmp_path / "fresh.db", create=True) as fresh:
        own_id = fresh.workbook_id
        import_json(fresh, write_json(without_id, "no-id.json"))
        assert fresh.workbook_id == own_id  # a file without an id keeps the workbook's own


def test_sample_json_into_a_workbook_with_records_adds_under_fresh_ids(tmp_path):
    sample = Path(__file__).resolve().parents[2] / "data" / "sample.json"
    with _open(tmp_path) as wb:
        wb.put("people", {"id": "p1", "name": "Someone Else", "email": "else@example.net"})
        wb.put("events", {"id": "e1", "name": "My own event", "date": "2026-01-05"})
        result = import_json(wb, sample)
        names = {p["id"]: p["name"] for p in wb.records("people")}
        events = {e["id"]: e["name"] for e in wb.records("events")}
        import_json(wb, sample)
        assert len(wb.records("people")) == 4
    assert names["p1"] == "Someone Else" and events["e1"] == "My own event"
    assert result.added["people"] == 3 and result.added["events"] == 1
    assert set(names) == {"p1", "p2", "p3", "p4"}


@pytest.mark.parametrize("value", [42, "", ["x"]])
def test_a_workbook_id_that_is_not_text_is_refused(tmp_path, spec_document, write_json, value):
    spec_document["workbook_id"] = value
    error = _error(tmp_path, write_json, spec_document)
    assert "workbook_id" in str(error)


@pytest.mark.parametrize(
    ("change", "table", "record", "field", "words"),
    [
        (
            lambda d: _set(d, "touchpoints", "date", "2300-01-01"),
            "touchpoints",
            "t1",
            "date",
            "2300-01-01",
        ),
        (lambda d: _set(d, "events", "date", "1601-01-01"), "events", "e1", "date", "1900-01-01"),
        (
            lambda d: _set(d, "encounters", "date", "0001-01-01"),
            "encounters",
            "n1",
            "date",
            "0001-01-01",
        ),
        (lambda d: _set(d, "purposes", "end", "9999-12-31"), "purposes", "g1", "end", "2200-12-31"),
        (
            lambda d: _set(d, "people", "cadence_days", 10**15),
            "people",
            "p1",
            "cadence_days",
            "3650",
        ),
        (
            lambda d: _set(d, "people", "cadence_days", 2**63),
            "people",
            "p1",
            "cadence_days",
            "3650",
        ),
        (
            lambda d: _set(d, "events", "target_people", 10**9),
            "events",
            "e1",
            "target_people",
            "100000",
        ),
        (
            lambda d: _set(d, "purposes", "targets", {"new_people": float("nan")}),
            "purposes",
            "g1",
            "targets",
            "finite",
        ),
        (
            lambda d: _set(d, "purposes", "targets", {"touches": float("inf")}),
            "purposes",
            "g1",
            "targets",
            "finite",
        ),
        (
            lambda d: _set(d, "purposes", "targets", {"follow_up_rate": 1.5}),
            "purposes",
            "g1",
            "targets",
            "between 0 and 1",
        ),
        (
            lambda d: _set(d, "encounters", "follow_up_due", "2026-10-01"),
            "encounters",
            "n1",
            "follow_up_due",
            "before the encounter",
        ),
    ],
)
def test_values_outside_the_plausible_ranges_are_refused(
    tmp_path, spec_document, write_json, change, table, record, field, words
):
    error = _error(tmp_path, write_json, change(spec_document))
    assert isinstance(error, RecordError)
    assert (error.table, error.record_id, error.field) == (table, record, field)
    assert words in str(error)


def test_the_edges_of_the_ranges_are_accepted(tmp_path, spec_document, write_json):
    from workbook.models import EARLIEST_DATE, LATEST_DATE

    assert (EARLIEST_DATE.isoformat(), LATEST_DATE.isoformat()) == ("1900-01-01", "2200-12-31")
    spec_document["events"][0]["date"] = "1900-01-01"
    spec_document["touchpoints"][0]["date"] = "2200-12-31"
    spec_document["people"][0]["cadence_days"] = 3650
    spec_document["encounters"][0]["follow_up_due"] = "2026-10-02"  # the same day: fine
    spec_document["purposes"][0]["targets"] = {"follow_up_rate": 1, "new_people": 0}
    with _open(tmp_path) as wb:
        import_json(wb, write_json(spec_document))
        assert wb.get("events", "e1")["date"] == "1900-01-01"


def test_an_export_validates_against_the_checked_in_schema(tmp_path, spec_document, write_json):
    import jsonschema

    schema_file = (
        Path(__file__).resolve().parents[2] / "docs" / "json-schema" / "workbook.schema.json"
    )
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    with _open(tmp_path) as wb:
        import_json(wb, write_json(spec_document))
        exported = export_document(wb)
    assert exported["workbook_id"]
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(exported)) == []


def test_written_json_is_strict_json_without_nan(tmp_path):
    from workbook.jsonio import write_json_atomic

    path = write_json_atomic(
        {"pct": float("nan"), "rows": [float("inf"), 0.5, {"x": float("-inf")}], "n": 3},
        tmp_path / "summary.json",
    )
    text = path.read_text(encoding="utf-8")
    assert "NaN" not in text and "Infinity" not in text

    def refuse(constant: str) -> None:
        raise ValueError(constant)

    assert json.loads(text, parse_constant=refuse) == {
        "pct": None,
        "rows": [None, 0.5, {"x": None}],
        "n": 3,
    }
