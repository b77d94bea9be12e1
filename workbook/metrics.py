"""The metrics of SPEC §4, as pure, vectorised functions of :class:`workbook.frames.Frames`.

Conventions shared by every function here:

* Dates come in as :class:`datetime.date` (a :class:`pandas.Timestamp` or an ISO string is
  accepted too) and are turned into ``Timestamp`` internally. There is no "today": the
  as-of date A is always a parameter.
* **Nothing dated after A counts anywhere**: every frame is cut to ``date <= A`` before
  anything is computed. (An encounter's ``follow_up_due`` may lie after A; that is a due
  date, not an event, and is kept.)
* "In P" means ``start <= date <= end`` and ``date <= A`` (inclusive dates).
* W, the follow-up window, is a whole number of days ``>= 0`` (default 7).
* Counts are returned as Python ``int``; a rate or median that has nothing to be computed
  from is ``None`` in the dict results and ``NaN`` in the DataFrame results.

No I/O happens here: :mod:`workbook.store` fills the frames, the notebooks and the report
call these functions and display what they return.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from workbook.errors import ParameterError, RecordError
from workbook.frames import Frames
from workbook.models import EVENT_KINDS, TARGET_METRICS

DEFAULT_WINDOW = 7

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

FOLLOWED, MISSED, PENDING, NOT_PLANNED = "followed", "missed", "pending", "not_planned"
GIVE_KINDS = ("give", "intro_made")
ASK_KINDS = ("ask",)
RATE_TARGETS = ("follow_up_rate", "median_follow_up_days")
COUNT_TARGETS = tuple(m for m in TARGET_METRICS if m not in RATE_TARGETS)
EVERYDAY = "everyday"
EVERYDAY_LABEL = "Everyday places"
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
    """SPEC §4: start <= date <= end and date <= A."""
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


# ------------------------------------------------------------------------ follow-up


def follow_up_status(
    encounters: pd.DataFrame,
    touchpoints: pd.DataFrame,
    as_of: DateLike,
    window: int = DEFAULT_WINDOW,
) -> pd.DataFrame:
    """The follow-up state of every encounter dated on or before A (SPEC §4.2).

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
    """The follow-up figures of SPEC §4.2 for the encounters in P.

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
    """The to-do list: the ``overdue`` encounters in P (SPEC §4.2), most overdue first.

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
    """The cards never followed up: the ``never_followed`` encounters in P (SPEC §4.2).

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


# ------------------------------------------------------------------------- activity


def activity(frames: Frames, start: DateLike, end: DateLike, as_of: DateLike) -> dict[str, int]:
    """The activity counts of SPEC §4.1 over P = [start, end] (cut at A).

    * ``encounters``: encounters in P; ``everyday_encounters``: those with no event;
    * ``new_people``: people whose earliest encounter (of all time up to A) is in P;
    * ``events_attended``: events dated in P;
    * ``touches``: touchpoints in P (any direction, any kind); ``gives``: of kind ``give``
      or ``intro_made``; ``asks``: kind ``ask``; ``intros_made``: kind ``intro_made``
      (any direction, as §4.1 says);
    * ``debriefs_done``: debriefs dated in P; ``opportunities``: opportunities dated in P.
    """
    a, lo, hi = _ts(as_of), _ts(start), _ts(end)

    def in_p(frame: pd.DataFrame) -> pd.DataFrame:
        dated = _dated(frame, a)
        return dated[_in_period(dated["date"], lo, hi, a)]

    enc_all = _dated(frames.encounters, a)
    enc = enc_all[_in_period(enc_all["date"], lo, hi, a)]
    earliest = enc_all.groupby("person", sort=False)["date"].min()
    touches = in_p(frames.touchpoints)
    kinds = touches["kind"]
    return {
        "encounters": len(enc),
        "new_people": int(_in_period(earliest, lo, hi, a).sum()),
        "everyday_encounters": int(enc["event"].isna().sum()),
        "events_attended": len(in_p(frames.events)),
        "touches": len(touches),
        "gives": int(kinds.isin(GIVE_KINDS).sum()),
        "asks": int(kinds.isin(ASK_KINDS).sum()),
        "intros_made": int((kinds == "intro_made").sum()),
        "debriefs_done": len(in_p(frames.debriefs)),
        "opportunities": len(in_p(frames.opportunities)),
    }


# -------------------------------------------------------------- nurture, relationships


def _last_interaction(frames: Frames, as_of: pd.Timestamp) -> pd.Series:
    """Per person id: the date of the latest encounter or touchpoint dated <= A."""
    both = pd.concat(
        [
            _dated(frames.encounters, as_of)[["person", "date"]],
            _dated(frames.touchpoints, as_of)[["person", "date"]],
        ],
        ignore_index=True,
    )
    return both.groupby("person", sort=False)["date"].max()


def going_cold(frames: Frames, as_of: DateLike) -> pd.DataFrame:
    """The people going cold (SPEC §4.3); the ``going_cold`` count is ``len()`` of this.

    A person is going cold when they have a ``cadence_days`` and their last interaction
    (latest encounter or touchpoint, any direction, dated <= A) + ``cadence_days`` < A.
    On the day last + cadence == A they are not cold yet. Any interaction resets the clock.
    People with a cadence but no interaction at all up to A are not listed: nothing has
    been started that could go cold.

    Columns: ``person`` (id), ``name``, ``last_interaction``, ``cadence_days``, ``due``
    (last + cadence), ``days_overdue`` (A − due, at least 1); most overdue first, then by
    name.
    """
    a = _ts(as_of)
    people = frames.people[frames.people["cadence_days"].notna()]
    last = _last_interaction(frames, a)
    out = pd.DataFrame(
        {
            "person": people["id"].astype(object).to_numpy(),
            "name": people["name"].astype(object).to_numpy(),
            "cadence_days": people["cadence_days"].astype("int64").to_numpy(),
        }
    )
    out["last_interaction"] = _lookup(out["person"], last).astype("datetime64[ns]")
    out["due"] = out["last_interaction"] + pd.to_timedelta(out["cadence_days"], unit="D")
    out = out[out["due"] < a].copy()
    out["days_overdue"] = (a - out["due"]).dt.days.astype("int64")
    out = out[["person", "name", "last_interaction", "cadence_days", "due", "days_overdue"]]
    out = out.sort_values(
        ["days_overdue", "name", "person"], ascending=[False, True, True], kind="stable"
    )
    return out.reset_index(drop=True)


def stage_table(frames: Frames, as_of: DateLike) -> pd.DataFrame:
    """Per person met (or with an opportunity), which stages of SPEC §4.3 they reached.

    Boolean columns ``met``, ``followed_up``, ``conversing``, ``relationship``,
    ``opportunity``, indexed by person id; see :func:`stages` for the definitions.
    """
    a = _ts(as_of)
    enc = _dated(frames.encounters, a)
    touches = _dated(frames.touchpoints, a)
    opps = _dated(frames.opportunities, a)
    first = enc.groupby("person", sort=False)["date"].min()

    since_met = touches[touches["date"] >= _lookup(touches["person"], first)]
    outs = pd.Index(since_met.loc[since_met["direction"] == "out", "person"].unique())
    ins = pd.Index(since_met.loc[since_met["direction"] == "in", "person"].unique())
    per = touches.groupby("person", sort=False)["date"].agg(["count", "min", "max"])
    span = per["max"] - per["min"]
    lasting = per.index[
        (per["count"] >= RELATIONSHIP_MIN_TOUCHES)
        & (span >= pd.Timedelta(days=RELATIONSHIP_MIN_SPAN_DAYS))
    ]
    with_opp = pd.Index(opps["person"].unique())

    people = pd.Index(first.index).union(with_opp)
    table = pd.DataFrame(index=people)
    table.index.name = "person"
    table["met"] = people.isin(first.index)
    table["followed_up"] = people.isin(outs)
    table["conversing"] = table["followed_up"] & people.isin(ins)
    table["relationship"] = table["conversing"] & people.isin(lasting)
    table["opportunity"] = people.isin(with_opp)
    return table


def stages(frames: Frames, as_of: DateLike) -> dict[str, int]:
    """The relationship funnel as of A, over all people (SPEC §4.3); cumulative counts.

    Everything dated after A is ignored.

    * ``met``: has an encounter;
    * ``followed_up``: has an ``out`` touchpoint dated on or after their first encounter;
    * ``conversing``: followed_up and has an ``in`` touchpoint dated on or after their
      first encounter;
    * ``relationship``: conversing, with >= 3 touchpoints whose first and last are >= 30
      days apart — counted over *all* their touchpoints dated <= A, any direction and kind
      (including any from before the first encounter);
    * ``opportunity``: has an opportunity (counted on its own, not a funnel step).
    """
    table = stage_table(frames, as_of)
    return {key: int(table[key].sum()) for key in STAGE_KEYS}


# ------------------------------------------------------------------ purpose, targets


def _target_value(value: Any) -> int | float:
    number = float(value)
    return int(number) if number.is_integer() else number


def target_progress(
    frames: Frames, as_of: DateLike, window: int, period_start: DateLike, period_end: DateLike
) -> list[dict[str, Any]]:
    """Progress on the targets of every purpose overlapping [period_start, period_end].

    SPEC §4.4. Purposes are taken in order of start, then id; each purpose's targets in
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


# -------------------------------------------------------------------------- summary


def summarize(
    frames: Frames, start: DateLike, end: DateLike, as_of: DateLike, window: int = DEFAULT_WINDOW
) -> dict[str, Any]:
    """The ``metrics`` object of ``summary.json`` (SPEC §6), keys in that order.

    The activity counts of §4.1 over P, ``follow_up`` (§4.2, see
    :func:`follow_up_summary`), ``going_cold`` (the number of people going cold as of A)
    and ``stages`` (§4.3). Counts are Python ints, ``rate`` a float or None.
    """
    metrics: dict[str, Any] = dict(activity(frames, start, end, as_of))
    metrics["follow_up"] = follow_up_summary(frames, start, end, as_of, window)
    metrics["going_cold"] = len(going_cold(frames, as_of))
    metrics["stages"] = stages(frames, as_of)
    return metrics


# ---------------------------------------------------------------------- time series


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
    then the event kinds in the order of SPEC §3. Columns: ``setting`` (label, e.g.
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
    ``other``: every other touchpoint (any direction, as in §4.1). Columns: ``month``
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
