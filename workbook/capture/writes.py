"""The writes a person makes — logging, planning, debriefing, correcting, deleting,
merging: the one implementation behind the forms, the app's pages and ``workbook log``
(docs/capture.md).

Each function takes a :class:`~workbook.store.Workbook` opened by :func:`writing` (one
user action: one transaction, committed at the end or rolled back on any error). It
reads and checks first — dates, names, the record against its model — without the write
lock, then takes the lock only for its writes; if another writer committed in between,
it checks again under the lock. So a slow look-up never holds other writers up, and no
write is built on what someone else has just changed. Ids are taken under the lock.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from workbook.capture.matching import AmbiguousPerson, check_new_name, find_person
from workbook.capture.validation import check_choice, check_date, check_record, text
from workbook.errors import CaptureError
from workbook.locations import writable_workbook
from workbook.periods import today as read_today
from workbook.schema import (
    CASCADE,
    CHANNELS,
    DATE_FIELDS,
    DIRECTIONS,
    EVENT_KINDS,
    ID_PREFIXES,
    OPPORTUNITY_KIND_LABELS,
    RECORD_NAMES,
    REFERENCES,
    TOUCH_KIND_LABELS,
    TOUCH_KINDS,
    field_label,
)
from workbook.store import Workbook
from workbook.words import count, record_count

_T = TypeVar("_T")
#: The id a record is checked under before the lock gives it its own.
_UNSAVED = "unsaved"

#: The kinds offered for a one-tap "I followed up" (an outgoing touchpoint today).
QUICK_FOLLOW_UP_CHANNELS = ("email", "call", "message", "meeting")
#: Fields of a person that the People page edits.
PERSON_FIELDS = (
    "name",
    "organisation",
    "role",
    "email",
    "phone",
    "url",
    "needs",
    "cadence_days",
    "introduced_by",
    "tags",
)


@dataclass
class Saved:
    """What one action wrote: the records (collection, record) and a one-line summary."""

    summary: str
    records: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


@contextlib.contextmanager
def writing(path: str | Path) -> Iterator[Workbook]:
    """Open the workbook at ``path`` for one action: one transaction, committed at the end
    or rolled back on any error; the write lock is taken by the first write, not before.
    No workbook there: :class:`~workbook.locations.NoWorkbook` (never the demo, never a
    new file)."""
    with Workbook.open(writable_workbook(path)) as wb, wb.action():
        yield wb


@contextlib.contextmanager
def _locked(wb: Workbook, plan: Callable[[], _T]) -> Iterator[_T]:
    """``plan()`` (reads and checks) before the write lock, then the lock for the writes;
    when another writer committed in between, ``plan()`` again under the lock."""
    seen = wb.data_version()
    planned = plan()
    with wb.transaction():
        if wb.data_version() != seen:
            planned = plan()
        yield planned


def new_id(wb: Workbook, collection: str) -> str:
    """A fresh id, taken inside the open transaction."""
    return wb.next_id(collection, ID_PREFIXES[collection])


def put(wb: Workbook, collection: str, record: dict[str, Any]) -> dict[str, Any]:
    """Validate and write one record; a model error becomes a :class:`CaptureError`."""
    check_record(collection, record)
    wb.put(collection, record)
    return record


def _checked(collection: str, record: dict[str, Any]) -> dict[str, Any]:
    """``record`` (without its id yet) checked against its model."""
    check_record(collection, {**record, "id": record.get("id") or _UNSAVED})
    return record


# -- people ----------------------------------------------------------------------------
@dataclass
class _Who:
    """Whom a typed name means: a stored person, or a new one to add."""

    person: dict[str, Any] | None
    new: dict[str, Any] | None = None


def _match(wb: Workbook, text_: str, create: bool, details: dict[str, Any] | None) -> _Who:
    if not text_ or not text_.strip():
        raise CaptureError("Who", "enter a name: someone you know, or someone new")
    found = find_person(wb.people_to_match(), text_)
    if len(found) > 1:
        raise AmbiguousPerson(text_, found)
    if found:
        return _Who(wb.get("people", found[0]["id"]))
    if not create:
        raise CaptureError("Who", f"nobody called “{text_.strip()}” is in your workbook")
    return _Who(None, _checked("people", {"name": check_new_name(text_), **(details or {})}))


def _add(wb: Workbook, who: _Who) -> tuple[dict[str, Any], bool]:
    """The person ``who`` names, added now when new (under the lock); and whether new."""
    if who.person is not None:
        return who.person, False
    assert who.new is not None
    record = {"id": new_id(wb, "people"), **who.new}
    put(wb, "people", record)
    return wb.get("people", record["id"]) or record, True


def resolve_person(
    wb: Workbook,
    text: str,
    create: bool = True,
    details: dict[str, Any] | None = None,
) -> tuple[dict[str, Any], bool]:
    """The person ``text`` names, or a new one (``create``); and whether they are new.

    A name matching several people raises :class:`AmbiguousPerson`. A text containing
    " — " that matches nobody is a mistyped known person, not a new one.
    """
    with _locked(wb, lambda: _match(wb, text, create, details)) as who:
        return _add(wb, who)


# -- logging ---------------------------------------------------------------------------
def log_encounter(
    wb: Workbook,
    who: str,
    *,
    date: dt.date | str | None = None,
    event: str | None = None,
    place: str | None = None,
    learned: str | None = None,
    needs: str | None = None,
    offer: str | None = None,
    card: bool = False,
    follow_up: bool = True,
    follow_up_by: dt.date | str | None = None,
    quality: int | None = None,
    organisation: str | None = None,
    email: str | None = None,
    today: dt.date | None = None,
) -> Saved:
    """Log an encounter with ``who`` (known, or added). With an event and no date, the
    event's date; a place is only for an everyday encounter (no event)."""
    today = today or read_today()

    def plan() -> tuple[dict[str, Any] | None, _Who, dict[str, Any]]:
        event_record = None
        if event:
            event_record = wb.get("events", event)
            if event_record is None:
                raise CaptureError("Event", f"there is no event {event!r} in your workbook")
            if text(place):
                raise CaptureError("Place", "give an event or an everyday place, not both")
        given = date
        if given is None and event_record is not None:
            given = event_record["date"]
        day = check_date(given if given is not None else today, "Date", today)
        assert day is not None
        due = check_date(follow_up_by, "Follow up by", today, required=False) if follow_up else None
        if due is not None and due < day:
            raise CaptureError(
                "Follow up by",
                f"{due.isoformat()} is before the encounter ({day.isoformat()})",
            )
        details = {"organisation": text(organisation), "email": text(email)}
        person = _match(wb, who, True, details)
        record = {
            "person": person.person["id"] if person.person else _UNSAVED,
            "date": day.isoformat(),
            "event": event_record["id"] if event_record else None,
            "place": None if event_record else text(place),
            "learned": text(learned),
            "their_needs": text(needs),
            "my_offer": text(offer),
            "card_exchanged": bool(card),
            "follow_up_planned": bool(follow_up),
            "follow_up_due": None if due is None else due.isoformat(),
            "quality": quality,
        }
        return event_record, person, _checked("encounters", record)

    with _locked(wb, plan) as (event_record, planned, fields):
        person, created = _add(wb, planned)
        record = {"id": new_id(wb, "encounters"), **fields, "person": person["id"]}
        put(wb, "encounters", record)
    where = event_record["name"] if event_record else (text(place) or "an everyday place")
    summary = f"your encounter with {person['name']} on {record['date']} at {where}"
    if created:
        summary += " (added to your people)"
    records = [("encounters", record)]
    if created:
        records.insert(0, ("people", person))
    return Saved(summary, records)


