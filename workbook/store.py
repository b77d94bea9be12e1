"""The store: one SQLite file per workbook (docs/json-format.md).

Foreign keys are on, the journal is WAL (a report can read while a notebook writes), a
busy timeout lets two writers queue instead of failing, and ``PRAGMA user_version`` holds
the schema version: :data:`MIGRATIONS` upgrades an older workbook in place, forward only.
Every write a user thinks of as one action goes through :meth:`Workbook.transaction`.

The store knows records and frames, nothing of notebooks, metrics or charts.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from workbook.errors import RecordError, WorkbookInputError
from workbook.frames import Frames, coerce_frame, columns
from workbook.schema import TABLE_NAMES

if TYPE_CHECKING:
    from workbook.models import Record, TableRecord

BUSY_TIMEOUT_MS = 30_000

# Forward migrations: MIGRATIONS[i] takes a workbook from version i to version i + 1.
MIGRATIONS: list[str] = [
    # 1: the data model of docs/json-format.md.
    """
    CREATE TABLE owner (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        name TEXT NOT NULL DEFAULT ''
    );
    INSERT INTO owner (id, name) VALUES (1, '');
    CREATE TABLE person (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, organisation TEXT, role TEXT, email TEXT,
        phone TEXT, url TEXT, tags TEXT NOT NULL DEFAULT '[]', needs TEXT,
        cadence_days INTEGER, introduced_by TEXT REFERENCES person(id), notes TEXT
    );
    CREATE TABLE event (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, date TEXT NOT NULL,
        location TEXT, purpose TEXT, intended_outcome TEXT, target_people INTEGER
    );
    CREATE TABLE encounter (
        id TEXT PRIMARY KEY, person TEXT NOT NULL REFERENCES person(id),
        date TEXT NOT NULL, event TEXT REFERENCES event(id), place TEXT, learned TEXT,
        their_needs TEXT, my_offer TEXT,
        card_exchanged INTEGER NOT NULL DEFAULT 0 CHECK (card_exchanged IN (0, 1)),
        follow_up_planned INTEGER NOT NULL DEFAULT 1 CHECK (follow_up_planned IN (0, 1)),
        follow_up_due TEXT, quality INTEGER
    );
    CREATE TABLE touchpoint (
        id TEXT PRIMARY KEY, person TEXT NOT NULL REFERENCES person(id),
        date TEXT NOT NULL, direction TEXT NOT NULL CHECK (direction IN ('out', 'in')),
        kind TEXT NOT NULL, channel TEXT NOT NULL, note TEXT
    );
    CREATE TABLE purpose (
        id TEXT PRIMARY KEY, start TEXT NOT NULL, "end" TEXT NOT NULL, why TEXT,
        intended_outcome TEXT, follow_up_plan TEXT, nurture_plan TEXT,
        opportunity_note TEXT, targets TEXT NOT NULL DEFAULT '{}'
    );
    CREATE TABLE debrief (
        id TEXT PRIMARY KEY, event TEXT NOT NULL REFERENCES event(id), date TEXT NOT NULL,
        purpose_met TEXT, highlights TEXT, learned TEXT, wiift TEXT, next_steps TEXT,
        energy INTEGER
    );
    CREATE TABLE opportunity (
        id TEXT PRIMARY KEY, person TEXT NOT NULL REFERENCES person(id),
        date TEXT NOT NULL, kind TEXT NOT NULL, note TEXT
    );
    """,
    # 2: indexes for the per-person, per-date look-ups of the follow-up metrics.
    """
    CREATE INDEX encounter_person_date ON encounter (person, date);
    CREATE INDEX touchpoint_person_date ON touchpoint (person, date);
    CREATE INDEX encounter_event ON encounter (event);
    CREATE INDEX debrief_event ON debrief (event);
    """,
    # 3: the coach's notes, one or more per period label, with suggested targets
    # ("homework") for the period after it (workbook/notes.py).
    """
    CREATE TABLE coach_note (
        id TEXT PRIMARY KEY, period TEXT NOT NULL, text TEXT NOT NULL,
        targets TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX coach_note_period ON coach_note (period);
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)

JSON_FIELDS = {"tags", "targets"}
_EMPTY_JSON = {"[]": list, "{}": dict}  # most people have no tags: skip the parser
BOOL_FIELDS = {"card_exchanged", "follow_up_planned"}


def _quote(name: str) -> str:
    return f'"{name}"'


