"""The figures that combine the others: progress on a purpose's targets (docs/metrics.md) and
the ``metrics`` object of ``summary.json`` (docs/metrics.md, summary.json)."""

from __future__ import annotations

from typing import Any

from workbook.errors import RecordError
from workbook.frames import Frames
from workbook.metrics.common import DEFAULT_WINDOW, DateLike, _dates, _ts, _window
from workbook.metrics.counts import activity
from workbook.metrics.follow_up import follow_up_summary
from workbook.metrics.relationships import going_cold, stages
from workbook.schema import TARGET_METRICS


def _target_value(value: Any) -> int | float:
    number = float(value)
    return int(number) if number.is_integer() else number


def target_progress(
    frames: Frames, as_of: DateLike, window: int, period_start: DateLike, period_end: DateLike
) -> list[dict[str, Any]]:
    """Progress on the targets of every purpose overlapping [period_start, period_end].

    See docs/metrics.md. Purposes are taken in order of start, then id; each purpose's targets in
    the order they were set. For each target: ``{"purpose", "metric", "target",
    "actual", "pct", "on_track"}`` where

    * ``actual`` is the metric computed over the purpose's own period [start, end], cut at
      A (``follow_up_rate`` is the follow-up ``rate``, ``median_follow_up_days`` the
      ``median_days``; both are None with no data);
    * ``pct`` = actual / target; for ``median_follow_up_days`` (lower is better)
      target / actual. None when undefined (target 0 for the counts and the rate, actual
      None, or a median of 0 days). Not rounded — display rounds;
    * ``on_track``: for the counts actual >= target × elapsed, where
      elapsed = (min(A, end) − start + 1) / (end − start + 1) days, clipped to [0, 1]
      (a purpose that starts after A has elapsed 0); for ``follow_up_rate`` actual >=
      target; for ``median_follow_up_days`` actual <= target; False when actual is None.
    """
    a = _ts(as_of)
    w = _window(window)
    lo, hi = _ts(period_start), _ts(period_end)
    purposes = frames.purposes.assign(
        start=_dates(frames.purposes["start"]), end=_dates(frames.purposes["end"])
    )
    purposes = purposes[(purposes["start"] <= hi) & (purposes["end"] >= lo)]
    purposes = purposes.sort_values(["start", "id"], kind="stable")

    results: list[dict[str, Any]] = []
    for row in purposes.to_dict("records"):
        targets = row["targets"] if isinstance(row["targets"], dict) else {}
        if not targets:
            continue
        unknown = [name for name in targets if name not in TARGET_METRICS]
        if unknown:
            raise RecordError(
                "purpose", row["id"], "targets", f"unknown target metric {unknown[0]!r}"
            )
        start, end = row["start"], row["end"]
        counts = activity(frames, start, end, a)
        follow = follow_up_summary(frames, start, end, a, w)
        total_days = (end - start).days + 1
        elapsed_days = min(max((min(a, end) - start).days + 1, 0), total_days)
        for metric, raw in targets.items():
            target = _target_value(raw)
            actual: int | float | None
            if metric == "follow_up_rate":
                actual = follow["rate"]
                pct = None if actual is None or target == 0 else actual / target
                on_track = actual is not None and actual >= target
            elif metric == "median_follow_up_days":
                actual = follow["median_days"]
                pct = None if actual is None or actual == 0 else target / actual
                on_track = actual is not None and actual <= target
            else:
                actual = counts[metric]
                pct = None if target == 0 else actual / target
                # actual >= target × elapsed, in whole days to avoid float noise.
                on_track = actual * total_days >= target * elapsed_days
            results.append(
                {
                    "purpose": row["id"],
                    "metric": metric,
                    "target": target,
                    "actual": actual,
                    "pct": None if pct is None else float(pct),
                    "on_track": bool(on_track),
                }
            )
    return results


def summarize(
    frames: Frames, start: DateLike, end: DateLike, as_of: DateLike, window: int = DEFAULT_WINDOW
) -> dict[str, Any]:
    """The ``metrics`` object of ``summary.json`` (docs/metrics.md), keys in that order.

    The activity counts over P, ``follow_up`` (see
    :func:`follow_up_summary`), ``going_cold`` (the number of people going cold as of A)
    and ``stages``. Counts are Python ints, ``rate`` a float or None.
    """
    metrics: dict[str, Any] = dict(activity(frames, start, end, as_of))
    metrics["follow_up"] = follow_up_summary(frames, start, end, as_of, window)
    metrics["going_cold"] = len(going_cold(frames, as_of))
    metrics["stages"] = stages(frames, as_of)
    return metrics
