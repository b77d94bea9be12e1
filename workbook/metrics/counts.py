"""Activity (docs/metrics.md): how much happened in a period — encounters, events, touches."""

from __future__ import annotations

import pandas as pd

from workbook.frames import Frames
from workbook.metrics.common import ASK_KINDS, GIVE_KINDS, DateLike, _dated, _in_period, _ts


def activity(frames: Frames, start: DateLike, end: DateLike, as_of: DateLike) -> dict[str, int]:
    """The activity counts of docs/metrics.md over P = [start, end] (cut at A).

    * ``encounters``: encounters in P; ``everyday_encounters``: those with no event;
    * ``new_people``: people whose earliest encounter (of all time up to A) is in P;
    * ``events_attended``: events dated in P;
    * ``touches``: touchpoints in P (any direction, any kind); ``gives``: of kind ``give``
      or ``intro_made``; ``asks``: kind ``ask``; ``intros_made``: kind ``intro_made``
      (any direction, as docs/metrics.md says);
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
