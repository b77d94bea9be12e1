"""The shape of a workbook (SPEC §3) as plain data: collections, fields, enums.

This is what reading a workbook needs (the store, the frames, the metrics), kept free of
pydantic so that a report's kernel starts fast; :mod:`workbook.models` builds the
validating records on it, and a test keeps the two in step.
"""

from __future__ import annotations

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
# SPEC §4.4: the metric names a purpose may set a target for.
TARGET_METRICS = (
    "encounters",
    "new_people",
    "everyday_encounters",
    "events_attended",
    "touches",
    "gives",
    "intros_made",
    "debriefs_done",
    "opportunities",
    "follow_up_rate",
    "median_follow_up_days",
)

# How a reader sees each target metric's name (reports, forms).
METRIC_LABELS = {
    "encounters": "People met (encounters)",
    "new_people": "New people met",
    "everyday_encounters": "Everyday-place encounters",
    "events_attended": "Events attended",
    "touches": "Touchpoints",
    "gives": "Gives & introductions",
    "intros_made": "Introductions made",
    "debriefs_done": "Event debriefs",
    "opportunities": "Opportunities",
    "follow_up_rate": "Follow-up rate",
    "median_follow_up_days": "Median days to follow up",
}

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

# Each collection's fields, in SPEC §5 order (the native JSON names, the SQLite columns).
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

# Which fields refer to which collection (SPEC §3: every reference must resolve).
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
