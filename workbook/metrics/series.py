"""The tables behind the charts: follow-up month by month, the days-to-follow-up curve,
follow-up by setting, and the give/ask balance — each over months or a period up to A."""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbook.frames import Frames
from workbook.metrics.common import (
    ASK_KINDS,
    DEFAULT_WINDOW,
    EVERYDAY,
    EVERYDAY_LABEL,
    FOLLOWED,
    GIVE_KINDS,
    MISSED,
    PENDING,
    DateLike,
    _dated,
    _in_period,
    _lookup,
    _months,
    _ts,
    _window,
)
from workbook.metrics.follow_up import _frames_status
from workbook.schema import EVENT_KINDS


def monthly_follow_up(
    frames: Frames, as_of: DateLike, window: int = DEFAULT_WINDOW, months: int = 12
) -> pd.DataFrame:
    """Follow-up outcome per calendar month of the encounter date, for the last N months.

    The months end with the month of A (so the last one is partial). Over the planned
    encounters dated that month (<= A): ``planned``, ``followed``, ``missed``, ``pending``
    and ``rate`` = followed / (followed + missed), NaN when that is 0. Columns: ``month``
    (label ``YYYY-MM``), ``start`` (first day, Timestamp), then the counts and the rate.
    Every month is present, with zeros when nothing happened.
    """
    a = _ts(as_of)
    periods = _months(a, months)
    status = _frames_status(frames, a, window)
    planned = status[status["follow_up_planned"].astype(bool)]
    month = planned["date"].dt.to_period("M")
    counts = pd.crosstab(month, planned["status"]) if len(planned) else pd.DataFrame()
    counts = counts.reindex(index=periods, columns=[FOLLOWED, MISSED, PENDING], fill_value=0)
    out = pd.DataFrame(
        {
            "month": [p.strftime("%Y-%m") for p in periods],
            "start": periods.to_timestamp().astype("datetime64[ns]"),
        }
    )
    for name in (FOLLOWED, MISSED, PENDING):
        out[name] = counts[name].to_numpy().astype("int64")
    out.insert(2, "planned", out[FOLLOWED] + out[MISSED] + out[PENDING])
    closed = (out[FOLLOWED] + out[MISSED]).astype("float64")
    out["rate"] = (out[FOLLOWED] / closed.where(closed > 0)).astype("float64")
    return out


def days_to_follow_up_curve(
    frames: Frames,
    start: DateLike,
    end: DateLike,
    as_of: DateLike,
    window: int = DEFAULT_WINDOW,
    max_days: int | None = None,
) -> pd.DataFrame:
    """Kaplan–Meier share of planned encounters in P followed up by day d (d = 0 … N).

    Each planned encounter in P is an "event" at F.date − E.date when F exists (late
    follow-ups included), else it is censored at A − E.date: an encounter still waiting is
    still open, not a miss. S(d) = Π over t <= d of (1 − followed_t / at_risk_t), where
    at_risk_t counts the encounters whose time is >= t; ``share`` = 1 − S(d).

    N is ``max_days`` if given, else the larger of W and the longest observed time.
    Columns: ``day``, ``at_risk``, ``followed`` (follow-ups on that day), ``censored``,
    ``share``. Empty (with these columns) when P holds no planned encounter.
    """
    a = _ts(as_of)
    w = _window(window)
    columns = ["day", "at_risk", "followed", "censored", "share"]
    status = _frames_status(frames, a, w)
    status = status[
        _in_period(status["date"], _ts(start), _ts(end), a)
        & status["follow_up_planned"].astype(bool)
    ]
    if status.empty:
        return pd.DataFrame(
            {c: pd.Series(dtype="float64" if c == "share" else "int64") for c in columns}
        )
    observed = status["first_out"].notna().to_numpy()
    censor_at = (a - status["date"]).dt.days.to_numpy()
    times = np.where(observed, status["days"].fillna(0).to_numpy(dtype="int64"), censor_at)
    times = times.astype("int64")
    last = int(max_days) if max_days is not None else max(w, int(times.max()))
    size = last + 1
    events = np.bincount(times[observed], minlength=size)[:size]
    censored = np.bincount(times[~observed], minlength=size)[:size]
    gone_before = np.concatenate([[0], np.cumsum(events + censored)[:-1]])
    at_risk = len(times) - gone_before
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = np.where(at_risk > 0, 1.0 - events / np.maximum(at_risk, 1), 1.0)
    share = 1.0 - np.cumprod(factor)
    return pd.DataFrame(
        {
            "day": np.arange(size, dtype="int64"),
            "at_risk": at_risk.astype("int64"),
            "followed": events.astype("int64"),
            "censored": censored.astype("int64"),
            "share": share.astype("float64"),
        }
    )