def log_touch(
    wb: Workbook,
    who: str,
    *,
    direction: str,
    kind: str = "follow_up",
    channel: str = "other",
    date: dt.date | str | None = None,
    note: str | None = None,
    today: dt.date | None = None,
    create: bool = True,
    person_id: str | None = None,
) -> Saved:
    """Log a touchpoint with ``who`` (known, or added when ``create``); ``person_id``
    names the person directly instead (a tap on a listed follow-up)."""
    today = today or read_today()

    def plan() -> tuple[_Who, dict[str, Any]]:
        if direction not in DIRECTIONS:
            raise CaptureError("Direction", "say who reached out: out (you) or in (them)")
        check_choice(kind, TOUCH_KINDS, "Kind")
        check_choice(channel, CHANNELS, "Channel")
        day = check_date(date if date is not None else today, "Date", today)
        assert day is not None
        if person_id is not None:
            found = wb.get("people", person_id)
            if found is None:
                raise CaptureError("Who", "that person is no longer in your workbook")
            person = _Who(found)
        else:
            person = _match(wb, who, create, None)
        record = {
            "person": person.person["id"] if person.person else _UNSAVED,
            "date": day.isoformat(),
            "direction": direction,
            "kind": kind,
            "channel": channel,
            "note": text(note),
        }
        return person, _checked("touchpoints", record)

    with _locked(wb, plan) as (planned, fields):
        person, created = _add(wb, planned)
        record = {"id": new_id(wb, "touchpoints"), **fields, "person": person["id"]}
        put(wb, "touchpoints", record)
    summary = f"{TOUCH_KIND_LABELS[kind].lower()} with {person['name']} on {record['date']}"
    records = [("touchpoints", record)]
    if created:
        records.insert(0, ("people", person))
        summary += " (added to your people)"
    return Saved(summary, records)


