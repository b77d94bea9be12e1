"""The store: one SQLite file per workbook (docs/json-format.md).

Foreign keys are on, the journal is WAL (a report can read while a notebook writes), a
busy timeout lets two writers queue instead of failing, and ``PRAGMA user_version`` holds
the schema version: :data:`MIGRATIONS` upgrades an older workbook in place, forward only.
Every write a user thinks of as one action goes through :meth:`Workbook.transaction`.

The store knows records and frames, nothing of notebooks, metrics or charts.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
import urllib.parse
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from workbook.errors import RecordError, WorkbookError, WorkbookInputError
from workbook.files import place_new
from workbook.schema import BOOL_FIELDS, FIELDS, ID_PREFIXES, JSON_FIELDS, TABLE_NAMES

if TYPE_CHECKING:
    from workbook.frames import Frames
    from workbook.models import Record, TableRecord

BUSY_TIMEOUT_MS = 30_000
#: The SQLite header's application id of a demo workbook ("NoPd"): a real one has 0.
DEMO_MARK = 0x4E6F5064

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
    # 3: the coach's notes, one per period label (writing again replaces it; a workbook
    # imported from elsewhere may hold several, shown oldest first), with suggested
    # targets ("homework") for the period after it (workbook/notes.py).
    """
    CREATE TABLE coach_note (
        id TEXT PRIMARY KEY, period TEXT NOT NULL, text TEXT NOT NULL,
        targets TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX coach_note_period ON coach_note (period);
    """,
    # 4: the workbook's own id (a random uuid4), written into its exports, so that an
    # import can tell its own export (update in place) from another workbook's (merge).
    """
    ALTER TABLE owner ADD COLUMN workbook_id TEXT;
    UPDATE owner SET workbook_id = lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2)))
        || '-4' || substr(lower(hex(randomblob(2))), 2) || '-'
        || substr('89ab', 1 + abs(random() % 4), 1) || substr(lower(hex(randomblob(2))), 2)
        || '-' || lower(hex(randomblob(6)));
    """,
    # 5: the two questions asked before an event that had no field of their own: how I
    # will follow up, and where the unseen opportunity might be (docs/capture.md).
    """
    ALTER TABLE event ADD COLUMN follow_up_plan TEXT;
    ALTER TABLE event ADD COLUMN opportunity_note TEXT;
    """,
    # 6: the owner's e-mail (where their reports are sent) and the secret key of their
    # calendar subscription (docs/agenda.md); both belong to the workbook, not to a record.
    """
    ALTER TABLE owner ADD COLUMN email TEXT;
    ALTER TABLE owner ADD COLUMN calendar_key TEXT;
    """,
    # 7: each report e-mailed to the owner: one row per report folder label (a period, or
    # a period's redacted report), so that no period's report is sent twice (docs/email.md).
    """
    CREATE TABLE sent_report (
        report TEXT PRIMARY KEY, recipient TEXT NOT NULL, sent_at TEXT NOT NULL,
        message_id TEXT NOT NULL
    );
    """,
    # 8: the app (docs/app.md): each saved form's one-time submission id with the answer
    # it got (a resend writes nothing new and gets the same answer); a reminder snoozed
    # on Today until a date; and the fifth question before an event, how I will nurture.
    """
    CREATE TABLE app_submission (
        id TEXT PRIMARY KEY, saved_at TEXT NOT NULL, message TEXT NOT NULL, redirect TEXT,
        undo TEXT
    );
    CREATE TABLE app_snooze (
        reminder TEXT PRIMARY KEY, until TEXT NOT NULL
    );
    ALTER TABLE event ADD COLUMN nurture_plan TEXT;
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)
# The schema version from which the owner row holds the workbook's id.
WORKBOOK_ID_SINCE = next(n + 1 for n, m in enumerate(MIGRATIONS) if "workbook_id" in m)
# The schema version from which the owner row holds an e-mail and a calendar key.
OWNER_EMAIL_SINCE = next(n + 1 for n, m in enumerate(MIGRATIONS) if "owner ADD COLUMN email" in m)
# The schema version from which a workbook records the reports e-mailed to its owner.
SENT_REPORTS_SINCE = next(n + 1 for n, m in enumerate(MIGRATIONS) if "TABLE sent_report" in m)

