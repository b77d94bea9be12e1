"""Native JSON import and export (docs/json-format.md).

``export`` then ``import`` into an empty workbook gives back equal data. An import is
validated in full before anything is written, and written in one transaction: a file with
any invalid record writes nothing, and the error names the table, the record id and the
field. Importing the same file twice adds nothing the second time.

Every workbook has an id of its own (``workbook_id``, written into its exports). What an
import does depends on where the file comes from (docs/robustness.md, Merging):

* an export of **this** workbook (same ``workbook_id``), or any file imported into an
  **empty** workbook (a backup restored; it takes the file's ``workbook_id``): records are
  written under their own ids, a stored record with the same id updated in place;
* anything else — **another** workbook's export, or a file without ``workbook_id`` (e.g.
  ``data/sample.json``) — is **merged**: it never overwrites. People already known by
  e-mail, then profile URL, then name + organisation are matched to the stored person; a
  record equal to a stored one (references matched) is that record; everything else is
  added under a fresh id. References in a file without ``workbook_id`` may name records
  already stored (a hand-written file adding touchpoints for known people).

Ids, matching and writing all happen inside one write transaction (``BEGIN IMMEDIATE``):
two imports at once queue, and neither overwrites what the other added.
"""

from __future__ import annotations

import json
import math
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from workbook import schema
from workbook.errors import RecordError, WorkbookInputError
from workbook.files import place_new, read_text, write_text_atomic
from workbook.models import REFERENCES, TABLES, Owner, TableRecord
from workbook.store import ID_PREFIXES, Workbook, is_demo_file, validate_record

FORMAT = schema.FORMAT
VERSION = schema.FORMAT_VERSION


@dataclass
class ImportResult:
    """What an import did, per collection: records added and records updated."""

    added: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    matched_people: int = 0
    skipped: list[str] = field(default_factory=list)
    already_there: int = 0

    def describe(self) -> str:
        from workbook.words import count, record_count

        parts = [record_count(n, c) for c, n in self.added.items() if n]
        text = "added " + (", ".join(parts) if parts else "nothing new")
        changed = sum(self.updated.values())
        if changed:
            text += f"; updated {count(changed, 'record')}"
        if self.matched_people:
            matched = count(self.matched_people, "person", "people")
            text += f"; matched {matched} already in the workbook"
        if self.already_there:
            text += f"; {count(self.already_there, 'other record')} already there"
        if self.skipped:
            shown = "; ".join(self.skipped[:3]) + ("; …" if len(self.skipped) > 3 else "")
            text += f"; passed over {len(self.skipped)} ({shown})"
        return text


def read_json_file(path: str | Path) -> Any:
    """Parse a JSON file; a broken file names the line and column."""
    path = Path(path)
    text = read_text(path)
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise WorkbookInputError(
            f"{path}: line {error.lineno}, column {error.colno}: not valid JSON ({error.msg})"
        ) from None
    except RecursionError:
        raise WorkbookInputError(f"{path}: nested too deeply to be a workbook export") from None
    except ValueError as error:  # e.g. an integer of more than 4,300 digits
        if "digits" in str(error):
            raise WorkbookInputError(
                f"{path}: holds a number with more digits than any field accepts"
            ) from None
        raise WorkbookInputError(f"{path}: not valid JSON ({error})") from None


