"""What the forms call things: the labels of coded values and fields, the defaults, and
the inline styles of messages. One place, so a form and its confirmation say the same."""

from __future__ import annotations

from typing import Any

from workbook.schema import FIVE_QUESTIONS, METRIC_LABELS

#: A new encounter's follow-up is due this many days after the meeting, unless changed.
DEFAULT_FOLLOW_UP_DAYS = 3
NEW_PERSON_SEPARATOR = " — "
EVERYDAY = "— everyday place —"
#: The value of a Dropdown's "nothing chosen" option ("— everyday place —", no quality…).
#: Not None: a Dropdown whose value is None shows as blank in the browser.
NOTHING = ""
NONE_LABEL = "—"

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

#: The five questions (README.md, "How to use it"), as the purpose form asks them.
PURPOSE_QUESTIONS = {
    "why": (
        f"1. {FIVE_QUESTIONS['why']}",
        "In your own words — to grow a business, find a job, learn… or simply for fun.",
    ),
    "intended_outcome": (
        f"2. {FIVE_QUESTIONS['intended_outcome']}",
        "e.g. meet 10 people in complementary businesses; two referrals by the end.",
    ),
    "follow_up_plan": (
        f"3. {FIVE_QUESTIONS['follow_up_plan']}",
        "e.g. an e-mail within 3 days of every meeting, with something useful for them.",
    ),
    "nurture_plan": (
        f"4. {FIVE_QUESTIONS['nurture_plan']}",
        "e.g. a coffee within a month; share what fits their needs; introduce them.",
    ),
    "opportunity_note": (
        f"5. {FIVE_QUESTIONS['opportunity_note']}",
        "e.g. the hockey rink, the grocery store, the check-out line, the auto shop.",
    ),
}

#: Target names (docs/metrics.md, Purposes and targets), as the purpose form shows them.
TARGET_LABELS = {
    **METRIC_LABELS,
    "follow_up_rate": f"{METRIC_LABELS['follow_up_rate']} (%)",  # typed as a percentage
    "median_follow_up_days": f"{METRIC_LABELS['median_follow_up_days']} (at most)",
}

#: How confirmations show coded values.
VALUE_LABELS: dict[str, dict[Any, str]] = {
    "direction": DIRECTION_LABELS,
    "kind": {**OPPORTUNITY_KIND_LABELS, **TOUCH_KIND_LABELS},
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