_EMPTY_JSON = {"[]": list, "{}": dict}  # most people have no tags: skip the parser
__all__ = ["ID_PREFIXES", "SCHEMA_VERSION", "Workbook", "init_workbook", "validate_record"]


def _quote(name: str) -> str:
    return f'"{name}"'


def _to_row(collection: str, record: Record) -> dict[str, Any]:
    """A validated record as the values of its SQLite row."""
    row = record.model_dump(mode="json")
    for name in JSON_FIELDS.get(collection, ()):
        row[name] = json.dumps(row[name], ensure_ascii=False, sort_keys=True)
    for name in BOOL_FIELDS.get(collection, ()):
        row[name] = int(row[name])
    return row


def _json_value(text: Any, collection: str, record_id: Any, name: str, source: str = "") -> Any:
    """A JSON column's value; one written by another tool that isn't JSON of the right
    shape is a :class:`RecordError` naming the record and field."""
    if isinstance(text, str) and text in _EMPTY_JSON:
        return _EMPTY_JSON[text]()
    shape = list if name == "tags" else dict  # the two JSON kinds: tags and targets
    try:
        value = json.loads(text)
    except (TypeError, ValueError, RecursionError):
        value = None
    if not isinstance(value, shape):
        what = "a JSON list" if shape is list else "a JSON object"
        problem = f"is not {what} (edited by another program?)"
        raise RecordError(collection, str(record_id), name, problem, source or None)
    return value


def _from_row(row: dict[str, Any], collection: str, source: str = "") -> dict[str, Any]:
    """A SQLite row as a native JSON record (docs/json-format.md)."""
    for name in JSON_FIELDS.get(collection, ()):
        row[name] = _json_value(row[name], collection, row.get("id"), name, source)
    for name in BOOL_FIELDS.get(collection, ()):
        row[name] = bool(row[name])
    return row


