"""The data model of a workbook (docs/json-format.md), as pydantic records.

Field names are the native JSON names of docs/json-format.md. The models validate one record at a
time; references between records are checked by :func:`workbook.jsonio.validate_document`.
The plain shape (collections, fields, enums) lives in :mod:`workbook.schema`.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
    field_validator,
)

from workbook.limits import (
    EARLIEST_DATE,
    LATEST_DATE,
    MAX_CADENCE_DAYS,
    MAX_TARGET,
    MAX_TARGET_PEOPLE,
    date_problem,
)
from workbook.schema import (
    CHANNELS,
    DATE_FIELDS,
    DIRECTIONS,
    EVENT_KINDS,
    OPPORTUNITY_KINDS,
    PURPOSE_MET,
    REFERENCES,
    TABLE_NAMES,
    TARGET_METRICS,
    TOUCH_KINDS,
)

Id = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Text = str | None
Score = Annotated[StrictInt, Field(ge=1, le=5)] | None


class Record(BaseModel):
    """Common configuration: unknown fields are errors, strings are kept as typed."""

    model_config = ConfigDict(extra="forbid")


class TableRecord(Record):
    """A record of one of the tables: every one has an ``id``, unique in its table."""

    id: Id


def _strict_date(value: Any) -> Any:
    """Dates are ISO ``YYYY-MM-DD`` strings (docs/json-format.md), nothing looser, within
    the accepted range (:data:`EARLIEST_DATE` to :data:`LATEST_DATE`)."""
    if value is None:
        return value
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        if not isinstance(value, str) or len(value) != 10:
            raise ValueError("must be a date written YYYY-MM-DD")
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a real date (YYYY-MM-DD)") from None
    problem = date_problem(value)
    if problem:
        raise ValueError(problem)
    return value


class Owner(Record):
    name: str = ""


class Person(TableRecord):
    id: Id
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    organisation: Text = None
    role: Text = None
    email: Text = None
    phone: Text = None
    url: Text = None
    tags: list[str] = Field(default_factory=list)
    needs: Text = None
    cadence_days: Annotated[StrictInt, Field(ge=1, le=MAX_CADENCE_DAYS)] | None = None
    introduced_by: Id | None = None
    notes: Text = None


class Event(TableRecord):
    id: Id
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    kind: Literal[EVENT_KINDS] = "other"  # type: ignore[valid-type]
    date: dt.date
    location: Text = None
    purpose: Text = None
    intended_outcome: Text = None
    target_people: Annotated[StrictInt, Field(ge=0, le=MAX_TARGET_PEOPLE)] | None = None
    follow_up_plan: Text = None
    nurture_plan: Text = None
    opportunity_note: Text = None

    _date = field_validator("date", mode="before")(_strict_date)


class Encounter(TableRecord):
    id: Id
    person: Id
    date: dt.date
    event: Id | None = None
    place: Text = None
    learned: Text = None
    their_needs: Text = None
    my_offer: Text = None
    card_exchanged: StrictBool = False
    follow_up_planned: StrictBool = True
    follow_up_due: dt.date | None = None
    quality: Score = None

    _dates = field_validator("date", "follow_up_due", mode="before")(_strict_date)

    @field_validator("follow_up_due")
    @classmethod
    def _due_after_meeting(cls, due: dt.date | None, info: Any) -> dt.date | None:
        met = info.data.get("date")
        if due is not None and met is not None and due < met:
            raise ValueError(
                f"{due.isoformat()} is before the encounter's date ({met.isoformat()})"
            )
        return due


class Touchpoint(TableRecord):
    id: Id
    person: Id
    date: dt.date
    direction: Literal[DIRECTIONS]  # type: ignore[valid-type]
    kind: Literal[TOUCH_KINDS] = "follow_up"  # type: ignore[valid-type]
    channel: Literal[CHANNELS] = "other"  # type: ignore[valid-type]
    note: Text = None

    _date = field_validator("date", mode="before")(_strict_date)


class Purpose(TableRecord):
    id: Id
    start: dt.date
    end: dt.date
    why: Text = None
    intended_outcome: Text = None
    follow_up_plan: Text = None
    nurture_plan: Text = None
    opportunity_note: Text = None
    targets: dict[str, StrictInt | float] = Field(default_factory=dict)

    _dates = field_validator("start", "end", mode="before")(_strict_date)

    @field_validator("targets", mode="before")
    @classmethod
    def _numbers_only(cls, targets: Any) -> Any:
        if isinstance(targets, dict):
            for name, value in targets.items():
                if isinstance(value, bool) or not isinstance(value, int | float):
                    raise ValueError(f"target {name!r} must be a number, not {value!r}")
        return targets

    @field_validator("targets")
    @classmethod
    def _known_targets(cls, targets: dict[str, int | float]) -> dict[str, int | float]:
        for name, value in targets.items():
            if not math.isfinite(value):
                raise ValueError(f"target {name!r} must be a finite number, not {value!r}")
            if name not in TARGET_METRICS:
                raise ValueError(
                    f"unknown target metric {name!r} (known: {', '.join(TARGET_METRICS)})"
                )
            if value < 0:
                raise ValueError(f"target {name!r} must not be negative")
            if name == "follow_up_rate" and value > 1:
                raise ValueError("target 'follow_up_rate' is a fraction between 0 and 1")
            if value > MAX_TARGET:
                raise ValueError(f"target {name!r} must be at most {MAX_TARGET}")
        return targets

    @field_validator("end")
    @classmethod
    def _end_after_start(cls, end: dt.date, info: Any) -> dt.date:
        start = info.data.get("start")
        if start is not None and end < start:
            raise ValueError("end is before start")
        return end


class Debrief(TableRecord):
    id: Id
    event: Id
    date: dt.date
    purpose_met: Literal[PURPOSE_MET] | None = None  # type: ignore[valid-type]
    highlights: Text = None
    learned: Text = None
    wiift: Text = None
    next_steps: Text = None
    energy: Score = None

    _date = field_validator("date", mode="before")(_strict_date)


class Opportunity(TableRecord):
    id: Id
    person: Id
    date: dt.date
    kind: Literal[OPPORTUNITY_KINDS] = "other"  # type: ignore[valid-type]
    note: Text = None

    _date = field_validator("date", mode="before")(_strict_date)


class CoachNote(TableRecord):
    """The coach's note for a period (by label), with suggested targets for the next."""

    period: str
    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    targets: dict[str, StrictInt | float] = Field(default_factory=dict)

    @field_validator("period")
    @classmethod
    def _period_label(cls, value: str) -> str:
        from workbook.errors import PeriodError
        from workbook.periods import RELATIVE, parse_period

        try:  # an explicit label only: a relative name would move with the date
            valid = value not in RELATIVE and parse_period(value, dt.date.min).label == value
        except PeriodError:
            valid = False
        if not valid:
            raise ValueError(f"{value!r} is not a period label (2026-10, 2026-W44, 2026-Q3)")
        return value

    @field_validator("targets", mode="before")
    @classmethod
    def _numbers_only(cls, targets: Any) -> Any:
        return Purpose._numbers_only(targets)

    @field_validator("targets")
    @classmethod
    def _known_targets(cls, targets: dict[str, int | float]) -> dict[str, int | float]:
        return Purpose._known_targets(targets)


# JSON collection name -> (SQLite table, model), in the order records must be written so
# that every reference resolves (people before the encounters that name them).
_MODELS: dict[str, type[TableRecord]] = {
    "people": Person,
    "events": Event,
    "encounters": Encounter,
    "touchpoints": Touchpoint,
    "purposes": Purpose,
    "debriefs": Debrief,
    "opportunities": Opportunity,
    "coach_notes": CoachNote,
}
TABLES: dict[str, tuple[str, type[TableRecord]]] = {
    collection: (table, _MODELS[collection]) for collection, table in TABLE_NAMES.items()
}

__all__ = [
    "CHANNELS",
    "DATE_FIELDS",
    "DIRECTIONS",
    "EARLIEST_DATE",
    "EVENT_KINDS",
    "LATEST_DATE",
    "OPPORTUNITY_KINDS",
    "PURPOSE_MET",
    "REFERENCES",
    "TABLES",
    "TARGET_METRICS",
    "TOUCH_KINDS",
    "CoachNote",
    "Debrief",
    "Encounter",
    "Event",
    "Opportunity",
    "Owner",
    "Person",
    "Purpose",
    "Record",
    "TableRecord",
    "Touchpoint",
]
