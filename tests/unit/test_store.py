"""The SQLite store: schema, pragmas, migrations, transactions (docs/json-format.md)."""

from __future__ import annotations

import os
import sqlite3
import threading
import uuid
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
    con.execute(
        "INSERT INTO event (id, name, kind, date, purpose) "
        "VALUES ('e1', 'Mixer', 'meetup', '2026-10-01', 'meet accountants')"
    )
    con.commit()
    con.close()
    with Workbook.open(path) as wb:
        assert wb.version == SCHEMA_VERSION
        assert (wb.owner_email, wb.calendar_key) == (None, None)  # version 6 starts empty
        assert uuid.UUID(wb.workbook_id).version == 4  # an older workbook gets an id
        first_id = wb.workbook_id
        assert wb.records("people")[0]["tags"] == ["a"]
        assert wb.records("encounters")[0]["follow_up_planned"] is True
        [event] = wb.records("events")  # the questions added in version 5 start empty
        assert (event["purpose"], event["follow_up_plan"], event["opportunity_note"]) == (
            "meet accountants",
            None,
            None,
        )
        indexes = {
            r[0] for r in wb.connection.execute("SELECT name FROM sqlite_master WHERE type='index'")
        }
    assert "touchpoint_person_date" in indexes
    with Workbook.open(path) as wb:
        assert wb.workbook_id == first_id  # taken once, kept


def test_every_workbook_has_its_own_id(tmp_path: Path) -> None:
    ids = set()
    for name in ("a.db", "b.db", "c.db"):
        with Workbook.open(init_workbook(tmp_path / name)) as wb:
            ids.add(uuid.UUID(wb.workbook_id))
    assert len(ids) == 3 and {i.version for i in ids} == {4}


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
    import pandas  # the store imports it when it builds frames (not before: see the store)

    path = init_workbook(tmp_path / "w.db")
    with Workbook.open(path) as wb:
        wb.put("people", {"id": "p1", "name": "Jane"})
    real_read = pandas.read_sql_query
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

    monkeypatch.setattr(pandas, "read_sql_query", read)
    with Workbook.open(path) as reader:
        frames = reader.frames()
    assert "FROM person" in reads[0] and len(reads) > 2
    assert list(frames.people["id"]) == ["p1"]
    assert len(frames.touchpoints) == 0  # as of the moment people were read
    monkeypatch.setattr(pandas, "read_sql_query", real_read)
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


def test_add_takes_a_fresh_id_and_never_overwrites(tmp_path: Path) -> None:
    with Workbook.open(tmp_path / "w.db", create=True) as wb:
        wb.put("people", {"id": "p7", "name": "Seven"})
        added = wb.add("people", {"name": "Jane Roe"})
        assert added.id == "p8"
        assert (
            wb.add("touchpoints", {"person": "p8", "date": "2026-10-01", "direction": "out"}).id
            == "t1"
        )
        assert wb.add("people", {"id": "p7", "name": "Not Seven"}, prefix="x").id == "x1"
        assert wb.get("people", "p7")["name"] == "Seven"
        with pytest.raises(RecordError, match="does not exist"):
            wb.add("encounters", {"person": "ghost", "date": "2026-10-01"})
        assert wb.ids("encounters") == set()


