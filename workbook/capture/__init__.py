"""Capturing and correcting what happened: the one implementation behind the forms, the
app's pages and ``workbook log`` (docs/capture.md).

Split by job, each module on its own floor:

* :mod:`workbook.capture.validation` — what was typed: plausible dates, coded values, a
  record against its model (nothing read or written);
* :mod:`workbook.capture.matching` — which person a typed name means, linear in the
  number of people;
* :mod:`workbook.capture.writes` — the writes, one user action each, checked before the
  write lock is taken; every statement they run is a :class:`~workbook.store.Workbook`
  method.

The questions' wording is :mod:`workbook.wording`'s; the labels of fields and coded values
are :mod:`workbook.schema`'s. This module is the public API: import from here.
"""

from __future__ import annotations

from workbook.capture.matching import (
    AmbiguousPerson,
    PeopleIndex,
    find_person,
    name_key,
    person_label,
    person_labels,
)
from workbook.capture.validation import check_date, check_whole, latest_date
from workbook.capture.writes import (
    PERSON_FIELDS,
    QUICK_FOLLOW_UP_CHANNELS,
    Saved,
    delete,
    delete_consequences,
    followed_up,
    log_encounter,
    log_opportunity,
    log_touch,
    merge_consequences,
    merge_people,
    new_id,
    noun,
    plan_event,
    put,
    resolve_person,
    save_debrief,
    save_purpose,
    update,
    writing,
)
from workbook.errors import CaptureError
from workbook.limits import EARLIEST_DATE, MAX_DAYS_AHEAD
from workbook.schema import CASCADE, NAME_SEPARATOR
from workbook.wording import EVENT_QUESTIONS, PURPOSE_QUESTIONS

__all__ = [
    "CASCADE",
    "EARLIEST_DATE",
    "EVENT_QUESTIONS",
    "MAX_DAYS_AHEAD",
    "NAME_SEPARATOR",
    "PERSON_FIELDS",
    "PURPOSE_QUESTIONS",
    "QUICK_FOLLOW_UP_CHANNELS",
    "AmbiguousPerson",
    "CaptureError",
    "PeopleIndex",
    "Saved",
    "check_date",
    "check_whole",
    "delete",
    "delete_consequences",
    "find_person",
    "followed_up",
    "latest_date",
    "log_encounter",
    "log_opportunity",
    "log_touch",
    "merge_consequences",
    "merge_people",
    "name_key",
    "new_id",
    "noun",
    "person_label",
    "person_labels",
    "plan_event",
    "put",
    "resolve_person",
    "save_debrief",
    "save_purpose",
    "update",
    "writing",
]
