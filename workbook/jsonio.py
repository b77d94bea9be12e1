"""Native JSON import and export (docs/json-format.md).

``export`` then ``import`` into an empty workbook gives back equal data. An import is
validated in full before anything is written, and written in one transaction: a file with
any invalid record writes nothing, and the error names the table, the record id and the
field. Importing the same file twice adds nothing the second time: a record whose id is
already stored is updated in place, and a person already known by e-mail, then profile
URL, then name + organisation is matched to the stored person (docs/json-format.md, Matching).
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from workbook import schema
from workbook.errors import RecordError, WorkbookInputError
from workbook.files import read_bytes, write_text_atomic
from workbook.models import REFERENCES, TABLES, Owner, Person, TableRecord
from workbook.store import Workbook, validate_record

FORMAT = schema.FORMAT
VERSION = schema.FORMAT_VERSION


@dataclass
class ImportResult:
    """What an import did, per collection: records added and records updated."""

    added: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    matched_people: int = 0
    skipped: list[str] = field(default_factory=list)

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
        if self.skipped:
            shown = "; ".join(self.skipped[:3]) + ("; …" if len(self.skipped) > 3 else "")
            text += f"; passed over {len(self.skipped)} ({shown})"
        return text


def read_json_file(path: str | Path) -> Any:
    """Parse a JSON file; a broken file names the line and column."""
    path = Path(path)
    try:
        text = read_bytes(path).decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise WorkbookInputError(f"{path}: not UTF-8 text (byte {error.start})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise WorkbookInputError(
            f"{path}: line {error.lineno}, column {error.colno}: not valid JSON ({error.msg})"
        ) from None


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
    unknown = set(document) - {"format", "version", "owner", *TABLES}
    if unknown:
        raise WorkbookInputError(f"{where}unknown top-level field {sorted(unknown)[0]!r}")
    owner = document.get("owner")
    if owner is not None and (
        not isinstance(owner, dict)
        or set(owner) - {"name"}
        or not isinstance(owner.get("name", ""), str)
    ):
        raise WorkbookInputError(f"{where}field 'owner' must be an object {{\"name\": text}}")

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


def match_people(workbook: Workbook, people: list[Person]) -> dict[str, str]:
    """Map incoming person ids to stored ids for people the workbook already holds."""
    stored = workbook.records("people")
    stored_ids = {p["id"] for p in stored}
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
    workbook: Workbook, records: dict[str, list[TableRecord]], owner: str | None = None
) -> ImportResult:
    """Write validated records in one transaction (people matched as docs/json-format.md says)."""
    result = ImportResult()
    incoming = cast(list[Person], records.get("people", []))  # the people table's model
    mapping = match_people(workbook, incoming)
    result.matched_people = len(mapping)
    with workbook.transaction():
        if owner and not workbook.owner:
            workbook.set_owner(owner)
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
                workbook.connection.execute(
                    "UPDATE person SET introduced_by = ? WHERE id = ?", (introducer, person.id)
                )
    return result


def _comparable(collection: str, data: dict[str, Any]) -> dict[str, Any]:
    return TABLES[collection][1].model_validate(data).model_dump(mode="json")


def import_json(workbook: Workbook, path: str | Path) -> ImportResult:
    """Validate the native JSON file at ``path`` and import it; nothing is written on error."""
    document = read_json_file(path)
    known = {collection: workbook.ids(collection) for collection in TABLES}
    records = validate_document(document, source=str(path), known=known)
    owner = Owner.model_validate(document.get("owner") or {}).name
    return import_records(workbook, records, owner=owner or None)


def export_document(workbook: Workbook) -> dict[str, Any]:
    """The whole workbook as a native JSON document (docs/json-format.md)."""
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "owner": {"name": workbook.owner},
    }
    with workbook.snapshot():  # one consistent view, even while someone writes
        for collection in TABLES:
            document[collection] = workbook.records(collection)
    return document


def write_json_atomic(document: Any, path: str | Path) -> Path:
    """Write JSON next to ``path`` and rename it into place: never a half-written file."""
    return write_text_atomic(json.dumps(document, ensure_ascii=False, indent=1) + "\n", path)


def write_new_workbook(path: str | Path, document: Any, force: bool = False) -> dict[str, int]:
    """Write a whole document as a new workbook file, atomically; return the counts.

    The document is validated first; the workbook is built in a temporary file beside
    ``path`` and renamed into place, so there is never a half-written workbook.
    """
    path = Path(path)
    if path.exists() and not force:
        raise WorkbookInputError(f"{path}: a file is already there; not overwriting it")
    records = validate_document(document, source=str(path))
    owner = Owner.model_validate(document.get("owner") or {}).name
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".db", dir=path.parent)
    os.close(handle)
    os.unlink(temporary)
    try:
        with Workbook.open(temporary, create=True) as workbook:
            with workbook.transaction():
                workbook.set_owner(owner)
                for collection in TABLES:
                    workbook.insert_many(collection, records[collection])
            # Fold the WAL back into the file before it is moved.
            workbook.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        for suffix in ("-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{temporary}{suffix}").unlink(missing_ok=True)
    return {collection: len(items) for collection, items in records.items()}
