"""Pytest set-up shared by the tests and the notebooks nbval runs (``notebooks/*.ipynb``).

nbval starts a kernel per notebook with this process's environment, and every notebook's
``workbook`` parameter defaults to ``$WORKBOOK``: point it at a fresh demo workbook (ending
today, as ``make report``'s does) so the notebooks run against known data, never against
a real workbook of the person running the tests.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

import pytest

_STATE: dict[str, str | None] = {}


def pytest_configure(config: pytest.Config) -> None:
    from workbook.demo import write_demo

    folder = tempfile.mkdtemp(prefix="workbook-tests-")
    path = Path(folder) / "demo.db"
    write_demo(path, as_of=dt.date.today())
    _STATE.update(folder=folder, previous=os.environ.get("WORKBOOK"))
    os.environ["WORKBOOK"] = str(path)
    os.environ.pop("WORKBOOK_HEADLESS", None)


def pytest_unconfigure(config: pytest.Config) -> None:
    if _STATE.get("previous") is None:
        os.environ.pop("WORKBOOK", None)
    else:
        os.environ["WORKBOOK"] = _STATE["previous"]  # type: ignore[assignment]
    if _STATE.get("folder"):
        shutil.rmtree(_STATE["folder"], ignore_errors=True)