def log_opportunity(
    wb: Workbook,
    person_id: str,
    *,
    date: dt.date | str | None,
    kind: str = "other",
    note: str | None = None,
    today: dt.date | None = None,
) -> Saved:
    """Record an opportunity that came through someone in the workbook."""

    def plan() -> tuple[dict[str, Any], dict[str, Any]]:
        person = wb.get("people", person_id)
        if person is None:
            raise CaptureError("Person", "that person is no longer in your workbook")
        day = check_date(date, "Date", today)
        assert day is not None
        record = {"person": person_id, "date": day.isoformat(), "kind": kind, "note": text(note)}
        return person, _checked("opportunities", record)

    with _locked(wb, plan) as (person, fields):
        record = {"id": new_id(wb, "opportunities"), **fields}
        put(wb, "opportunities", record)
    label = OPPORTUNITY_KIND_LABELS.get(kind, kind).lower()
    return Saved(f"a {label} opportunity through {person['name']}", [("opportunities", record)])


def followed_up(
    wb: Workbook, encounter_id: str, channel: str = "email", today: dt.date | None = None
) -> Saved:
    """The one tap: an outgoing follow-up touchpoint today with the encounter's person."""
    encounter = wb.get("encounters", encounter_id)
    if encounter is None:
        raise CaptureError("Follow-up", "that encounter is no longer in your workbook")
    person = wb.get("people", encounter["person"])
    assert person is not None
    return log_touch(
        wb,
        person["name"],
        person_id=person["id"],
        direction="out",
        kind="follow_up",
        channel=channel,
        date=today or read_today(),
        today=today,
        create=False,
    )


def plan_event(
    wb: Workbook,
    *,
    name: str,
    date: dt.date | str | None,
    kind: str = "other",
    location: str | None = None,
    purpose: str | None = None,
    intended_outcome: str | None = None,
    target_people: int | None = None,
    follow_up_plan: str | None = None,
    nurture_plan: str | None = None,
    opportunity_note: str | None = None,
    event_id: str | None = None,
    today: dt.date | None = None,
) -> Saved:
    """Add (or, with ``event_id``, correct) an event and the answers before going."""

    def plan() -> dict[str, Any]:
        if not text(name):
            raise CaptureError("Name", "give the event a name")
        day = check_date(date, "Date", today)
        assert day is not None
        check_choice(kind, EVENT_KINDS, "Kind")
        if target_people is not None and target_people < 0:
            raise CaptureError("People to meet", "cannot be negative")
        record = {
            "id": event_id,
            "name": name.strip(),
            "kind": kind,
            "date": day.isoformat(),
            "location": text(location),
            "purpose": text(purpose),
            "intended_outcome": text(intended_outcome),
            "target_people": target_people,
            "follow_up_plan": text(follow_up_plan),
            "nurture_plan": text(nurture_plan),
            "opportunity_note": text(opportunity_note),
        }
        if event_id is not None and wb.get("events", event_id) is None:
            raise CaptureError("Event", "that event is no longer in your workbook")
        return _checked("events", record)

    with _locked(wb, plan) as fields:
        record = {**fields, "id": event_id or new_id(wb, "events")}
        put(wb, "events", record)
    verb = "changes to" if event_id else "your plan for"
    return Saved(f"{verb} {record['name']} on {record['date']}", [("events", record)])


