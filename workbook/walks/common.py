"""What the walks share: numbers, days and periods as a person says them, and findings.

Pure helpers of :mod:`workbook.walks`: a number or a date in, a phrase or escaped HTML out.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from html import escape

import pandas as pd
from IPython.display import HTML

from workbook import display as show
from workbook.dates import day_label, range_label
from workbook.periods import Period
from workbook.sections import Context


def _pct(value: float | None) -> str:
    return "—" if value is None or pd.isna(value) else f"{value:.0%}"


def _number(value: float) -> str:
    """6 → "6", 5.666 → "5.7"."""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _plural(count: float, one: str, many: str) -> str:
    return one if count == 1 else many


def _count(count: float, one: str, many: str) -> str:
    return f"{_number(count)} {_plural(count, one, many)}"


def _day(value: dt.date | pd.Timestamp) -> str:
    return day_label(value)


def _span(start: dt.date | pd.Timestamp, end: dt.date | pd.Timestamp) -> str:
    """1–30 Nov 2026, 28 Sep – 4 Oct 2026, 29 Dec 2025 – 4 Jan 2026."""
    return range_label(start, end)


def period_name(period: Period) -> str:
    """A period as a person says it: "October 2026", "Q3 2026", "the week of 26 Oct 2026"."""
    if "-W" in period.label:
        return f"the week of {_day(period.start)}"
    if "-Q" in period.label:
        return f"Q{period.label[-1]} {period.start.year}"
    return f"{period.start:%B %Y}"


def _months_name(first: Period, last: Period) -> str:
    """ "October 2026", "August to October 2026", "November 2025 to January 2026"."""
    if first == last:
        return period_name(first)
    if first.start.year == last.start.year:
        return f"{first.start:%B} to {period_name(last)}"
    return f"{period_name(first)} to {period_name(last)}"


def _text_html(text: object) -> str:
    """User text as escaped HTML, line breaks kept."""
    return "<br>".join(escape(line) for line in str(text).strip().splitlines())


def finding(sentence: str) -> HTML:
    """A sentence that tells the reader what a chart or list means for them."""
    return show.note(sentence)


def _with_table(sentence: str, table: HTML | None) -> HTML:
    return HTML(finding(sentence).data + (table.data if table is not None else ""))


def period_context(ctx: Context, period: Period) -> Context:
    """The same workbook, as-of date and window over another period (fresh caches)."""
    return dataclasses.replace(ctx, period=period)
