"""The SQLite store: schema, pragmas, migrations, transactions (docs/json-format.md)."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest

from workbook.errors import RecordError, WorkbookInputError
from workbook.store import MIGRATIONS, SCHEMA_VERSION, Workbook, init_workbook


def test_new_workbook_has_the_pragmas_and_version(tmp_path: Path) -> None:
    path = init_workbook(tmp_path / "w.db", owner="Ada Example")
    with Workbook.open(path) as wb:
        con = wb.connection
        assert con.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert con.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
        assert wb.version == SCHEMA_VERSION
        assert wb.owner == "Ada Example"
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {
        "owner",
        "person",
        "event",
        "encounter",
        "touchpoint",
        "purpose",
        "debrief",
        "opportunity",
    } <= tables


def test_init_refuses_to_overwrite(tmp_path: Path) -> None:
    init_workbook(tmp_path / "w.db")
    with pytest.raises(WorkbookInputError, match="already there"):
        init_workbook(tmp_path / "w.db")


def test_opening_a_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(WorkbookInputError, match="no workbook here"):
        Workbook.open(tmp_path / "missing.db")
    assert not (tmp_path / "missing.db").exists()


def test_a_file_that_is_not_sqlite_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("this is not a database\n" * 100)
    with pytest.raises(WorkbookInputError, match="not a workbook"):
        Workbook.open(path)


def test_an_old_workbook_is_upgraded_losing_nothing(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    # A version-1 workbook, as the first release wrote it.
    con = sqlite3.connect(path)
    con.executescript(MIGRATIONS[0])
    con.execute("PRAGMA user_version = 1")
    con.execute("INSERT INTO person (id, name, tags) VALUES ('p1', 'Jane Roe', '[\"a\"]')")
    con.execute("INSERT INTO encounter (id, person, date) VALUES ('n1', 'p1', '2026-10-02')")
    con.commit()
    con.close()
    with Workbook.open(path) as wb:
        assert wb.version == SCHEMA_VERSION == 3
        assert wb.records("people")[0]["tags"] == ["a"]
        assert wb.records("encounters")[0]["follow_up_planned"] is True
        indexes = {
            r[0] for r in wb.connection.execute("SELECT name FROM sqlite_master WHERE type='index'")
        }
    assert "touchpoint_person_date" in indexes


def test_a_newer_workbook_is_refused(tmp_path: Path) -> None:
    path = init_workbook(tmp_path / "w.db")
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.close()
    with pytest.raises(WorkbookInputError, match="newer version"):
        Workbook.open(path)


def test_put_validates_and_names_the_field(tmp_path: Path) -> None:
    with Workbook.open(tmp_path / "w.db", create=True) as wb:
        with pytest.raises(RecordError) as caught:
            wb.put(
                "touchpoints",
                {"id": "t1", "person": "p1", "date": "2026-10-01", "direction": "sideways"},
            )
        assert (caught.value.table, caught.value.record_id, caught.value.field) == (
            "touchpoints",
            "t1",
            "direction",
        )
        # A reference to nobody is refused by the foreign key.
        with pytest.raises(RecordError, match="does not exist"):
            wb.put("encounters", {"id": "n1", "person": "ghost", "date": "2026-10-01"})


def test_one_action_is_one_transaction(tmp_path: Path) -> None:
    with Workbook.open(tmp_path / "w.db", create=True) as wb:

        def log_encounter_with_a_new_person() -> None:
            with wb.transaction():
                wb.put("people", {"id": "p1", "name": "Jane Roe"})
                wb.put("encounters", {"id": "n1", "person": "p2", "date": "2026-10-01"})

        with pytest.raises(RecordError):
            log_encounter_with_a_new_person()
        assert wb.records("people") == []


def test_frames_have_the_documented_dtypes(tmp_path: Path) -> None:
    with Workbook.open(tmp_path / "w.db", create=True) as wb:
        wb.put("people", {"id": "p1", "name": "Jane", "tags": ["x"], "cadence_days": 30})
        wb.put(
            "encounters",
            {
                "id": "n1",
                "person": "p1",
                "date": "2026-10-02",
                "card_exchanged": True,
                "quality": 4,
            },
        )
        frames = wb.frames()
    enc = frames.encounters
    assert str(enc["date"].dtype) == "datetime64[ns]"
    assert str(enc["follow_up_due"].dtype) == "datetime64[ns]"
    assert enc["card_exchanged"].tolist() == [True]
    assert enc["follow_up_planned"].tolist() == [True]
    assert str(enc["quality"].dtype) == "Int64"
    assert frames.people["tags"].tolist() == [["x"]]
    assert frames.people["cadence_days"].tolist() == [30]


def test_next_id_counts_past_the_largest(tmp_path: Path) -> None:
    with Workbook.open(tmp_path / "w.db", create=True) as wb:
        assert wb.next_id("people", "p") == "p1"
        wb.put("people", {"id": "p9", "name": "A"})
        wb.put("people", {"id": "pX", "name": "B"})
        assert wb.next_id("people", "p") == "p10"


def test_a_reader_sees_a_consistent_snapshot_while_a_writer_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """frames() reads every table as of one moment, even if a write lands mid-read.

    The write is made deterministically between the first table read (people) and the
    next ones, from another connection: without the read transaction, the later tables
    would show the new touchpoints while people would not show the new person.
    """
    import workbook.store as store

    path = init_workbook(tmp_path / "w.db")
    with Workbook.open(path) as wb:
        wb.put("people", {"id": "p1", "name": "Jane"})
    real_read = store.pd.read_sql_query
    reads: list[str] = []

    def write_between_reads() -> None:
        with Workbook.open(path) as writer, writer.transaction():
            writer.put("people", {"id": "p2", "name": "Zoë"})
            for i, person in enumerate(["p1", "p2"]):
                writer.put(
                    "touchpoints",
                    {"id": f"t{i}", "person": person, "date": "2026-10-03", "direction": "out"},
                )

    def read(sql: str, *args: Any, **kwargs: Any) -> Any:
        frame = real_read(sql, *args, **kwargs)
        reads.append(sql)
        if len(reads) == 1:  # the people table has been read: now another process writes
            write_between_reads()
        return frame

    monkeypatch.setattr(store.pd, "read_sql_query", read)
    with Workbook.open(path) as reader:
        frames = reader.frames()
    assert "FROM person" in reads[0] and len(reads) > 2
    assert list(frames.people["id"]) == ["p1"]
    assert len(frames.touchpoints) == 0  # as of the moment people were read
    monkeypatch.setattr(store.pd, "read_sql_query", real_read)
    with Workbook.open(path) as reader:  # the write itself landed
        frames = reader.frames()
    assert sorted(frames.people["id"]) == ["p1", "p2"]
    assert len(frames.touchpoints) == 2


def test_a_reader_keeps_reading_while_a_writer_writes(tmp_path: Path) -> None:
    path = init_workbook(tmp_path / "w.db")
    with Workbook.open(path) as wb:
        wb.put("people", {"id": "p1", "name": "Jane"})
    errors: list[BaseException] = []

    def writer() -> None:
        try:
            with Workbook.open(path) as wb:
                for i in range(200):
                    with wb.transaction():
                        wb.put(
                            "touchpoints",
                            {
                                "id": f"t{i}",
                                "person": "p1",
                                "date": "2026-10-03",
                                "direction": "out",
                            },
                        )
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    thread = threading.Thread(target=writer)
    thread.start()
    counts = []
    with Workbook.open(path) as reader:
        while thread.is_alive():
            counts.append(len(reader.frames().touchpoints))
    thread.join()
    assert errors == []
    with Workbook.open(path) as wb:
        assert len(wb.frames().touchpoints) == 200
    assert counts == sorted(counts)
