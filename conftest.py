"""Pytest set-up shared by the tests and the notebooks nbval runs (``notebooks/*.ipynb``).

nbval starts a kernel per notebook with this process's environment, and every notebook's
``workbook`` parameter defaults to ``$WORKBOOK``: point it at a fresh demo workbook so the
notebooks run against known data, never against a real workbook of the person running the
tests. The demo ends on a fixed date, :data:`DEMO_AS_OF`, and the notebooks' empty
``as_of`` follows it (``$WORKBOOK_AS_OF``, read by :func:`workbook.periods.resolve_as_of`),
so what they show does not depend on the day the tests run. The person's data folder
(``$XDG_DATA_HOME``, where a workbook goes when nothing names one) is a temporary folder
too: no test ever writes the real one of the person running the tests.

``pytest -m "not slow"`` is the quick run: the notebooks under nbval, everything in
``tests/e2e`` and any test that starts a subprocess are marked ``slow`` here.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from workbook.parameters import HEADLESS_ENV
from workbook.periods import AS_OF_ENV
from workbook.startup import skip_unneeded_imports

# As in every `workbook` process: the tests import papermill and Jupyter Server too.
skip_unneeded_imports()

DEMO_AS_OF = dt.date(2026, 11, 15)
_STATE: dict[str, str | None] = {}
_E2E = Path(__file__).resolve().parent / "tests" / "e2e"
# A test whose code names one of these starts a process of its own: slow. (A helper that
# does, like tests.helpers.outcomes.run_cli, is used in tests/e2e, all slow already.)
_SUBPROCESS_NAMES = {"subprocess", "Popen"}


def pytest_configure(config: pytest.Config) -> None:
    from workbook.demo import write_demo

    folder = tempfile.mkdtemp(prefix="workbook-tests-")
    path = Path(folder) / "demo.db"
    write_demo(path, as_of=DEMO_AS_OF)
    _STATE.update(
        folder=folder,
        previous=os.environ.get("WORKBOOK"),
        previous_data_home=os.environ.get("XDG_DATA_HOME"),
    )
    os.environ["WORKBOOK"] = str(path)
    os.environ["XDG_DATA_HOME"] = str(Path(folder) / "data-home")
    os.environ.pop(HEADLESS_ENV, None)


def _is_notebook(item: pytest.Item) -> bool:
    return item.path.suffix == ".ipynb"


def _starts_a_process(item: pytest.Item) -> bool:
    function = getattr(item, "function", None)
    code = getattr(function, "__code__", None)
    return code is not None and bool(_SUBPROCESS_NAMES & set(code.co_names))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if _is_notebook(item) or _E2E in item.path.parents or _starts_a_process(item):
            item.add_marker(pytest.mark.slow)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    # The notebook's kernel starts in its first cell's setup and inherits this.
    if _is_notebook(item):
        os.environ[AS_OF_ENV] = DEMO_AS_OF.isoformat()
    else:
        os.environ.pop(AS_OF_ENV, None)


def pytest_unconfigure(config: pytest.Config) -> None:
    os.environ.pop(AS_OF_ENV, None)
    for name, key in (("WORKBOOK", "previous"), ("XDG_DATA_HOME", "previous_data_home")):
        previous = _STATE.get(key)
        if previous is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = previous
    folder = _STATE.get("folder")
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
