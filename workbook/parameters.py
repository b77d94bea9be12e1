"""Notebook parameters (docs/cli.md, workbook run): options of :mod:`workbook.options`.

papermill writes parameter names into code unescaped and renders non-str values with
``str()``, so only known names with validated values of plain types (str, int, bool) ever
reach it. Every notebook's ``parameters`` cell uses these names; a notebook declares the
subset it takes in its parameters cell, and :func:`validate` checks against that subset
with the same parsers the command line uses.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from workbook.errors import ParameterError, WorkbookInputError
from workbook.options import OPTIONS, Option, plain

#: The environment variable that says a kernel runs with no human (papermill: ``"1"``):
#: no form is shown and no widget state is written. Set by the report runner.
HEADLESS_ENV = "WORKBOOK_HEADLESS"


def is_headless() -> bool:
    """Whether this kernel runs with no human (``$WORKBOOK_HEADLESS`` is ``"1"``)."""
    return os.environ.get(HEADLESS_ENV) == "1"


#: The notebooks' parameters: the options of :mod:`workbook.options` a notebook may take
#: (each notebook declares its subset in its ``parameters`` cell).
NOTEBOOK_PARAMETERS = ("workbook", "as_of", "period", "window", "event", "redact")
PARAMETERS: dict[str, Option] = {name: OPTIONS[name] for name in NOTEBOOK_PARAMETERS}


def validate(values: Mapping[str, Any], accepted: set[str] | None = None) -> dict[str, Any]:
    """Validated values of known parameter names; anything else is a ParameterError."""
    clean: dict[str, Any] = {}
    for name, value in values.items():
        if name not in PARAMETERS or (accepted is not None and name not in accepted):
            which = "this notebook takes" if accepted is not None else "notebooks take"
            known = sorted(accepted if accepted is not None else PARAMETERS)
            raise ParameterError(f"unknown parameter {name!r} ({which}: {', '.join(known)})")
        try:
            clean[name] = plain(PARAMETERS[name].read(value, f"parameter {name!r}:"))
        except WorkbookInputError as error:
            raise ParameterError(str(error)) from None
    return clean
