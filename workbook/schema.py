"""The shape of a workbook (docs/json-format.md) as plain data: collections, fields, enums.

This is what reading a workbook needs (the store, the frames, the metrics), kept free of
pydantic so that a report's kernel starts fast; :mod:`workbook.models` builds the
validating records on it, and a test keeps the two in step.
"""

from __future__ import annotations

#: The native JSON document's ``format`` and ``version`` fields (docs/json-format.md).
FORMAT = "networking-workbook"
FORMAT_VERSION = 1

EVENT_KINDS = ("conference", "meetup", "trade_show", "social", "workshop", "online", "other")
DIRECTIONS = ("out", "in")
TOUCH_KINDS = ("follow_up", "nurture", "give", "ask", "intro_made", "intro_received")
CHANNELS = ("email", "call", "message", "meeting", "visit", "social", "other")
PURPOSE_MET = ("yes", "partly", "no")
OPPORTUNITY_KINDS = (
    "referral",
    "introduction",
    "collaboration",
    "client",
    "job",
    "friendship",
    "other",
)

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

# JSON collection name -> SQLite table, in the order records must be written so that
# every reference resolves (people before the encounters that name them).
TABLE_NAMES: dict[str, str] = {
    "people": "person",
    "events": "event",
    "encounters": "encounter",
    "touchpoints": "touchpoint",
    "purposes": "purpose",
    "debriefs": "debrief",
    "opportunities": "opportunity",
    "coach_notes": "coach_note",  # the coach's note for a period (workbook/notes.py)
}

#: Fields added to a collection after version 1 of the format: an export writes them
#: only when they hold something, so a workbook that doesn't use them exports exactly as
#: version 1 did (docs/json-format.md).
WRITTEN_WHEN_SET: dict[str, tuple[str, ...]] = {
    "events": ("follow_up_plan", "nurture_plan", "opportunity_note"),
}

# Each collection's fields, in docs/json-format.md order (native JSON names, the SQLite columns).
FIELDS: dict[str, tuple[str, ...]] = {
    "people": (
        "id",
        "name",
        "organisation",
        "role",
        "email",
        "phone",
        "url",
        "tags",
        "needs",
        "cadence_days",
        "introduced_by",
        "notes",
    ),
    "events": (
        "id",
        "name",
        "kind",
        "date",
        "location",
        "purpose",
        "intended_outcome",
        "target_people",
        "follow_up_plan",
        "nurture_plan",
        "opportunity_note",
    ),
    "encounters": (
        "id",
        "person",
        "date",
        "event",
        "place",
        "learned",
        "their_needs",
        "my_offer",
        "card_exchanged",
        "follow_up_planned",
        "follow_up_due",
        "quality",
    ),
    "touchpoints": ("id", "person", "date", "direction", "kind", "channel", "note"),
    "purposes": (
        "id",
        "start",
        "end",
        "why",
        "intended_outcome",
        "follow_up_plan",
        "nurture_plan",
        "opportunity_note",
        "targets",
    ),
    "debriefs": (
        "id",
        "event",
        "date",
        "purpose_met",
        "highlights",
        "learned",
        "wiift",
        "next_steps",
        "energy",
    ),
    "opportunities": ("id", "person", "date", "kind", "note"),
    "coach_notes": ("id", "period", "text", "targets"),
}

# Which fields refer to which collection (docs/json-format.md: every reference must resolve).
REFERENCES: dict[str, dict[str, str]] = {
    "people": {"introduced_by": "people"},
    "encounters": {"person": "people", "event": "events"},
    "touchpoints": {"person": "people"},
    "debriefs": {"event": "events"},
    "opportunities": {"person": "people"},
}

DATE_FIELDS: dict[str, tuple[str, ...]] = {
    "events": ("date",),
    "encounters": ("date", "follow_up_due"),
    "touchpoints": ("date",),
    "purposes": ("start", "end"),
    "debriefs": ("date",),
    "opportunities": ("date",),
}
