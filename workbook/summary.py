"""``summary.json``: the figures of one report, for scripts and a coach's overview.

The shape is documented in ``docs/json-format.md`` (the report's summary); ``history``
holds the periods of the same kind before the reported one, oldest first, each with the
figures a report of that period (same as-of date and window) puts in its ``metrics``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from workbook.frames import Frames
from workbook.metrics import activity, follow_up_summary, summarize, target_progress
from workbook.periods import Period

HISTORY_PERIODS = 6


def periods_before(period: Period, count: int = HISTORY_PERIODS) -> list[Period]:
    """The ``count`` periods of the same kind just before ``period``, oldest first."""
    before: list[Period] = []
    current = period
    for _ in range(count):
        current = current.previous()
        before.append(current)
    return before[::-1]


def period_figures(
    frames: Frames, period: Period, as_of: dt.date, window: int
) -> dict[str, float | None]:
    """A period's figures as its own report computes them (docs/metrics.md): the one
    definition behind the report's key-figure cards and their trends
    (:mod:`workbook.trends`) and ``summary.json``'s ``history``."""
    a = activity(frames, period.start, period.end, as_of)
    f = follow_up_summary(frames, period.start, period.end, as_of, window)
    return {
        "follow_up_rate": f["rate"],
        "followed": f["followed"],
        "planned": f["planned"],
        "closed": f["followed"] + f["missed"],
        "median_days": f["median_days"],
        "new_people": a["new_people"],
        "encounters": a["encounters"],
        "events_attended": a["events_attended"],
        "never_followed": f["never_followed"],
        "gives": a["gives"],
    }


#: The figures a ``history`` entry of ``summary.json`` carries (docs/json-format.md).
HISTORY_FIGURES = ("encounters", "new_people", "follow_up_rate", "followed", "planned")


def history_entry(frames: Frames, period: Period, as_of: dt.date, window: int) -> dict[str, Any]:
    """One ``history`` entry: the figures of ``period`` as its own report computes them."""
    figures = period_figures(frames, period, as_of, window)
    return {
        "period": period.label,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        **{name: figures[name] for name in HISTORY_FIGURES},
    }


def period_history(
    frames: Frames, period: Period, as_of: dt.date, window: int, count: int = HISTORY_PERIODS
) -> list[dict[str, Any]]:
    """``history``: one :func:`history_entry` per period before ``period``, oldest first."""
    return [history_entry(frames, p, as_of, window) for p in periods_before(period, count)]


def build_summary(
    frames: Frames, workbook: str, period: Period, as_of: dt.date, window: int
) -> dict[str, Any]:
    """The summary of ``frames`` over ``period`` as of ``as_of`` (``docs/json-format.md``)."""
    return {
        "workbook": workbook,
        "owner": frames.owner,
        "period": period.as_dict(),
        "as_of": as_of.isoformat(),
        "window_days": window,
        "metrics": summarize(frames, period.start, period.end, as_of, window),
        "targets": target_progress(frames, as_of, window, period.start, period.end),
        "history": period_history(frames, period, as_of, window),
    }
