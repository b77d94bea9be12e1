"""End-to-end: the three reflection walks through ``workbook run`` (papermill + export).

Each notebook runs headless against a small hand-built workbook (``WALK_DOC`` of
tests/unit/test_walks.py, where every number below is worked out by hand). The HTML must
exist, show the planted ``<script>alert(1)</script>`` as text, carry the key numbers, and
hold no widget state (the forms are not shown under papermill).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # make `tests.unit` importable without a conftest
    sys.path.insert(0, str(ROOT))

from tests.helpers.cli import Ran, invoke  # noqa: E402
from tests.unit.test_walks import EVIL_ESCAPED, walk_document  # noqa: E402

pytestmark = pytest.mark.slow

CLI = [sys.executable, "-m", "workbook"]
AS_OF = "2026-11-26"
WIDGET_STATE = "application/vnd.jupyter.widget-state"


def _cli(*args: str, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    """The real script: an unknown event refused with exit code 2 before any kernel."""
    return subprocess.run(
        [*CLI, *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False
    )


def _here(*args: str) -> Ran:
    """``workbook ARGS`` in this process: the notebooks' kernels and the files they write
    are the same as from the real script, without its start and imports each time."""
    return invoke(*args, cwd=ROOT)


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("walks")
    source = folder / "walk.json"
    source.write_text(json.dumps(walk_document(), ensure_ascii=False), encoding="utf-8")
    path = folder / "walk.db"
    done = _here("import", "json", str(source), "--workbook", str(path))
    assert done.returncode == 0, done.stderr
    return path


CASES = {
    "purpose_setting": (
        ["-p", "period", "2026-11"],
        [
            "You met 1.5 new people a month on average; 2 is a stretch.",
            "You followed up 2 of 3 people within 7 days (67%); 80% is a stretch.",
            "You met 1 of the 2 targets you set for October 2026; behind on follow-up rate.",
            f"Grow my practice {EVIL_ESCAPED}",
        ],
    ),
    "event_debrief": (
        ["-p", "event", "e1"],
        [
            "Chamber breakfast",
            "You aimed to meet 4 people and met 4 (100%).",
            "1 followed up in time, 1 overdue, 2 missed the window.",
            "✗ missed — followed up late, on day 12",
            f"{EVIL_ESCAPED} loves sourdough",
        ],
    ),
    "follow_up_analysis": (
        ["-p", "period", "2026-11", "-p", "window", "7"],
        [
            "In November 2026 you followed up 4 of 9 people within 7 days (44%), down from "
            "50% in October 2026",
            "You followed up 3 of 6 people met at events but only 1 of 3 met in everyday places",
            "2 of the 3 cards you exchanged in November 2026 (67%) were never followed up",
            "By day 7 you had reached 40% of the people you meant to follow up",
            f"Gus {EVIL_ESCAPED} Grey",
        ],
    ),
}


@pytest.mark.parametrize("notebook", list(CASES))
def test_walk_notebook_runs_and_exports(notebook: str, workbook: Path, tmp_path: Path) -> None:
    params, expected = CASES[notebook]
    out = tmp_path / "out"
    done = _here(
        "run",
        notebook,
        "--workbook",
        str(workbook),
        "-p",
        "as_of",
        AS_OF,
        *params,
        "--out",
        str(out),
    )
    assert done.returncode == 0, done.stderr
    html_path = out / workbook.stem / f"{notebook}.html"
    assert html_path.exists()
    assert done.stdout.strip().endswith(f"{notebook}.html")
    html = html_path.read_text(encoding="utf-8")
    assert "<script>alert" not in html
    assert EVIL_ESCAPED in html
    for text in expected:
        assert text in html, text
    assert WIDGET_STATE not in html
    executed = json.loads((out / workbook.stem / f"{notebook}.ipynb").read_text("utf-8"))
    assert WIDGET_STATE not in json.dumps(executed.get("metadata", {}))
    assert "Traceback" not in html


def test_event_debrief_defaults_to_the_latest_event(workbook: Path, tmp_path: Path) -> None:
    done = _here(
        "run",
        "event_debrief",
        "--workbook",
        str(workbook),
        "-p",
        "as_of",
        AS_OF,
        "--out",
        str(tmp_path),
    )
    assert done.returncode == 0, done.stderr
    html = (tmp_path / workbook.stem / "event_debrief.html").read_text(encoding="utf-8")
    assert "Trade fair" in html  # e2, 10 Nov; the conference on 5 Dec is after as_of
    assert "You met 2 people; you set no target for this event" in html


def test_unknown_event_is_reported_by_id(workbook: Path, tmp_path: Path) -> None:
    done = _cli(
        "run",
        "event_debrief",
        "--workbook",
        str(workbook),
        "-p",
        "as_of",
        AS_OF,
        "-p",
        "event",
        "nope",
        "--out",
        str(tmp_path),
    )
    # A missing event is bad input (docs/cli.md: exit 2), found before any kernel starts.
    assert done.returncode == 2
    assert "'nope'" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / workbook.stem / "event_debrief.html").exists()
