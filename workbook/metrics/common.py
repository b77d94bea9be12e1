"""What every metric shares: the names and constants of docs/metrics.md, and the small helpers
that turn date parameters into ``Timestamp``, cut frames at A and to a period, and look
values up — so that each metric module states only its own definition.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from workbook.errors import ParameterError
from workbook.frames import Frames
from workbook.periods import DEFAULT_WINDOW as DEFAULT_WINDOW
from workbook.schema import EVERYDAY as EVERYDAY
from workbook.schema import EVERYDAY_LABEL as EVERYDAY_LABEL
from workbook.schema import RATE_TARGETS as RATE_TARGETS
from workbook.schema import TARGET_METRICS

ACTIVITY_KEYS = (
    "encounters",
    "new_people",
    "everyday_encounters",
    "events_attended",
    "touches",
    "gives",
    "asks",
    "intros_made",
    "debriefs_done",
    "opportunities",
)
FOLLOW_UP_KEYS = (
    "planned",
    "followed",
    "missed",
    "pending",
    "rate",
    "median_days",
    "never_followed",
    "overdue",
)
STAGE_KEYS = ("met", "followed_up", "conversing", "relationship", "opportunity")

# Follow-up status values (docs/metrics.md); OVERDUE names the overdue flag where a list
# shows it as a status of its own (the event debrief).
FOLLOWED, MISSED, PENDING, NOT_PLANNED = "followed", "missed", "pending", "not_planned"
OVERDUE = "overdue"
GIVE_KINDS = ("give", "intro_made")
ASK_KINDS = ("ask",)
COUNT_TARGETS = tuple(m for m in TARGET_METRICS if m not in RATE_TARGETS)
RELATIONSHIP_MIN_TOUCHES = 3
RELATIONSHIP_MIN_SPAN_DAYS = 30

DateLike = dt.date | pd.Timestamp | str

STATUS_COLUMNS = [
    "id",
    "person",
    "date",
    "event",
    "place",
    "card_exchanged",
    "follow_up_planned",
    "follow_up_due",
    "first_out",
    "days",
    "status",
    "due",
    "overdue",
    "never_followed",
]


# --------------------------------------------------------------------------- helpers


def _ts(day: DateLike) -> pd.Timestamp:
    """A date parameter as a midnight ``Timestamp`` (nanosecond unit)."""
    if day is None:
        raise ParameterError("a date is required here (got None)")
    stamp = pd.Timestamp(day)
    if pd.isna(stamp):
        raise ParameterError(f"{day!r} is not a date")
    return stamp.normalize().as_unit("ns")


def _window(window: int) -> int:
    """The follow-up window W, validated: a whole number of days, 0 or more."""
    if isinstance(window, bool) or not float(window).is_integer() or window < 0:
        raise ParameterError(
            f"the follow-up window must be a whole number of days >= 0, not {window!r}"
        )
    return int(window)


def _dates(values: pd.Series) -> pd.Series:
    """A date column as ``datetime64[ns]`` whatever unit the caller built it with."""
    return pd.to_datetime(values).astype("datetime64[ns]")


def _dated(frame: pd.DataFrame, as_of: pd.Timestamp, column: str = "date") -> pd.DataFrame:
    """The rows of ``frame`` dated on or before A (NaT rows drop out), dates normalised."""
    out = frame.assign(**{column: _dates(frame[column])})
    return out[out[column] <= as_of]


def _in_period(
    dates: pd.Series, start: pd.Timestamp, end: pd.Timestamp, as_of: pd.Timestamp
) -> pd.Series:
    """In P (docs/metrics.md): start <= date <= end and date <= A."""
    return (dates >= start) & (dates <= min(end, as_of))


def _median(values: pd.Series) -> int | float | None:
    """The median as an ``int`` when whole (e.g. 3), else a float (e.g. 2.5); None if empty."""
    clean = pd.Series(values, dtype="float64").dropna()
    if clean.empty:
        return None
    median = float(np.median(clean.to_numpy()))
    return int(median) if median.is_integer() else median


def _rate(followed: int, missed: int) -> float | None:
    """followed / (followed + missed); None when that is 0."""
    closed = followed + missed
    return None if closed == 0 else followed / closed


def _months(as_of: pd.Timestamp, months: int) -> pd.PeriodIndex:
    """The last ``months`` calendar months, ending with the month of A."""
    if months < 1:
        raise ParameterError(f"months must be at least 1, not {months!r}")
    return pd.period_range(end=as_of.to_period("M"), periods=int(months), freq="M")


def _where(status: pd.DataFrame, events: pd.DataFrame) -> pd.Series:
    """Where an encounter happened: the event's name, else the place, else None."""
    names = pd.Series(events["name"].to_numpy(), index=events["id"].to_numpy(), dtype=object)
    by_event = _lookup(status["event"], names)
    return (
        by_event.where(by_event.notna(), status["place"])
        .astype(object)
        .where(lambda s: s.notna(), None)
    )


def _lookup(keys: pd.Series, table: pd.Series) -> pd.Series:
    """``keys.map(table)`` that also behaves when ``table`` is empty (unique index)."""
    values = table.reindex(pd.Index(keys.to_numpy(), dtype=object)).to_numpy()
    return pd.Series(values, index=keys.index, dtype=table.dtype)


def _names(frames: Frames) -> pd.Series:
    return pd.Series(
        frames.people["name"].to_numpy(), index=frames.people["id"].to_numpy(), dtype=object
    )
