"""The data model of a workbook (docs/json-format.md), as pydantic records.

Each collection's record is built from its declaration in :mod:`workbook.schema` (one
field, one line there: see docs/maintaining.md); what a field's type cannot say (a
follow-up due before the meeting, a purpose ending before it starts, target names) is a
validator here. Field names are the native JSON names of docs/json-format.md. The models
validate one record at a time; references between records are checked by
:func:`workbook.jsonio.validate_document`.
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
    create_model,
    field_validator,
)

from workbook.limits import EARLIEST_DATE, LATEST_DATE, MAX_TARGET, date_problem
from workbook.periods import iso_date
from workbook.schema import (
    CHANNELS,
    COLLECTIONS,
    DATE_FIELDS,
    DIRECTIONS,
    EVENT_KINDS,
    OPPORTUNITY_KINDS,
    PURPOSE_MET,
    REFERENCES,
    TABLE_NAMES,
    TARGET_METRICS,
    TOUCH_KINDS,
    Collection,
)
from workbook.schema import Field as SchemaField

Id = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
NonBlank = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Text = str | None


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
        day = iso_date(value)
        if day is None:
            raise ValueError(f"{value!r} is not a real date (YYYY-MM-DD)")
        value = day
    problem = date_problem(value)
    if problem:
        raise ValueError(problem)
    return value


class Owner(Record):
    name: str = ""
    #: Where the owner's reports are e-mailed (docs/email.md); checked on import.
    email: str | None = None


# -- the rules one field's type cannot say, by collection ----------------------------------
# Each collection's model is built from its declaration in workbook.schema on one of these
# bases; the validators name fields the declaration gives the model.
def _checks_targets(targets: Any) -> Any:
    if isinstance(targets, dict):
        for name, value in targets.items():
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValueError(f"target {name!r} must be a number, not {value!r}")
    return targets


def _known_targets(targets: dict[str, int | float]) -> dict[str, int | float]:
    for name, value in targets.items():
        if not math.isfinite(value):
            raise ValueError(f"target {name!r} must be a finite number, not {value!r}")
        if name not in TARGET_METRICS:
            raise ValueError(f"unknown target metric {name!r} (known: {', '.join(TARGET_METRICS)})")
        if value < 0:
            raise ValueError(f"target {name!r} must not be negative")
        if name == "follow_up_rate" and value > 1:
            raise ValueError("target 'follow_up_rate' is a fraction between 0 and 1")
        if value > MAX_TARGET:
            raise ValueError(f"target {name!r} must be at most {MAX_TARGET}")
    return targets


class _EncounterRules(TableRecord):
    @field_validator("follow_up_due", check_fields=False)
    @classmethod
    def _due_after_meeting(cls, due: dt.date | None, info: Any) -> dt.date | None:
        met = info.data.get("date")
        if due is not None and met is not None and due < met:
            raise ValueError(
                f"{due.isoformat()} is before the encounter's date ({met.isoformat()})"
            )
        return due


class _PurposeRules(TableRecord):
    _numbers_only = field_validator("targets", mode="before", check_fields=False)(_checks_targets)
    _targets = field_validator("targets", check_fields=False)(_known_targets)

    @field_validator("end", check_fields=False)
    @classmethod
    def _end_after_start(cls, end: dt.date, info: Any) -> dt.date:
        start = info.data.get("start")
        if start is not None and end < start:
            raise ValueError("end is before start")
        return end


class _CoachNoteRules(TableRecord):
    """The coach's note for a period (by label), with suggested targets for the next."""

    _numbers_only = field_validator("targets", mode="before", check_fields=False)(_checks_targets)
    _targets = field_validator("targets", check_fields=False)(_known_targets)

    @field_validator("text", check_fields=False)
    @classmethod
    def _not_too_long(cls, value: str) -> str:
        from workbook.files import size_text
        from workbook.limits import MAX_NOTE_BYTES

        if len(value) > MAX_NOTE_BYTES // 4 and len(value.encode("utf-8")) > MAX_NOTE_BYTES:
            raise ValueError(f"larger than {size_text(MAX_NOTE_BYTES)}; a note is a page or two")
        return value

    @field_validator("period", check_fields=False)
    @classmethod
    def _period_label(cls, value: str) -> str:
        from workbook.errors import PeriodError
        from workbook.periods import RELATIVE, check_period

        try:  # an explicit label only: a relative name would move with the date
            valid = value not in RELATIVE and check_period(value) == value
        except PeriodError:
            valid = False
        if not valid:
            raise ValueError(f"{value!r} is not a period label (2026-10, 2026-W44, 2026-Q3)")
        return value


_RULES: dict[str, type[TableRecord]] = {
    "encounters": _EncounterRules,
    "purposes": _PurposeRules,
    "coach_notes": _CoachNoteRules,
}
#: The models' class names (the JSON Schema's ``$defs``).
_CLASS_NAMES = {
    "people": "Person",
    "events": "Event",
    "encounters": "Encounter",
    "touchpoints": "Touchpoint",
    "purposes": "Purpose",
    "debriefs": "Debrief",
    "opportunities": "Opportunity",
    "coach_notes": "CoachNote",
}


def _annotation(spec: SchemaField) -> tuple[Any, Any]:
    """The pydantic type and default of one declared field (see ``schema.KINDS``)."""
    kind = spec.kind
    if kind == "id":
        return Id, ...
    if kind == "ref":
        return (Id, ...) if spec.required else (Id | None, None)
    if kind == "name":
        return NonBlank, ...
    if kind in ("text", "period"):
        return (str, ...) if spec.required else (Text, None)
    if kind == "date":
        return (dt.date, ...) if spec.required else (dt.date | None, None)
    if kind == "bool":
        return StrictBool, bool(spec.default)
    if kind == "int":
        low, high = spec.bounds or (None, None)
        bounded = Annotated[StrictInt, Field(ge=low, le=high)]
        return (bounded, ...) if spec.required else (bounded | None, None)
    if kind == "enum":
        choice = Literal[spec.choices]  # type: ignore[name-defined]
        if spec.required:
            return choice, ...
        if spec.default is None:
            return choice | None, None
        return choice, spec.default
    if kind == "tags":
        return list[str], Field(default_factory=list)
    if kind == "targets":
        return dict[str, StrictInt | float], Field(default_factory=dict)
    raise ValueError(f"{spec.name}: unknown kind {kind!r}")  # pragma: no cover


def _model(collection: Collection) -> type[TableRecord]:
    """The validating record of a declared collection."""
    base = _RULES.get(collection.name, TableRecord)
    fields: dict[str, Any] = {f.name: _annotation(f) for f in collection.fields}
    validators: dict[str, Any] = {}
    dates = DATE_FIELDS.get(collection.name, ())
    if dates:
        validators["_dates"] = field_validator(*dates, mode="before")(_strict_date)
    return create_model(
        _CLASS_NAMES[collection.name],
        __base__=base,
        __doc__=base.__doc__ if base is not TableRecord else None,
        __module__=__name__,
        __validators__=validators,
        **fields,
    )


_MODELS: dict[str, type[TableRecord]] = {c.name: _model(c) for c in COLLECTIONS}
Person = _MODELS["people"]
Event = _MODELS["events"]
Encounter = _MODELS["encounters"]
Touchpoint = _MODELS["touchpoints"]
Purpose = _MODELS["purposes"]
Debrief = _MODELS["debriefs"]
Opportunity = _MODELS["opportunities"]
CoachNote = _MODELS["coach_notes"]

# JSON collection name -> (SQLite table, model), in the order records must be written so
# that every reference resolves (people before the encounters that name them).
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
