"""What the forms call things: the labels of coded values and fields, the defaults, and
the inline styles of messages. One place, so a form and its confirmation say the same."""

from __future__ import annotations

from workbook.schema import (
    CHANNEL_LABELS,
    DIRECTION_LABELS,
    ENERGY_LABELS,
    EVENT_KIND_LABELS,
    FIELD_LABELS,
    NAME_SEPARATOR,
    OPPORTUNITY_KIND_LABELS,
    PURPOSE_MET_LABELS,
    QUALITY_LABELS,
    TARGET_LABELS,
    TOUCH_KIND_LABELS,
    VALUE_LABELS,
)
from workbook.wording import DASH, EVENT_QUESTIONS, PURPOSE_QUESTIONS

# The labels of fields and coded values, and the questions, are the schema's and the
# wording's (one home each); the forms read them here with their own defaults and styles.
__all__ = [
    "CHANNEL_LABELS",
    "DEFAULT_FOLLOW_UP_DAYS",
    "DIRECTION_LABELS",
    "ENERGY_LABELS",
    "ERROR_STYLE",
    "EVENT_KIND_LABELS",
    "EVENT_QUESTIONS",
    "EVERYDAY_CHOICE",
    "FIELD_LABELS",
    "HINT_STYLE",
    "NAME_SEPARATOR",
    "NONE_LABEL",
    "NOTHING",
    "OK_STYLE",
    "OPPORTUNITY_KIND_LABELS",
    "PURPOSE_MET_LABELS",
    "PURPOSE_QUESTIONS",
    "QUALITY_LABELS",
    "STYLE",
    "TARGET_LABELS",
    "TOUCH_KIND_LABELS",
    "VALUE_LABELS",
    "WARNING_HINT",
]

#: A new encounter's follow-up is due this many days after the meeting, unless changed.
DEFAULT_FOLLOW_UP_DAYS = 3
#: The event list's entry for "no event: an everyday place" (what is shown, not the
#: setting key ``schema.EVERYDAY`` the metrics use).
EVERYDAY_CHOICE = f"{DASH} everyday place {DASH}"
#: The value of a Dropdown's "nothing chosen" option ("— everyday place —", no quality…).
#: Not None: a Dropdown whose value is None shows as blank in the browser.
NOTHING = ""
NONE_LABEL = DASH

STYLE = {"description_width": "initial"}
OK_STYLE = "color:#1b5e20;border-left:4px solid #2e7d32;padding:4px 10px;margin:6px 0"
ERROR_STYLE = "color:#8e0000;border-left:4px solid #c62828;padding:4px 10px;margin:6px 0"
HINT_STYLE = "font-size:90%;margin:0 0 4px 0"
WARNING_HINT = f"{HINT_STYLE};color:#8e0000"