def validate_document(
    document: Any, source: str | None = None, known: dict[str, set[str]] | None = None
) -> dict[str, list[TableRecord]]:
    """Validate a whole native JSON document; return its records by collection.

    ``known`` holds ids already stored (by collection): a reference may resolve to those.
    Raises :class:`RecordError` (table, id, field) or :class:`WorkbookInputError`.
    """
    where = f"{source}: " if source else ""
    if not isinstance(document, dict):
        raise WorkbookInputError(f"{where}the top level must be a JSON object")
    if document.get("format") != FORMAT:
        raise WorkbookInputError(
            f"{where}field 'format' must be {FORMAT!r} (got {document.get('format')!r})"
        )
    if document.get("version") != VERSION:
        raise WorkbookInputError(
            f"{where}field 'version': this workbook reads version {VERSION}, "
            f"not {document.get('version')!r}"
        )
    unknown = set(document) - {"format", "version", "workbook_id", "owner", *TABLES}
    if unknown:
        raise WorkbookInputError(f"{where}unknown top-level field {sorted(unknown)[0]!r}")
    workbook_id = document.get("workbook_id")
    if workbook_id is not None and (
        not isinstance(workbook_id, str) or not 1 <= len(workbook_id.strip()) <= 200
    ):
        raise WorkbookInputError(f"{where}field 'workbook_id' must be text (the workbook's id)")
    owner = document.get("owner")
    if owner is not None and (
        not isinstance(owner, dict)
        or set(owner) - {"name", "email"}
        or not isinstance(owner.get("name", ""), str)
        or not isinstance(owner.get("email") or "", str)
    ):
        raise WorkbookInputError(
            f'{where}field \'owner\' must be an object {{"name": text, "email": text}}'
        )
    if owner and owner.get("email") is not None:
        from workbook.mail import check_address

        check_address(owner["email"], f"{where}field 'owner.email'")

    records: dict[str, list[TableRecord]] = {}
    for collection in TABLES:
        raw = document.get(collection)
        raw = [] if raw is None else raw
        if not isinstance(raw, list):
            raise WorkbookInputError(f"{where}field {collection!r} must be a list of records")
        seen: set[str] = set()
        validated = []
        for item in raw:
            try:
                record = validate_record(collection, item)
            except RecordError as error:
                raise RecordError(
                    collection, error.record_id, error.field, error.problem, source
                ) from None
            if record.id in seen:
                raise RecordError(collection, record.id, "id", "duplicate id", source)
            seen.add(record.id)
            validated.append(record)
        records[collection] = validated

    ids = {c: {r.id for r in rs} | (known or {}).get(c, set()) for c, rs in records.items()}
    for collection, refs in REFERENCES.items():
        for record in records[collection]:
            for name, target in refs.items():
                value = getattr(record, name)
                if value is not None and value not in ids[target]:
                    raise RecordError(
                        collection,
                        record.id,
                        name,
                        f"refers to {target} record {value!r}, which does not exist",
                        source,
                    )
    return records


def person_keys(person: dict[str, Any]) -> list[tuple[str, str]]:
    """Match keys in order (docs/json-format.md): e-mail, profile URL, name + organisation."""
    keys = []
    if person.get("email"):
        keys.append(("email", person["email"].strip().lower()))
    if person.get("url"):
        keys.append(("url", person["url"].strip().lower().rstrip("/")))
    keys.append(
        (
            "name",
            f"{person['name'].strip().lower()}|"
            f"{(person.get('organisation') or '').strip().lower()}",
        )
    )
    return keys


def match_people(
    workbook: Workbook, people: Sequence[TableRecord], by_id: bool = True
) -> dict[str, str]:
    """Map incoming person ids to stored ids for people the workbook already holds.

    ``by_id``: a person whose id is stored is that person (an export of this workbook),
    not matched by the rules.
    """
    stored = workbook.records("people")
    stored_ids = {p["id"] for p in stored} if by_id else set()
    index: dict[tuple[str, str], str] = {}
    for row in stored:
        for key in person_keys(row):
            index.setdefault(key, row["id"])
    mapping: dict[str, str] = {}
    for person in people:
        if person.id in stored_ids:
            continue
        for key in person_keys(person.model_dump()):
            if key in index:
                mapping[person.id] = index[key]
                break
    return mapping


