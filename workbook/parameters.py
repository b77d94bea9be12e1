"""Notebook parameters: one definition of each name the notebooks share (docs/cli.md, workbook run).

papermill writes parameter names into code unescaped and renders non-str values with
``str()``, so only known names with validated values of plain types (str, int, bool) ever
reach it. Every notebook's ``parameters`` cell uses these names; a notebook declares the
subset it takes in its parameters cell, and :func:`validate` checks against that subset.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Mapping
from typing import Any

from workbook.errors import ParameterError, WorkbookInputError
from workbook.periods import MAX_WINDOW, parse_date, parse_period

#: The environment variable that says a kernel runs with no human (papermill: ``"1"``):
#: no form is shown and no widget state is written. Set by the report runner.
HEADLESS_ENV = "WORKBOOK_HEADLESS"


def is_headless() -> bool:
    """Whether this kernel runs with no human (``$WORKBOOK_HEADLESS`` is ``"1"``)."""
    return os.environ.get(HEADLESS_ENV) == "1"


_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,200}$")
TRUE = {"true", "yes", "1", "on"}
FALSE = {"false", "no", "0", "off"}


def _workbook(value: Any) -> str:
    text = str(value)
    if "\x00" in text or not text.strip():
        raise ValueError("must be the path of a workbook file")
    return text


def _as_of(value: Any) -> str:
    return parse_date(value, "as_of").isoformat()


def _period(value: Any) -> str:
    text = str(value).strip()
    parse_period(text, dt.date(2000, 1, 1))  # checks the form; resolved later against as_of
    return text


def _window(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError("must be a whole number of days")
    try:
        days = int(str(value).strip())
    except ValueError:
        raise ValueError("must be a whole number of days") from None
    if not 0 <= days <= MAX_WINDOW:
        raise ValueError(f"must be between 0 and {MAX_WINDOW} days")
    return days


def _event(value: Any) -> str:
    text = str(value).strip()
    if text and not _ID.match(text):
        raise ValueError("must be an event id (letters, digits, '_', '-', '.', ':')")
    return text


def _redact(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise ValueError("must be true or false")


# name -> (validator, help). The one place each parameter is defined.
PARAMETERS: dict[str, tuple[Callable[[Any], Any], str]] = {
    "workbook": (_workbook, "path of the workbook file"),
    "as_of": (_as_of, "the as-of date, YYYY-MM-DD (nothing after it counts)"),
    "period": (_period, "a --period value: last-month, 2026-10, 2026-W44, 2026-Q3 …"),
    "window": (_window, "follow-up window in days"),
    "event": (_event, "an event id (empty: the latest event)"),
    "redact": (_redact, "replace names with pseudonyms and leave out contact details"),
}


def validate(values: Mapping[str, Any], accepted: set[str] | None = None) -> dict[str, Any]:
    """Validated values of known parameter names; anything else is a ParameterError."""
    clean: dict[str, Any] = {}
    for name, value in values.items():
        if name not in PARAMETERS or (accepted is not None and name not in accepted):
            known = sorted(accepted if accepted is not None else PARAMETERS)
            raise ParameterError(
                f"unknown parameter {name!r} (this notebook takes: {', '.join(known)})"
            )
        try:
            clean[name] = PARAMETERS[name][0](value)
        except (ValueError, WorkbookInputError) as error:
            raise ParameterError(f"parameter {name!r}: {error}") from None
    return clean
