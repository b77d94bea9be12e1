"""Why a client needs the coach's attention, in words (docs/hub.md, the coach's page).

The batch overview (:mod:`workbook.overview`) says *who*; this says *why*: which targets
are behind and by how much, how many follow-ups are overdue and since when, and since
when nothing was logged. Computed from one client's workbook, as of one day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from workbook import words
from workbook.frames import Frames
from workbook.metrics.follow_up import overdue_list
from workbook.overview import last_logged, stopped_logging
from workbook.periods import DEFAULT_WINDOW, Period
from workbook.schema import METRIC_LABELS


def target_reason(target: dict[str, Any]) -> str:
    """One target behind, as the coach reads it (a target from ``target_progress``)."""
    label = METRIC_LABELS.get(target["metric"], target["metric"])
    actual, goal = target["actual"], target["target"]
    if target["metric"] == "follow_up_rate":
        gap = round((goal - actual) * 100)
        return (
            f"{label} {words.pct(actual)} against a target of {words.pct(goal)} "
            f"({gap} points behind)"
        )
    if target["metric"] == "median_follow_up_days":
        return (
            f"{label} {words.number(actual)} against a target of at most {words.number(goal)} "
            f"({words.count(actual - goal, 'day')} slower)"
        )
    return (
        f"{label} {words.number(actual)} of a target of {words.number(goal)} "
        f"({words.pct(target['pct'])})"
    )


@dataclass(frozen=True)
class Attention:
    """A client's figures that matter to the coach, and the reasons in words."""

    reasons: list[str] = field(default_factory=list)
    targets_behind: int = 0
    overdue: int = 0
    oldest_due: str | None = None  # ISO date
    last_logged: str | None = None  # ISO date

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def attention(
    frames: Frames,
    summary: dict[str, Any],
    period: Period,
    as_of: dt.date,
    window: int = DEFAULT_WINDOW,
) -> Attention:
    """The reasons, most urgent first: no logging, targets behind, overdue follow-ups."""
    reasons: list[str] = []
    logged = last_logged(frames, as_of)
    if logged is None:
        reasons.append("nothing logged yet")
    elif stopped_logging(logged, period):
        reasons.append(f"no logging since {words.day(logged)}")
    behind = [
        t for t in summary.get("targets", []) if t["actual"] is not None and not t["on_track"]
    ]
    reasons.extend(f"behind: {target_reason(t)}" for t in behind)
    overdue = overdue_list(frames, period.start, period.end, as_of, window)
    oldest = None
    if len(overdue):
        oldest = overdue["due"].min().date()
        reasons.append(
            f"{words.count(len(overdue), 'follow-up')} overdue, "
            f"the oldest since {words.day(oldest)}"
        )
    return Attention(
        reasons=reasons,
        targets_behind=len(behind),
        overdue=len(overdue),
        oldest_due=oldest.isoformat() if oldest else None,
        last_logged=logged.isoformat() if logged else None,
    )
