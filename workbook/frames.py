"""Workbook records as pandas DataFrames: the hand-off between the store and the metrics.

One frame per collection, with exactly the native JSON field names (docs/json-format.md) as columns:

* date fields (``date``, ``follow_up_due``, ``start``, ``end``) are ``datetime64[ns]``
  (missing: ``NaT``);
* ``card_exchanged`` and ``follow_up_planned`` are ``bool``;
* whole-number fields (``cadence_days``, ``target_people``, ``quality``, ``energy``) are
  nullable ``Int64``;
* ``tags`` holds Python lists and ``targets`` dicts; every other field is text or missing.

Which field is which is read from its declaration in :mod:`workbook.schema`.

Frames know nothing of SQLite: :mod:`workbook.store` fills them, and
:func:`frames_from_document` builds them from a native JSON document (tests use that).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

import pandas as pd

from workbook.schema import BOOL_FIELDS, DATE_FIELDS, FIELDS, INT_FIELDS, JSON_FIELDS, TABLE_NAMES


def columns(collection: str) -> list[str]:
    """The column names of a collection's frame, in docs/json-format.md order."""
    return list(FIELDS[collection])


@dataclass
class Frames:
    """All of one workbook, as DataFrames (see the module docstring for the dtypes)."""

    owner: str
    people: pd.DataFrame
    events: pd.DataFrame
    encounters: pd.DataFrame
    touchpoints: pd.DataFrame
    purposes: pd.DataFrame
    debriefs: pd.DataFrame
    opportunities: pd.DataFrame
    coach_notes: pd.DataFrame
    # Results derived from these frames, kept by the metrics (frames are read-only
    # snapshots of a workbook: a report computes follow-up status once, not per chart).
    memo: dict[Any, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def collections(self) -> dict[str, pd.DataFrame]:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.init and f.name != "owner"}


def typed_frame(collection: str, rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Build one collection's frame from plain records, with the dtypes of this module."""
    from workbook.models import TABLES  # the defaults are the records' own

    cols = columns(collection)
    defaults = {
        name: info.get_default(call_default_factory=True)
        for name, info in TABLES[collection][1].model_fields.items()
        if not info.is_required()
    }
    full = [{c: row.get(c, defaults.get(c)) for c in cols} for row in rows]
    return coerce_frame(collection, pd.DataFrame(full, columns=cols))


def coerce_frame(collection: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Give a frame with the collection's columns the dtypes of this module (in place)."""
    for name in columns(collection):
        if name in DATE_FIELDS.get(collection, ()):
            frame[name] = pd.to_datetime(frame[name], format="ISO8601").astype("datetime64[ns]")
        elif name in INT_FIELDS.get(collection, ()):
            frame[name] = frame[name].astype("Int64")
        elif name in BOOL_FIELDS.get(collection, ()):
            frame[name] = frame[name].astype(bool)
        elif name in JSON_FIELDS.get(collection, ()):
            frame[name] = frame[name].astype(object)
        else:
            frame[name] = frame[name].astype(object).where(frame[name].notna(), None)
    return frame


def frames_from_document(document: dict[str, Any]) -> Frames:
    """Frames from a native JSON document (docs/json-format.md); missing collections are empty."""
    owner = (document.get("owner") or {}).get("name") or ""
    built = {
        collection: typed_frame(collection, list(document.get(collection) or []))
        for collection in TABLE_NAMES
    }
    return Frames(owner=owner, **built)
