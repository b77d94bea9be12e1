"""iCalendar files (``.ics``, RFC 5545) → events, read with the ``icalendar`` library.

Repeats are expanded with ``recurring-ical-events``. The file is UTF-8 (with or without
BOM), else cp1252; folded lines are joined *before* decoding, so a fold that splits a
UTF-8 character in two still reads as that character. It must begin with
``BEGIN:VCALENDAR`` — or ``BEGIN:VEVENT``: a lone event, as some programs write when you
export one appointment. Several calendars one after the other are read in turn. VTODO,
VJOURNAL, VFREEBUSY, the VALARMs inside an event and any other component are passed over.

Fields:

=========  ===================================================================
event      iCalendar
=========  ===================================================================
id         ``ics-`` + the first 12 hex digits of the SHA-1 of a key: for a one-off
           event its UID (+ RECURRENCE-ID as written, when there is one); for an
           occurrence of a repeating event UID + ``/`` + the occurrence's original
           local date (``2026-03-04``), so a moved occurrence keeps its id. Without a
           UID the key is SUMMARY + DTSTART as written. The same event gets the same
           id on every import: importing the file again updates it in place.
name       SUMMARY
date       the local date the event starts on (see below)
location   LOCATION
purpose    DESCRIPTION, its first 500 characters
kind       guessed from the words of SUMMARY, else CATEGORIES, else LOCATION, else
           DESCRIPTION (the first text with a known word decides; see :data:`KINDS`,
           checked in that order); ``other`` when none matches
=========  ===================================================================

Dates: an event's date is the day it happens where it happens. A ``DATE`` (all-day) is
that day; a ``DATE-TIME`` with a ``TZID`` (Olson or the Windows names Outlook writes,
which icalendar maps) or a floating one (no zone) is the day on that wall clock; a UTC
time (``...Z``) is converted to the calendar's ``X-WR-TIMEZONE`` (Google writes it), else
to this machine's local zone — a 19:30 meetup in Toronto written as 00:30 UTC the next
day is on the day it happened.

Repeats (RRULE, RDATE): a repeating event becomes its occurrences between ``since`` and
``until`` (both days included; by default the twelve months up to today), each its own
event (an event is a day: several occurrences on one day are one event; at most the
first 5000 occurrences, with a note); an occurrence left out by EXDATE or overridden with
``STATUS:CANCELLED`` is not imported. A one-off event is imported whatever its date.

What stops the import (:class:`WorkbookInputError`, one line naming the file): a file
that does not begin with ``BEGIN:VCALENDAR`` (or ``BEGIN:VEVENT``), BEGIN and END lines
that do not pair up (a file cut short), and a file the icalendar library cannot parse.
What only passes one event over, with a note in :attr:`Imported.skipped` (``VEVENT 3: no
DTSTART``): a cancelled event, an event without SUMMARY or DTSTART, a DTSTART that is not
a date, a repeating event whose rules cannot be expanded, and a second event with the id
of an earlier one (the first one is kept).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import warnings
import zoneinfo
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import icalendar
import recurring_ical_events
from dateutil.relativedelta import relativedelta

from workbook.errors import WorkbookInputError
from workbook.files import bom_encoding, decode_text, read_bytes
from workbook.importers import Imported
from workbook.limits import MAX_CALENDAR_BYTES, MAX_FILE_OCCURRENCES, MAX_RULE_STEPS
from workbook.periods import now, resolve_as_of

NOT_ICALENDAR = "not an iCalendar file (it must begin with BEGIN:VCALENDAR)"
PURPOSE_LENGTH = 500
DEFAULT_RANGE = relativedelta(years=1)  # repeats: the twelve months up to today
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
# A line break (or several: some writers leave blank lines inside a fold) then a space or
# tab continues the line before.
_FOLD = re.compile(rb"(?:\r?\n)+[ \t]")
_BEGIN = re.compile(r"\s*BEGIN:(VCALENDAR|VEVENT)\s*$", re.IGNORECASE | re.MULTILINE)
_MAX_OCCURRENCES = 5000  # per repeating event, within the range
TOO_LARGE_CALENDAR = "a calendar file (export a shorter range)"


def default_range(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The range repeats are expanded in when none is given: the year up to today."""
    until = today or resolve_as_of(None)  # the one place "today" is read
    return until - DEFAULT_RANGE, until


