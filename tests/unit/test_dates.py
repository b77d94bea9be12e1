"""Dates as a reader sees them, the same on every platform (no ``%-d``)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from workbook.dates import CalendarDay, day_label, day_month_label, month_label, range_label

D = dt.date


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (D(2026, 10, 3), "3 Oct 2026"),  # no leading zero
        (D(2026, 10, 31), "31 Oct 2026"),
        (pd.Timestamp("2026-01-09"), "9 Jan 2026"),
        (dt.datetime(2026, 2, 1, 15, 30), "1 Feb 2026"),
    ],
)
def test_day_label(day: CalendarDay, label: str) -> None:
    assert day_label(day) == label


def test_day_month_and_month_labels() -> None:
    assert day_month_label(D(2026, 9, 8)) == "8 Sep"
    assert month_label(D(2026, 10, 3)) == "October 2026"


@pytest.mark.parametrize(
    ("start", "end", "label"),
    [
        (D(2026, 10, 1), D(2026, 10, 31), "1–31 Oct 2026"),
        (D(2026, 9, 28), D(2026, 10, 4), "28 Sep – 4 Oct 2026"),
        (D(2025, 12, 29), D(2026, 1, 4), "29 Dec 2025 – 4 Jan 2026"),
        (D(2026, 10, 3), D(2026, 10, 3), "3 Oct 2026"),
        (pd.Timestamp("2026-11-01"), pd.Timestamp("2026-11-30"), "1–30 Nov 2026"),
    ],
)
def test_range_label(start: CalendarDay, end: CalendarDay, label: str) -> None:
    assert range_label(start, end) == label
