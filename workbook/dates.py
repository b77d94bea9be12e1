"""Dates as a reader sees them: "3 Oct 2026", "1–31 Oct 2026", "October 2026".

The one place dates are formatted for people. Portable: no ``%-d`` (a glibc extension
that fails on Windows) — the day of the month is written with ``str(day.day)``.
Accepts :class:`datetime.date`, :class:`datetime.datetime` and :class:`pandas.Timestamp`
(anything with ``day``, ``month``, ``year`` and ``strftime``).
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol


class CalendarDay(Protocol):
    """What a date to format needs: a date, a datetime or a pandas Timestamp."""

    @property
    def year(self) -> int: ...
    @property
    def month(self) -> int: ...
    @property
    def day(self) -> int: ...
    def strftime(self, fmt: str, /) -> str: ...


def day_label(day: CalendarDay) -> str:
    """``3 Oct 2026``."""
    return f"{day.day} {day.strftime('%b')} {day.year}"


def day_month_label(day: CalendarDay) -> str:
    """``3 Oct`` (the year said elsewhere)."""
    return f"{day.day} {day.strftime('%b')}"


def month_label(day: CalendarDay) -> str:
    """``October 2026``: the month a day falls in."""
    return day.strftime("%B %Y")


def range_label(start: CalendarDay, end: CalendarDay) -> str:
    """A range of days, said once: ``1–31 Oct 2026``, ``28 Sep – 4 Oct 2026``,
    ``29 Dec 2025 – 4 Jan 2026``; a single day is just that day."""
    if (start.year, start.month, start.day) == (end.year, end.month, end.day):
        return day_label(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{day_label(end)}"
    if start.year == end.year:
        return f"{day_month_label(start)} – {day_label(end)}"
    return f"{day_label(start)} – {day_label(end)}"


def iso(day: dt.date) -> str:
    """``2026-10-03``: how dates are written in files and on the command line."""
    return day.isoformat()
