"""Capturing and correcting what happened: the one implementation behind the forms, the
app's pages and ``workbook log``.

Every function that writes takes an open :class:`~workbook.store.Workbook` and runs
inside the caller's transaction (use :func:`writing`), so one user action is one
transaction; ids are taken inside it. What was typed is checked here, once:

* **dates** — :func:`check_date`: not before :data:`EARLIEST_DATE`, not more than
  :data:`MAX_DAYS_AHEAD` days after today (a date typed into the wrong part of a date box,
  year 0001 or 20226, is refused);
* **people** — :func:`find_person`: a name matches a person whatever its case, accents
  and spacing ("marco bellini" finds "Marco Bellini", "zoe" finds "Zoë"); "Name —
  Organisation" picks one of two people with the same name; a name that matches several
  people is :class:`AmbiguousPerson` and nothing is written; a new name adds a person.

Bad input raises :class:`CaptureError` (a field and a problem, one clear line); the
forms show it and the command line prints it with exit code 2. What a delete takes with
it is described in ``docs/capture.md``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbook.errors import CaptureError, RecordError
from workbook.locations import writable_workbook
from workbook.schema import FIVE_QUESTIONS
from workbook.store import ID_PREFIXES, Workbook

#: No date before this one is plausible in a networking workbook.
EARLIEST_DATE = dt.date(1900, 1, 1)
#: A date more than this many days after today is a typing slip (a year ahead at most).
MAX_DAYS_AHEAD = 366
#: Between the name and the organisation in a person's label ("Jane Roe — Acme").
NAME_SEPARATOR = " — "
#: The kinds offered for a one-tap "I followed up" (an outgoing touchpoint today).
QUICK_FOLLOW_UP_CHANNELS = ("email", "call", "message", "meeting")


#: The five questions a purpose answers — field: (question, why it matters, an example).
#: The one wording: the purpose form and the purpose-setting walk both use it.
PURPOSE_QUESTIONS: dict[str, tuple[str, str, str]] = {
    "why": (
        FIVE_QUESTIONS["why"],
        "Say it in your own words. Sometimes the purpose is simply fun — that is a valid "
        "purpose too.",
        "In your own words — to grow a business, find a job, learn… or simply for fun.",
    ),
    "intended_outcome": (
        FIVE_QUESTIONS["intended_outcome"],
        "Make it something you could count at the end of the period: “meet 10 people in "
        "complementary businesses”.",
        "e.g. meet 10 people in complementary businesses; two referrals by the end.",
    ),
    "follow_up_plan": (
        FIVE_QUESTIONS["follow_up_plan"],
        "Most contacts made are never followed up. When will you reach out after meeting "
        "someone, and how?",
        "e.g. an e-mail within 3 days of every meeting, with something useful for them.",
    ),
    "nurture_plan": (
        FIVE_QUESTIONS["nurture_plan"],
        "What's in it for them? What will you give, share or introduce before you ask for "
        "anything?",
        "e.g. a coffee within a month; share what fits their needs; introduce them.",
    ),
    "opportunity_note": (
        FIVE_QUESTIONS["opportunity_note"],
        "Networking happens everywhere: the grocery store, the hockey rink, the auto shop, the "
        "check-out line.",
        "e.g. the hockey rink, the grocery store, the check-out line, the auto shop.",
    ),
}

#: The questions asked before an event — the event's field: (question, an example).
EVENT_QUESTIONS: dict[str, tuple[str, str]] = {
    "purpose": ("Why am I going?", "e.g. to meet accountants who could refer clients"),
    "intended_outcome": (
        "What outcome do I intend?",
        "e.g. two conversations that lead to a coffee",
    ),
    "target_people": ("How many people do I want to meet?", ""),
    "follow_up_plan": (
        "How will I follow up?",
        "e.g. an e-mail the next morning with something useful for each",
    ),
    "nurture_plan": (
        "How will I nurture these relationships?",
        "e.g. a coffee within a month; share what fits their needs; introduce them",
    ),
    "opportunity_note": (
        "Where might the unseen opportunity be?",
        "e.g. the people at the coat check; the organisers; the person alone at the bar",
    ),
}


class AmbiguousPerson(CaptureError):
    """A name that matches more than one person: nothing is written until one is chosen."""

    def __init__(self, text: str, candidates: list[dict[str, Any]]) -> None:
        self.candidates = candidates
        shown = "; ".join(person_label(p, candidates) for p in candidates)
        super().__init__(
            "Who",
            f"“{text.strip()}” could be {len(candidates)} people: {shown}. "
            "Say which, as “Name — Organisation”",
        )


# -- dates ---------------------------------------------------------------------------------
def latest_date(today: dt.date | None = None) -> dt.date:
    """The last date a form accepts: :data:`MAX_DAYS_AHEAD` days after ``today``."""
    return (today or dt.date.today()) + dt.timedelta(days=MAX_DAYS_AHEAD)


def check_date(
    value: dt.date | str | None,
    label: str,
    today: dt.date | None = None,
    required: bool = True,
) -> dt.date | None:
    """``value`` as a date within the plausible range, or a :class:`CaptureError`.

    ``label`` names the field in the message ("Date", "Follow up by" …). A string must be
    written ``YYYY-MM-DD``.
    """
    if value is None or value == "":
        if required:
            raise CaptureError(label, "choose a date")
        return None
    if isinstance(value, str):
        try:
            if len(value) != 10:
                raise ValueError
            value = dt.date.fromisoformat(value)
        except ValueError:
            raise CaptureError(label, f"“{value}” is not a date: write it YYYY-MM-DD") from None
    if isinstance(value, dt.datetime):
        value = value.date()
    if value < EARLIEST_DATE:
        raise CaptureError(
            label,
            f"{value.isoformat()} is before {EARLIEST_DATE.year}: check the year",
        )
    last = latest_date(today)
    if value > last:
        raise CaptureError(
            label,
            f"{value.isoformat()} is more than a year ahead (after {last.isoformat()}): "
            "check the year",
        )
    return value


# -- people --------------------------------------------------------------------------------
def name_key(text: str) -> str:
    """How names are compared: accents, case and spacing do not matter."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def _label(person: dict[str, Any]) -> str:
    name = " ".join(str(person["name"]).split())
    organisation = " ".join((person.get("organisation") or "").split())
    return f"{name}{NAME_SEPARATOR}{organisation}" if organisation else name


