"""The agenda: open follow-ups, check-ins and planned events as a calendar any calendar app imports.

``workbook agenda [--as-of DATE] [--days N] [--out FILE.ics]`` (see ``docs/agenda.md``). The
items come from the metrics, not a second definition of them:

- **Follow up: NAME** — one all-day item per encounter whose follow-up is planned and not
  done yet (no ``out`` touchpoint with that person since the encounter; see
  :func:`workbook.metrics.follow_up.follow_up_status`). It is on its due date
  (``follow_up_due``, else the encounter's date + the follow-up window) when that falls
  within the next N days (as-of day included); an overdue one (due before the as-of
  date) is on the as-of date; one due later than that is not listed yet.
- **Check in: NAME** — one all-day item on the as-of date for each person going cold
  (:func:`workbook.metrics.relationships.going_cold`).
- **Event: NAME** — one all-day item on its date for each planned event dated on the
  as-of day or later (however far ahead: an event is planned, not due).

Each item's description says what you learned, their needs and your offer (from the
encounter; for a check-in, from the person's latest encounter, their needs from the
person record first; for an event, where, why and what for). UIDs are stable —
``follow-up-<encounter id>@<workbook id>.…``, ``check-in-<person id>@<workbook id>.…`` and
``event-<event id>@<workbook id>.…`` — so importing a newer agenda into a calendar app
updates the items instead of adding them twice, and another workbook's never replace them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import icalendar
import pandas as pd

from workbook.capture import EVENT_QUESTIONS
from workbook.files import write_text_atomic
from workbook.frames import Frames
from workbook.metrics.common import DEFAULT_WINDOW
from workbook.metrics.follow_up import follow_up_status
from workbook.metrics.relationships import going_cold
from workbook.periods import DEFAULT_AGENDA_DAYS, now
from workbook.terminal import visible
from workbook.words import count

UID_DOMAIN = "networking-on-purpose"
CALENDAR_NAME = "Networking follow-ups"
FOLLOW_UP = "Follow up"
CHECK_IN = "Check in"
EVENT = "Event"
#: The order of a day's items: follow-ups, then check-ins, then events.
_ORDER = {FOLLOW_UP: 0, CHECK_IN: 1, EVENT: 2}
NOTHING_NOTED = "Nothing noted yet."


@dataclass(frozen=True)
class AgendaItem:
    """One all-day calendar item."""

    uid: str
    date: dt.date
    what: str  # FOLLOW_UP, CHECK_IN or EVENT
    name: str
    note: str  # why it is on this day, in plain words
    description: str

    @property
    def summary(self) -> str:
        return f"{self.what}: {self.name}"


def _text(value: Any) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    text = str(value).strip()
    return text or None


def _description(lines: list[tuple[str, Any]]) -> str:
    """``Label: value`` lines for the values that are there, else :data:`NOTHING_NOTED`."""
    written = [f"{label}: {text}" for label, value in lines if (text := _text(value))]
    return "\n".join(written) or NOTHING_NOTED


def _question(field: str) -> str:
    """An event question as a description's label ("Why am I going")."""
    return EVENT_QUESTIONS[field][0].rstrip("?")


def _day(value: Any) -> dt.date:
    return pd.Timestamp(value).date()


def _where(encounter: dict[Any, Any], events: pd.DataFrame) -> str | None:
    if _text(encounter.get("event")):
        match = events[events["id"] == encounter["event"]]
        if len(match):
            return _text(match.iloc[0]["name"])
    return _text(encounter.get("place"))