def _setting_label(kind: str) -> str:
    return EVERYDAY_LABEL if kind == EVERYDAY else kind.replace("_", " ").capitalize()


def rates_by_setting(
    frames: Frames, start: DateLike, end: DateLike, as_of: DateLike, window: int = DEFAULT_WINDOW
) -> pd.DataFrame:
    """Follow-up by where people were met: everyday places vs each event kind, over P.

    One row per setting that has encounters in P: ``Everyday places`` (no event) first,
    then the event kinds in the order of ``schema.EVENT_KINDS``. Columns: ``setting`` (label, e.g.
    "Trade show"), ``kind`` (``everyday`` or the event kind), ``encounters`` (all
    encounters in P there), ``planned``, ``followed``, ``missed``, ``pending``, ``rate``
    (followed / (followed + missed), NaN when that is 0).
    """
    a = _ts(as_of)
    status = _frames_status(frames, a, window)
    status = status[_in_period(status["date"], _ts(start), _ts(end), a)]
    kinds = pd.Series(
        frames.events["kind"].to_numpy(), index=frames.events["id"].to_numpy(), dtype=object
    )
    setting = _lookup(status["event"], kinds).where(status["event"].notna(), EVERYDAY)
    setting = setting.fillna("other").astype(object)
    planned = status["follow_up_planned"].astype(bool)
    table = pd.DataFrame(
        {
            "kind": setting.to_numpy(),
            "encounters": 1,
            "planned": planned.astype("int64").to_numpy(),
            FOLLOWED: (status["status"] == FOLLOWED).astype("int64").to_numpy(),
            MISSED: (status["status"] == MISSED).astype("int64").to_numpy(),
            PENDING: (status["status"] == PENDING).astype("int64").to_numpy(),
        }
    )
    order = [k for k in (EVERYDAY, *EVENT_KINDS) if k in set(table["kind"])]
    grouped = table.groupby("kind", sort=False).sum().reindex(order).reset_index()
    grouped.insert(0, "setting", [_setting_label(k) for k in grouped["kind"]])
    for name in ("encounters", "planned", FOLLOWED, MISSED, PENDING):
        grouped[name] = grouped[name].astype("int64")
    closed = (grouped[FOLLOWED] + grouped[MISSED]).astype("float64")
    grouped["rate"] = (grouped[FOLLOWED] / closed.where(closed > 0)).astype("float64")
    return grouped


def give_ask_balance(frames: Frames, as_of: DateLike, months: int = 12) -> pd.DataFrame:
    """Gives, asks and other touches per calendar month, for the last N months up to A.

    ``gives``: touchpoints of kind ``give`` or ``intro_made``; ``asks``: kind ``ask``;
    ``other``: every other touchpoint (any direction, as in docs/metrics.md). Columns: ``month``
    (``YYYY-MM``), ``start`` (Timestamp), ``gives``, ``asks``, ``other``; every month
    present.
    """
    a = _ts(as_of)
    periods = _months(a, months)
    touches = _dated(frames.touchpoints, a)
    group = np.select(
        [touches["kind"].isin(GIVE_KINDS), touches["kind"].isin(ASK_KINDS)],
        ["gives", "asks"],
        "other",
    )
    month = touches["date"].dt.to_period("M")
    counts = (
        pd.crosstab(month, pd.Series(group, index=touches.index, name="group"))
        if len(touches)
        else pd.DataFrame()
    )
    counts = counts.reindex(index=periods, columns=["gives", "asks", "other"], fill_value=0)
    out = pd.DataFrame(
        {
            "month": [p.strftime("%Y-%m") for p in periods],
            "start": periods.to_timestamp().astype("datetime64[ns]"),
        }
    )
    for name in ("gives", "asks", "other"):
        out[name] = counts[name].to_numpy().astype("int64")
    return out
