"""iCalendar files (``.ics``, RFC 5545) → events.

Read with the standard library only; the content-line layer (unfolding, parameters,
escapes) is :mod:`workbook.importers.contentlines`. The file is UTF-8 (with or without
BOM), else cp1252. It must begin with ``BEGIN:VCALENDAR`` — or ``BEGIN:VEVENT``: a lone
event, as some programs write when you export one appointment. Several calendars one
after the other are read in turn. Each VEVENT of a calendar is one event; VTODO,
VJOURNAL, VFREEBUSY, VTIMEZONE, the VALARMs inside an event and any other component are
passed over, and so are properties outside the events.

Fields (the first property of each name in the VEVENT itself counts):

=========  ===================================================================
event      iCalendar
=========  ===================================================================
id         ``ics-`` + the first 12 hex digits of the SHA-1 of UID + RECURRENCE-ID
           (both values as written, RECURRENCE-ID only when there is one), or of
           SUMMARY (unescaped) + DTSTART (as written) when there is no UID: the same
           event gets the same id on every import, so importing the file again
           updates it in place
name       SUMMARY
date       DTSTART's date, as written (see below)
location   LOCATION
purpose    DESCRIPTION, its first 500 characters
kind       guessed from the words of SUMMARY, else CATEGORIES, else LOCATION, else
           DESCRIPTION (the first text with a known word decides; see :data:`KINDS`,
           checked in that order); ``other`` when none matches
=========  ===================================================================

Text values are unescaped (``\\,`` ``\\;`` ``\\n`` ``\\\\``), line breaks become ``\\n``,
surrounding whitespace is trimmed, and an empty value is null.

Time zones: the date is the date *as written* in DTSTART, in the event's own time zone.
A ``DATE`` (all-day event) is that day; a ``DATE-TIME`` with ``TZID=...`` (Olson or
Windows names alike) or a floating one (no zone) is the day on the wall clock there; a
UTC time (``...Z``) is its UTC date — nothing is converted, so an evening event in the
Americas written in UTC may land on the next day. ``X-WR-TIMEZONE`` is not used.

Recurring events (RRULE, RDATE) are imported once, as their first occurrence (DTSTART);
a RECURRENCE-ID override of one occurrence is an event of its own.

What stops the import (:class:`WorkbookInputError`, naming the file and the line): a
file that does not begin with ``BEGIN:VCALENDAR`` (or ``BEGIN:VEVENT``) — "not an
iCalendar file" —, and BEGIN/END that do not pair up (an END for another component, a
component never closed, a BEGIN/END without a name). What only passes one event over,
with a note in :attr:`Imported.skipped` (``VEVENT 3 (line 40): no DTSTART``): a
cancelled event (``STATUS:CANCELLED``), an event without SUMMARY or DTSTART, a DTSTART
that is not a date, a line in the event that is not ``NAME:value``, and a second event
with the id of an earlier one (the same UID twice: the first one is kept).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path
from typing import Any

from workbook.importers import Imported
from workbook.importers.contentlines import Component, clean, read_file, split_escaped, unescape

NOT_ICALENDAR = "not an iCalendar file (it must begin with BEGIN:VCALENDAR)"
PURPOSE_LENGTH = 500
# Event kinds guessed from words, checked in this order (case-insensitive, whole words).
KINDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(rf"\b(?:{words})\b", re.IGNORECASE))
    for kind, words in (
        ("conference", r"conference|summit|congress|symposium"),
        ("meetup", r"meetup|meet-up|meet up"),
        ("trade_show", r"expo|trade ?show|trade fair|fair"),
        ("workshop", r"workshop|training|class|course|seminar"),
        ("online", r"webinar|online|zoom|teams|meet\.google(?:\.com)?|virtual"),
        ("social", r"party|dinner|drinks|social|mixer|happy hour"),
    )
)
_DATE = re.compile(
    r"(\d{4})-?(\d{2})-?(\d{2})"
    r"(?:T\d{2}:?\d{2}(?::?\d{2})?(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?\Z",
    re.IGNORECASE | re.ASCII,
)


def read(path: Path) -> Imported:
    """Read the iCalendar file at ``path`` (see the module docstring for the rules)."""
    root = read_file(path, ("VCALENDAR", "VEVENT"), NOT_ICALENDAR)
    vevents = [
        event
        for top in root.children
        for event in ([top] if top.name == "VEVENT" else top.children)
        if top.name in ("VCALENDAR", "VEVENT") and event.name == "VEVENT"
    ]
    imported = Imported()
    first_of: dict[str, int] = {}
    for number, vevent in enumerate(vevents, start=1):
        where = f"VEVENT {number} (line {vevent.line})"
        event = _event(vevent)
        if isinstance(event, str):
            imported.skipped.append(f"{where}: {event}")
        elif event["id"] in first_of:
            imported.skipped.append(f"{where}: the same event as VEVENT {first_of[event['id']]}")
        else:
            first_of[event["id"]] = number
            imported.events.append(event)
    return imported


def _event(vevent: Component) -> dict[str, Any] | str:
    """The event a VEVENT describes, or why it is passed over."""
    if vevent.broken:
        return str(vevent.broken[0])

    def text(name: str) -> str | None:
        found = vevent.first(name)
        return clean(unescape(found.value)) if found else None

    if (text("STATUS") or "").upper() == "CANCELLED":
        return "cancelled"
    summary = text("SUMMARY")
    if summary is None:
        return "no SUMMARY"
    start = vevent.first("DTSTART")
    if start is None or not start.value.strip():
        return "no DTSTART"
    date = _date(start.value.strip())
    if date is None:
        return f"DTSTART {start.value.strip()[:40]!r} is not a date"
    uid = vevent.first("UID")
    if uid is not None and uid.value.strip():
        recurrence = vevent.first("RECURRENCE-ID")
        key = uid.value.strip() + (recurrence.value.strip() if recurrence else "")
    else:
        key = summary + start.value.strip()
    description = text("DESCRIPTION")
    categories = ", ".join(
        unescape(c) for p in vevent.all("CATEGORIES") for c in split_escaped(p.value, ",")
    )
    return {
        "id": "ics-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12],
        "name": summary,
        "kind": guess_kind(summary, categories, text("LOCATION"), description),
        "date": date.isoformat(),
        "location": text("LOCATION"),
        "purpose": clean(description[:PURPOSE_LENGTH]) if description else None,
    }


def _date(value: str) -> dt.date | None:
    """The date part of a DATE or DATE-TIME value as written; None if it is not one."""
    match = _DATE.match(value)
    if match is None:
        return None
    try:
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def guess_kind(*texts: str | None) -> str:
    """The event kind the first text with a telling word suggests (see :data:`KINDS`)."""
    for text in texts:
        if not text:
            continue
        for kind, pattern in KINDS:
            if pattern.search(text):
                return kind
    return "other"