def read_text(path: Path) -> str:
    """The file's text with folded lines joined (at the byte level, then decoded)."""
    raw = read_bytes(path, MAX_CALENDAR_BYTES, TOO_LARGE_CALENDAR)
    if bom_encoding(raw) not in (None, "utf-8"):  # UTF-16/32: to UTF-8 before unfolding
        raw = decode_text(raw, path).encode("utf-8")
    raw = _FOLD.sub(b"", raw)
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise WorkbookInputError(f"{path}: not text in UTF-8 or cp1252")


def read(path: Path, since: dt.date | None = None, until: dt.date | None = None) -> Imported:
    """Read the iCalendar file at ``path`` (see the module docstring for the rules)."""
    path = Path(path)
    default_since, default_until = default_range()
    since = default_since if since is None else since
    until = default_until if until is None else until
    if since > until:
        raise WorkbookInputError(f"--since {since} is after --until {until}")
    text = read_text(path)
    first = next((line for line in text.splitlines() if line.strip()), "")
    if not _BEGIN.match(first):
        raise WorkbookInputError(f"{path}: {NOT_ICALENDAR}")
    _check_nesting(path)
    with warnings.catch_warnings():
        # The library warns about guesses (a vendor-prefixed TZID); the dates are right.
        warnings.simplefilter("ignore")
        return _read(path, text, since, until)


def _read(path: Path, text: str, since: dt.date, until: dt.date) -> Imported:
    try:
        tops = icalendar.Calendar.from_ical(text, multiple=True)
    except Exception as error:  # the library raises many kinds: all mean "unreadable"
        raise WorkbookInputError(f"{path}: not a valid iCalendar file ({_short(error)})") from None
    imported = Imported()
    first_of: dict[str, int] = {}
    number = 0
    budget = _Budget(MAX_FILE_OCCURRENCES)
    for top in tops:
        for event in _events(top, since, until, budget):
            number += 1
            where = f"VEVENT {number}"
            if isinstance(event, str):
                imported.skipped.append(f"{where}: {event}")
            elif event["id"] in first_of:
                earlier = first_of[event["id"]]
                imported.skipped.append(f"{where}: the same event as VEVENT {earlier}")
            else:
                first_of[event["id"]] = number
                imported.events.append(event)
    return imported


def _check_nesting(path: Path) -> None:
    """BEGIN and END lines pair up (a file cut short, or a typo, is refused): the
    icalendar library itself passes over such damage silently."""
    open_: list[tuple[str, int]] = []
    raw = read_bytes(path, MAX_CALENDAR_BYTES, TOO_LARGE_CALENDAR)
    lines = raw.decode("utf-8-sig", errors="replace").splitlines()
    for number, line in enumerate(lines, start=1):
        name, _, value = line.strip().partition(":")
        if name.upper() not in ("BEGIN", "END"):
            continue
        value = value.strip().upper()
        if name.upper() == "BEGIN":
            open_.append((value, number))
        elif not open_:
            raise WorkbookInputError(f"{path}: line {number}: END:{value} without its BEGIN")
        elif open_[-1][0] != value:
            raise WorkbookInputError(
                f"{path}: line {number}: END:{value} where END:{open_[-1][0]} was expected"
            )
        else:
            open_.pop()
    if open_:
        value, number = open_[-1]
        raise WorkbookInputError(f"{path}: line {number}: BEGIN:{value} is never closed")


def _short(error: BaseException, limit: int = 120) -> str:
    """An exception as a short, one-line phrase."""
    if isinstance(error, KeyError):
        return f"no {error.args[0]}" if error.args else "a missing property"
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Budget:
    """How many more occurrences the file's repeating events may still be expanded to:
    thousands of dense rules in one small file are bounded as one rule is."""

    def __init__(self, left: int) -> None:
        self.left = left