def _foreign(path: Path) -> Path:
    con = sqlite3.connect(path)
    con.execute("PRAGMA user_version = 74")
    con.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    con.commit()
    con.close()
    return path


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda p: _foreign(p), "another program's database"),
        (lambda p: p.write_bytes(b""), "an empty file"),
        (
            lambda p: sqlite3.connect(p).execute("CREATE TABLE t (x)").connection.close(),
            "not a workbook",
        ),
        (
            lambda p: sqlite3.connect(p).execute("PRAGMA user_version = -1").connection.close(),
            "not a workbook",
        ),
    ],
)
def test_opening_a_file_that_is_not_a_workbook_writes_nothing(tmp_path: Path, make, words) -> None:
    path = tmp_path / "other.sqlite"
    make(path)
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    with pytest.raises(WorkbookInputError, match="not a workbook") as caught:
        Workbook.open(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert words in str(caught.value)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.sqlite"]


def test_only_creating_opens_an_empty_file_and_never_a_foreign_one(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    with Workbook.open(empty, create=True) as wb:
        assert wb.version == SCHEMA_VERSION
    foreign = _foreign(tmp_path / "places.sqlite")
    before = foreign.read_bytes()
    with pytest.raises(WorkbookInputError, match="not a workbook"):
        Workbook.open(foreign, create=True)
    assert foreign.read_bytes() == before


def test_the_no_workbook_message_names_the_path_in_both_commands(tmp_path: Path) -> None:
    with pytest.raises(WorkbookInputError) as caught:
        Workbook.open(tmp_path / "missing.db")
    message = str(caught.value)
    assert "{path}" not in message
    assert message.count(str(tmp_path / "missing.db")) == 3


def test_tags_written_by_another_tool_name_the_record_and_field(tmp_path: Path) -> None:
    path = init_workbook(tmp_path / "w.db")
    con = sqlite3.connect(path)
    con.execute("INSERT INTO person (id, name, tags) VALUES ('p1', 'Jane', 'friend, tech')")
    con.commit()
    con.close()
    with Workbook.open(path) as wb:
        for read in (lambda: wb.records("people"), wb.frames, lambda: wb.get("people", "p1")):
            with pytest.raises(RecordError) as caught:
                read()
            assert (caught.value.table, caught.value.record_id, caught.value.field) == (
                "people",
                "p1",
                "tags",
            )
            assert str(caught.value).startswith(f"{path}: ")


def test_a_read_only_workbook_reads_and_refuses_writes_in_one_line(tmp_path: Path) -> None:
    path = init_workbook(tmp_path / "w.db", owner="Ada")
    with Workbook.open(path) as wb:
        wb.put("people", {"id": "p1", "name": "Jane"})
    path.chmod(0o444)
    if os.access(path, os.W_OK):
        pytest.skip("this user can write a read-only file (root): see tests/e2e/test_robustness.py")
    before = path.read_bytes()
    with Workbook.open(path) as wb:
        assert wb.read_only
        assert len(wb.frames().people) == 1
        with pytest.raises(WorkbookInputError, match="read-only"):
            wb.put("people", {"id": "p2", "name": "Li"})
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("sql", "table", "record", "field", "words"),
    [
        ("UPDATE person SET cadence_days = 'often'", "people", "p1", "cadence_days", "integer"),
        ("UPDATE encounter SET date = 'soon'", "encounters", "n1", "date", "YYYY-MM-DD"),
        ("UPDATE encounter SET date = '2300-01-01'", "encounters", "n1", "date", "2300-01-01"),
    ],
)
def test_values_edited_by_another_program_name_the_record_and_field(
    tmp_path: Path, sql: str, table: str, record: str, field: str, words: str
) -> None:
    path = init_workbook(tmp_path / "w.db")
    with Workbook.open(path) as wb:
        wb.put("people", {"id": "p1", "name": "Jane", "cadence_days": 30})
        wb.put("encounters", {"id": "n1", "person": "p1", "date": "2026-10-02"})
    con = sqlite3.connect(path)
    con.execute(sql)
    con.commit()
    con.close()
    with Workbook.open(path) as wb:
        with pytest.raises(RecordError) as caught:
            wb.frames()
        assert len(wb.records(table)) == 1  # still exportable, to be mended
    assert (caught.value.table, caught.value.record_id, caught.value.field) == (
        table,
        record,
        field,
    )
    assert str(caught.value).startswith(f"{path}: ") and words in str(caught.value)


def test_the_owner_email_and_calendar_key_are_kept_and_cleared(tmp_path: Path) -> None:
    path = init_workbook(tmp_path / "w.db", owner="Zoë <b>")
    with Workbook.open(path) as wb:
        wb.set_owner_email("zoe@example.org")
        wb.set_calendar_key("k1")
    with Workbook.open(path) as wb:
        assert (wb.owner, wb.owner_email, wb.calendar_key) == ("Zoë <b>", "zoe@example.org", "k1")
        wb.set_owner_email(None)
        wb.set_calendar_key("k2")
    with Workbook.open(path) as wb:
        assert (wb.owner_email, wb.calendar_key) == (None, "k2")


@pytest.mark.parametrize("check", ["open", "is_demo_file"])
def test_opening_keeps_the_locks_of_this_process_s_other_connections(
    tmp_path: Path, check: str
) -> None:
    """A plain open() and close() of the file would drop every POSIX lock this process's
    SQLite connections hold on it (sqlite.org/howtocorrupt.html, 2.2). Here: while a
    connection of this process is open, another process that opens and closes the
    workbook must not find itself the last one — else it checkpoints and deletes the
    write-ahead log under the open connection (the report and the app's writer thread in
    one process met exactly that: "database disk image is malformed")."""
    import subprocess
    import sys

    from workbook.store import is_demo_file

    path = init_workbook(tmp_path / "w.db")
    keeper = sqlite3.connect(path)
    try:
        keeper.execute("SELECT count(*) FROM person").fetchone()  # WAL: a shared lock held
        if check == "open":
            with Workbook.open(path):
                pass
        else:
            assert is_demo_file(path) is False
        other = (
            "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
            "c.execute('SELECT count(*) FROM person').fetchone(); c.close()"
        )
        subprocess.run([sys.executable, "-c", other, str(path)], check=True)
        assert Path(f"{path}-wal").exists()  # the other process was not the last connection
    finally:
        keeper.close()
