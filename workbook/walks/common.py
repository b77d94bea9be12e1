"""What the walks share: numbers, days and periods as a person says them, and findings.

Pure helpers of :mod:`workbook.walks`: a number or a date in, a phrase or a finding out.
The words themselves (plurals, dates, percentages) live in :mod:`workbook.words`.
"""

from __future__ import annotations

import dataclasses

from IPython.display import HTML

from workbook import display as show
from workbook.context import Context
from workbook.periods import Period
from workbook.words import period_name

__all__ = ["finding", "period_context", "period_name"]


def _months_name(first: Period, last: Period) -> str:
    """ "October 2026", "August to October 2026", "November 2025 to January 2026"."""
    if first == last:
        return period_name(first)
    if first.start.year == last.start.year:
        return f"{first.start:%B} to {period_name(last)}"
    return f"{period_name(first)} to {period_name(last)}"


def finding(sentence: str) -> HTML:
    """A sentence that tells the reader what a chart or list means for them."""
    return show.note(sentence)


def _with_table(sentence: str, table: HTML | None) -> HTML:
    return HTML(finding(sentence).data + (table.data if table is not None else ""))


def period_context(ctx: Context, period: Period) -> Context:
    """The same workbook, as-of date and window over another period (fresh caches)."""
    return dataclasses.replace(ctx, period=period)