def import_records(
    workbook: Workbook,
    records: dict[str, list[TableRecord]],
    owner: str | None = None,
    email: str | None = None,
) -> ImportResult:
    """Write validated records in one transaction (people matched as docs/json-format.md says).

    The owner's name and e-mail are taken only where the workbook has none yet."""
    result = ImportResult()
    incoming = cast(list[Any], records.get("people", []))  # the people table's model
    mapping = match_people(workbook, incoming)
    result.matched_people = len(mapping)
    with workbook.transaction():
        if owner and not workbook.owner:
            workbook.set_owner(owner)
        if email and not workbook.owner_email:
            workbook.set_owner_email(email.strip())
        # Two passes over people: introductions may point forward in the file.
        people = [p for p in incoming if p.id not in mapping]
        for collection in TABLES:
            existing = workbook.ids(collection)
            added = updated = 0
            batch: list[TableRecord] = (
                list(people) if collection == "people" else records.get(collection, [])
            )
            for record in batch:
                data = record.model_dump()
                for name, target in REFERENCES.get(collection, {}).items():
                    if target == "people" and data.get(name) in mapping:
                        data[name] = mapping[data[name]]
                if record.id in existing:
                    if workbook.get(collection, record.id) != _comparable(collection, data):
                        updated += 1
                else:
                    added += 1
                if collection == "people":
                    data["introduced_by"] = None  # set in the second pass below
                workbook.put(collection, TABLES[collection][1].model_validate(data))
            result.added[collection] = added
            result.updated[collection] = updated
        for person in people:
            if person.introduced_by is not None:
                introducer = mapping.get(person.introduced_by, person.introduced_by)
                workbook.set_field("people", person.id, "introduced_by", introducer)
    return result


def _comparable(collection: str, data: dict[str, Any]) -> dict[str, Any]:
    return TABLES[collection][1].model_validate(data).model_dump(mode="json")


def import_json(workbook: Workbook, path: str | Path) -> ImportResult:
    """Validate the native JSON file at ``path`` and import it; nothing is written on error."""
    return import_document(workbook, read_json_file(path), source=str(path))


def import_document(workbook: Workbook, document: Any, source: str | None = None) -> ImportResult:
    """Import a native JSON document: in place or merged (see the module docstring)."""
    with workbook.transaction():  # ids read, matched and written under one write lock
        incoming_id = document.get("workbook_id") if isinstance(document, dict) else None
        restore = workbook.is_empty()
        in_place = restore or (incoming_id is not None and incoming_id == workbook.workbook_id)
        stored = {collection: workbook.ids(collection) for collection in TABLES}
        known = stored if in_place or incoming_id is None else None
        records = validate_document(document, source=source, known=known)
        owner = Owner.model_validate(document.get("owner") or {})
        if not in_place:
            return merge_records(workbook, records)
        if restore and incoming_id is not None:
            workbook.set_workbook_id(incoming_id)
        return import_records(workbook, records, owner=owner.name or None, email=owner.email)


class _FreshIds:
    """Fresh ids per collection, numbered on from the largest in use (inside the caller's
    write transaction)."""

    def __init__(self, workbook: Workbook) -> None:
        self.workbook = workbook
        self.next: dict[str, int] = {}

    def take(self, collection: str) -> str:
        prefix = ID_PREFIXES[collection]
        if collection not in self.next:
            self.next[collection] = int(self.workbook.next_id(collection, prefix)[len(prefix) :])
        number = self.next[collection]
        self.next[collection] = number + 1
        return f"{prefix}{number}"


def merge_records(workbook: Workbook, records: dict[str, list[TableRecord]]) -> ImportResult:
    """Add another workbook's records without changing any stored record (one transaction).

    People are matched by the usual rules; any other record equal to a stored one once its
    references are matched is that record; the rest are added under fresh ids.
    """
    result = ImportResult()
    fresh = _FreshIds(workbook)
    with workbook.transaction():
        people = cast(list[Any], records.get("people", []))
        mapping: dict[str, dict[str, str]] = {"people": match_people(workbook, people, False)}
        result.matched_people = len(mapping["people"])
        new_people = [p for p in people if p.id not in mapping["people"]]
        for person in new_people:
            mapping["people"][person.id] = fresh.take("people")
        for collection in TABLES:
            mapping.setdefault(collection, {})
            refs = REFERENCES.get(collection, {})
            batch = new_people if collection == "people" else records.get(collection, [])
            available: dict[str, list[str]] = {}
            if collection != "people":
                for row in workbook.records(collection):
                    available.setdefault(_content_key(row), []).append(row["id"])
            added = []
            for record in batch:
                data = record.model_dump(mode="json")
                for name, target in refs.items():
                    if data.get(name) is not None:
                        data[name] = mapping[target].get(data[name], data[name])
                if collection == "people":
                    data["id"] = mapping["people"][record.id]
                else:
                    twins = available.get(_content_key(data))
                    if twins:
                        mapping[collection][record.id] = twins.pop(0)
                        result.already_there += 1
                        continue
                    data["id"] = mapping[collection][record.id] = fresh.take(collection)
                added.append(TABLES[collection][1].model_validate(data))
            workbook.insert_many(collection, added)
            result.added[collection] = len(added)
            result.updated[collection] = 0
    return result