def save_debrief(
    wb: Workbook,
    event_id: str,
    *,
    date: dt.date | str | None,
    dues: dict[str, dt.date | str | None] | None = None,
    debrief_id: str | None = None,
    today: dt.date | None = None,
    **answers: Any,
) -> Saved:
    """Save an event's debrief (a new one, or ``debrief_id`` updated) and, in the same
    transaction, the follow-up date of each encounter in ``dues`` that changed."""

    def plan() -> tuple[dict[str, Any], str | None, dict[str, Any], list[dict[str, Any]]]:
        event = wb.get("events", event_id)
        if event is None:
            raise CaptureError("Event", "that event is no longer in your workbook")
        day = check_date(date, "Debrief date", today)
        assert day is not None
        changed: list[dict[str, Any]] = []
        for encounter_id, value in (dues or {}).items():
            current = wb.get("encounters", encounter_id)
            if current is None:
                continue
            named = wb.get("people", current["person"])
            who = named["name"] if named else "them"
            due = check_date(value, f"Follow up {who} by", today, required=False)
            if due is not None and due.isoformat() < current["date"]:
                raise CaptureError(
                    f"Follow up {who} by",
                    f"{due.isoformat()} is before the encounter ({current['date']})",
                )
            shown = None if due is None else due.isoformat()
            if current["follow_up_due"] != shown:
                changed.append({**current, "follow_up_due": shown})
        known = debrief_id if debrief_id and wb.get("debriefs", debrief_id) else None
        record = {
            "id": known,
            "event": event_id,
            "date": day.isoformat(),
            **{k: (text(v) if isinstance(v, str) else v) for k, v in answers.items()},
        }
        return event, known, _checked("debriefs", record), changed

    with _locked(wb, plan) as (event, known, fields, changed):
        record = {**fields, "id": known or new_id(wb, "debriefs")}
        put(wb, "debriefs", record)
        for encounter in changed:
            put(wb, "encounters", encounter)
    summary = f"your debrief of {event['name']}"
    if changed:
        summary += f" and {count(len(changed), 'follow-up date')}"
    return Saved(summary, [("debriefs", record), *(("encounters", e) for e in changed)])


def save_purpose(
    wb: Workbook,
    *,
    start: dt.date | str | None,
    end: dt.date | str | None,
    targets: dict[str, int | float],
    purpose_id: str | None = None,
    today: dt.date | None = None,
    **answers: str | None,
) -> Saved:
    """Save a period's purpose: the five questions' answers and the targets."""

    def plan() -> tuple[str | None, dict[str, Any]]:
        first = check_date(start, "Start", today)
        last = check_date(end, "End", today)
        assert first is not None and last is not None
        if last < first:
            raise CaptureError(
                "End",
                f"the end date is before the start ({last.isoformat()} is before "
                f"{first.isoformat()})",
            )
        known = purpose_id if purpose_id and wb.get("purposes", purpose_id) else None
        record = {
            "id": known,
            "start": first.isoformat(),
            "end": last.isoformat(),
            **{k: text(v) for k, v in answers.items()},
            "targets": targets,
        }
        return known, _checked("purposes", record)

    with _locked(wb, plan) as (known, fields):
        record = {**fields, "id": known or new_id(wb, "purposes")}
        put(wb, "purposes", record)
    return Saved(f"your purpose for {record['start']} – {record['end']}", [("purposes", record)])


# -- correcting --------------------------------------------------------------------------
def update(
    wb: Workbook,
    collection: str,
    record_id: str,
    changes: dict[str, Any],
    today: dt.date | None = None,
) -> Saved:
    """Correct fields of one record (validated as a whole; dates checked for plausibility)."""

    def plan() -> dict[str, Any]:
        current = wb.get(collection, record_id)
        if current is None:
            raise CaptureError("Record", "it is no longer in your workbook")
        merged = {**current, **changes}
        for name in DATE_FIELDS.get(collection, ()):
            if name in changes:
                required = not (collection == "encounters" and name == "follow_up_due")
                day = check_date(changes[name], field_label(name), today, required=required)
                merged[name] = None if day is None else day.isoformat()
        due = merged.get("follow_up_due") if collection == "encounters" else None
        if due and str(due) < str(merged["date"]):
            raise CaptureError("Follow up by", "is before the encounter")
        if collection == "encounters" and merged.get("event"):
            merged["place"] = None
        if collection == "people" and merged.get("introduced_by") == record_id:
            raise CaptureError("Introduced by", "a person cannot introduce themselves")
        return _checked(collection, merged)

    with _locked(wb, plan) as merged:
        put(wb, collection, merged)
    return Saved("your corrections", [(collection, merged)])


