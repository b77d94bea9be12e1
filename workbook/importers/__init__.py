"""Importers: people and events from the files people already have (docs/cli.md, workbook import).

``workbook import FORMAT FILE`` with FORMAT one of :data:`FORMATS`. ``json`` is the
native format (:mod:`workbook.jsonio`); every other format has a module here whose
``read(path)`` returns an :class:`Imported`: native person and event records, each with a
provisional id that says where it came from (``line 7``, ``card 3``, ``VEVENT 2``), so
that an invalid record is named by its place in the file.

:func:`import_contacts` then validates everything, matches people already in the workbook
(by e-mail, then profile URL, then name + organisation), gives the new ones fresh ids and
writes it all in one transaction: importing the same file twice adds nothing, and a file
with any invalid record writes nothing. Events keep the ids their reader derives from the
file (an iCalendar UID); importing it again updates the calendar's facts (name, date,
location) and keeps what the person wrote since (kind, purpose, outcome, target).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbook.errors import WorkbookInputError
from workbook.files import bom_encoding, decode_text, read_bytes
from workbook.jsonio import (
    FORMAT,
    VERSION,
    ImportResult,
    import_json,
    import_records,
    match_people,
    person_keys,
    validate_document,
)
from workbook.limits import MAX_IMPORT_BYTES
from workbook.schema import OWN_FIELDS
from workbook.store import Workbook

FORMATS = ("json", "linkedin", "vcard", "google", "outlook", "ics")
# Module of workbook.importers that reads each format other than json.
READERS = {
    "linkedin": "linkedin",
    "vcard": "vcard",
    "google": "google",
    "outlook": "outlook",
    "ics": "ics",
}


@dataclass
class Imported:
    """What a reader found in a file: native records with provisional ids, and notes on
    what it passed over (e.g. ``"line 9: no name"``) for the import's summary line."""

    people: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def read_text(
    path: str | Path,
    encodings: tuple[str, ...] = ("utf-8-sig", "cp1252"),
    limit: int = MAX_IMPORT_BYTES,
    what: str = "an export this reads",
) -> str:
    """A text file's content, trying UTF-8 (with or without BOM) then the given fallbacks;
    a file with a UTF-16 or UTF-32 byte-order mark (or UTF-16 without one) is read as such.

    A missing, unreadable or special file (a pipe, a device) is a
    :class:`WorkbookInputError` naming it.
    """
    raw = read_bytes(path, limit, what)
    if bom_encoding(raw) not in (None, "utf-8"):
        return decode_text(raw, path)
    for encoding in encodings:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise WorkbookInputError(f"{path}: not text in {' or '.join(encodings)}")


def read_file(format: str, path: str | Path) -> Imported:
    """Read ``path`` with the reader of ``format`` (not ``json``)."""
    if format not in READERS:
        raise WorkbookInputError(f"unknown import format {format!r} (known: {', '.join(FORMATS)})")
    module = importlib.import_module(f"workbook.importers.{READERS[format]}")
    try:
        return module.read(Path(path))
    except ValueError as error:
        # Python refuses to turn more than 4,300 digits into an int (a denial-of-service
        # guard); a reader that meets such a number in a file says so in one line.
        if "digits" not in str(error) or "int" not in str(error):
            raise
        raise WorkbookInputError(f"{path}: holds a number too long to read") from None


def import_file(workbook: Workbook, format: str, path: str | Path) -> ImportResult:
    """Import ``path`` in ``format`` into ``workbook``: all of it, or nothing."""
    if format == "json":
        return import_json(workbook, path)
    return import_contacts(workbook, read_file(format, path), source=str(path))


def import_contacts(workbook: Workbook, imported: Imported, source: str) -> ImportResult:
    """Validate, match and write what a reader found (see the module docstring).

    Matching, the new ids and the writes happen under one write lock (``BEGIN
    IMMEDIATE``): two imports into the same workbook at once queue, each sees the other's
    people, and neither overwrites a record it did not match.
    """
    document = {
        "format": FORMAT,
        "version": VERSION,
        "people": imported.people,
        "events": imported.events,
    }
    records = validate_document(document, source=source)
    with workbook.transaction():
        result = _write_contacts(workbook, records)
    result.skipped = list(imported.skipped)
    return result


def _write_contacts(workbook: Workbook, records: dict[str, list[Any]]) -> ImportResult:
    people = records["people"]  # the people table's model
    matched = match_people(workbook, people)
    # The same person twice in one file (two cards, two rows) is one person.
    seen: dict[tuple[str, str], str] = {}
    fresh: list[Any] = []
    number = int(workbook.next_id("people", "p")[1:])
    renamed: dict[str, str] = {}
    for person in people:
        if person.id in matched:
            continue
        keys = person_keys(person.model_dump())
        duplicate = next((seen[k] for k in keys if k in seen), None)
        if duplicate is not None:
            renamed[person.id] = duplicate
            continue
        new_id = f"p{number}"
        number += 1
        renamed[person.id] = new_id
        for key in keys:
            seen.setdefault(key, new_id)
        fresh.append(person.model_copy(update={"id": new_id}))
    records["people"] = fresh
    records["events"] = [_keep_what_is_stored(workbook, event) for event in records["events"]]
    result = import_records(workbook, records)
    result.matched_people = len(matched)
    return result


def _keep_what_is_stored(workbook: Workbook, event: Any) -> Any:
    """An event imported again takes the calendar's facts (name, date, location) from the
    file, but keeps what the person wrote or chose since: kind, purpose, intended outcome
    and target (the file only fills those in when they are empty)."""
    stored = workbook.get("events", event.id)
    if stored is None:
        return event
    merged = event.model_dump()
    for name in OWN_FIELDS["events"]:
        if stored[name] is not None:
            merged[name] = stored[name]
    return type(event).model_validate(merged)
