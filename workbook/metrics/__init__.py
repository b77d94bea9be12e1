"""The metrics of docs/metrics.md, as pure, vectorised functions of :class:`workbook.frames.Frames`.

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

One module per group of docs/metrics.md, all of it importable from here:

* :mod:`~workbook.metrics.common` — the constants and the helpers every metric uses;
* :mod:`~workbook.metrics.counts` — activity;
* :mod:`~workbook.metrics.follow_up` — follow-up status, figures and lists;
* :mod:`~workbook.metrics.relationships` — going cold and the funnel;
* :mod:`~workbook.metrics.targets` — target progress and the summary;
* :mod:`~workbook.metrics.series` — the month-by-month and per-setting tables of the charts.
"""

from __future__ import annotations

from workbook.metrics.common import (
    ACTIVITY_KEYS,
    ASK_KINDS,
    COUNT_TARGETS,
    DEFAULT_WINDOW,
    EVERYDAY,
    EVERYDAY_LABEL,
    FOLLOW_UP_KEYS,
    FOLLOWED,
    GIVE_KINDS,
    MISSED,
    NOT_PLANNED,
    OVERDUE,
    PENDING,
    RATE_TARGETS,
    RELATIONSHIP_MIN_SPAN_DAYS,
    RELATIONSHIP_MIN_TOUCHES,
    STAGE_KEYS,
    STATUS_COLUMNS,
    DateLike,
)
from workbook.metrics.counts import activity
from workbook.metrics.follow_up import (
    follow_up_details,
    follow_up_status,
    follow_up_summary,
    never_followed_list,
    overdue_list,
)
from workbook.metrics.relationships import going_cold, stage_table, stages
from workbook.metrics.series import (
    days_to_follow_up_curve,
    give_ask_balance,
    monthly_follow_up,
    rates_by_setting,
)
from workbook.metrics.targets import summarize, target_progress

__all__ = [
    "ACTIVITY_KEYS",
    "ASK_KINDS",
    "COUNT_TARGETS",
    "DEFAULT_WINDOW",
    "EVERYDAY",
    "EVERYDAY_LABEL",
    "FOLLOWED",
    "FOLLOW_UP_KEYS",
    "GIVE_KINDS",
    "MISSED",
    "NOT_PLANNED",
    "OVERDUE",
    "PENDING",
    "RATE_TARGETS",
    "RELATIONSHIP_MIN_SPAN_DAYS",
    "RELATIONSHIP_MIN_TOUCHES",
    "STAGE_KEYS",
    "STATUS_COLUMNS",
    "DateLike",
    "activity",
    "days_to_follow_up_curve",
    "follow_up_details",
    "follow_up_status",
    "follow_up_summary",
    "give_ask_balance",
    "going_cold",
    "monthly_follow_up",
    "never_followed_list",
    "overdue_list",
    "rates_by_setting",
    "stage_table",
    "stages",
    "summarize",
    "target_progress",
]