def agenda_items(
    frames: Frames,
    as_of: dt.date,
    days: int = DEFAULT_AGENDA_DAYS,
    window: int = DEFAULT_WINDOW,
    *,
    workbook_id: str | None = None,
) -> list[AgendaItem]:
    """The agenda as of ``as_of`` (see the module docstring), by date, then name.

    ``workbook_id`` goes into every UID, so that the agendas of two workbooks (ids like
    ``n1`` repeat across them) imported into one calendar don't replace each other's items.
    """
    if days < 0:
        raise ValueError("days must be 0 or more")
    label = re.sub(r"[^A-Za-z0-9-]", "", workbook_id or "")  # an imported id is any text
    domain = f"{label}.{UID_DOMAIN}" if label else UID_DOMAIN
    last_day = as_of + dt.timedelta(days=days)
    names = dict(zip(frames.people["id"], frames.people["name"], strict=True))
    needs = dict(zip(frames.people["id"], frames.people["needs"], strict=True))
    encounters = {str(r["id"]): r for r in frames.encounters.to_dict("records")}
    items: list[AgendaItem] = []

    status = follow_up_status(frames.encounters, frames.touchpoints, as_of, window)
    open_ = status[status["follow_up_planned"].astype(bool) & status["first_out"].isna()]
    for row in open_.itertuples(index=False):
        due = _day(row.due)
        if due > last_day:
            continue
        encounter = encounters[str(row.id)]
        met = _day(row.date)
        where = _where(encounter, frames.events)
        note = f"overdue since {due.isoformat()}" if due < as_of else "due"
        items.append(
            AgendaItem(
                uid=f"follow-up-{row.id}@{domain}",
                date=max(due, as_of),
                what=FOLLOW_UP,
                name=str(names.get(row.person, row.person)),
                note=note,
                description=_description(
                    [
                        ("Met", met.isoformat() + (f" at {where}" if where else "")),
                        ("Due", due.isoformat()),
                        ("What you learned", encounter.get("learned")),
                        ("Their needs", encounter.get("their_needs")),
                        ("Your offer", encounter.get("my_offer")),
                    ]
                ),
            )
        )

    cold = going_cold(frames, as_of)
    for row in cold.itertuples(index=False):
        theirs = frames.encounters[frames.encounters["person"] == row.person]
        theirs = theirs[theirs["date"] <= pd.Timestamp(as_of)].sort_values(["date", "id"])
        latest = theirs.iloc[-1] if len(theirs) else pd.Series(dtype=object)
        last = _day(row.last_interaction)
        items.append(
            AgendaItem(
                uid=f"check-in-{row.person}@{domain}",
                date=as_of,
                what=CHECK_IN,
                name=str(row.name),
                note=f"last in touch {last.isoformat()}, every {row.cadence_days} days",
                description=_description(
                    [
                        ("Last in touch", last.isoformat()),
                        ("Keep in touch every", f"{row.cadence_days} days"),
                        ("What you learned", latest.get("learned")),
                        ("Their needs", _text(needs.get(row.person)) or latest.get("their_needs")),
                        ("Your offer", latest.get("my_offer")),
                    ]
                ),
            )
        )

    for event in frames.events.to_dict("records"):
        day = _day(event["date"])
        if day < as_of:
            continue
        target = event.get("target_people")
        place = _text(event.get("location"))
        items.append(
            AgendaItem(
                uid=f"event-{event['id']}@{domain}",
                date=day,
                what=EVENT,
                name=str(event["name"]),
                note=f"planned at {place}" if place else "planned",
                description=_description(
                    [
                        ("Where", place),
                        *[(_question(f), event.get(f)) for f in ("purpose", "intended_outcome")],
                        (
                            _question("target_people"),
                            None if target is None or pd.isna(target) else str(int(target)),
                        ),
                    ]
                ),
            )
        )
    return sorted(items, key=lambda i: (i.date, _ORDER[i.what], i.name.casefold(), i.uid))


#: Who wrote a calendar file: how ``workbook agenda --out`` knows a file it may replace.
PRODID = "-//Networking on Purpose//workbook agenda//EN"


def is_agenda_file(head: bytes) -> bool:
    """Whether a file starting with ``head`` is a calendar ``workbook agenda`` wrote."""
    text = head.decode("utf-8", errors="replace")
    return text.startswith("BEGIN:VCALENDAR") and f"\nPRODID:{PRODID}\r" in text


def to_calendar(items: list[AgendaItem], stamp: dt.datetime | None = None) -> icalendar.Calendar:
    """The items as an iCalendar calendar of all-day events."""
    stamp = stamp or now(dt.UTC).replace(microsecond=0)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", CALENDAR_NAME)
    for item in items:
        event = icalendar.Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", item.date)
        event.add("dtend", item.date + dt.timedelta(days=1))
        event.add("summary", item.summary)
        event.add("description", item.description)
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar


def write_ics(items: list[AgendaItem], path: str | Path) -> Path:
    """Write the items as an ``.ics`` file (atomically)."""
    return write_text_atomic(to_calendar(items).to_ical().decode("utf-8"), path)  # CRLF kept


def table(items: list[AgendaItem], as_of: dt.date, days: int) -> str:
    """The items as a plain-text table, or a sentence when there are none."""
    if not items:
        return (
            f"Nothing to follow up in the {days} days from {as_of.isoformat()}, "
            "and no one is going cold."
        )
    # One line per item: a line feed or a control in a name is shown escaped, and the
    # columns are measured on what is shown.
    rows = [("Date", "What", "Name", "Note")] + [
        (i.date.isoformat(), i.what, visible(i.name, one_line=True), visible(i.note, True))
        for i in items
    ]
    widths = [max(len(row[c]) for row in rows) for c in range(3)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True))
        + "  "
        + row[3]
        for row in rows
    ]
    return "\n".join([*lines, "", f"{count(len(items), 'item')} as of {as_of.isoformat()}."])