class Workbook:
    """One open workbook file. Use :meth:`open`; close it, or use it as a context manager."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self.connection = connection
        self.read_only = False
        # Inside :meth:`action`: the first write takes the lock, the action commits.
        self._in_action = False

    # -- opening -------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path, create: bool = False) -> Workbook:
        """Open (and upgrade) the workbook at ``path``.

        Only a workbook is opened: another program's SQLite file, an empty file or any
        other file is refused ("not a workbook") and left byte-identical — nothing is
        written to it, not even the journal mode. ``create`` (for ``init``, ``demo`` and
        ``import``) makes a new workbook where there is no file or an empty one. A
        workbook in a folder one cannot write to is opened read-only (see
        docs/robustness.md).
        """
        path = Path(path)
        if not path.exists():
            if not create:
                raise WorkbookInputError(
                    f"{path}: no workbook here (make one with `workbook init {path}` "
                    f"or `workbook demo {path}`)"
                )
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise WorkbookInputError(f"{path}: cannot create ({error.strerror})") from None
        elif path.is_dir():
            raise WorkbookInputError(f"{path}: is a folder, not a workbook file")
        elif not path.is_file():
            raise WorkbookInputError(f"{path}: not a workbook (not a regular file)")
        else:
            if not (create and path.stat().st_size == 0):
                _check_is_workbook(path, being_created=create)
        writable = os.access(path.parent, os.W_OK) and (
            not path.exists() or os.access(path, os.W_OK)
        )
        if not writable and not path.exists():
            raise WorkbookInputError(f"{path}: cannot create (the folder is read-only)")
        try:
            if writable:
                connection = _connect(path)
                connection.execute("PRAGMA journal_mode = WAL")
            else:
                connection = _connect_read_only(path)
            workbook = cls(path, connection)
            workbook.read_only = not writable
            workbook._migrate(create)
        except sqlite3.DatabaseError as error:
            raise database_problem(path, error) from None
        return workbook

    @property
    def version(self) -> int:
        return int(self.connection.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self, create: bool = False) -> None:
        version = self.version
        if version > SCHEMA_VERSION:
            raise WorkbookInputError(
                f"{self.path}: made by a newer version of this workbook (schema {version}, "
                f"this one knows up to {SCHEMA_VERSION}); upgrade the package"
            )
        if version < SCHEMA_VERSION:
            if self.read_only:
                # Every migration only adds: an older workbook reads as it is.
                return
            with self.transaction():
                # Re-read inside the write lock: another process may have migrated already
                # (or, for a file being created, be creating it right now).
                current = self.version
                if current == 0 and not create:
                    raise WorkbookInputError(f"{self.path}: not a workbook")
                if current == 0 and _table_names(self.connection):
                    raise WorkbookInputError(
                        f"{self.path}: not a workbook (another program's database)"
                    )
                for number in range(current, SCHEMA_VERSION):
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
        if self.read_only:
            raise WorkbookInputError(
                f"{self.path}: read-only here (the folder or file cannot be written); "
                "nothing was written"
            )
        self.connection.execute("BEGIN IMMEDIATE")
        if self._in_action:  # the action commits (or rolls back) when it ends
            yield self.connection
            return
        try:
            yield self.connection
        except BaseException:
            self.connection.execute("ROLLBACK")
            raise
        self.connection.execute("COMMIT")

    @contextmanager
    def action(self) -> Iterator[Workbook]:
        """One user action made of reads and writes (docs/capture.md): reads run without
        the write lock; the first :meth:`transaction` takes it and keeps it until the
        action ends, then everything written commits together, or nothing on an error."""
        if self._in_action or self.connection.in_transaction:
            yield self
            return
        self._in_action = True
        try:
            yield self
        except BaseException:
            if self.connection.in_transaction:
                self.connection.execute("ROLLBACK")
            raise
        finally:
            self._in_action = False
        if self.connection.in_transaction:
            self.connection.execute("COMMIT")

    # -- reading -------------------------------------------------------------------------
    @property
    def owner(self) -> str:
        return str(self.connection.execute("SELECT name FROM owner").fetchone()[0])

    @property
    def workbook_id(self) -> str | None:
        """This workbook's own id (a uuid4); None only for an older workbook read-only."""
        if self.version < WORKBOOK_ID_SINCE:
            return None
        return self.connection.execute("SELECT workbook_id FROM owner").fetchone()[0]

    @property
    def owner_email(self) -> str | None:
        """Where the owner's reports are sent; None when not set (or an older workbook)."""
        if self.version < OWNER_EMAIL_SINCE:
            return None
        return self.connection.execute("SELECT email FROM owner").fetchone()[0]

    def set_owner_email(self, email: str | None) -> None:
        with self.transaction():
            self.connection.execute("UPDATE owner SET email = ?", (email,))

    @property
    def calendar_key(self) -> str | None:
        """The secret of the calendar subscription; None until one is made."""
        if self.version < OWNER_EMAIL_SINCE:
            return None
        return self.connection.execute("SELECT calendar_key FROM owner").fetchone()[0]

    def set_calendar_key(self, key: str | None) -> None:
        """A new key (the old subscription address stops working), or None to stop it."""
        with self.transaction():
            self.connection.execute("UPDATE owner SET calendar_key = ?", (key,))

    def sent_report(self, report: str) -> dict[str, str] | None:
        """How the report ``report`` (its folder label, e.g. ``2026-10``) was e-mailed to the
        owner: ``recipient``, ``sent_at``, ``message_id``; None if it was not (docs/email.md)."""
        if self.version < SENT_REPORTS_SINCE:
            return None
        row = self.connection.execute(
            "SELECT recipient, sent_at, message_id FROM sent_report WHERE report = ?", (report,)
        ).fetchone()
        return None if row is None else dict(row)

    def record_sent_report(
        self, report: str, recipient: str, sent_at: str, message_id: str
    ) -> None:
        """Record that the report ``report`` was e-mailed (never sent again after this)."""
        with self.transaction():
            self.connection.execute(
                "INSERT INTO sent_report (report, recipient, sent_at, message_id) "
                "VALUES (?, ?, ?, ?)",
                (report, recipient, sent_at, message_id),
            )

    def set_workbook_id(self, workbook_id: str) -> None:
        """Adopt another id: a backup restored into an empty workbook becomes that workbook."""
        with self.transaction():
            self.connection.execute("UPDATE owner SET workbook_id = ?", (workbook_id,))

    @property
    def is_demo(self) -> bool:
        """Whether ``workbook demo`` wrote this workbook (its header says so)."""
        return int(self.connection.execute("PRAGMA application_id").fetchone()[0]) == DEMO_MARK

    def mark_as_demo(self) -> None:
        """Mark the workbook as a demo, in the file's header (no table): what lets
        ``workbook demo --force`` replace it, and nothing else."""
        self.connection.execute(f"PRAGMA application_id = {DEMO_MARK}")

    def is_empty(self) -> bool:
        """No records at all (the owner's name aside)."""
        return not any(
            self.connection.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone()
            for table in TABLE_NAMES.values()
        )

    def records(self, collection: str) -> list[dict[str, Any]]:
        """All records of a collection as native JSON records, ordered by id."""
        table = TABLE_NAMES[collection]
        cols = ", ".join(_quote(c) for c in FIELDS[collection])
        rows = self.connection.execute(f"SELECT {cols} FROM {table} ORDER BY id")
        return [_from_row(dict(row), collection, str(self.path)) for row in rows]

    def get(self, collection: str, record_id: str) -> dict[str, Any] | None:
        table = TABLE_NAMES[collection]
        cols = ", ".join(_quote(c) for c in FIELDS[collection])
        row = self.connection.execute(
            f"SELECT {cols} FROM {table} WHERE id = ?", (record_id,)
        ).fetchone()
        return None if row is None else _from_row(dict(row), collection, str(self.path))

    def ids(self, collection: str) -> set[str]:
        table = TABLE_NAMES[collection]
        return {row[0] for row in self.connection.execute(f"SELECT id FROM {table}")}

    def frames(self) -> Frames:
        """Everything in the workbook as typed DataFrames (see :mod:`workbook.frames`)."""
        # pandas only here: a command that logs one encounter never pays for it.
        import pandas as pd

        from workbook.frames import Frames, coerce_frame

        built: dict[str, pd.DataFrame] = {}
        # One read transaction: a consistent snapshot even while someone else writes.
        with self.snapshot():
            for collection, table in TABLE_NAMES.items():
                cols = FIELDS[collection]
                select = ", ".join(_quote(c) for c in cols)
                frame = pd.read_sql_query(
                    # Table order, not id order: metrics sort what they need, and an
                    # index walk over text ids costs a third of the read at scale.
                    f"SELECT {select} FROM {table} ORDER BY rowid",
                    self.connection,
                )
                for name in JSON_FIELDS.get(collection, ()):
                    frame[name] = [
                        _EMPTY_JSON[v]()
                        if v in _EMPTY_JSON
                        else _json_value(v, collection, i, name, str(self.path))
                        for i, v in zip(frame["id"], frame[name], strict=True)
                    ]
                try:
                    built[collection] = coerce_frame(collection, frame)
                except (ValueError, TypeError, OverflowError):
                    raise self._unreadable(collection) from None
            owner = self.owner
        return Frames(owner=owner, **built)

    def _unreadable(self, collection: str) -> WorkbookInputError:
        """The error for a table holding a value the frames can't type (a workbook edited
        by another program): the first record that fails the model, named with its field."""
        for row in self.records(collection):
            try:
                validate_record(collection, row)
            except RecordError as error:
                return RecordError(
                    collection, error.record_id, error.field, error.problem, str(self.path)
                )
        return WorkbookInputError(
            f"{self.path}: {collection}: a value edited by another program cannot be read"
        )

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
        """A fresh id like ``n42``: one more than the largest ``prefix<number>`` in use.

        Only safe inside the write transaction that inserts the record (another process
        may take the same number in between): to add a record use :meth:`add`.
        """
        table = TABLE_NAMES[collection]
        # The largest number after the prefix, among ids that are the prefix and digits
        # only (SQLite's GLOB is case-sensitive, as the prefix is).
        start = len(prefix) + 1
        row = self.connection.execute(
            f"SELECT MAX(CAST(substr(id, ?) AS INTEGER)) FROM {table} "
            "WHERE substr(id, 1, ?) = ? AND length(id) > ? AND substr(id, ?) NOT GLOB '*[^0-9]*'",
            (start, len(prefix), prefix, len(prefix), start),
        ).fetchone()
        return f"{prefix}{(row[0] or 0) + 1}"

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

    def add(self, collection: str, record: dict[str, Any], prefix: str | None = None) -> Record:
        """Insert a new record under a fresh id, taken inside the write transaction.

        ``record`` is a native JSON record without its ``id`` (any id given is replaced);
        the id is ``prefix`` (default :data:`ID_PREFIXES`) plus one more than the largest
        number in use, read and written under the same write lock, so two writers at once
        (two imports, a form and ``workbook log``) never take the same id and never
        overwrite each other. Part of the caller's transaction if any. Returns the record.
        """
        from workbook.models import TABLES  # pydantic: only when writing

        prefix = prefix or ID_PREFIXES[collection]
        table = TABLE_NAMES[collection]
        with self.transaction():
            data = {**record, "id": self.next_id(collection, prefix)}
            validated = validate_record(collection, data)
            if not isinstance(validated, TABLES[collection][1]):  # pragma: no cover
                raise TypeError(collection)
            row = _to_row(collection, validated)
            names = ", ".join(_quote(c) for c in row)
            marks = ", ".join("?" for _ in row)
            try:
                self.connection.execute(
                    f"INSERT INTO {table} ({names}) VALUES ({marks})", tuple(row.values())
                )
            except sqlite3.IntegrityError as error:
                raise RecordError(collection, None, None, _integrity_message(error)) from None
        return validated

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

    def set_field(self, collection: str, record_id: str, field: str, value: Any) -> None:
        """Set one plain field of one stored record (no model check: an import's second
        pass, setting references that now resolve), inside the caller's transaction."""
        if field not in FIELDS[collection] or field in JSON_FIELDS.get(collection, ()):
            raise KeyError(field)
        with self.transaction():
            self.connection.execute(
                f"UPDATE {TABLE_NAMES[collection]} SET {_quote(field)} = ? WHERE id = ?",
                (value, record_id),
            )

    def checkpoint(self) -> None:
        """Fold the write-ahead log back into the file (before the file is moved)."""
        self.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    # -- capture: the statements behind logging, correcting, deleting and merging --------
    # (workbook/capture/writes.py composes them into one user action each)
    def data_version(self) -> int:
        """Changes whenever another connection commits (to check again under the lock)."""
        return int(self.connection.execute("PRAGMA data_version").fetchone()[0])

    def people_to_match(self) -> list[dict[str, Any]]:
        """Every person's id, name, organisation and e-mail: what a typed name is matched
        against and a person's label is made of (workbook/capture/matching.py)."""
        cursor = self.connection.cursor()
        cursor.row_factory = None  # plain tuples: 20,000 rows in a few milliseconds
        rows = cursor.execute("SELECT id, name, organisation, email FROM person ORDER BY id")
        return [
            {"id": i, "name": name, "organisation": organisation, "email": email}
            for i, name, organisation, email in rows
        ]

    def referring(self, collection: str, field: str, record_id: str) -> list[str]:
        """The ids of the records of ``collection`` whose ``field`` names ``record_id``."""
        if field not in FIELDS[collection]:
            raise KeyError(field)
        rows = self.connection.execute(
            f"SELECT id FROM {TABLE_NAMES[collection]} WHERE {_quote(field)} = ? ORDER BY id",
            (record_id,),
        )
        return [row[0] for row in rows]

    def delete_records(self, collection: str, ids: Sequence[str]) -> None:
        """Delete records by id, inside the caller's transaction."""
        with self.transaction():
            self.connection.executemany(
                f"DELETE FROM {TABLE_NAMES[collection]} WHERE id = ?", [(i,) for i in ids]
            )

    def clear_references(self, collection: str, field: str, ids: Sequence[str]) -> None:
        """Set ``field`` to nothing on the records ``ids`` (a deleted record's detach)."""
        if field not in FIELDS[collection]:
            raise KeyError(field)
        with self.transaction():
            self.connection.executemany(
                f"UPDATE {TABLE_NAMES[collection]} SET {_quote(field)} = NULL WHERE id = ?",
                [(i,) for i in ids],
            )

    def repoint(
        self, collection: str, field: str, old: str, new: str, unless_id: str | None = None
    ) -> int:
        """Make every ``field`` naming ``old`` name ``new`` (but not on the record
        ``unless_id``); how many records changed."""
        if field not in FIELDS[collection]:
            raise KeyError(field)
        with self.transaction():
            cursor = self.connection.execute(
                f"UPDATE {TABLE_NAMES[collection]} SET {_quote(field)} = ? "
                f"WHERE {_quote(field)} = ? AND id IS NOT ?",
                (new, old, unless_id),
            )
        return int(cursor.rowcount)

    # -- the app: submissions, snoozes, search ---------------------------------------------
    def submission(self, submission_id: str) -> tuple[str, str | None, str | None] | None:
        """The answer (message, redirect, undo) a form submission got, or None if it was
        never saved."""
        row = self.connection.execute(
            "SELECT message, redirect, undo FROM app_submission WHERE id = ?", (submission_id,)
        ).fetchone()
        return None if row is None else (str(row[0]), row[1], row[2])

    def record_submission(
        self,
        submission_id: str,
        saved_at: str,
        message: str,
        redirect: str | None = None,
        undo: str | None = None,
    ) -> None:
        """Remember a submission's answer, inside the transaction of its write."""
        with self.transaction():
            self.connection.execute(
                "INSERT INTO app_submission (id, saved_at, message, redirect, undo) "
                "VALUES (?, ?, ?, ?, ?)",
                (submission_id, saved_at, message, redirect, undo),
            )

    def snoozes(self) -> dict[str, str]:
        """Every snoozed reminder and the date it comes back (ISO), by reminder key."""
        rows = self.connection.execute("SELECT reminder, until FROM app_snooze").fetchall()
        return {str(r[0]): str(r[1]) for r in rows}

    def set_snooze(self, reminder: str, until: str | None) -> None:
        """Snooze ``reminder`` until ``until`` (ISO date), or wake it (None)."""
        with self.transaction():
            if until is None:
                self.connection.execute("DELETE FROM app_snooze WHERE reminder = ?", (reminder,))
            else:
                self.connection.execute(
                    "INSERT INTO app_snooze (reminder, until) VALUES (?, ?) "
                    "ON CONFLICT (reminder) DO UPDATE SET until = excluded.until",
                    (reminder, until),
                )

    def search_people(self, text: str, fold: Callable[[str], str], limit: int = 50) -> list[str]:
        """The ids of the people whose name, organisation, role, tags, needs or notes, or
        whose encounters' "what I learned" or "their needs", contain ``text`` — both sides
        compared through ``fold`` (accents, case and spacing removed), most recently met
        first (docs/capture.md, People)."""
        key = fold(text)
        if not key:
            return []
        self.connection.create_function("nop_fold", 1, fold, deterministic=True)
        escaped = key.replace("!", "!!").replace("%", "!%").replace("_", "!_")
        rows = self.connection.execute(
            """
            SELECT p.id FROM person p
            LEFT JOIN (SELECT person, max(date) AS last FROM encounter GROUP BY person) m
                ON m.person = p.id
            WHERE nop_fold(p.name || ' ' || coalesce(p.organisation, '') || ' '
                           || coalesce(p.role, '') || ' ' || p.tags || ' '
                           || coalesce(p.needs, '') || ' ' || coalesce(p.notes, ''))
                      LIKE :pattern ESCAPE '!'
               OR EXISTS (
                    SELECT 1 FROM encounter e WHERE e.person = p.id
                    AND nop_fold(coalesce(e.learned, '') || ' ' || coalesce(e.their_needs, ''))
                        LIKE :pattern ESCAPE '!')
            ORDER BY m.last IS NULL, m.last DESC, p.name, p.id
            LIMIT :limit
            """,
            {"pattern": f"%{escaped}%", "limit": limit},
        ).fetchall()
        return [str(r[0]) for r in rows]


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


