"""What was typed, checked before anything is written (docs/capture.md, Plausible dates).

* **dates** — :func:`check_date`: not before :data:`~workbook.limits.EARLIEST_DATE`, not
  more than :data:`~workbook.limits.MAX_DAYS_AHEAD` days after today (a date typed into the
  wrong part of a date box, year 0001 or 20226, is refused);
* **coded values** — :func:`check_choice`: one of the values the schema declares;
* **a record** — :func:`check_record`: the whole record against its model, a problem
  named with the field's label.

Every check raises :class:`~workbook.errors.CaptureError` (a field and a problem, one clear
line). Nothing here reads or writes a workbook.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from workbook.errors import CaptureError, RecordError
from workbook.limits import EARLIEST_DATE, MAX_DAYS_AHEAD, whole_number
from workbook.periods import iso_date
from workbook.periods import today as read_today
from workbook.schema import field_label


def latest_date(today: dt.date | None = None) -> dt.date:
    """The last date a form accepts: :data:`~workbook.limits.MAX_DAYS_AHEAD` days after
    ``today`` (default: :func:`workbook.periods.today`)."""
    return (today or read_today()) + dt.timedelta(days=MAX_DAYS_AHEAD)


def check_date(
    value: dt.date | str | None,
    label: str,
    today: dt.date | None = None,
    required: bool = True,
) -> dt.date | None:
    """``value`` as a date within the plausible range, or a :class:`CaptureError`.

    ``label`` names the field in the message ("Date", "Follow up by" …). A string must be
    written ``YYYY-MM-DD``.
    """
    if value is None or value == "":
        if required:
            raise CaptureError(label, "choose a date")
        return None
    if isinstance(value, str):
        day = iso_date(value)
        if day is None:
            raise CaptureError(label, f"“{value}” is not a date: write it YYYY-MM-DD")
        value = day
    if isinstance(value, dt.datetime):
        value = value.date()
    if value < EARLIEST_DATE:
        raise CaptureError(
            label,
            f"{value.isoformat()} is before {EARLIEST_DATE.year}: check the year",
        )
    last = latest_date(today)
    if value > last:
        raise CaptureError(
            label,
            f"{value.isoformat()} is more than a year ahead (after {last.isoformat()}): "
            "check the year",
        )
    return value


def check_whole(text: str | None, label: str) -> int | None:
    """A whole number typed into a box (``label`` names it), or None when blank: ASCII
    digits only (:func:`workbook.limits.whole_number`), or a :class:`CaptureError`."""
    typed = (text or "").strip()
    if not typed:
        return None
    number = whole_number(typed)
    if number is None:
        raise CaptureError(label, f"“{typed}” is not a whole number")
    return number


def check_choice(value: str, choices: Sequence[str], label: str) -> str:
    """``value`` when it is one of ``choices``, else a :class:`CaptureError`."""
    if value not in choices:
        raise CaptureError(label, f"{value!r} is not one of {', '.join(choices)}")
    return value


def text(value: str | None) -> str | None:
    """Text exactly as typed, or None when blank."""
    return value if value is not None and value.strip() else None


def check_record(collection: str, record: dict[str, Any]) -> dict[str, Any]:
    """``record`` validated against its model; a problem is a :class:`CaptureError`
    naming the field as the forms do. Returns the record as it will be stored."""
    from workbook.store import validate_record

    try:
        validated = validate_record(collection, record)
    except RecordError as error:
        raise CaptureError(field_label((error.field or "").split(".")[0]), error.problem) from None
    return validated.model_dump(mode="json")