def _to_row(collection: str, record: Record) -> dict[str, Any]:
    """A validated record as the values of its SQLite row."""
    row = record.model_dump(mode="json")
    for name in JSON_FIELDS & row.keys():
        row[name] = json.dumps(row[name], ensure_ascii=False, sort_keys=True)
    for name in BOOL_FIELDS & row.keys():
        row[name] = int(row[name])
    return row


def _from_row(row: dict[str, Any]) -> dict[str, Any]:
    """A SQLite row as a native JSON record (docs/json-format.md)."""
    for name in JSON_FIELDS & row.keys():
        row[name] = json.loads(row[name])
    for name in BOOL_FIELDS & row.keys():
        row[name] = bool(row[name])
    return row


class Workbook:
    """One open workbook file. Use :meth:`open`; close it, or use it as a context manager."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self.connection = connection

    # -- opening -------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path, create: bool = False) -> Workbook:
        """Open (and upgrade) the workbook at ``path``; ``create`` makes a new one if missing."""
        path = Path(path)
        if not path.exists():
            if not create:
                raise WorkbookInputError(
                    f"{path}: no workbook here (make one with `workbook init {path}` "
                    "or `workbook demo {path}`)"
                )
            path.parent.mkdir(parents=True, exist_ok=True)
        elif path.is_dir():
            raise WorkbookInputError(f"{path}: is a folder, not a workbook file")
        try:
            connection = sqlite3.connect(
                path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
            )
            connection.row_factory = sqlite3.Row
            connection.execute("PRAGMA foreign_keys = ON")
            connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            connection.execute("PRAGMA journal_mode = WAL")
            workbook = cls(path, connection)
            workbook._migrate()
        except sqlite3.DatabaseError as error:
            raise WorkbookInputError(f"{path}: not a workbook ({error})") from None
        return workbook

    @property
    def version(self) -> int:
        return int(self.connection.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        version = self.version
        if version > SCHEMA_VERSION:
            raise WorkbookInputError(
                f"{self.path}: made by a newer version of this workbook (schema {version}, "
                f"this one knows up to {SCHEMA_VERSION}); upgrade the package"
            )
        if version < SCHEMA_VERSION:
            with self.transaction():
                # Re-read inside the write lock: another process may have migrated already.
                for number in range(self.version, SCHEMA_VERSION):
                    for statement in MIGRATIONS[number].split(";"):
                        if statement.strip():
                            self.connection.execute(statement)
                    self.connection.execute(f"PRAGMA user_version = {number + 1}")

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One user action: everything inside commits together or not at all."""
        if self.connection.in_transaction:  # nested: part of the outer action
            yield self.connection
            return
        self.connection.execute("BEGIN IMMEDIATE")
        try:
            yield self.connection
        except BaseException:
            self.connection.execute("ROLLBACK")
            raise
        self.connection.execute("COMMIT")

    # -- reading -------------------------------------------------------------------------
    @property
    def owner(self) -> str:
        return str(self.connection.execute("SELECT name FROM owner").fetchone()[0])

    def records(self, collection: str) -> list[dict[str, Any]]:
        """All records of a collection as native JSON records, ordered by id."""
        table = TABLE_NAMES[collection]
        cols = ", ".join(_quote(c) for c in columns(collection))
        rows = self.connection.execute(f"SELECT {cols} FROM {table} ORDER BY id")
        return [_from_row(dict(row)) for row in rows]

    def get(self, collection: str, record_id: str) -> dict[str, Any] | None:
        table = TABLE_NAMES[collection]
        cols = ", ".join(_quote(c) for c in columns(collection))
        row = self.connection.execute(
            f"SELECT {cols} FROM {table} WHERE id = ?", (record_id,)
        ).fetchone()
        return None if row is None else _from_row(dict(row))

    def ids(self, collection: str) -> set[str]:
        table = TABLE_NAMES[collection]
        return {row[0] for row in self.connection.execute(f"SELECT id FROM {table}")}

    def frames(self) -> Frames:
        """Everything in the workbook as typed DataFrames (see :mod:`workbook.frames`)."""
        built: dict[str, pd.DataFrame] = {}
        # One read transaction: a consistent snapshot even while someone else writes.
        with self.snapshot():
            for collection, table in TABLE_NAMES.items():
                cols = columns(collection)
                select = ", ".join(_quote(c) for c in cols)
                frame = pd.read_sql_query(
                    # Table order, not id order: metrics sort what they need, and an
                    # index walk over text ids costs a third of the read at scale.
                    f"SELECT {select} FROM {table} ORDER BY rowid",
                    self.connection,
                )
                for name in JSON_FIELDS & set(cols):
                    frame[name] = [
                        _EMPTY_JSON[v]() if v in _EMPTY_JSON else json.loads(v) for v in frame[name]
                    ]
                built[collection] = coerce_frame(collection, frame)
            owner = self.owner
        return Frames(owner=owner, **built)

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Read several tables as of one moment (a read transaction)."""
        if self.connection.in_transaction:
            yield
            return
        self.connection.execute("BEGIN")
        try:
            yield
        finally:
            self.connection.execute("COMMIT")

    def next_id(self, collection: str, prefix: str) -> str:
        """A fresh id like ``n42``: one more than the largest ``prefix<number>`` in use."""
        table = TABLE_NAMES[collection]
        rows = self.connection.execute(
            f"SELECT id FROM {table} WHERE id LIKE ?", (prefix + "%",)
        ).fetchall()
        numbers = [int(r[0][len(prefix) :]) for r in rows if r[0][len(prefix) :].isdigit()]
        return f"{prefix}{max(numbers, default=0) + 1}"

    # -- writing -------------------------------------------------------------------------
    def set_owner(self, name: str) -> None:
        with self.transaction():
            self.connection.execute("UPDATE owner SET name = ?", (name,))

    def put(self, collection: str, record: Record | dict[str, Any]) -> Record:
        """Insert or replace one record, validated; part of the caller's transaction if any."""
        from workbook.models import TABLES, Record  # pydantic: only when writing

        model = TABLES[collection][1]
        if not isinstance(record, Record):
            record = validate_record(collection, record)
        elif not isinstance(record, model):
            raise TypeError(f"{collection} takes {model.__name__} records")
        table = TABLE_NAMES[collection]
        row = _to_row(collection, record)
        names = ", ".join(_quote(c) for c in row)
        marks = ", ".join("?" for _ in row)
        updates = ", ".join(f"{_quote(c)} = excluded.{_quote(c)}" for c in row if c != "id")
        try:
            with self.transaction():
                self.connection.execute(
                    f"INSERT INTO {table} ({names}) VALUES ({marks}) "
                    f"ON CONFLICT (id) DO UPDATE SET {updates}",
                    tuple(row.values()),
                )
        except sqlite3.IntegrityError as error:
            raise RecordError(collection, row["id"], None, _integrity_message(error)) from None
        return record

    def insert_many(self, collection: str, records: Sequence[Record]) -> None:
        """Insert validated records in bulk (new ids only), inside the caller's transaction.

        Foreign keys are checked when the transaction commits, so records may refer to
        records later in the list (an introduction pointing forward).
        """
        if not records:
            return
        table = TABLE_NAMES[collection]
        rows = [_to_row(collection, record) for record in records]
        names = ", ".join(_quote(c) for c in rows[0])
        marks = ", ".join("?" for _ in rows[0])
        with self.transaction():
            self.connection.execute("PRAGMA defer_foreign_keys = ON")
            self.connection.executemany(
                f"INSERT INTO {table} ({names}) VALUES ({marks})",
                [tuple(row.values()) for row in rows],
            )