def _events(
    top: icalendar.Component, since: dt.date, until: dt.date, budget: _Budget
) -> Iterator[dict[str, Any] | str]:
    """Each event (or why one is passed over) of one top-level component, in file order."""
    calendar: icalendar.Component
    if top.name == "VEVENT":
        vevents = [top]
        calendar = icalendar.Calendar()
        calendar.add_component(top)
    elif top.name == "VCALENDAR":
        vevents = [c for c in top.subcomponents if c.name == "VEVENT"]
        calendar = top
    else:
        return
    zone = _calendar_zone(top)
    for vevent in vevents:
        if "UID" not in vevent or not str(vevent["UID"]).strip():
            key = str(vevent.get("SUMMARY", "")) + _written(vevent, "DTSTART")
            vevent["UID"] = "no-uid-" + hashlib.sha1(key.encode("utf-8")).hexdigest()
    repeating = {str(v["UID"]) for v in vevents if "RRULE" in v or "RDATE" in v}
    for vevent in vevents:
        uid = str(vevent["UID"])
        if uid not in repeating:
            yield _one_off(vevent, zone)
    timezones = [c for c in calendar.subcomponents if c.name == "VTIMEZONE"]
    for uid in sorted(repeating):
        series = icalendar.Calendar()
        for component in timezones + [v for v in vevents if str(v["UID"]) == uid]:
            series.add_component(component)
        yield from _occurrences(series, uid, zone, since, until, budget)


def _calendar_zone(top: icalendar.Component) -> dt.tzinfo:
    """Where UTC times are converted to: X-WR-TIMEZONE, else this machine's zone."""
    name = str(top.get("X-WR-TIMEZONE", "")).strip()
    if name:
        try:
            return zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            pass
    local = now().astimezone().tzinfo
    assert local is not None
    return local


def _written(vevent: icalendar.Component, name: str) -> str:
    """A property's value as written in the file (empty when it is missing)."""
    value = vevent.get(name)
    if value is None:
        return ""
    try:
        return value.to_ical().decode("utf-8")
    except Exception:
        return str(value)


def _text(vevent: icalendar.Component, name: str) -> str | None:
    value = vevent.get(name)
    if value is None or isinstance(value, list):
        value = value[0] if value else None
    if value is None:
        return None
    return clean(str(value))


def clean(text: str | None) -> str | None:
    """Line breaks as ``\\n``, outer whitespace trimmed; an empty text is None."""
    if text is None:
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    return text or None


def local_date(value: Any, has_tzid: bool, zone: dt.tzinfo) -> dt.date | None:
    """The local date of a DTSTART value: see the module docstring."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None and not has_tzid:
            value = value.astimezone(zone)  # UTC (or a fixed offset)
        return value.date()
    if isinstance(value, dt.date):
        return value
    return None


def _start(vevent: icalendar.Component, zone: dt.tzinfo) -> dt.date | str:
    """The event's local start date, or why it has none."""
    prop = vevent.get("DTSTART")
    if isinstance(prop, list):
        prop = prop[0] if prop else None
    if prop is None:
        return "no DTSTART"
    try:
        value = prop.dt
    except Exception:  # icalendar keeps a broken value and raises when it is read
        value = None
    date = local_date(value, "TZID" in getattr(prop, "params", {}), zone)
    if date is None:
        return f"DTSTART {_written(vevent, 'DTSTART')[:40]!r} is not a date"
    return date


def _record(vevent: icalendar.Component, key: str, date: dt.date) -> dict[str, Any]:
    summary = _text(vevent, "SUMMARY")
    location = _text(vevent, "LOCATION")
    description = _text(vevent, "DESCRIPTION")
    categories = ", ".join(_categories(vevent))
    return {
        "id": "ics-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12],
        "name": summary,
        "kind": guess_kind(summary, categories, location, description),
        "date": date.isoformat(),
        "location": location,
        "purpose": clean(description[:PURPOSE_LENGTH]) if description else None,
    }


