"""``summary.json`` (docs/metrics.md): the figures of one report, for scripts and coaches' tools."""

from __future__ import annotations

import datetime as dt
from typing import Any

from workbook.frames import Frames
from workbook.metrics import summarize, target_progress
from workbook.periods import Period


def build_summary(
    frames: Frames, workbook: str, period: Period, as_of: dt.date, window: int
) -> dict[str, Any]:
    """The summary of ``frames`` over ``period`` as of ``as_of``, as docs/metrics.md shows."""
    return {
        "workbook": workbook,
        "owner": frames.owner,
        "period": period.as_dict(),
        "as_of": as_of.isoformat(),
        "window_days": window,
        "metrics": summarize(frames, period.start, period.end, as_of, window),
        "targets": target_progress(frames, as_of, window, period.start, period.end),
    }
