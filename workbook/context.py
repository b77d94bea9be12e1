"""The report context: one workbook read once, a period, an as-of date and a window.

A notebook opens it with :func:`open_context` (the parameters cell's values, validated);
every section (:mod:`workbook.sections`) and walk (:mod:`workbook.walks`) takes it and
reads the tables it computes, each computed once and shared.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from workbook import metrics
from workbook.frames import Frames
from workbook.locations import reading_workbook
from workbook.periods import DEFAULT_PERIOD, DEFAULT_WINDOW, Period, parse_period, resolve_as_of
from workbook.redact import redact_frames
from workbook.store import Workbook
from workbook.summary import HISTORY_PERIODS, period_history


@dataclass
class Context:
    """What every section needs: the workbook's frames, the period, as-of and window."""

    workbook: Path
    frames: Frames
    period: Period
    as_of: dt.date
    window: int
    redact: bool = False

    @property
    def owner(self) -> str:
        return self.frames.owner or self.workbook.stem

    @cached_property
    def follow_up(self) -> dict[str, Any]:
        return metrics.follow_up_summary(
            self.frames, self.period.start, self.period.end, self.as_of, self.window
        )

    @cached_property
    def activity(self) -> dict[str, int]:
        return metrics.activity(self.frames, self.period.start, self.period.end, self.as_of)

    @cached_property
    def targets(self) -> list[dict[str, Any]]:
        return metrics.target_progress(
            self.frames, self.as_of, self.window, self.period.start, self.period.end
        )

    @cached_property
    def stages(self) -> dict[str, int]:
        return metrics.stages(self.frames, self.as_of)

    @cached_property
    def history(self) -> list[dict[str, Any]]:
        """The periods of the same kind before this one, oldest first (``summary.json``)."""
        return period_history(self.frames, self.period, self.as_of, self.window, HISTORY_PERIODS)

    @cached_property
    def coach_notes(self) -> pd.DataFrame:
        """The coach's notes for this period (by label), oldest first."""
        notes = self.frames.coach_notes
        return notes[notes["period"] == self.period.label].sort_values("id", kind="stable")

    # The tables behind both a chart or list and the sentence about it: computed once.
    @cached_property
    def settings(self) -> pd.DataFrame:
        return metrics.rates_by_setting(
            self.frames, self.period.start, self.period.end, self.as_of, self.window
        )

    @cached_property
    def days_curve(self) -> pd.DataFrame:
        return metrics.days_to_follow_up_curve(
            self.frames,
            self.period.start,
            self.period.end,
            self.as_of,
            self.window,
            max_days=max(30, self.window),
        )

    @cached_property
    def overdue(self) -> pd.DataFrame:
        return metrics.overdue_list(
            self.frames, self.period.start, self.period.end, self.as_of, self.window
        )

    @cached_property
    def never_followed(self) -> pd.DataFrame:
        return metrics.never_followed_list(
            self.frames, self.period.start, self.period.end, self.as_of, self.window
        )

    @cached_property
    def going_cold(self) -> pd.DataFrame:
        return metrics.going_cold(self.frames, self.as_of)


def open_context(
    workbook: str | Path | None = None,
    as_of: str | dt.date | None = None,
    period: str = DEFAULT_PERIOD,
    window: int = DEFAULT_WINDOW,
    redact: bool = False,
) -> Context:
    """Read the workbook once and resolve the parameters (an empty ``as_of`` is today).

    Which workbook: :func:`workbook.locations.reading_workbook` (the one the forms write
    to, or the demo only when there is none)."""
    workbook = reading_workbook(workbook or None)
    day = resolve_as_of(as_of, "as_of")
    with Workbook.open(workbook) as opened:
        frames = opened.frames()
    if redact:
        frames = redact_frames(frames)
    return Context(
        Path(workbook), frames, parse_period(period, day), day, int(window), bool(redact)
    )
