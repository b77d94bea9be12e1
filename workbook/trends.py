"""How each key figure moved: against the period before and the average of the last three.

Pure functions of the frames and dates (nothing is drawn here): :func:`figure_history`
computes the key figures of the reported period and the ones before it, each exactly as
that period's own report would; :func:`trend` turns one figure's series into a short
phrase with an arrow ("↑ 3 on the month before (5); 3-month average 4.3"). A period that
ends before anything was logged is not compared with: a new workbook reads "nothing
earlier to compare with", never "↑ 5".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from workbook import words
from workbook.frames import Frames
from workbook.periods import Period
from workbook.summary import period_figures, periods_before

AVERAGE_OF = 3


def first_logged(frames: Frames, as_of: dt.date) -> dt.date | None:
    """The date of the first thing logged (an encounter, touchpoint or event) up to A."""
    a = pd.Timestamp(as_of)
    dates = [
        frame["date"][frame["date"] <= a].min()
        for frame in (frames.encounters, frames.touchpoints, frames.events)
    ]
    dates = [d for d in dates if not pd.isna(d)]
    return min(dates).date() if dates else None


@dataclass(frozen=True)
class FigureHistory:
    """The figures of the reported period and of the periods before it that had data."""

    period: Period
    current: dict[str, float | None]
    before: list[dict[str, float | None]]  # newest first; only periods after the first log

    @property
    def kind(self) -> str:
        return words.period_kind(self.period)


def figure_history(
    frames: Frames, period: Period, as_of: dt.date, window: int, count: int = AVERAGE_OF
) -> FigureHistory:
    """The key figures of ``period`` and of the ``count`` periods before it (newest first),
    leaving out the periods that ended before anything was logged."""
    first = first_logged(frames, as_of)
    before = [
        period_figures(frames, p, as_of, window)
        for p in reversed(periods_before(period, count))
        if first is not None and p.end >= first
    ]
    return FigureHistory(period, period_figures(frames, period, as_of, window), before)


def trend(
    history: FigureHistory,
    name: str,
    show: Callable[[float], str] = words.number,
    unit: tuple[str, str] | None = None,
) -> dict[str, str]:
    """One figure's change against the period before and the average of the last ones.

    ``show`` formats a value ("5", "60%"); ``unit`` names what a difference counts
    (("day", "days"); a rate moves in percentage points). Returns ``{"direction", "text"}``
    with direction ``up``, ``down``, ``same`` or ``none``.
    """
    one = history.kind
    if not history.before:
        return {"direction": "none", "text": "nothing earlier to compare with"}
    now, previous = history.current[name], history.before[0][name]
    rate = name == "follow_up_rate"
    direction = "none"
    if previous is None:
        compared = f"nothing to compare with the {one} before"
    elif now is None:
        compared = f"the {one} before: {show(previous)}"
    else:
        diff = round(float(now) - float(previous), 9)
        if rate:  # a rate moves in percentage points
            step = words.count(round(abs(diff) * 100), "point")
        elif unit is not None:
            step = words.count(abs(diff), *unit)
        else:
            step = words.number(abs(diff))
        direction = "up" if diff > 0 else "down" if diff < 0 else "same"
        arrow = {"up": "↑", "down": "↓"}.get(direction)
        compared = (
            f"{arrow} {step} on the {one} before ({show(previous)})"
            if arrow
            else f"the same as the {one} before"
        )
    parts = [compared]
    recent = history.before[:AVERAGE_OF]
    if len(recent) > 1:
        if rate:  # pooled over the periods: followed of all closed windows
            closed = sum(int(f["closed"] or 0) for f in recent)
            average = sum(int(f["followed"] or 0) for f in recent) / closed if closed else None
        else:
            values = [float(v) for f in recent if (v := f[name]) is not None]
            average = sum(values) / len(values) if values else None
        if average is not None:
            parts.append(f"{len(recent)}-{one} average {show(average)}")
    return {"direction": direction, "text": "; ".join(parts)}