# The tables every workbook has had since its first version.
_CORE_TABLES = {"owner", "person", "event", "encounter", "touchpoint"}


def _connect(path: Path, uri: str | None = None) -> sqlite3.Connection:
    connection = sqlite3.connect(
        uri or path,
        timeout=BUSY_TIMEOUT_MS / 1000,
        isolation_level=None,
        check_same_thread=False,
        uri=uri is not None,
    )
    connection.row_factory = sqlite3.Row
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return connection


def _file_uri(path: Path, **query: str) -> str:
    quoted = urllib.parse.quote(str(path.resolve()))
    return f"file:{quoted}?" + "&".join(f"{k}={v}" for k, v in query.items())


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection. In a folder one cannot write to, a WAL workbook can't get
    its shared-memory file; then it is read as an immutable file (as it was last closed)
    — unless a write-ahead log lies beside it (a copy taken with its ``-wal`` but without
    its ``-shm``): its records are then read from a private copy of both, never missed."""
    connection = _connect(path, _file_uri(path, mode="ro"))
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return connection
    except sqlite3.OperationalError:
        connection.close()
    wal = Path(f"{path}-wal")
    if wal.is_file() and wal.stat().st_size > 0:
        return _read_through_copy(path, wal)
    return _connect(path, _file_uri(path, mode="ro", immutable="1"))


def _read_through_copy(path: Path, wal: Path) -> sqlite3.Connection:
    """The workbook and its log, copied to a private folder where SQLite may build the
    shared memory it needs to read the log, then held in memory (read only): the copy is
    gone before this returns."""
    import shutil

    with tempfile.TemporaryDirectory(prefix="workbook-read-") as folder:
        copy = Path(folder) / "workbook.db"
        try:
            shutil.copyfile(path, copy)
            shutil.copyfile(wal, f"{copy}-wal")
        except OSError as error:
            raise WorkbookInputError(
                f"{path}: cannot read its write-ahead log ({describe_os_error(error)})"
            ) from None
        source = sqlite3.connect(copy)
        try:
            memory = _connect(Path(":memory:"))
            source.backup(memory)
        finally:
            source.close()
    memory.execute("PRAGMA query_only = ON")
    return memory


def _table_names(connection: sqlite3.Connection) -> set[str]:
    rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    return {row[0] for row in rows}


# A workbook's file is read only through SQLite, never with open(): closing any other
# handle on the file drops every POSIX lock this process's SQLite connections hold on it
# (sqlite.org/howtocorrupt.html, 2.2), and a writer elsewhere could then corrupt it.
def _has_content(path: Path) -> bool:
    """Whether the file has anything in it (``stat``: no handle opened); unreadable: a
    :class:`WorkbookInputError`."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise WorkbookInputError(f"{path}: cannot read ({error.strerror})") from None
    if not os.access(path, os.R_OK):
        raise WorkbookInputError(f"{path}: cannot read (Permission denied)")
    return size > 0


