"""Follow-up (docs/metrics.md): each encounter's status, the period's figures, the to-do lists.

:func:`follow_up_status` is the one definition; :func:`_frames_status` keeps it once per
(A, W) on a :class:`~workbook.frames.Frames` snapshot, and everything else — here and in
:mod:`workbook.metrics.series` — filters that.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from workbook.frames import Frames
from workbook.metrics.common import (
    DEFAULT_WINDOW,
    FOLLOWED,
    MISSED,
    NOT_PLANNED,
    PENDING,
    STATUS_COLUMNS,
    DateLike,
    _dated,
    _dates,
    _in_period,
    _lookup,
    _median,
    _names,
    _rate,
    _ts,
    _where,
    _window,
)


def follow_up_status(
    encounters: pd.DataFrame,
    touchpoints: pd.DataFrame,
    as_of: DateLike,
    window: int = DEFAULT_WINDOW,
) -> pd.DataFrame:
    """The follow-up state of every encounter dated on or before A (docs/metrics.md).

    For an encounter E, F(E) is the earliest touchpoint with the same person, direction
    ``out`` (any kind), dated E.date <= F.date <= A. A touchpoint dated before the
    encounter, or inbound (``in``), never counts as its follow-up.

    Columns (one row per encounter dated <= A, sorted by date then id; callers filter to a
    period):

    * the encounter's ``id``, ``person``, ``date``, ``event``, ``place``,
      ``card_exchanged``, ``follow_up_planned``, ``follow_up_due``;
    * ``first_out``: F.date, or NaT when there is no such touchpoint;
    * ``days``: F.date − E.date in days (nullable ``Int64``), late follow-ups included;
    * ``status``, for planned encounters: ``followed`` when F exists and
      F.date − E.date <= W (same day counts); ``missed`` when not followed and the window
      has closed (A > E.date + W); ``pending`` otherwise (the window is still open on A,
      including on the day E.date + W itself). Unplanned encounters are ``not_planned``;
    * ``due``: ``follow_up_due`` if set, else E.date + W;
    * ``overdue``: planned, no ``out`` touchpoint with that person dated in [E.date, A],
      and A > due;
    * ``never_followed``: ``card_exchanged``, no ``out`` touchpoint with that person dated
      in [E.date, A], and A > E.date + W — whether or not a follow-up was planned.

    Vectorised with one :func:`pandas.merge_asof` (forward, by person).
    """
    a = _ts(as_of)
    w = _window(window)
    enc = _dated(encounters, a).sort_values(["date", "id"], kind="stable")
    enc = enc.reset_index(drop=True)
    enc["follow_up_due"] = _dates(enc["follow_up_due"])

    outs = touchpoints[touchpoints["direction"] == "out"]
    out_dates = _dates(outs["date"]).to_numpy()
    keep = out_dates <= a.to_datetime64()
    # Person ids as shared integer codes: merge_asof "by" an int key is fast.
    codes, _ = pd.factorize(
        np.concatenate(
            [enc["person"].to_numpy(dtype=object), outs["person"].to_numpy(dtype=object)[keep]]
        )
    )
    right = pd.DataFrame(
        {
            "person": codes[len(enc) :],
            "first_out": pd.Series(out_dates[keep], dtype="datetime64[ns]"),
        }
    ).sort_values("first_out", kind="stable")
    left = pd.DataFrame(
        {
            "_row": np.arange(len(enc)),
            "person": codes[: len(enc)],
            "date": enc["date"].to_numpy(),
        }
    )  # already sorted by date
    matched = pd.merge_asof(
        left,
        right,
        left_on="date",
        right_on="first_out",
        by="person",
        direction="forward",
        allow_exact_matches=True,
    )
    first_out = matched.sort_values("_row")["first_out"].to_numpy()

    span = pd.Timedelta(days=w)
    enc["first_out"] = pd.Series(first_out, index=enc.index).astype("datetime64[ns]")
    enc["days"] = (enc["first_out"] - enc["date"]).dt.days.astype("Int64")
    planned = enc["follow_up_planned"].astype(bool)
    has_out = enc["first_out"].notna()
    closed = a > enc["date"] + span
    in_window = (enc["days"] <= w).fillna(False).astype(bool)
    enc["status"] = pd.Series(
        np.select([~planned, in_window, closed], [NOT_PLANNED, FOLLOWED, MISSED], PENDING),
        index=enc.index,
        dtype=object,
    )
    enc["due"] = enc["follow_up_due"].fillna(enc["date"] + span)
    enc["overdue"] = planned & ~has_out & (a > enc["due"])
    enc["never_followed"] = enc["card_exchanged"].astype(bool) & ~has_out & closed
    return enc[STATUS_COLUMNS]


def _frames_status(frames: Frames, as_of: pd.Timestamp, window: int) -> pd.DataFrame:
    """:func:`follow_up_status` of a :class:`Frames` snapshot, computed once per (A, W).

    Frames are read-only snapshots, so the result is kept in ``frames.memo``. The key
    names the two input frames by identity, and the entry holds them, so that an id is
    never reused while its entry lives. Callers only filter what they get (which copies).
    """
    key = (
        "follow_up_status",
        as_of,
        _window(window),
        id(frames.encounters),
        id(frames.touchpoints),
    )
    if key not in frames.memo:
        status = follow_up_status(frames.encounters, frames.touchpoints, as_of, window)
        frames.memo[key] = (frames.encounters, frames.touchpoints, status)
    return frames.memo[key][2]


def follow_up_details(
    frames: Frames,
    start: DateLike | None,
    end: DateLike | None,
    as_of: DateLike,
    window: int = DEFAULT_WINDOW,
) -> pd.DataFrame:
    """:func:`follow_up_status` cut to the encounters in P, with ``name`` and ``where``.

    ``start`` / ``end`` may be None for an open end. ``name`` is the person's name,
    ``where`` the event's name, else the free-text place, else None.
    """
    a = _ts(as_of)
    status = _frames_status(frames, a, window)
    lo = _ts(start) if start is not None else pd.Timestamp.min
    hi = _ts(end) if end is not None else a
    status = status[_in_period(status["date"], lo, hi, a)].reset_index(drop=True)
    status.insert(2, "name", _lookup(status["person"], _names(frames)).astype(object))
    status.insert(6, "where", _where(status, frames.events))
    return status


def follow_up_summary(
    frames: Frames, start: DateLike, end: DateLike, as_of: DateLike, window: int = DEFAULT_WINDOW
) -> dict[str, Any]:
    """The follow-up figures of docs/metrics.md for the encounters in P.

    * ``planned``: encounters in P with ``follow_up_planned``;
    * ``followed`` / ``missed`` / ``pending``: how many of those have each status (see
      :func:`follow_up_status`);
    * ``rate`` = followed / (followed + missed), ``None`` when that is 0 (pending
      encounters are not failures: they stay out of the rate);
    * ``median_days``: median of F.date − E.date over the planned encounters in P for which
      F exists (late follow-ups included), ``None`` if none; an ``int`` when whole, else a
      float ending in .5;
    * ``never_followed``: encounters in P with a card exchanged, no ``out`` touchpoint with
      that person in [E.date, A] and A > E.date + W, planned or not;
    * ``overdue``: planned encounters in P with no ``out`` touchpoint in [E.date, A] and
      A > due (``follow_up_due`` if set, else E.date + W).
    """
    a = _ts(as_of)
    status = _frames_status(frames, a, window)
    status = status[_in_period(status["date"], _ts(start), _ts(end), a)]
    planned = status[status["follow_up_planned"].astype(bool)]
    counts = planned["status"].value_counts()
    followed = int(counts.get(FOLLOWED, 0))
    missed = int(counts.get(MISSED, 0))
    return {
        "planned": len(planned),
        "followed": followed,
        "missed": missed,
        "pending": int(counts.get(PENDING, 0)),
        "rate": _rate(followed, missed),
        "median_days": _median(planned["days"].astype("float64")),
        "never_followed": int(status["never_followed"].sum()),
        "overdue": int(status["overdue"].sum()),
    }


def overdue_list(
    frames: Frames, start: DateLike, end: DateLike, as_of: DateLike, window: int = DEFAULT_WINDOW
) -> pd.DataFrame:
    """The to-do list: the ``overdue`` encounters in P (docs/metrics.md), most overdue first.

    Columns: ``encounter`` (id), ``person`` (id), ``name``, ``date`` (of the encounter),
    ``where`` (event name, else place, else None), ``due``, ``days_overdue`` (A − due, in
    days, at least 1). Ties are broken by encounter date, then name.
    """
    a = _ts(as_of)
    details = follow_up_details(frames, start, end, a, window)
    rows = details[details["overdue"]]
    out = pd.DataFrame(
        {
            "encounter": rows["id"],
            "person": rows["person"],
            "name": rows["name"],
            "date": rows["date"],
            "where": rows["where"],
            "due": rows["due"],
            "days_overdue": (a - rows["due"]).dt.days.astype("int64"),
        }
    )
    out = out.sort_values(
        ["days_overdue", "date", "name", "encounter"],
        ascending=[False, True, True, True],
        kind="stable",
    )
    return out.reset_index(drop=True)


def never_followed_list(
    frames: Frames, start: DateLike, end: DateLike, as_of: DateLike, window: int = DEFAULT_WINDOW
) -> pd.DataFrame:
    """The cards never followed up: the ``never_followed`` encounters in P (docs/metrics.md).

    Columns: ``encounter``, ``person``, ``name``, ``date``, ``where``,
    ``follow_up_planned``, ``days_since`` (A − E.date, in days). Oldest first, then by
    name.
    """
    a = _ts(as_of)
    details = follow_up_details(frames, start, end, a, window)
    rows = details[details["never_followed"]]
    out = pd.DataFrame(
        {
            "encounter": rows["id"],
            "person": rows["person"],
            "name": rows["name"],
            "date": rows["date"],
            "where": rows["where"],
            "follow_up_planned": rows["follow_up_planned"].astype(bool),
            "days_since": (a - rows["date"]).dt.days.astype("int64"),
        }
    )
    out = out.sort_values(
        ["days_since", "name", "encounter"], ascending=[False, True, True], kind="stable"
    )
    return out.reset_index(drop=True)
