"""What a workbook accepts: the plausible ranges, defined once (see docs/robustness.md).

Every way in — JSON and contact imports, the forms, ``workbook log`` and the command-line
options (``--as-of``, ``--period``) — checks against these, so nothing reaches the
reports that pandas or the calendar arithmetic cannot handle. Kept free of pydantic so
that the command line and a report's kernel can import it cheaply; the models in
:mod:`workbook.models` build their validators on it.
"""

from __future__ import annotations

import datetime as dt

# Dates: well inside what pandas can hold (1677–2262), with room for a report's history.
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2200, 12, 31)

# A keep-in-touch cadence of at most ten years.
MAX_CADENCE_DAYS = 3650
# How far ahead ``workbook agenda --days`` looks.
MAX_AGENDA_DAYS = 3650
# A date typed more than this many days after today is a typing slip (a year ahead at
# most): a form, a page and ``workbook log`` refuse it (docs/capture.md).
MAX_DAYS_AHEAD = 366
# "Meet N people" at one event.
MAX_TARGET_PEOPLE = 100_000
# Any count target of a purpose (the rate's target is a fraction, at most 1).
MAX_TARGET = 1_000_000

# The largest demo: built in memory, about 12 KB and half a millisecond per person.
MAX_DEMO_PEOPLE = 20_000
MAX_DEMO_MONTHS = 120

# The largest file an import reads (a LinkedIn export of 30,000 connections is ~3 MB).
MAX_IMPORT_BYTES = 256 * 1024 * 1024


def date_problem(day: dt.date) -> str | None:
    """Why ``day`` is refused, or None when it is within the accepted dates."""
    if EARLIEST_DATE <= day <= LATEST_DATE:
        return None
    return (
        f"{day.isoformat()} is outside the dates a workbook accepts "
        f"({EARLIEST_DATE.isoformat()} to {LATEST_DATE.isoformat()})"
    )
