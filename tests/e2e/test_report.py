"""The periodic report end to end: CLI → papermill → nbconvert → a real browser (docs/cli.md)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import threading
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import WORKBOOK_CLI
from tests.helpers.browser import open_offline
from tests.helpers.cli import invoke
from workbook.store import Workbook

pytestmark = pytest.mark.slow

SCRIPT_NAME = 'Jane <script>alert("pwned")</script> Roe'
EVENT_NAME = 'Chamber <b>breakfast</b> & "brunch"'
HIGHLIGHT = "<img src=x onerror=alert(1)> met the mayor"
ZOE = "Zoë <i>Ünïcode</i> Ng"
REDACTED = "2026-10-redacted"
PURPOSE_WHY = "<script>document.title='owned'</script> to grow"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """The real ``workbook`` script, for what is about a process of its own: the report a
    person runs (its output streams, nothing else printed). The others run it in this
    process (:func:`tests.helpers.cli.invoke`): the files a report writes are the same,
    without a Python start and its imports each time."""
    return subprocess.run(
        [*WORKBOOK_CLI, *args], capture_output=True, text=True, cwd=cwd, timeout=600
    )


def markup_document(spec_document: dict[str, Any]) -> dict[str, Any]:
    """The docs/json-format.md example with markup typed into names, events and debriefs, plus Zoë.

    Zoë was met in the grocery store on 10 Oct, card exchanged, never followed up.
    """
    doc = spec_document
    doc["people"][0]["name"] = SCRIPT_NAME
    doc["people"][0]["email"] = "jane@example.com"
    doc["people"].append(
        {
            "id": "p2",
            "name": ZOE,
            "email": "zoe@example.org",
            "phone": "+1 555 0100",
            "notes": "secret note about Zoë",
        }
    )
    doc["events"][0]["name"] = EVENT_NAME
    doc["debriefs"][0]["highlights"] = HIGHLIGHT
    doc["purposes"][0]["why"] = PURPOSE_WHY
    doc["encounters"].append(
        {
            "id": "n2",
            "person": "p2",
            "date": "2026-10-10",
            "place": "grocery store <aisle 5>",
            "card_exchanged": True,
            "learned": "private detail: moving to Lyon",
        }
    )
    return doc


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory) -> dict[str, Any]:
    from tests.conftest import EXAMPLE_DOCUMENT

    folder = tmp_path_factory.mktemp("report")
    doc = markup_document(json.loads(json.dumps(EXAMPLE_DOCUMENT)))
    source = folder / "ada.json"
    source.write_text(json.dumps(doc), encoding="utf-8")
    workbook = folder / "ada.db"
    assert invoke("import", "json", str(source), "--workbook", str(workbook)).returncode == 0
    result = run(
        "report",
        "--workbook",
        str(workbook),
        "--period",
        "2026-10",
        "--as-of",
        "2026-11-01",
        "--out",
        str(folder / "out"),
    )
    assert result.returncode == 0, result.stderr
    out = folder / "out" / "ada" / "2026-10"
    return {
        "folder": folder,
        "workbook": workbook,
        "out": out,
        "stdout": result.stdout,
        "stderr": result.stderr,
    }


def test_report_writes_the_three_files_and_prints_the_html_path(report_dir) -> None:
    out = report_dir["out"]
    assert report_dir["stdout"].strip() == str(out / "report.html")
    assert {p.name for p in out.iterdir()} == {"report.html", "report.ipynb", "summary.json"}
    assert report_dir["stderr"] == ""  # no log noise for the person running it


def test_summary_json_has_the_hand_worked_figures(report_dir) -> None:
    summary = json.loads((report_dir["out"] / "summary.json").read_text())
    # Jane: met 2 Oct at the breakfast, e-mailed 3 Oct (1 day). Zoë: met 10 Oct in the
    # grocery store, card exchanged, nothing since; on 1 Nov her window (to 17 Oct) is shut.
    assert summary == {
        "workbook": "ada",
        "owner": "Ada Example",
        "period": {"label": "2026-10", "start": "2026-10-01", "end": "2026-10-31"},
        "as_of": "2026-11-01",
        "window_days": 7,
        "metrics": {
            "encounters": 2,
            "new_people": 2,
            "everyday_encounters": 1,
            "events_attended": 1,
            "touches": 1,
            "gives": 0,
            "asks": 0,
            "intros_made": 0,
            "debriefs_done": 1,
            "opportunities": 0,  # o1 is dated 20 Nov: after the period and after as-of
            "follow_up": {
                "planned": 2,
                "followed": 1,
                "missed": 1,
                "pending": 0,
                "rate": 0.5,
                "median_days": 1,
                "never_followed": 1,
                "overdue": 1,
            },
            "going_cold": 0,
            "stages": {
                "met": 2,
                "followed_up": 1,
                "conversing": 0,
                "relationship": 0,
                "opportunity": 0,
            },
        },
        # Purpose g1 is October; on 1 Nov all of it has elapsed (elapsed = 1).
        "targets": [
            {
                "purpose": "g1",
                "metric": "follow_up_rate",
                "target": 0.8,
                "actual": 0.5,
                "pct": 0.625,
                "on_track": False,
            },
            {
                "purpose": "g1",
                "metric": "new_people",
                "target": 10,
                "actual": 2,
                "pct": 0.2,
                "on_track": False,
            },
        ],
        # The six months before October: nothing was logged before 2 Oct.
        "history": [
            {
                "period": f"2026-{m:02d}",
                "start": f"2026-{m:02d}-01",
                "end": f"2026-{m:02d}-{last}",
                "encounters": 0,
                "new_people": 0,
                "follow_up_rate": None,
                "followed": 0,
                "planned": 0,
            }
            for m, last in ((4, 30), (5, 31), (6, 30), (7, 31), (8, 31), (9, 30))
        ],
    }


def test_the_html_escapes_every_user_text(report_dir) -> None:
    html = (report_dir["out"] / "report.html").read_text(encoding="utf-8")
    assert 'alert("pwned")</script>' not in html
    assert "<img src=x" not in html
    assert "<b>breakfast</b>" not in html
    assert "<i>Ünïcode</i>" not in html
    assert "<script>document.title" not in html
    assert "&lt;script&gt;document.title=" in html
    assert "Zoë &lt;i&gt;Ünïcode&lt;/i&gt; Ng" in html
    # Quotes need no escaping in element text; nbconvert's serialiser writes them plain.
    assert re.search(r"Chamber &lt;b&gt;breakfast&lt;/b&gt; &amp; (&quot;|\")brunch", html)


def test_the_html_is_offline_with_plotly_once_and_no_code(report_dir) -> None:
    html = (report_dir["out"] / "report.html").read_text(encoding="utf-8")
    # The charts' partial bundle, once (docs/report.md, "Size").
    assert html.count("* plotly.js") == 1
    banner = html.index("* plotly.js (finance - minified) v")
    start, end = html.rindex("<script", 0, banner), html.index("</script>", banner)
    html = html[:start] + html[end:]  # plotly.js itself mentions its home page; skip it
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "@import" not in html
    assert "cdn." not in html.lower()
    assert "open_context" not in html and "show_figure" not in html  # no code
    assert "In&nbsp;[" not in html and "In [" not in html  # no prompts
    assert "Warning" not in html
    assert "<style>.kpi-grid{" not in html  # JupyterLab's stand-in stylesheet stays out
    assert "<title>Ada Example · networking report 2026-10</title>" in html


def test_the_report_renders_offline_in_chromium(report_dir, browser_ready) -> None:
    seen = open_offline(
        report_dir["out"] / "report.html", screenshot_path=report_dir["folder"] / "report.png"
    )
    assert seen["external_requests"] == []
    assert seen["page_errors"] == []
    assert seen["console_errors"] == []
    assert seen["plotly_charts"] >= 4
    assert seen["plotly_charts"] == seen["chart_divs"]
    text = seen["text"]
    assert "Zoë <i>Ünïcode</i> Ng" in text  # markup shows as the text that was typed
    assert 'Chamber <b>breakfast</b> & "brunch"' in text
    assert "50%" in text  # the follow-up rate
    assert PURPOSE_WHY in text  # the purpose, as typed
    assert seen["title"] == "Ada Example · networking report 2026-10"
    assert "Traceback" not in text


def test_redacted_report_names_nobody_and_keeps_pseudonyms_stable(report_dir) -> None:
    folder = report_dir["folder"]
    for out in ("red1", "red2"):
        result = invoke(
            "report",
            "--workbook",
            str(report_dir["workbook"]),
            "--period",
            "2026-10",
            "--as-of",
            "2026-11-01",
            "--redact",
            "--out",
            str(folder / out),
        )
        assert result.returncode == 0, result.stderr
    # A redacted report has a folder of its own, beside the full report's.
    first = (folder / "red1" / "ada" / REDACTED / "report.html").read_text(encoding="utf-8")
    second = (folder / "red2" / "ada" / REDACTED / "report.html").read_text(encoding="utf-8")
    for secret in (
        "Jane",
        "Zoë",
        "Ünïcode",
        "zoe@example.org",
        "jane@example.com",
        "555 0100",
        "secret note",
        "moving to Lyon",
        "met the mayor",
    ):
        assert secret not in first
    from workbook.redact import pseudonym

    assert pseudonym("p2") in first  # Zoë is on the never-followed-up list, as a pseudonym
    assert pseudonym("p2") in second
    summary = json.loads((folder / "red1" / "ada" / REDACTED / "summary.json").read_text())
    assert summary["metrics"]["follow_up"]["never_followed"] == 1


def test_a_coach_runs_every_client_and_one_failure_does_not_stop_the_others(
    tmp_path, spec_document, write_json
) -> None:
    clients = tmp_path / "clients"
    clients.mkdir()
    for name, person in (("ada", "Ada's contact Quentin"), ("bob", "Bob's contact Rosalind")):
        doc = json.loads(json.dumps(spec_document))
        doc["owner"]["name"] = name.title()
        doc["people"][0]["name"] = person
        doc["encounters"][0]["follow_up_planned"] = True
        doc["touchpoints"] = []  # so the person is on the overdue list of their own report
        assert (
            invoke(
                "import",
                "json",
                str(write_json(doc, f"{name}.json")),
                "--workbook",
                str(clients / f"{name}.db"),
            ).returncode
            == 0
        )
    (clients / "broken.db").write_text("not a workbook at all")
    result = invoke(
        "report",
        "--clients",
        str(clients),
        "--period",
        "2026-10",
        "--as-of",
        "2026-11-01",
        "--out",
        str(tmp_path / "out"),
        "--jobs",
        "1",  # in this process; with two jobs and a failing client: test_placement.py
    )
    assert result.returncode == 1
    assert "broken.db" in result.stderr and "not a workbook" in result.stderr
    assert "2 of 3 client reports written; 1 failed" in result.stderr
    assert "Traceback" not in result.stderr
    ada = (tmp_path / "out" / "ada" / "2026-10" / "report.html").read_text(encoding="utf-8")
    bob = (tmp_path / "out" / "bob" / "2026-10" / "report.html").read_text(encoding="utf-8")
    assert "Quentin" in ada and "Rosalind" not in ada
    assert "Rosalind" in bob and "Quentin" not in bob
    assert not (tmp_path / "out" / "broken").exists()


def test_a_report_runs_while_someone_writes_to_the_workbook(
    tmp_path, spec_document, write_json
) -> None:
    workbook = tmp_path / "busy.db"
    assert (
        invoke(
            "import", "json", str(write_json(spec_document)), "--workbook", str(workbook)
        ).returncode
        == 0
    )
    stop = threading.Event()
    written: list[str] = []

    def notebook_session() -> None:  # a person logging touchpoints, one action at a time
        with Workbook.open(workbook) as wb:
            i = 0
            while not stop.is_set():
                touch_id = f"live{i}"
                with wb.transaction():
                    wb.put(
                        "touchpoints",
                        {"id": touch_id, "person": "p1", "date": "2026-10-20", "direction": "in"},
                    )
                written.append(touch_id)
                i += 1

    writer = threading.Thread(target=notebook_session)
    writer.start()
    try:
        result = invoke(  # its notebook reads in its own kernel process, while this one writes
            "report",
            "--workbook",
            str(workbook),
            "--period",
            "2026-10",
            "--as-of",
            "2026-11-01",
            "--out",
            str(tmp_path / "out"),
        )
    finally:
        stop.set()
        writer.join()
    assert result.returncode == 0, result.stderr
    assert len(written) > 0
    with Workbook.open(workbook) as wb:
        stored = {t["id"] for t in wb.records("touchpoints")}
    assert set(written) <= stored  # nothing written was lost


def test_html_size_does_not_grow_with_the_workbook(tmp_path) -> None:
    sizes = {}
    for people, months in ((60, 12), (3000, 24)):
        workbook = tmp_path / f"demo{people}.db"
        done = invoke(
            "demo",
            str(workbook),
            "--people",
            str(people),
            "--months",
            str(months),
            "--as-of",
            "2026-11-26",
        )
        assert done.returncode == 0, done.stderr
        result = invoke(
            "report",
            "--workbook",
            str(workbook),
            "--period",
            "2026-10",
            "--as-of",
            "2026-11-26",
            "--out",
            str(tmp_path / "out"),
        )
        assert result.returncode == 0, result.stderr
        sizes[people] = Path(result.stdout.strip()).stat().st_size
    assert abs(sizes[3000] / sizes[60] - 1) <= 0.10, sizes
    assert os.path.getsize(tmp_path / "out" / "demo3000" / "2026-10" / "summary.json") < 5000


def test_an_empty_workbook_reports_zeros_and_no_rate(tmp_path) -> None:
    workbook = tmp_path / "new.db"
    assert invoke("init", str(workbook), "--owner", "New Client").returncode == 0
    result = invoke(
        "report",
        "--workbook",
        str(workbook),
        "--as-of",
        "2026-11-26",
        "--out",
        str(tmp_path / "out"),
    )
    assert result.returncode == 0, result.stderr
    summary = json.loads((tmp_path / "out" / "new" / "2026-10" / "summary.json").read_text())
    metrics = summary["metrics"]
    assert metrics["follow_up"] == {
        "planned": 0,
        "followed": 0,
        "missed": 0,
        "pending": 0,
        "rate": None,
        "median_days": None,
        "never_followed": 0,
        "overdue": 0,
    }
    assert metrics["encounters"] == metrics["touches"] == metrics["going_cold"] == 0
    assert summary["targets"] == []
    html = Path(result.stdout.strip()).read_text(encoding="utf-8")
    assert "No purpose was set for this period" in html
    assert "No encounters to follow up in these months yet" in html


def test_the_report_prints_on_a4_with_nothing_cut_off(report_dir, browser_ready) -> None:
    from tests.helpers.browser import print_check

    printed = print_check(report_dir["out"] / "report.html", report_dir["folder"] / "r.pdf")
    assert printed["too_wide"] == []
    assert 1 <= printed["pages"] <= 12
