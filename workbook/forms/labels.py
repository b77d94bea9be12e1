"""What the forms call things: the labels of coded values and fields, the defaults, and
the inline styles of messages. One place, so a form and its confirmation say the same."""

from __future__ import annotations

from typing import Any

from workbook import capture as _questions
from workbook.schema import METRIC_LABELS

#: A new encounter's follow-up is due this many days after the meeting, unless changed.
DEFAULT_FOLLOW_UP_DAYS = 3
NEW_PERSON_SEPARATOR = " — "
EVERYDAY = "— everyday place —"
#: The value of a Dropdown's "nothing chosen" option ("— everyday place —", no quality…).
#: Not None: a Dropdown whose value is None shows as blank in the browser.
NOTHING = ""
NONE_LABEL = "—"

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
OPPORTUNITY_KIND_LABELS = {
    "referral": "Referral",
    "introduction": "Introduction",
    "collaboration": "Collaboration",
    "client": "Client",
    "job": "Job",
    "friendship": "Friendship",
    "other": "Other",
}
PURPOSE_MET_LABELS = {"yes": "Yes", "partly": "Partly", "no": "No"}
QUALITY_LABELS = {1: "1 · brief", 2: "2", 3: "3 · good", 4: "4", 5: "5 · great"}
ENERGY_LABELS = {1: "1 · drained", 2: "2", 3: "3 · fine", 4: "4", 5: "5 · energised"}

#: The questions, worded once (in :mod:`workbook.capture`, which the walks import too).
PURPOSE_QUESTIONS = _questions.PURPOSE_QUESTIONS
EVENT_QUESTIONS = _questions.EVENT_QUESTIONS

#: The target names (``docs/metrics.md``), as the purpose form shows them.
TARGET_LABELS = {
    **METRIC_LABELS,
    "follow_up_rate": f"{METRIC_LABELS['follow_up_rate']} (%)",  # typed as a percentage
    "median_follow_up_days": f"{METRIC_LABELS['median_follow_up_days']} (at most)",
}

#: How confirmations show coded values.
VALUE_LABELS: dict[str, dict[Any, str]] = {
    "direction": DIRECTION_LABELS,
    "kind": {**EVENT_KIND_LABELS, **OPPORTUNITY_KIND_LABELS, **TOUCH_KIND_LABELS},
    "channel": CHANNEL_LABELS,
    "purpose_met": PURPOSE_MET_LABELS,
    "quality": QUALITY_LABELS,
    "energy": ENERGY_LABELS,
}

#: How error messages and confirmations name the fields of the records.
FIELD_LABELS = {
    "person": "Person",
    "name": "Name",
    "organisation": "Organisation",
    "email": "E-mail",
    "date": "Date",
    "event": "Event",
    "place": "Place",
    "learned": "What I learned",
    "their_needs": "Their needs",
    "my_offer": "My offer (WIIFT)",
    "card_exchanged": "Card exchanged",
    "follow_up_planned": "Follow-up planned",
    "follow_up_due": "Follow-up due",
    "quality": "Quality",
    "direction": "Direction",
    "kind": "Kind",
    "channel": "Channel",
    "note": "Note",
    "location": "Location",
    "purpose": "Why I am going",
    "target_people": "People to meet",
    "role": "Role",
    "phone": "Phone",
    "url": "Web page",
    "tags": "Tags",
    "needs": "Needs",
    "cadence_days": "Keep in touch every (days)",
    "introduced_by": "Introduced by",
    "notes": "Notes",
    "start": "Start",
    "end": "End",
    "why": "Why",
    "intended_outcome": "Intended outcome",
    "follow_up_plan": "Follow-up plan",
    "nurture_plan": "Nurture plan",
    "opportunity_note": "Where to look for opportunity",
    "targets": "Targets",
    "purpose_met": "Purpose met",
    "highlights": "Highlights",
    "wiift": "What's in it for them (WIIFT)",
    "next_steps": "Next steps",
    "energy": "Energy",
    **{f"targets.{name}": label for name, label in TARGET_LABELS.items()},
}

STYLE = {"description_width": "initial"}
OK_STYLE = "color:#1b5e20;border-left:4px solid #2e7d32;padding:4px 10px;margin:6px 0"
ERROR_STYLE = "color:#8e0000;border-left:4px solid #c62828;padding:4px 10px;margin:6px 0"
HINT_STYLE = "font-size:90%;margin:0 0 4px 0"