def _not_sqlite(error: sqlite3.DatabaseError) -> str:
    """SQLite's "file is not a database" said as the rest of the messages say it."""
    return "not an SQLite file" if "file is not a database" in str(error) else str(error)


def _check_is_workbook(path: Path, being_created: bool = False) -> None:
    """Refuse, without writing anything, a file that is not a workbook this package made.

    ``being_created``: an empty database (no tables yet) is accepted — another process
    may be creating the workbook this very moment.
    """
    if not _has_content(path):
        raise WorkbookInputError(f"{path}: not a workbook (an empty file)")
    try:
        probe = _connect_read_only(path)
    except sqlite3.DatabaseError as error:
        raise WorkbookInputError(f"{path}: not a workbook ({_not_sqlite(error)})") from None
    try:
        version = int(probe.execute("PRAGMA user_version").fetchone()[0])
        tables = _table_names(probe)
    except sqlite3.DatabaseError as error:
        raise WorkbookInputError(f"{path}: not a workbook ({error})") from None
    finally:
        probe.close()
    if version < 0:
        raise WorkbookInputError(f"{path}: not a workbook (schema version {version})")
    if being_created and version == 0 and not tables:
        return
    if version == 0 or not tables >= _CORE_TABLES:
        raise WorkbookInputError(
            f"{path}: not a workbook"
            + (" (another program's database)" if tables else " (an empty database)")
        )


