"""Numbers, dates and counts as a person reads them: the one place for plurals.

Every sentence of a report or a walk that says how many of something goes through
:func:`count` (or :func:`plural`), so that none reads "1 encounters" or "0 follow-up(s)".
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING

from workbook.dates import day_label, month_label, range_label
from workbook.periods import Period, parse_period
from workbook.schema import RECORD_NAMES
from workbook.wording import DASH

if TYPE_CHECKING:  # pandas only where a value may be one of its missing markers
    import pandas as pd


def number(value: float) -> str:
    """6 → "6", 5.666 → "5.7", 2.0 → "2"."""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def plural(amount: float, one: str, many: str | None = None) -> str:
    """``one`` for exactly 1, else ``many`` (default: ``one`` + "s")."""
    return one if amount == 1 else (many if many is not None else one + "s")


def count(amount: float, one: str, many: str | None = None, zero: str | None = None) -> str:
    """ "1 person", "3 people"; with ``zero`` given, 0 reads as that ("no people")."""
    if amount == 0 and zero is not None:
        return zero
    return f"{number(amount)} {plural(amount, one, many)}"


def record_count(amount: int, collection: str) -> str:
    """ "1 event", "3 people": a number of records of a collection."""
    one, many = RECORD_NAMES.get(collection, (collection, collection))
    return count(amount, one, many)


def median_took(median: float, timed: int) -> str:
    """How long follow-ups took, from the median over ``timed`` of them: with one
    follow-up there is no "half" ("your one follow-up took 2 days")."""
    if timed == 1:
        return f"your one follow-up took {count(median, 'day')}"
    return f"half of your follow-ups took {count(median, 'day')} or less"


def pct(value: float | None) -> str:
    """0.75 → "75%"; nothing to show → "—"."""
    import pandas as pd

    if value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value):
        return DASH
    return f"{value:.0%}"


def day(value: dt.date | pd.Timestamp) -> str:
    """26 Nov 2026 (:func:`workbook.dates.day_label`)."""
    return day_label(value)


def days(value: float | None) -> str:
    """ "1 day", "2.5 days"; nothing to show → "—"."""
    import pandas as pd

    return DASH if value is None or pd.isna(value) else count(value, "day")


def span(start: dt.date | pd.Timestamp, end: dt.date | pd.Timestamp) -> str:
    """1–30 Nov 2026, 28 Sep – 4 Oct 2026 (:func:`workbook.dates.range_label`)."""
    return range_label(start, end)


def join(items: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def period_name(period: Period) -> str:
    """A period as a person says it: "October 2026", "Q3 2026", "the week of 26 Oct 2026"."""
    if "-W" in period.label:
        return f"the week of {day(period.start)}"
    if "-Q" in period.label:
        return f"Q{period.label[-1]} {period.start.year}"
    return month_label(period.start)


def period_kind(period: Period) -> str:
    """ "month", "week" or "quarter"."""
    return "week" if "-W" in period.label else "quarter" if "-Q" in period.label else "month"


def next_period(period: Period) -> Period:
    """The period of the same kind just after ``period``."""
    return parse_period(f"this-{period_kind(period)}", period.end + dt.timedelta(days=1))
