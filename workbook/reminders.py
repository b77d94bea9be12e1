"""Today's reminders (docs/capture.md, The Today page): the follow-ups due today or
overdue and the keep-in-touch check-ins due, each with "done", "snooze" and undo.

Both lists are the metrics' own definitions, the same the agenda uses
(:mod:`workbook.agenda`): a follow-up is an encounter whose follow-up is planned and not
done (no outgoing touchpoint with the person since), due on ``follow_up_due`` or else the
meeting date plus the follow-up window
(:func:`workbook.metrics.follow_up.follow_up_status`); a check-in is due for a person
going cold (:func:`workbook.metrics.relationships.going_cold`: a keep-in-touch cadence,
and the last interaction + the cadence before today).

A snoozed reminder is left out until the day it was snoozed to (it is back that day).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd

from workbook.agenda import CHECK_IN, FOLLOW_UP
from workbook.frames import Frames
from workbook.metrics.common import DEFAULT_WINDOW
from workbook.metrics.follow_up import follow_up_status
from workbook.metrics.relationships import going_cold

#: The touchpoint kind "done" records for each kind of reminder.
DONE_KINDS = {FOLLOW_UP: "follow_up", CHECK_IN: "nurture"}
#: The snoozes offered beside each reminder: label -> days (a date can be chosen too).
SNOOZE_DAYS = {"1 day": 1, "1 week": 7}


@dataclass(frozen=True)
class Reminder:
    """One thing to do today: a follow-up (``encounter`` set) or a check-in."""

    key: str  # "follow-up:<encounter id>" or "check-in:<person id>": what a snooze names
    what: str  # FOLLOW_UP or CHECK_IN
    person: str
    name: str
    due: dt.date
    days_overdue: int  # 0: due today
    encounter: str | None = None
    met: dt.date | None = None
    where: str | None = None
    learned: str | None = None
    their_needs: str | None = None
    last_in_touch: dt.date | None = None
    cadence_days: int | None = None

    @property
    def when(self) -> str:
        """ "due today" or "N days overdue"."""
        if self.days_overdue <= 0:
            return "due today"
        return f"{self.days_overdue} day{'' if self.days_overdue == 1 else 's'} overdue"


def follow_up_key(encounter_id: str) -> str:
    return f"follow-up:{encounter_id}"


def check_in_key(person_id: str) -> str:
    return f"check-in:{person_id}"


def _text(value: object) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):  # type: ignore[call-overload]
        return None
    text = str(value)
    return text if text.strip() else None


def snoozed(key: str, snoozes: dict[str, str], as_of: dt.date) -> bool:
    """Whether ``key`` is snoozed on ``as_of`` (snoozed until a later day)."""
    until = snoozes.get(key)
    return until is not None and until > as_of.isoformat()


def reminders(
    frames: Frames,
    as_of: dt.date,
    snoozes: dict[str, str] | None = None,
    window: int = DEFAULT_WINDOW,
) -> list[Reminder]:
    """Today's reminders as of ``as_of``, not snoozed: follow-ups first, most overdue
    first (then by meeting date and name), then check-ins, most overdue first."""
    snoozes = snoozes or {}
    day = pd.Timestamp(as_of)
    names = dict(zip(frames.people["id"], frames.people["name"], strict=True))
    events = dict(zip(frames.events["id"], frames.events["name"], strict=True))
    encounters: dict[str, dict[Any, Any]] = {
        str(r["id"]): r for r in frames.encounters.to_dict("records")
    }
    follow_ups: list[Reminder] = []
    status = follow_up_status(frames.encounters, frames.touchpoints, as_of, window)
    open_ = status[status["follow_up_planned"].astype(bool) & status["first_out"].isna()]
    row: dict[Any, Any]
    for row in open_[open_["due"] <= day].to_dict("records"):
        key = follow_up_key(str(row["id"]))
        if snoozed(key, snoozes, as_of):
            continue
        encounter = encounters[str(row["id"])]
        due = pd.Timestamp(row["due"]).date()
        event = _text(encounter["event"])
        follow_ups.append(
            Reminder(
                key=key,
                what=FOLLOW_UP,
                person=str(row["person"]),
                name=str(names.get(row["person"], row["person"])),
                due=due,
                days_overdue=(as_of - due).days,
                encounter=str(row["id"]),
                met=pd.Timestamp(row["date"]).date(),
                where=events.get(event) if event else _text(encounter["place"]),
                learned=_text(encounter["learned"]),
                their_needs=_text(encounter["their_needs"]),
            )
        )
    follow_ups.sort(key=lambda r: (-r.days_overdue, r.met, r.name.casefold(), r.key))
    check_ins = []
    for row in going_cold(frames, as_of).to_dict("records"):
        key = check_in_key(str(row["person"]))
        if snoozed(key, snoozes, as_of):
            continue
        due = pd.Timestamp(row["due"]).date()
        check_ins.append(
            Reminder(
                key=key,
                what=CHECK_IN,
                person=str(row["person"]),
                name=str(row["name"]),
                due=due,
                days_overdue=(as_of - due).days,
                last_in_touch=pd.Timestamp(row["last_interaction"]).date(),
                cadence_days=int(row["cadence_days"]),
            )
        )
    return follow_ups + check_ins


def snooze_until(choice: str, as_of: dt.date, chosen: dt.date | None = None) -> dt.date:
    """The day a snooze ends: a label of :data:`SNOOZE_DAYS` after ``as_of``, or the
    ``chosen`` date."""
    if choice in SNOOZE_DAYS:
        return as_of + dt.timedelta(days=SNOOZE_DAYS[choice])
    if chosen is None:
        raise ValueError("a snooze needs a number of days or a date")
    return chosen


__all__ = [
    "CHECK_IN",
    "DONE_KINDS",
    "FOLLOW_UP",
    "SNOOZE_DAYS",
    "Reminder",
    "check_in_key",
    "follow_up_key",
    "reminders",
    "snooze_until",
    "snoozed",
]
