"""What a workbook accepts: the plausible ranges, defined once (see docs/robustness.md).

Every way in — JSON and contact imports, the forms, ``workbook log`` and the command-line
options (``--as-of``, ``--period``) — checks against these, so nothing reaches the
reports that pandas or the calendar arithmetic cannot handle. Kept free of pydantic so
that the command line and a report's kernel can import it cheaply; the models in
:mod:`workbook.models` build their validators on it.
"""

from __future__ import annotations

import datetime as dt
import math
import re

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

# The demo's size unless told otherwise (``workbook demo``), and the largest demo: built
# in memory, about 12 KB and half a millisecond per person.
DEMO_SEED = 7
DEMO_PEOPLE = 60
DEMO_MONTHS = 12
MAX_DEMO_PEOPLE = 20_000
MAX_DEMO_MONTHS = 120

# The most demo clients ``workbook hub try`` makes (each a system user with a name of
# workbook.hub.trial.CLIENT_NAMES).
MAX_TRIAL_CLIENTS = 8

# The largest file an import reads (a LinkedIn export of 30,000 connections is ~3 MB).
MAX_IMPORT_BYTES = 256 * 1024 * 1024
# The largest vCard file. Read card by card, 10 MB of the smallest cards (135,000) import
# in about 10 s and 310 MB, most of it the checks of that many records; 5,000 phone
# contacts with photos (8 MB) in 2 s and 75 MB. 10,000 contacts without photos are ~3 MB
# (docs/robustness.md, vCard files, card by card).
MAX_VCARD_BYTES = 10 * 1024 * 1024
# How many occurrences all the repeating events of one calendar file may be expanded to
# in the range (five daily and fifty weekly meetings over a year are ~4,400).
MAX_FILE_OCCURRENCES = 50_000
# The largest calendar file: parsing holds some 35 times the file in memory (20 MB of
# 228,000 one-line events: 740 MB and minutes); years of a busy calendar are a few MB.
MAX_CALENDAR_BYTES = 20 * 1024 * 1024
# The largest contacts CSV (LinkedIn, Google, Outlook): each row becomes a checked
# person, some 50 times the file in memory (20 MB of 203,000 connections: 1 GB and
# minutes). 30,000 LinkedIn connections are ~3 MB.
MAX_CSV_BYTES = 20 * 1024 * 1024
# A coach's note is Markdown a person writes: 64 KB is about 30 pages of text.
MAX_NOTE_BYTES = 64 * 1024
# How many instants a repeating calendar event may generate from its first one up to the
# end of the imported range (every day since 1900 is ~46,000; every minute for two years
# is ~1,000,000): expanding walks every one of them, even those before the range.
MAX_RULE_STEPS = 1_000_000


def date_problem(day: dt.date) -> str | None:
    """Why ``day`` is refused, or None when it is within the accepted dates."""
    if EARLIEST_DATE <= day <= LATEST_DATE:
        return None
    return (
        f"{day.isoformat()} is outside the dates a workbook accepts "
        f"({EARLIEST_DATE.isoformat()} to {LATEST_DATE.isoformat()})"
    )


# More digits than any count a workbook holds: int() of a long text is slow (quadratic).
_MAX_DIGITS = 18
_DECIMAL = re.compile(r"-?([0-9]{1,18}(\.[0-9]{1,18})?|\.[0-9]{1,18})")


def whole_number(text: object) -> int | None:
    """``text`` as a whole number 0 or more written in ASCII digits (``"42"``, spaces around
    allowed; an ``int`` as it is), else None: the one reader of a typed count, an option's
    or a form's. ``int()`` alone also reads other scripts' digits (``"٤٢"``), signs and
    underscores; ``str.isdigit`` lets superscripts (``"²"``) through, which ``int()`` then
    refuses with an error nobody catches."""
    if isinstance(text, int) and not isinstance(text, bool):
        return text if text >= 0 else None
    typed = str(text).strip()
    if not typed or len(typed) > _MAX_DIGITS or not (typed.isascii() and typed.isdigit()):
        return None
    return int(typed)


def decimal_number(text: object) -> float | None:
    """``text`` as a number written in ASCII digits with an optional minus and decimal
    point (``"0.8"``, ``"12"``, ``".5"``, ``"-1"``: the caller says why a negative one is
    refused), else None: the one reader of a typed target. ``float()`` alone also reads
    other scripts' digits, ``nan``, ``inf``, ``1e400`` and underscores."""
    if isinstance(text, int | float) and not isinstance(text, bool):
        return float(text) if math.isfinite(text) else None
    typed = str(text).strip()
    return float(typed) if _DECIMAL.fullmatch(typed) else None