def _integrity_message(error: sqlite3.IntegrityError) -> str:
    text = str(error)
    if "FOREIGN KEY" in text:
        return "refers to a record that does not exist"
    return text


Built = TypeVar("Built")
#: How a new workbook's private file beside its final path ends (``.<name>.<random>`` +).
NEW_SUFFIX = ".new-workbook"


def build_new(path: str | Path, build: Callable[[Workbook], Built]) -> tuple[bool, Built | None]:
    """Create a new workbook at ``path`` holding what ``build`` writes into it, atomically.

    The workbook is built in a private file beside ``path`` and hard-linked into place
    only if there is still no file there (the link fails if one appeared: the
    filesystem decides who created it). So a failed ``build`` (a reference check, a full
    disk, Ctrl-C) leaves nothing at ``path``, and nothing anyone else created there is
    ever removed (see docs/robustness.md, Several writers at once).

    Returns ``(True, result)`` when this call created the file, ``(False, None)`` when
    another process got there first (nothing written; the caller opens that one).
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=NEW_SUFFIX, dir=path.parent)
    except OSError as error:
        if error.errno in (13, 30):  # EACCES, EROFS
            raise WorkbookInputError(f"{path}: cannot create (the folder is read-only)") from None
        raise WorkbookInputError(f"{path}: cannot create ({describe_os_error(error)})") from None
    os.close(handle)
    private = Path(name)
    try:
        try:
            with Workbook.open(private, create=True) as workbook:
                result = build(workbook)
                # Everything into the one file: a -wal beside the private name is lost.
                workbook.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except WorkbookError as error:
            if str(private) not in str(error):
                raise
            renamed = WorkbookInputError(str(error).replace(str(private), str(path)))
            renamed.exit_code = error.exit_code
            raise renamed from None
        except sqlite3.DatabaseError as error:
            raise database_problem(path, error) from None
        os.chmod(private, 0o644)
        try:
            if not place_new(private, path):
                return False, None
        except OSError as error:
            raise WorkbookInputError(
                f"{path}: cannot create ({describe_os_error(error)})"
            ) from None
        return True, result
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{private}{suffix}").unlink(missing_ok=True)


def database_problem(path: str | Path, error: sqlite3.DatabaseError) -> WorkbookInputError:
    """What an SQLite error means to a person: a full disk and a lock say so (they are not a
    damaged file), anything else is "not a workbook" (docs/robustness.md)."""
    text = str(error)
    if "locked" in text or "busy" in text.lower():
        return WorkbookInputError(
            f"{path}: busy (another program is writing to it); try again in a moment"
        )
    if "full" in text or _no_space(Path(path)):
        return WorkbookInputError(f"{path}: no space left on the device; nothing was written")
    return WorkbookInputError(f"{path}: not a workbook ({text})")


def _no_space(path: Path) -> bool:
    try:
        return os.statvfs(path.parent if str(path.parent) else ".").f_bavail == 0
    except OSError:
        return False


def describe_os_error(error: OSError) -> str:
    """An operating-system error in a person's words: a full disk says so."""
    if error.errno == 28:  # ENOSPC
        return "no space left on the device"
    return error.strerror or str(error)