def _categories(vevent: icalendar.Component) -> Iterable[str]:
    found = vevent.get("CATEGORIES")
    for prop in found if isinstance(found, list) else [found] if found is not None else []:
        for category in getattr(prop, "cats", None) or [str(prop)]:
            yield str(category)


def _problem(vevent: icalendar.Component) -> str | None:
    if (_text(vevent, "STATUS") or "").upper() == "CANCELLED":
        return "cancelled"
    if _text(vevent, "SUMMARY") is None:
        return "no SUMMARY"
    return None


def _one_off(vevent: icalendar.Component, zone: dt.tzinfo) -> dict[str, Any] | str:
    problem = _problem(vevent)
    if problem:
        return problem
    date = _start(vevent, zone)
    if isinstance(date, str):
        return date
    key = str(vevent["UID"]).strip() + _written(vevent, "RECURRENCE-ID")
    return _record(vevent, key, date)


def _occurrences(
    series: icalendar.Component,
    uid: str,
    zone: dt.tzinfo,
    since: dt.date,
    until: dt.date,
    budget: _Budget,
) -> Iterator[dict[str, Any] | str]:
    """The occurrences in [since, until] of the repeating event ``uid``, by date.

    Bounded while expanding: occurrences are taken in order, one at a time, and the
    expansion stops at the first :data:`_MAX_OCCURRENCES` + 1 in the range (a rule of
    one every second costs no more than a daily one). The expansion also walks every
    instant from the rule's start up to ``since``: a rule that would generate more than
    :data:`~workbook.limits.MAX_RULE_STEPS` of them (every second since 2020, say) is
    passed over before any is generated. All the repeating events of one file share a
    budget of :data:`~workbook.limits.MAX_FILE_OCCURRENCES`.
    """
    if budget.left <= 0:
        yield (
            f"passed over: the file's repeating events already gave "
            f"{MAX_FILE_OCCURRENCES:,} occurrences in the range"
        )
        return
    steps = _rule_steps(series, zone, since)
    if steps > MAX_RULE_STEPS:
        yield (
            f"it repeats too often to expand (about {steps:,} times between its start and "
            f"{since.isoformat()}; at most {MAX_RULE_STEPS:,})"
        )
        return
    cap = min(_MAX_OCCURRENCES, budget.left)
    try:
        found = _expand(series, zone, since, until, cap)
    except Exception as error:  # bad rules of many kinds: all mean "cannot expand"
        yield f"its repeats cannot be expanded ({_short(error)})"
        return
    budget.left -= min(len(found), cap)
    if len(found) > cap:
        found = found[:cap]
        if cap == _MAX_OCCURRENCES:
            yield f"it repeats more than {cap} times in the range: the first ones kept"
        else:
            yield (
                f"the first {cap} of its repeats kept: the file's repeating events reached "
                f"{MAX_FILE_OCCURRENCES:,} occurrences in the range"
            )
    days: set[str] = set()  # an event is a day: several occurrences on one day are one
    for occurrence in found:
        problem = _problem(occurrence)
        if problem:
            if problem != "cancelled":
                yield problem
            continue
        date = _start(occurrence, zone)
        if isinstance(date, str):
            yield date
            continue
        if not since <= date <= until:
            continue
        original = occurrence.get("RECURRENCE-ID")
        original_date = (
            local_date(original.dt, "TZID" in original.params, zone) if original else None
        )
        key = f"{str(occurrence['UID']).strip()}/{(original_date or date).isoformat()}"
        if key not in days:
            days.add(key)
            yield _record(occurrence, key, date)