def validate_record(collection: str, data: dict[str, Any]) -> TableRecord:
    """Validate one native JSON record; a :class:`RecordError` names its id and field."""
    from pydantic import ValidationError

    from workbook.models import TABLES

    model = TABLES[collection][1]
    record_id = data.get("id") if isinstance(data, dict) else None
    if not isinstance(data, dict):
        raise RecordError(collection, None, None, "a record must be a JSON object")
    try:
        return model.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or None
        message = first["msg"].removeprefix("Value error, ")
        if first["type"] == "extra_forbidden":
            message = "unknown field"
        elif first["type"] == "missing":
            message = "is required"
        elif first["type"].startswith("literal_error"):
            message = f"{first['input']!r} is not allowed: {message.lower()}"
        shown_id = str(record_id) if isinstance(record_id, str | int) else None
        raise RecordError(collection, shown_id, field, message) from None


def _integrity_message(error: sqlite3.IntegrityError) -> str:
    text = str(error)
    if "FOREIGN KEY" in text:
        return "refers to a record that does not exist"
    return text


def init_workbook(path: str | Path, owner: str | None = None) -> Path:
    """Create an empty workbook at ``path`` (an error if one is already there)."""
    path = Path(path)
    if path.exists():
        raise WorkbookInputError(f"{path}: a file is already there; not overwriting it")
    with Workbook.open(path, create=True) as workbook:
        if owner:
            workbook.set_owner(owner)
    return path