def init_workbook(path: str | Path, owner: str | None = None, email: str | None = None) -> Path:
    """Create an empty workbook at ``path`` (an error if one is already there).

    ``email``: the owner's address, where their reports are sent (docs/email.md).
    Built beside ``path`` and moved into place (:func:`build_new`): a full disk or a
    failure leaves no file behind that would block the next ``init``.
    """
    path = Path(path)
    if path.exists() or path.is_symlink():
        raise WorkbookInputError(f"{path}: a file is already there; not overwriting it")

    def start(workbook: Workbook) -> None:
        if owner:
            workbook.set_owner(owner)
        if email:
            workbook.set_owner_email(email)

    created, _ = build_new(path, start)
    if not created:
        raise WorkbookInputError(f"{path}: a file is already there; not overwriting it")
    return path


def is_demo_file(path: str | Path) -> bool:
    """Whether the file at ``path`` is a demo workbook, read without writing anything."""
    path = Path(path)
    try:
        if not _has_content(path):
            return False
        probe = _connect_read_only(path)
    except (OSError, WorkbookInputError, sqlite3.DatabaseError):
        return False
    try:
        return int(probe.execute("PRAGMA application_id").fetchone()[0]) == DEMO_MARK
    except sqlite3.DatabaseError:
        return False
    finally:
        probe.close()


def snapshot_copy(path: str | Path, destination: str | Path) -> Path:
    """A consistent copy of the workbook at ``path`` as of one moment (SQLite's backup API).

    Reads only: a client saving meanwhile neither waits (WAL: a reader never blocks a
    writer) nor loses anything; the copy is what was committed when the copy began. Used
    by the hub's reports (docs/hub.md)."""
    source = Path(path)
    if not source.is_file():
        raise WorkbookInputError(f"{source}: no workbook here")
    target = Path(destination)
    reader = _connect(source, _file_uri(source, mode="ro"))
    try:
        copy = sqlite3.connect(target)
        try:
            reader.backup(copy)
        finally:
            copy.close()
    finally:
        reader.close()
    return target
