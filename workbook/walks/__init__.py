"""The reflection walks: purpose setting, event debrief, follow-up analysis.

Like :mod:`workbook.sections`, every function here takes the notebook's
:class:`~workbook.context.Context` and returns something to display — escaped HTML from
:mod:`workbook.display` or a plotly figure — or is a pure helper (a number, a sentence, a
DataFrame) that the display functions use and the tests check. Every number comes from
:mod:`workbook.metrics`; where a report section already does the job it is called, not
copied.

The sentences speak to the person reflecting ("You followed up 7 of 9 people met at
events …"). Rates count only closed windows (followed + missed, see ``docs/metrics.md``):
a follow-up whose window is still open is neither a success nor a failure yet.

One module per walk, all of it importable from here:

* :mod:`~workbook.walks.purpose` — purpose setting: the five questions, last period,
  suggested targets;
* :mod:`~workbook.walks.debrief` — event debrief (and :class:`EventNotFound`);
* :mod:`~workbook.walks.analysis` — the follow-up analysis's findings;
* :mod:`~workbook.walks.start` — the start-here status;
* :mod:`~workbook.walks.common` — the phrasing helpers they share.
"""

from __future__ import annotations

from workbook.walks.analysis import (
    KIND_PLURALS,
    days_finding,
    days_sentence,
    funnel_finding,
    funnel_sentence,
    give_ask_finding,
    give_ask_sentence,
    going_cold_finding,
    going_cold_list,
    going_cold_sentence,
    never_followed_finding,
    never_followed_list,
    never_followed_sentence,
    overdue_finding,
    overdue_list,
    overdue_sentence,
    rate_finding,
    rate_sentence,
    setting_finding,
    setting_sentence,
    what_now,
    what_now_sentence,
)
from workbook.walks.common import finding, period_context, period_name
from workbook.walks.debrief import (
    FOLLOWED,
    MISSED,
    NOT_PLANNED,
    OVERDUE,
    PENDING,
    STATUS_LABELS,
    EventNotFound,
    event_debriefs,
    event_outcome,
    event_outcome_sentence,
    event_people,
    event_purpose,
    event_record,
    event_title,
    latest_event,
    people_met_table,
    recent_events,
    resolve_event,
)
from workbook.walks.purpose import (
    AVERAGE_MONTH_DAYS,
    COUNT_PHRASES,
    FIRST_MEDIAN_DAYS,
    FIRST_RATE_TARGET,
    FIVE_QUESTIONS,
    RATE_CEILING,
    RATE_STEP,
    STRETCH,
    SUGGESTED_METRICS,
    five_questions,
    last_period_review,
    last_purpose,
    previous_period,
    suggest_targets,
    suggested_targets,
    target_suggestions,
    targets_sentence,
    what_happened_sentence,
)
from workbook.walks.purpose import _stretch as _stretch  # tested directly
from workbook.walks.start import workbook_status

__all__ = [
    "AVERAGE_MONTH_DAYS",
    "COUNT_PHRASES",
    "FIRST_MEDIAN_DAYS",
    "FIRST_RATE_TARGET",
    "FIVE_QUESTIONS",
    "FOLLOWED",
    "KIND_PLURALS",
    "MISSED",
    "NOT_PLANNED",
    "OVERDUE",
    "PENDING",
    "RATE_CEILING",
    "RATE_STEP",
    "STATUS_LABELS",
    "STRETCH",
    "SUGGESTED_METRICS",
    "EventNotFound",
    "days_finding",
    "days_sentence",
    "event_debriefs",
    "event_outcome",
    "event_outcome_sentence",
    "event_people",
    "event_purpose",
    "event_record",
    "event_title",
    "finding",
    "five_questions",
    "funnel_finding",
    "funnel_sentence",
    "give_ask_finding",
    "give_ask_sentence",
    "going_cold_finding",
    "going_cold_list",
    "going_cold_sentence",
    "last_period_review",
    "last_purpose",
    "latest_event",
    "never_followed_finding",
    "never_followed_list",
    "never_followed_sentence",
    "overdue_finding",
    "overdue_list",
    "overdue_sentence",
    "people_met_table",
    "period_context",
    "period_name",
    "previous_period",
    "rate_finding",
    "rate_sentence",
    "recent_events",
    "resolve_event",
    "setting_finding",
    "setting_sentence",
    "suggest_targets",
    "suggested_targets",
    "target_suggestions",
    "targets_sentence",
    "what_happened_sentence",
    "what_now",
    "what_now_sentence",
    "workbook_status",
]