# The length of one step of each frequency, in seconds (a month and a year at their
# shortest: the bound below may only overestimate).
_STEP_SECONDS = {
    "SECONDLY": 1,
    "MINUTELY": 60,
    "HOURLY": 3600,
    "DAILY": 86_400,
    "WEEKLY": 7 * 86_400,
    "MONTHLY": 28 * 86_400,
    "YEARLY": 365 * 86_400,
}
_FREQUENCIES = list(_STEP_SECONDS)
# Rule parts that add instants within one step of a coarser frequency, with the most
# they can add (BYDAY & co. at most a step's days).
_EXPANDING = (("BYSECOND", "SECONDLY"), ("BYMINUTE", "MINUTELY"), ("BYHOUR", "HOURLY"))
_DAYS_IN_STEP = {"WEEKLY": 7, "MONTHLY": 31, "YEARLY": 366}
_DAY_PARTS = ("BYDAY", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYMONTH", "BYSETPOS")


def _rule_steps(series: icalendar.Component, zone: dt.tzinfo, until: dt.date) -> int:
    """At most how many instants the repeating events in ``series`` generate from their
    start up to ``until``: worked out from the rules' text, without expanding them."""
    total = 0
    for vevent in series.walk("VEVENT"):
        start = _start(vevent, zone)
        rules = vevent.get("RRULE")
        if not isinstance(start, dt.date) or rules is None:
            continue
        for rule in rules if isinstance(rules, list) else [rules]:
            total += _one_rule_steps(rule, start, until)
    return total


def _expand(
    series: icalendar.Component, zone: dt.tzinfo, since: dt.date, until: dt.date, cap: int
) -> list[icalendar.Component]:
    """At most ``cap`` + 1 occurrences of ``series`` in the range, in order: expanded
    window by window, each window about as long as the rules need for that many
    occurrences, so a dense rule stops after one small window."""
    query = recurring_ical_events.of(series)
    starts = [d for v in series.walk("VEVENT") if isinstance(d := _start(v, zone), dt.date)]
    begin = dt.datetime.combine(max(since, min(starts, default=since)), dt.time.min)
    stop = dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min)
    # Per second, at most: one day's steps over a day (RDATEs are few: bounded by the file).
    first_day = _rule_steps(series, zone, min(starts, default=since) + dt.timedelta(days=1))
    per_second = max(first_day, 1) / 86_400
    window = dt.timedelta(seconds=max(3600.0, (cap + 1) / per_second))
    found: list[icalendar.Component] = []
    seen: set[str] = set()
    while begin < stop and len(found) <= cap:
        end = min(begin + window, stop)
        batch = query.between(begin, end)
        batch.sort(key=lambda c: _written(c, "DTSTART"))
        for occurrence in batch:
            # An occurrence that spans two windows comes back in both.
            key = _written(occurrence, "RECURRENCE-ID") or _written(occurrence, "DTSTART")
            if key not in seen:
                seen.add(key)
                found.append(occurrence)
        begin = end
    return found[: cap + 1]


def _one_rule_steps(rule: Any, start: dt.date, until: dt.date) -> int:
    try:
        freq = str(rule.get("FREQ", [""])[0]).upper()
        interval = max(int(rule.get("INTERVAL", [1])[0]), 1)
        end = rule.get("UNTIL", [None])[0]
        if isinstance(end, dt.datetime):
            end = end.date()
        last = min(until, end) if isinstance(end, dt.date) else until
    except (TypeError, ValueError, IndexError, AttributeError):
        return 0  # a broken rule: the expansion itself says why it fails
    if freq not in _STEP_SECONDS or last < start:
        return 0
    seconds = (last - start).days * 86_400
    steps = seconds // (_STEP_SECONDS[freq] * interval) + 1
    per_step = 1
    rank = _FREQUENCIES.index(freq)
    for part, unit in _EXPANDING:
        if part in rule and rank > _FREQUENCIES.index(unit):
            per_step *= max(len(rule[part]), 1)
    if freq in _DAYS_IN_STEP and any(part in rule for part in _DAY_PARTS):
        per_step *= _DAYS_IN_STEP[freq]
    return int(steps * per_step)


def guess_kind(*texts: str | None) -> str:
    """The event kind the first text with a telling word suggests (see :data:`KINDS`)."""
    for text in texts:
        if not text:
            continue
        for kind, pattern in KINDS:
            if pattern.search(text):
                return kind
    return "other"
