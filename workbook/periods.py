"""Reporting periods: the ``--period`` values of docs/cli.md and their labels.

A period is an inclusive range of dates with a label: ``2026-10`` (a month), ``2026-W44``
(an ISO week) or ``2026-Q3`` (a quarter). Relative names (``last-month`` …) are resolved
against an as-of date, never against "today" implicitly.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass

from workbook.errors import OptionError, PeriodError
from workbook.limits import date_problem

#: The environment variable that, when set to YYYY-MM-DD, is the as-of date used when none
#: is given (instead of today): reproducible notebook runs (the tests' demo uses it).
AS_OF_ENV = "WORKBOOK_AS_OF"
RELATIVE = ("last-week", "last-month", "last-quarter", "this-week", "this-month", "this-quarter")
DEFAULT_PERIOD = "last-month"
#: How many days ahead the agenda (``workbook agenda``, the app's calendar feed) looks.
DEFAULT_AGENDA_DAYS = 14
#: The follow-up window W in days (docs/metrics.md), and the largest one accepted.
DEFAULT_WINDOW = 7
MAX_WINDOW = 365

# ASCII digits only, as ``--as-of`` takes them: ``\d`` alone would let in any script's
# digits (Arabic-Indic ٢٠٢٦), which int() reads but nothing else in a workbook does.
_MONTH = re.compile(r"^(\d{4})-(\d{2})$", re.ASCII)
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$", re.ASCII)
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$", re.ASCII)
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


@dataclass(frozen=True)
class Period:
    """An inclusive date range with its label (docs/cli.md, Periods)."""

    label: str
    start: dt.date
    end: dt.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def previous(self) -> Period:
        """The period of the same kind just before this one."""
        return parse_period(self.label, as_of=self.start, relative="last")

    def as_dict(self) -> dict[str, str]:
        return {"label": self.label, "start": self.start.isoformat(), "end": self.end.isoformat()}


def month(year: int, number: int) -> Period:
    start = dt.date(year, number, 1)
    following = dt.date(year + (number == 12), number % 12 + 1, 1)
    return Period(f"{year:04d}-{number:02d}", start, following - dt.timedelta(days=1))


def iso_week(year: int, number: int) -> Period:
    start = dt.date.fromisocalendar(year, number, 1)
    return Period(f"{year:04d}-W{number:02d}", start, start + dt.timedelta(days=6))


def quarter(year: int, number: int) -> Period:
    first = month(year, 3 * number - 2)
    last = month(year, 3 * number)
    return Period(f"{year:04d}-Q{number}", first.start, last.end)


def _containing(kind: str, day: dt.date) -> Period:
    if kind == "week":
        iso = day.isocalendar()
        return iso_week(iso.year, iso.week)
    if kind == "month":
        return month(day.year, day.month)
    return quarter(day.year, (day.month - 1) // 3 + 1)


def parse_period(spec: str, as_of: dt.date, relative: str | None = None) -> Period:
    """Resolve a ``--period`` value against ``as_of``.

    ``relative="last"`` is used internally by :meth:`Period.previous`: it returns the
    period of the same kind as ``spec`` that ends just before ``as_of``.
    """
    text = str(spec).strip()
    if relative == "last":
        kind = "week" if _WEEK.match(text) else "quarter" if _QUARTER.match(text) else "month"
        return _containing(kind, as_of - dt.timedelta(days=1))
    if text in RELATIVE:
        which, kind = text.split("-")
        current = _containing(kind, as_of)
        if which == "this":
            return current
        return _containing(kind, current.start - dt.timedelta(days=1))
    return _named(text, "--period")


def check_period(spec: object, what: str = "--period") -> str:
    """A ``--period`` value checked before any as-of date is known: a relative name as it
    is, or a named month, week or quarter within the dates a workbook accepts. Resolved
    later by :func:`parse_period`."""
    text = str(spec).strip()
    if text in RELATIVE:
        return text
    return _named(text, what).label


def _named(text: str, what: str) -> Period:
    """A named period (``2026-10``, ``2026-W44``, ``2026-Q3``), or a :class:`PeriodError`."""
    try:
        if m := _MONTH.match(text):
            return _within_bounds(text, month(int(m[1]), int(m[2])), what)
        if m := _WEEK.match(text):
            return _within_bounds(text, iso_week(int(m[1]), int(m[2])), what)
        if m := _QUARTER.match(text):
            return _within_bounds(text, quarter(int(m[1]), int(m[2])), what)
    except (ValueError, OverflowError):
        pass
    raise PeriodError(
        f"{what} {text!r} is not a period: use one of {', '.join(RELATIVE)}, "
        "or a month (2026-10), an ISO week (2026-W44) or a quarter (2026-Q3)"
    )


def _within_bounds(text: str, period: Period, what: str) -> Period:
    """A period within the dates a workbook accepts (see workbook.limits)."""
    problem = date_problem(period.start) or date_problem(period.end)
    if problem:
        raise PeriodError(f"{what} {text!r}: {problem}")
    return period


def iso_date(text: str) -> dt.date | None:
    """``text`` as a date written ``YYYY-MM-DD`` in ASCII digits, else None: the one reader
    of a typed date (an option, a parameter, a form). ``date.fromisoformat`` alone also
    reads ``20261031`` and the ISO week date ``2026-W44-1``."""
    if not _DAY.fullmatch(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def parse_date(text: str | dt.date, what: str = "--as-of") -> dt.date:
    """An ISO date given on the command line or as a notebook parameter, within the dates
    a workbook accepts (see workbook.limits)."""
    if isinstance(text, dt.date):
        day = text.date() if isinstance(text, dt.datetime) else text
    else:
        found = iso_date(str(text))
        if found is None:
            raise OptionError(f"{what} {text!r} is not a date: write it YYYY-MM-DD")
        day = found
    problem = date_problem(day)
    if problem:
        raise OptionError(f"{what} {problem}")
    return day


def now(tz: dt.tzinfo | None = None) -> dt.datetime:
    """The clock's time (local, or in ``tz``): a timestamp on what is written (a report's
    "generated at", a calendar's DTSTAMP) — never a date a figure is computed for."""
    return dt.datetime.now(tz)


def today() -> dt.date:
    """Today as the workbook sees it: ``$WORKBOOK_AS_OF`` when set, else the clock's date
    (what a form, a page and ``workbook log`` take as "today")."""
    return resolve_as_of(None)


def resolve_as_of(as_of: str | dt.date | None, what: str = "--as-of") -> dt.date:
    """The as-of date given; when none is, ``$WORKBOOK_AS_OF`` if set, else today.

    The one place "today" is read.
    """
    if as_of is None or as_of == "":
        fixed = os.environ.get(AS_OF_ENV, "").strip()
        if fixed:
            return parse_date(fixed, AS_OF_ENV)
        return dt.date.today()
    return parse_date(as_of, what)
