"""Nurture and relationships (docs/metrics.md): who is going cold, and the relationship funnel."""

from __future__ import annotations

import pandas as pd

from workbook.frames import Frames
from workbook.metrics.common import (
    RELATIONSHIP_MIN_SPAN_DAYS,
    RELATIONSHIP_MIN_TOUCHES,
    STAGE_KEYS,
    DateLike,
    _dated,
    _lookup,
    _ts,
)


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
    """The people going cold (docs/metrics.md); the ``going_cold`` count is ``len()`` of this.

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
    """Per person met (or with an opportunity), which stages of docs/metrics.md they reached.

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
    """The relationship funnel as of A, over all people (docs/metrics.md); cumulative counts.

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