def person_label(person: dict[str, Any], people: Sequence[dict[str, Any]] = ()) -> str:
    """ "Name — Organisation" (or just the name); when another of ``people`` has the same
    label, the e-mail (or, lacking one, the id) tells them apart."""
    label = _label(person)
    twins = [p for p in people if p["id"] != person["id"] and _label(p) == label]
    if twins:
        label += f" ({person.get('email') or person['id']})"
    return label


def find_person(people: Sequence[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """The people ``text`` names: by full label first, then by name, then by id.

    An empty list: nobody (a new person); one: them; several: ambiguous.
    """
    key = name_key(text)
    if not key:
        return []
    # Each person's twins are among those with the same plain label: one pass, not n².
    twins: dict[str, list[dict[str, Any]]] = {}
    for p in people:
        twins.setdefault(_label(p), []).append(p)
    by_label = [p for p in people if name_key(person_label(p, twins[_label(p)])) == key]
    if not by_label:
        by_label = [p for p in people if name_key(_label(p)) == key]
    if by_label:
        return by_label
    by_name = [p for p in people if name_key(p["name"]) == key]
    if by_name:
        return by_name
    return [p for p in people if p["id"] == text.strip()]


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
    if not text or not text.strip():
        raise CaptureError("Who", "enter a name: someone you know, or someone new")
    found = find_person(wb.records("people"), text)
    if len(found) > 1:
        raise AmbiguousPerson(text, found)
    if found:
        return found[0], False
    if not create:
        raise CaptureError("Who", f"nobody called “{text.strip()}” is in your workbook")
    if NAME_SEPARATOR.strip() in text:
        raise CaptureError(
            "Who",
            f"nobody is “{text.strip()}”: pick them from the list, or type just a name "
            "to add someone new",
        )
    record = {"id": new_id(wb, "people"), "name": text.strip(), **(details or {})}
    put(wb, "people", record)
    return wb.get("people", record["id"]) or record, True


# -- writing -------------------------------------------------------------------------------
@contextlib.contextmanager
def writing(path: str | Path) -> Iterator[Workbook]:
    """Open the workbook at ``path`` for one action: one transaction, committed at the end
    or rolled back on any error. No workbook there: :class:`~workbook.locations.NoWorkbook`
    (never the demo, never a new file)."""
    with Workbook.open(writable_workbook(path)) as wb, wb.transaction():
        yield wb


def new_id(wb: Workbook, collection: str) -> str:
    """A fresh id, taken inside the open transaction."""
    return wb.next_id(collection, ID_PREFIXES[collection])


def put(wb: Workbook, collection: str, record: dict[str, Any]) -> dict[str, Any]:
    """Validate and write one record; a model error becomes a :class:`CaptureError`."""
    from workbook.forms.labels import FIELD_LABELS

    try:
        wb.put(collection, record)
    except RecordError as error:
        name = (error.field or "").split(".")[0]
        label = FIELD_LABELS.get(name, name.replace("_", " ").capitalize() or "Record")
        raise CaptureError(label, error.problem) from None
    return record


def _text(value: str | None) -> str | None:
    """Text exactly as typed, or None when blank."""
    return value if value is not None and value.strip() else None


@dataclass
class Saved:
    """What one action wrote: the records (collection, record) and a one-line summary."""

    summary: str
    records: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


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
    today = today or dt.date.today()
    event_record = None
    if event:
        event_record = wb.get("events", event)
        if event_record is None:
            raise CaptureError("Event", f"there is no event {event!r} in your workbook")
        if _text(place):
            raise CaptureError("Place", "give an event or an everyday place, not both")
    if date is None and event_record is not None:
        date = event_record["date"]
    day = check_date(date if date is not None else today, "Date", today)
    assert day is not None
    due = check_date(follow_up_by, "Follow up by", today, required=False) if follow_up else None
    if due is not None and due < day:
        raise CaptureError(
            "Follow up by",
            f"{due.isoformat()} is before the encounter ({day.isoformat()})",
        )
    details = {"organisation": _text(organisation), "email": _text(email)}
    person, created = resolve_person(wb, who, details=details)
    record = {
        "id": new_id(wb, "encounters"),
        "person": person["id"],
        "date": day.isoformat(),
        "event": event_record["id"] if event_record else None,
        "place": None if event_record else _text(place),
        "learned": _text(learned),
        "their_needs": _text(needs),
        "my_offer": _text(offer),
        "card_exchanged": bool(card),
        "follow_up_planned": bool(follow_up),
        "follow_up_due": None if due is None else due.isoformat(),
        "quality": quality,
    }
    put(wb, "encounters", record)
    where = event_record["name"] if event_record else (_text(place) or "an everyday place")
    summary = f"your encounter with {person['name']} on {day.isoformat()} at {where}"
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
    from workbook.forms.labels import TOUCH_KIND_LABELS
    from workbook.schema import CHANNELS, DIRECTIONS, TOUCH_KINDS

    today = today or dt.date.today()
    if direction not in DIRECTIONS:
        raise CaptureError("Direction", "say who reached out: out (you) or in (them)")
    if kind not in TOUCH_KINDS:
        raise CaptureError("Kind", f"{kind!r} is not one of {', '.join(TOUCH_KINDS)}")
    if channel not in CHANNELS:
        raise CaptureError("Channel", f"{channel!r} is not one of {', '.join(CHANNELS)}")
    day = check_date(date if date is not None else today, "Date", today)
    assert day is not None
    if person_id is not None:
        found = wb.get("people", person_id)
        if found is None:
            raise CaptureError("Who", "that person is no longer in your workbook")
        person, created = found, False
    else:
        person, created = resolve_person(wb, who, create=create)
    record = {
        "id": new_id(wb, "touchpoints"),
        "person": person["id"],
        "date": day.isoformat(),
        "direction": direction,
        "kind": kind,
        "channel": channel,
        "note": _text(note),
    }
    put(wb, "touchpoints", record)
    summary = f"{TOUCH_KIND_LABELS[kind].lower()} with {person['name']} on {day.isoformat()}"
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
    from workbook.forms.labels import OPPORTUNITY_KIND_LABELS

    person = wb.get("people", person_id)
    if person is None:
        raise CaptureError("Person", "that person is no longer in your workbook")
    day = check_date(date, "Date", today)
    assert day is not None
    record = {
        "id": new_id(wb, "opportunities"),
        "person": person_id,
        "date": day.isoformat(),
        "kind": kind,
        "note": _text(note),
    }
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
        date=today or dt.date.today(),
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
    from workbook.schema import EVENT_KINDS

    if not _text(name):
        raise CaptureError("Name", "give the event a name")
    day = check_date(date, "Date", today)
    assert day is not None
    if kind not in EVENT_KINDS:
        raise CaptureError("Kind", f"{kind!r} is not one of {', '.join(EVENT_KINDS)}")
    if target_people is not None and target_people < 0:
        raise CaptureError("People to meet", "cannot be negative")
    record = {
        "id": event_id or new_id(wb, "events"),
        "name": name.strip(),
        "kind": kind,
        "date": day.isoformat(),
        "location": _text(location),
        "purpose": _text(purpose),
        "intended_outcome": _text(intended_outcome),
        "target_people": target_people,
        "follow_up_plan": _text(follow_up_plan),
        "nurture_plan": _text(nurture_plan),
        "opportunity_note": _text(opportunity_note),
    }
    if event_id is not None and wb.get("events", event_id) is None:
        raise CaptureError("Event", "that event is no longer in your workbook")
    put(wb, "events", record)
    verb = "changes to" if event_id else "your plan for"
    return Saved(f"{verb} {record['name']} on {day.isoformat()}", [("events", record)])


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
    event = wb.get("events", event_id)
    if event is None:
        raise CaptureError("Event", "that event is no longer in your workbook")
    day = check_date(date, "Debrief date", today)
    assert day is not None
    changed: list[dict[str, Any]] = []
    names = {p["id"]: p["name"] for p in wb.records("people")}
    for encounter_id, value in (dues or {}).items():
        current = wb.get("encounters", encounter_id)
        if current is None:
            continue
        who = names.get(current["person"], "them")
        due = check_date(value, f"Follow up {who} by", today, required=False)
        if due is not None and due.isoformat() < current["date"]:
            raise CaptureError(
                f"Follow up {who} by",
                f"{due.isoformat()} is before the encounter ({current['date']})",
            )
        shown = None if due is None else due.isoformat()
        if current["follow_up_due"] != shown:
            changed.append({**current, "follow_up_due": shown})
    if debrief_id is None or wb.get("debriefs", debrief_id) is None:
        debrief_id = new_id(wb, "debriefs")
    record = {
        "id": debrief_id,
        "event": event_id,
        "date": day.isoformat(),
        **{k: (_text(v) if isinstance(v, str) else v) for k, v in answers.items()},
    }
    put(wb, "debriefs", record)
    for encounter in changed:
        put(wb, "encounters", encounter)
    summary = f"your debrief of {event['name']}"
    if changed:
        summary += f" and {len(changed)} follow-up date" + ("" if len(changed) == 1 else "s")
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
    first = check_date(start, "Start", today)
    last = check_date(end, "End", today)
    assert first is not None and last is not None
    if last < first:
        raise CaptureError(
            "End",
            f"the end date is before the start ({last.isoformat()} is before {first.isoformat()})",
        )
    if purpose_id is None or wb.get("purposes", purpose_id) is None:
        purpose_id = new_id(wb, "purposes")
    record = {
        "id": purpose_id,
        "start": first.isoformat(),
        "end": last.isoformat(),
        **{k: _text(v) for k, v in answers.items()},
        "targets": targets,
    }
    put(wb, "purposes", record)
    return Saved(
        f"your purpose for {first.isoformat()} – {last.isoformat()}", [("purposes", record)]
    )


# -- correcting ------------------------------------------------------------------------------
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


def update(
    wb: Workbook,
    collection: str,
    record_id: str,
    changes: dict[str, Any],
    today: dt.date | None = None,
) -> Saved:
    """Correct fields of one record (validated as a whole; dates checked for plausibility)."""
    from workbook.forms.labels import FIELD_LABELS
    from workbook.schema import DATE_FIELDS

    current = wb.get(collection, record_id)
    if current is None:
        raise CaptureError("Record", "it is no longer in your workbook")
    merged = {**current, **changes}
    for name in DATE_FIELDS.get(collection, ()):
        if name in changes:
            label = FIELD_LABELS.get(name, name)
            required = not (collection == "encounters" and name == "follow_up_due")
            day = check_date(changes[name], label, today, required=required)
            merged[name] = None if day is None else day.isoformat()
    due = merged.get("follow_up_due") if collection == "encounters" else None
    if due and str(due) < str(merged["date"]):
        raise CaptureError("Follow up by", "is before the encounter")
    if collection == "encounters" and merged.get("event"):
        merged["place"] = None
    if collection == "people" and merged.get("introduced_by") == record_id:
        raise CaptureError("Introduced by", "a person cannot introduce themselves")
    put(wb, collection, merged)
    return Saved("your corrections", [(collection, merged)])


#: What goes with a deleted record (collection -> [(dependent collection, field, action)]).
#: "delete": the dependent records are deleted; "detach": the reference is cleared.
CASCADE: dict[str, list[tuple[str, str, str]]] = {
    "people": [
        ("encounters", "person", "delete"),
        ("touchpoints", "person", "delete"),
        ("opportunities", "person", "delete"),
        ("people", "introduced_by", "detach"),
    ],
    "events": [("debriefs", "event", "delete"), ("encounters", "event", "detach")],
    "encounters": [],
    "touchpoints": [],
    "opportunities": [],
    "debriefs": [],
    "purposes": [],
}

_NOUNS = {
    "people": ("person", "people"),
    "events": ("event", "events"),
    "encounters": ("encounter", "encounters"),
    "touchpoints": ("touchpoint", "touchpoints"),
    "opportunities": ("opportunity", "opportunities"),
    "debriefs": ("debrief", "debriefs"),
    "purposes": ("purpose", "purposes"),
}


def noun(collection: str) -> str:
    """What one record of ``collection`` is called ("encounter", "person" …)."""
    return _NOUNS[collection][0]


def _count(n: int, collection: str) -> str:
    one, many = _NOUNS[collection]
    return f"{n} {one if n == 1 else many}"


def _dependents(
    wb: Workbook, collection: str, record_id: str
) -> list[tuple[str, str, str, list[dict[str, Any]]]]:
    found = []
    for other, ref, action in CASCADE[collection]:
        rows = [r for r in wb.records(other) if r.get(ref) == record_id]
        if rows:
            found.append((other, ref, action, rows))
    return found


def delete_consequences(wb: Workbook, collection: str, record_id: str) -> str:
    """In plain words, what else a delete takes with it ("" when nothing)."""
    parts = []
    for other, _ref, action, rows in _dependents(wb, collection, record_id):
        if action == "delete":
            parts.append(f"deletes {_count(len(rows), other)}")
        elif other == "people":
            parts.append(f"clears “introduced by” on {_count(len(rows), other)}")
        else:
            parts.append(f"keeps {_count(len(rows), other)} as everyday encounters (no event)")
    return "; ".join(parts)


def delete(wb: Workbook, collection: str, record_id: str) -> Saved:
    """Delete one record and what goes with it (see :data:`CASCADE`), in the open
    transaction."""
    from workbook.schema import TABLE_NAMES

    current = wb.get(collection, record_id)
    if current is None:
        raise CaptureError("Record", "it is no longer in your workbook")
    also = delete_consequences(wb, collection, record_id)
    for other, ref, action, rows in _dependents(wb, collection, record_id):
        table = TABLE_NAMES[other]
        if action == "delete":
            wb.connection.executemany(
                f"DELETE FROM {table} WHERE id = ?", [(r["id"],) for r in rows]
            )
        else:
            wb.connection.executemany(
                f'UPDATE {table} SET "{ref}" = NULL WHERE id = ?', [(r["id"],) for r in rows]
            )
    wb.connection.execute(f"DELETE FROM {TABLE_NAMES[collection]} WHERE id = ?", (record_id,))
    one = _NOUNS[collection][0]
    summary = f"deleted the {one}" + (f" ({also})" if also else "")
    return Saved(summary, [(collection, current)])


def merge_consequences(wb: Workbook, keep: str, other: str) -> str:
    """In plain words, what merging ``other`` into ``keep`` moves."""
    parts = []
    for collection in ("encounters", "touchpoints", "opportunities"):
        n = sum(1 for r in wb.records(collection) if r["person"] == other)
        if n:
            parts.append(_count(n, collection))
    introduced = sum(1 for p in wb.records("people") if p.get("introduced_by") == other)
    if introduced:
        parts.append(f"the {_count(introduced, 'people')} they introduced")
    return ", ".join(parts) if parts else "nothing else"


def merge_people(wb: Workbook, keep: str, other: str) -> Saved:
    """Merge ``other`` into ``keep`` (the same person entered twice): their encounters,
    touchpoints, opportunities and introductions move to ``keep``; fields ``keep`` lacks
    are filled from ``other``; tags are combined; ``other`` is deleted."""
    from workbook.schema import TABLE_NAMES

    if keep == other:
        raise CaptureError("Merge", "choose two different people")
    kept, gone = wb.get("people", keep), wb.get("people", other)
    if kept is None or gone is None:
        raise CaptureError("Merge", "one of them is no longer in your workbook")
    moved = 0
    for collection in ("encounters", "touchpoints", "opportunities"):
        cur = wb.connection.execute(
            f"UPDATE {TABLE_NAMES[collection]} SET person = ? WHERE person = ?", (keep, other)
        )
        moved += cur.rowcount
    wb.connection.execute(
        "UPDATE person SET introduced_by = ? WHERE introduced_by = ? AND id != ?",
        (keep, other, keep),
    )
    merged = dict(kept)
    for name, value in gone.items():
        if name in ("id", "name", "tags"):
            continue
        if merged.get(name) in (None, "") and value not in (None, ""):
            merged[name] = value
    if merged.get("introduced_by") in (keep, other):
        merged["introduced_by"] = None
    merged["tags"] = list(dict.fromkeys([*kept.get("tags", []), *gone.get("tags", [])]))
    put(wb, "people", merged)
    wb.connection.execute("DELETE FROM person WHERE id = ?", (other,))
    summary = (
        f"merged {gone['name']} into {kept['name']} ({moved} record"
        + ("" if moved == 1 else "s")
        + " moved)"
    )
    return Saved(summary, [("people", merged)])