def _content_key(record: dict[str, Any]) -> str:
    """A record's content without its id, comparable between a stored and an incoming one."""
    return json.dumps({k: v for k, v in record.items() if k != "id"}, sort_keys=True)


def export_document(workbook: Workbook) -> dict[str, Any]:
    """The whole workbook as a native JSON document (docs/json-format.md)."""
    document: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    with workbook.snapshot():  # one consistent view, even while someone writes
        if workbook.workbook_id is not None:
            document["workbook_id"] = workbook.workbook_id
        document["owner"] = {"name": workbook.owner}
        if workbook.owner_email:  # written when set, like the records' optional fields
            document["owner"]["email"] = workbook.owner_email
        for collection in TABLES:
            records = workbook.records(collection)
            for name in schema.WRITTEN_WHEN_SET.get(collection, ()):
                for record in records:
                    if record.get(name) is None:
                        del record[name]
            document[collection] = records
    return document


def is_export_file(head: bytes) -> bool:
    """Whether a file starting with ``head`` is a workbook's JSON export (its first
    field is ``"format": "networking-workbook"``): what ``workbook export`` may replace."""
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    return re.match(r'\{\s*"format"\s*:\s*"' + re.escape(FORMAT) + '"', text) is not None


def write_json_atomic(document: Any, path: str | Path) -> Path:
    """Write JSON next to ``path`` and rename it into place: never a half-written file.

    Strict JSON: a number that is not finite (NaN, Infinity) has no JSON form and is
    written as null (undefined), never as a bare ``NaN`` other programs can't parse.
    """
    text = json.dumps(_finite(document), ensure_ascii=False, indent=1, allow_nan=False)
    return write_text_atomic(text + "\n", path)


def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(item) for item in value]
    return value


def write_new_workbook(
    path: str | Path, document: Any, force: bool = False, demo: bool = False
) -> dict[str, int]:
    """Write a whole document as a new workbook file, atomically; return the counts.

    The document is validated first; the workbook is built in a temporary file beside
    ``path`` and moved into place, so there is never a half-written workbook. A file
    already at ``path`` is kept unless ``force``; a ``demo`` (marked as one) replaces
    only another demo or an empty file, never a real workbook (docs/robustness.md).
    """
    path = Path(path)
    exists = path.exists() or path.is_symlink()
    if exists and not force:
        raise WorkbookInputError(f"{path}: a file is already there; not overwriting it")
    if exists and demo and path.is_file() and path.stat().st_size and not is_demo_file(path):
        raise WorkbookInputError(
            f"{path}: not a demo workbook (your own, or another file); --force only "
            "replaces a demo: not overwriting it"
        )
    records = validate_document(document, source=str(path))
    owner = Owner.model_validate(document.get("owner") or {})
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".db", dir=path.parent)
    os.close(handle)
    os.unlink(temporary)
    try:
        with Workbook.open(temporary, create=True) as workbook:
            with workbook.transaction():
                workbook.set_owner(owner.name)
                if owner.email:
                    workbook.set_owner_email(owner.email.strip())
                for collection in TABLES:
                    workbook.insert_many(collection, records[collection])
            if demo:
                workbook.mark_as_demo()
            # Fold the WAL back into the file before it is moved.
            workbook.checkpoint()
        os.chmod(temporary, 0o644)
        if not exists:
            # Only if there is still no file: never over one that appeared meanwhile.
            if not place_new(temporary, path):
                raise WorkbookInputError(f"{path}: a file is already there; not overwriting it")
            return {collection: len(items) for collection, items in records.items()}
        for suffix in ("-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.replace(temporary, path)
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{temporary}{suffix}").unlink(missing_ok=True)
    return {collection: len(items) for collection, items in records.items()}
