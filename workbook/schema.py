"""The shape of a workbook (docs/json-format.md) as plain data: collections, fields, enums.

This is what reading a workbook needs (the store, the frames, the metrics), kept free of
pydantic so that a report's kernel starts fast; :mod:`workbook.models` builds the
validating records on it, and a test keeps the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from workbook.limits import MAX_CADENCE_DAYS, MAX_TARGET_PEOPLE

#: The native JSON document's ``format`` and ``version`` fields (docs/json-format.md).
FORMAT = "networking-workbook"
FORMAT_VERSION = 1

#: Every coded value, with how a reader sees it (forms, confirmations, reports); the
#: values a field accepts are these dictionaries' keys.
EVENT_KIND_LABELS = {
    "conference": "Conference",
    "meetup": "Meetup",
    "trade_show": "Trade show",
    "social": "Social",
    "workshop": "Workshop",
    "online": "Online",
    "other": "Other",
}
DIRECTION_LABELS = {"out": "I reached out", "in": "They reached out to me"}
TOUCH_KIND_LABELS = {
    "follow_up": "Follow-up",
    "nurture": "Keeping in touch (nurture)",
    "give": "A give (help, share, refer)",
    "ask": "An ask",
    "intro_made": "An introduction I made",
    "intro_received": "An introduction I received",
}
CHANNEL_LABELS = {
    "email": "E-mail",
    "call": "Call",
    "message": "Message",
    "meeting": "Meeting",
    "visit": "Visit",
    "social": "Social media",
    "other": "Other",
}
PURPOSE_MET_LABELS = {"yes": "Yes", "partly": "Partly", "no": "No"}
OPPORTUNITY_KIND_LABELS = {
    "referral": "Referral",
    "introduction": "Introduction",
    "collaboration": "Collaboration",
    "client": "Client",
    "job": "Job",
    "friendship": "Friendship",
    "other": "Other",
}
QUALITY_LABELS = {1: "1 · brief", 2: "2", 3: "3 · good", 4: "4", 5: "5 · great"}
ENERGY_LABELS = {1: "1 · drained", 2: "2", 3: "3 · fine", 4: "4", 5: "5 · energised"}

EVENT_KINDS = tuple(EVENT_KIND_LABELS)
DIRECTIONS = tuple(DIRECTION_LABELS)
TOUCH_KINDS = tuple(TOUCH_KIND_LABELS)
CHANNELS = tuple(CHANNEL_LABELS)
PURPOSE_MET = tuple(PURPOSE_MET_LABELS)
OPPORTUNITY_KINDS = tuple(OPPORTUNITY_KIND_LABELS)

#: The five questions every reflection asks, by the purpose field that holds the answer.
FIVE_QUESTIONS: dict[str, str] = {
    "why": "Why am I doing it?",
    "intended_outcome": "What is the intended result or outcome?",
    "follow_up_plan": "How will I follow up?",
    "nurture_plan": "How will I nurture and nourish that first encounter into a relationship?",
    "opportunity_note": (
        "Where will I see opportunity that I don't currently see or take advantage of?"
    ),
}

#: Every metric a purpose may set a target for (docs/metrics.md, Purposes and targets),
#: with how a reader sees its name (reports, forms). A new target metric is its metric
#: module's figure, its label here, and its test: the names below come from this.
METRIC_LABELS = {
    "encounters": "People met (encounters)",
    "new_people": "New people met",
    "everyday_encounters": "Encounters in everyday places",
    "events_attended": "Events attended",
    "touches": "Touchpoints",
    "gives": "Gives & introductions",
    "intros_made": "Introductions made",
    "debriefs_done": "Event debriefs",
    "opportunities": "Opportunities",
    "follow_up_rate": "Follow-up rate",
    "median_follow_up_days": "Median days to follow up",
}

#: The metric names a purpose may set a target for; any other name is a validation error.
TARGET_METRICS: tuple[str, ...] = tuple(METRIC_LABELS)
#: The targets that are rates, not counts: measured against the target itself, not pro rata.
RATE_TARGETS = ("follow_up_rate", "median_follow_up_days")

#: How a reader sees every other figure of docs/metrics.md (report cards and tables).
FIGURE_LABELS = {
    **METRIC_LABELS,
    "asks": "Asks",
    "planned": "Follow-ups planned",
    "followed": "Followed up in time",
    "missed": "Missed",
    "pending": "Still open",
    "never_followed": "Cards never followed up",
    "overdue": "Overdue follow-ups",
    "going_cold": "Going cold",
}

#: An encounter with no event was at an everyday place: its setting key and label.
EVERYDAY = "everyday"
EVERYDAY_LABEL = "Everyday places"

#: Between a person's name and organisation wherever a person is shown with both
#: ("Jane Roe — Acme"): the people list, an ambiguous name's message, the reports.
NAME_SEPARATOR = " — "


# -- the collections: every field declared once ------------------------------------------
#: A field's kinds, and what each means for the models, the store and the frames:
#: ``id`` and ``ref`` (an id; ``ref`` names a record of ``refers_to``), ``name`` (text that
#: must not be blank), ``text`` (optional text), ``period`` (a period label), ``date``
#: (``YYYY-MM-DD``; a ``datetime64`` column), ``bool``, ``int`` (a whole number within
#: ``bounds``; an ``Int64`` column), ``enum`` (one of ``choices``), ``tags`` (a list of
#: text) and ``targets`` (metric name -> number); the last two are JSON in SQLite.
KINDS = ("id", "ref", "name", "text", "period", "date", "bool", "int", "enum", "tags", "targets")


@dataclass(frozen=True)
class Field:
    """One field of a collection, declared once: everything else reads it (see
    docs/json-format.md, and docs/maintaining.md for adding one)."""

    name: str
    kind: str
    label: str
    #: Must be given (otherwise it has ``default``: None, False, [] or {}).
    required: bool = False
    default: Any = None
    #: Free text that may name people: ``--redact`` leaves it out (docs/choices.md).
    free_text: bool = False
    #: ``ref``: the collection it refers to; ``enum``: the values it accepts;
    #: ``int``: the smallest and largest value.
    refers_to: str | None = None
    choices: tuple[Any, ...] = ()
    bounds: tuple[int, int] | None = None
    #: Added after version 1 of the JSON format: an export writes it only when set.
    written_when_set: bool = False
    #: The person's own answer on a record an import also brings (an event's purpose, the
    #: number to meet): importing the calendar again never overwrites it (docs/importers.md).
    own: bool = False


@dataclass(frozen=True)
class Collection:
    """One collection of a workbook: its JSON name, SQLite table, how one record is
    called, the prefix of new ids, and its fields in docs/json-format.md order."""

    name: str
    table: str
    one: str
    many: str
    id_prefix: str
    fields: tuple[Field, ...]

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


def _id() -> Field:
    return Field("id", "id", "Id", required=True)


def _date(label: str = "Date", required: bool = True) -> Field:
    return Field("date", "date", label, required=required)


def _text(name: str, label: str, free: bool = False, **extra: Any) -> Field:
    return Field(name, "text", label, free_text=free, **extra)


_SCORE = (1, 5)

#: In the order records must be written so that every reference resolves (people before
#: the encounters that name them).
COLLECTIONS: tuple[Collection, ...] = (
    Collection(
        "people", "person", "person", "people", "p",
        (
            _id(),
            Field("name", "name", "Name", required=True),
            _text("organisation", "Organisation", free=True),
            _text("role", "Role", free=True),
            _text("email", "E-mail", free=True),
            _text("phone", "Phone", free=True),
            _text("url", "Web page", free=True),
            Field("tags", "tags", "Tags", default=[], free_text=True),
            _text("needs", "Needs", free=True),
            Field("cadence_days", "int", "Keep in touch every (days)",
                  bounds=(1, MAX_CADENCE_DAYS)),
            Field("introduced_by", "ref", "Introduced by", refers_to="people"),
            _text("notes", "Notes", free=True),
        ),
    ),
    Collection(
        "events", "event", "event", "events", "e",
        (
            _id(),
            Field("name", "name", "Name", required=True),
            Field("kind", "enum", "Kind", default="other", choices=EVENT_KINDS, own=True),
            _date(),
            _text("location", "Location", free=True),
            _text("purpose", "Why I am going", own=True),
            _text("intended_outcome", "Intended outcome", own=True),
            Field(
                "target_people", "int", "People to meet", bounds=(0, MAX_TARGET_PEOPLE), own=True
            ),
            _text("follow_up_plan", "Follow-up plan", written_when_set=True, own=True),
            _text("nurture_plan", "Nurture plan", written_when_set=True, own=True),
            _text(
                "opportunity_note", "Where to look for opportunity", written_when_set=True, own=True
            ),
        ),
    ),
    Collection(
        "encounters", "encounter", "encounter", "encounters", "n",
        (
            _id(),
            Field("person", "ref", "Person", required=True, refers_to="people"),
            _date(),
            Field("event", "ref", "Event", refers_to="events"),
            _text("place", "Place", free=True),
            _text("learned", "What I learned", free=True),
            _text("their_needs", "Their needs", free=True),
            _text("my_offer", "My offer (WIIFT)", free=True),
            Field("card_exchanged", "bool", "Card exchanged", default=False),
            Field("follow_up_planned", "bool", "Follow-up planned", default=True),
            Field("follow_up_due", "date", "Follow-up due"),
            Field("quality", "int", "Quality", bounds=_SCORE),
        ),
    ),
    Collection(
        "touchpoints", "touchpoint", "touchpoint", "touchpoints", "t",
        (
            _id(),
            Field("person", "ref", "Person", required=True, refers_to="people"),
            _date(),
            Field("direction", "enum", "Direction", required=True, choices=DIRECTIONS),
            Field("kind", "enum", "Kind", default="follow_up", choices=TOUCH_KINDS),
            Field("channel", "enum", "Channel", default="other", choices=CHANNELS),
            _text("note", "Note", free=True),
        ),
    ),
    Collection(
        "purposes", "purpose", "purpose", "purposes", "g",
        (
            _id(),
            Field("start", "date", "Start", required=True),
            Field("end", "date", "End", required=True),
            _text("why", "Why"),
            _text("intended_outcome", "Intended outcome"),
            _text("follow_up_plan", "Follow-up plan"),
            _text("nurture_plan", "Nurture plan"),
            _text("opportunity_note", "Where to look for opportunity"),
            Field("targets", "targets", "Targets", default={}),
        ),
    ),
    Collection(
        "debriefs", "debrief", "debrief", "debriefs", "d",
        (
            _id(),
            Field("event", "ref", "Event", required=True, refers_to="events"),
            _date(),
            Field("purpose_met", "enum", "Purpose met", choices=PURPOSE_MET),
            _text("highlights", "Highlights", free=True),
            _text("learned", "What I learned", free=True),
            _text("wiift", "What's in it for them (WIIFT)", free=True),
            _text("next_steps", "Next steps", free=True),
            Field("energy", "int", "Energy", bounds=_SCORE),
        ),
    ),
    Collection(
        "opportunities", "opportunity", "opportunity", "opportunities", "o",
        (
            _id(),
            Field("person", "ref", "Person", required=True, refers_to="people"),
            _date(),
            Field("kind", "enum", "Kind", default="other", choices=OPPORTUNITY_KINDS),
            _text("note", "Note", free=True),
        ),
    ),
    Collection(
        # the coach's note for a period (workbook/notes.py)
        "coach_notes", "coach_note", "coach's note", "coach's notes", "c",
        (
            _id(),
            Field("period", "period", "Period", required=True),
            Field("text", "name", "Text", required=True, free_text=True),
            Field("targets", "targets", "Targets", default={}),
        ),
    ),
)  # fmt: skip

#: The collections by JSON name.
COLLECTION: dict[str, Collection] = {c.name: c for c in COLLECTIONS}


def _of_kind(*kinds: str) -> dict[str, tuple[str, ...]]:
    found = {c.name: tuple(f.name for f in c.fields if f.kind in kinds) for c in COLLECTIONS}
    return {name: names for name, names in found.items() if names}


# What the rest of the package reads, derived from the declaration above.
#: JSON collection name -> SQLite table, in writing order.
TABLE_NAMES: dict[str, str] = {c.name: c.table for c in COLLECTIONS}
#: Each collection's fields, in docs/json-format.md order (JSON names, SQLite columns).
FIELDS: dict[str, tuple[str, ...]] = {c.name: tuple(f.name for f in c.fields) for c in COLLECTIONS}
#: Which fields refer to which collection (every reference must resolve).
REFERENCES: dict[str, dict[str, str]] = {
    c.name: {f.name: f.refers_to for f in c.fields if f.refers_to}
    for c in COLLECTIONS
    if any(f.refers_to for f in c.fields)
}
#: What a delete takes with it (docs/capture.md): collection -> [(dependent collection,
#: field, action)]. A record that must name the deleted one ("delete") goes with it; one
#: that may name it ("detach") stays, the reference cleared.
CASCADE: dict[str, list[tuple[str, str, str]]] = {
    c.name: sorted(
        (
            (other.name, f.name, "delete" if f.required else "detach")
            for other in COLLECTIONS
            for f in other.fields
            if f.refers_to == c.name
        ),
        key=lambda rule: rule[2] != "delete",
    )
    for c in COLLECTIONS
}
DATE_FIELDS = _of_kind("date")
BOOL_FIELDS = _of_kind("bool")
INT_FIELDS = _of_kind("int")
#: Fields held as JSON text in SQLite (lists and objects).
JSON_FIELDS = _of_kind("tags", "targets")
#: Free text that may name people (left out by ``--redact``).
FREE_TEXT = {
    c.name: tuple(f.name for f in c.fields if f.free_text)
    for c in COLLECTIONS
    if any(f.free_text for f in c.fields)
}
#: Fields added after version 1 of the format: an export writes them only when they hold
#: something, so a workbook that doesn't use them exports exactly as version 1 did.
WRITTEN_WHEN_SET = {
    c.name: tuple(f.name for f in c.fields if f.written_when_set)
    for c in COLLECTIONS
    if any(f.written_when_set for f in c.fields)
}
#: The person's own answers on records an import also brings: a re-import keeps them.
OWN_FIELDS = {
    c.name: tuple(f.name for f in c.fields if f.own)
    for c in COLLECTIONS
    if any(f.own for f in c.fields)
}
#: How one record of each collection is called in a sentence ("added 1 event").
RECORD_NAMES: dict[str, tuple[str, str]] = {c.name: (c.one, c.many) for c in COLLECTIONS}
#: The prefix of the ids new records of each collection get.
ID_PREFIXES: dict[str, str] = {c.name: c.id_prefix for c in COLLECTIONS}

#: The target names, as a form shows them (a rate is typed as a percentage).
TARGET_LABELS = {
    **METRIC_LABELS,
    "follow_up_rate": f"{METRIC_LABELS['follow_up_rate']} (%)",
    "median_follow_up_days": f"{METRIC_LABELS['median_follow_up_days']} (at most)",
}
#: How messages and confirmations name a field (one label per field name: a test keeps
#: the declaration from giving one name two labels).
FIELD_LABELS: dict[str, str] = {
    **{f.name: f.label for c in COLLECTIONS for f in c.fields},
    **{f"targets.{name}": label for name, label in TARGET_LABELS.items()},
}
#: How confirmations show coded values, by field name.
VALUE_LABELS: dict[str, dict[Any, str]] = {
    "direction": DIRECTION_LABELS,
    "kind": {**EVENT_KIND_LABELS, **OPPORTUNITY_KIND_LABELS, **TOUCH_KIND_LABELS},
    "channel": CHANNEL_LABELS,
    "purpose_met": PURPOSE_MET_LABELS,
    "quality": QUALITY_LABELS,
    "energy": ENERGY_LABELS,
}


def field_label(name: str | None) -> str:
    """How a message names the field ``name`` ("Record" when there is none)."""
    if not name:
        return "Record"
    return FIELD_LABELS.get(name, name.replace("_", " ").capitalize())