def noun(collection: str) -> str:
    """What one record of ``collection`` is called ("encounter", "person" …)."""
    return RECORD_NAMES[collection][0]


def _dependents(
    wb: Workbook, collection: str, record_id: str
) -> list[tuple[str, str, str, list[str]]]:
    """The records that refer to one record, by what a delete does with them."""
    found = []
    for other, ref, action in CASCADE.get(collection, ()):
        ids = wb.referring(other, ref, record_id)
        if ids:
            found.append((other, ref, action, ids))
    return found


def _consequences(dependents: list[tuple[str, str, str, list[str]]]) -> str:
    parts = []
    for other, _ref, action, ids in dependents:
        if action == "delete":
            parts.append(f"deletes {record_count(len(ids), other)}")
        elif other == "people":
            parts.append(f"clears “introduced by” on {record_count(len(ids), other)}")
        else:
            parts.append(f"keeps {record_count(len(ids), other)} as everyday encounters (no event)")
    return "; ".join(parts)


def delete_consequences(wb: Workbook, collection: str, record_id: str) -> str:
    """In plain words, what else a delete takes with it ("" when nothing)."""
    return _consequences(_dependents(wb, collection, record_id))


def delete(wb: Workbook, collection: str, record_id: str) -> Saved:
    """Delete one record and what goes with it (see ``schema.CASCADE``), in the open
    transaction."""

    def plan() -> tuple[dict[str, Any], list[tuple[str, str, str, list[str]]]]:
        current = wb.get(collection, record_id)
        if current is None:
            raise CaptureError("Record", "it is no longer in your workbook")
        return current, _dependents(wb, collection, record_id)

    with _locked(wb, plan) as (current, dependents):
        for other, ref, action, ids in dependents:
            if action == "delete":
                wb.delete_records(other, ids)
            else:
                wb.clear_references(other, ref, ids)
        wb.delete_records(collection, [record_id])
    also = _consequences(dependents)
    summary = f"deleted the {noun(collection)}" + (f" ({also})" if also else "")
    return Saved(summary, [(collection, current)])


#: Every reference to a person: what a merge moves to the person kept.
_PERSON_REFERENCES = [
    (collection, name)
    for collection, refs in REFERENCES.items()
    for name, target in refs.items()
    if target == "people"
]


def merge_consequences(wb: Workbook, keep: str, other: str) -> str:
    """In plain words, what merging ``other`` into ``keep`` moves."""
    parts = []
    introduced = 0
    for collection, name in _PERSON_REFERENCES:
        n = len(wb.referring(collection, name, other))
        if collection == "people":
            introduced += n
        elif n:
            parts.append(record_count(n, collection))
    if introduced:
        parts.append(f"the {record_count(introduced, 'people')} they introduced")
    return ", ".join(parts) if parts else "nothing else"


def merge_people(wb: Workbook, keep: str, other: str) -> Saved:
    """Merge ``other`` into ``keep`` (the same person entered twice): their encounters,
    touchpoints, opportunities and introductions move to ``keep``; fields ``keep`` lacks
    are filled from ``other``; tags are combined; ``other`` is deleted."""

    def plan() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
        if keep == other:
            raise CaptureError("Merge", "choose two different people")
        kept, gone = wb.get("people", keep), wb.get("people", other)
        if kept is None or gone is None:
            raise CaptureError("Merge", "one of them is no longer in your workbook")
        merged = dict(kept)
        for name, value in gone.items():
            if name in ("id", "name", "tags"):
                continue
            if merged.get(name) in (None, "") and value not in (None, ""):
                merged[name] = value
        if merged.get("introduced_by") in (keep, other):
            merged["introduced_by"] = None
        merged["tags"] = list(dict.fromkeys([*kept.get("tags", []), *gone.get("tags", [])]))
        return kept, gone, _checked("people", merged)

    with _locked(wb, plan) as (kept, gone, merged):
        moved = 0
        for collection, name in _PERSON_REFERENCES:
            if collection != "people":
                moved += wb.repoint(collection, name, other, keep)
            else:  # introductions move too (not counted); ``keep``'s own is set below
                wb.repoint(collection, name, other, keep, unless_id=keep)
        put(wb, "people", merged)
        wb.delete_records("people", [other])
    summary = f"merged {gone['name']} into {kept['name']} ({count(moved, 'record')} moved)"
    return Saved(summary, [("people", merged)])
