"""The coach's overview: figures from each client's summary, order, escaping, CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

from workbook.frames import frames_from_document
from workbook.overview import (
    client_row,
    last_logged,
    ordered,
    overview_csv,
    overview_html,
    sparkline,
    stopped_logging,
)
from workbook.periods import parse_period

OUT = Path("/reports")
OCTOBER = parse_period("2026-10", dt.date(2026, 11, 1))


def summary(
    rate: float | None = 0.5,
    history: list[dict[str, Any]] | None = None,
    targets: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """A summary.json of the documented shape, with the figures the overview reads."""
    document: dict[str, Any] = {
        "workbook": "ada",
        "period": {"label": "2026-10", "start": "2026-10-01", "end": "2026-10-31"},
        "metrics": {"new_people": 3, "follow_up": {"rate": rate, "overdue": 2}},
        "targets": targets or [],
    }
    if history is not None:
        document["history"] = history
    return document


def test_last_logged_is_the_latest_logged_date_up_to_as_of(spec_document) -> None:
    frames = frames_from_document(spec_document)
    # Encounter 2 Oct, touchpoint 3 Oct, debrief 3 Oct, opportunity 20 Nov.
    assert last_logged(frames, dt.date(2026, 11, 30)) == dt.date(2026, 11, 20)
    assert last_logged(frames, dt.date(2026, 11, 19)) == dt.date(2026, 10, 3)
    assert last_logged(frames, dt.date(2026, 10, 2)) == dt.date(2026, 10, 2)
    assert last_logged(frames, dt.date(2026, 10, 1)) is None


def test_stopped_logging_after_more_than_two_quiet_periods() -> None:
    # October reported: nothing in October, September or August means stopped.
    assert stopped_logging(dt.date(2026, 8, 1), OCTOBER) is False
    assert stopped_logging(dt.date(2026, 7, 31), OCTOBER) is True
    assert stopped_logging(None, OCTOBER) is True
    week = parse_period("2026-W44", dt.date(2026, 11, 30))  # 26 Oct – 1 Nov
    assert stopped_logging(dt.date(2026, 10, 12), week) is False  # Monday of W42
    assert stopped_logging(dt.date(2026, 10, 11), week) is True


def test_a_row_holds_the_summary_figures() -> None:
    history = [
        {"period": f"2026-0{m}", "follow_up_rate": r, "followed": 1, "planned": 2}
        for m, r in zip(range(4, 10), (None, 0.25, 0.5, 1.0, 0.75, 0.5), strict=True)
    ]
    targets = [
        {"metric": "new_people", "target": 10, "actual": 3, "pct": 0.3, "on_track": False},
        {"metric": "encounters", "target": 2, "actual": 4, "pct": 2.0, "on_track": True},
        {"metric": "follow_up_rate", "target": 0.8, "actual": None, "pct": None, "on_track": False},
    ]
    row = client_row(
        OUT / "clients" / "ada.db",
        summary(0.5, history, targets),
        None,
        OUT / "ada" / "2026-10" / "report.html",
        OUT,
        logged=dt.date(2026, 10, 30),
        period=OCTOBER,
    )
    assert (row.client, row.status, row.rate, row.new_people, row.overdue) == (
        "ada",
        "ok",
        0.5,
        3,
        2,
    )
    assert row.history == (None, 0.25, 0.5, 1.0, 0.75, 0.5)
    assert row.history_labels[0] == "2026-04"
    assert row.targets_behind == 1  # no data yet is not "behind"
    assert row.link == "ada/2026-10/report.html"
    assert not row.stopped


def test_a_summary_without_history_has_no_trend() -> None:
    row = client_row(Path("ada.db"), summary(), None, None, OUT, period=OCTOBER)
    assert row.history == ()
    assert sparkline(row.history) == ""


def test_a_failed_client_carries_its_cause() -> None:
    row = client_row(Path("x/bob.db"), None, "bob.db: not a workbook", None, OUT)
    assert (row.client, row.status, row.cause) == ("bob", "failed", "bob.db: not a workbook")
    assert row.attention == ["report failed"]


def test_a_client_who_never_logged_has_not_stopped_logging() -> None:
    never = client_row(Path("new.db"), summary(None), None, None, OUT, period=OCTOBER)
    assert never.stopped and never.attention == ["nothing logged yet"]
    quiet = client_row(
        Path("old.db"), summary(None), None, None, OUT, logged=dt.date(2026, 7, 31), period=OCTOBER
    )
    assert quiet.attention == ["stopped logging"]


def test_clients_who_need_attention_come_first() -> None:
    def row(name: str, **kw: Any) -> Any:
        base = client_row(Path(f"{name}.db"), summary(kw.pop("rate", 0.9)), None, None, OUT)
        return base.__class__(**{**base.__dict__, **kw})

    rows = [
        row("fine", rate=0.9),
        row("low", rate=0.2),
        row("norate", rate=None),
        row("behind", rate=0.95, targets_behind=2),
        row("quiet", rate=1.0, stopped=True),
        client_row(Path("zed.db"), None, "broken", None, OUT),
    ]
    assert [r.client for r in ordered(rows)] == ["zed", "quiet", "behind", "low", "fine", "norate"]


def test_the_sparkline_scales_rates_and_skips_gaps() -> None:
    assert sparkline([0.0, 1.0]) == "0.0,22.0 96.0,2.0"
    assert sparkline([1.0, None, 0.5]) == "0.0,2.0 96.0,12.0"
    assert sparkline([None, 0.5]) == ""
    assert sparkline([0.5]) == ""


def test_the_csv_has_one_row_per_client_and_no_formulas() -> None:
    history = [{"period": "2026-09", "follow_up_rate": None}, {"period": "x", "follow_up_rate": 1}]
    rows = [
        client_row(Path("=cmd.db"), summary(0.25, history), None, None, OUT, period=OCTOBER),
        client_row(Path("bob.db"), None, "bob.db: locked", None, OUT),
    ]
    table = list(csv.DictReader(io.StringIO(overview_csv(rows))))
    assert table[0]["client"] == "'=cmd"
    assert table[0]["follow_up_rate"] == "0.25"
    assert table[0]["follow_up_rate_history"] == ";1.00"
    assert table[0]["stopped_logging"] == "yes"  # nothing logged at all
    assert table[1]["status"] == "failed" and table[1]["cause"] == "bob.db: locked"
    assert table[1]["stopped_logging"] == ""


def test_the_page_escapes_client_names_and_loads_nothing() -> None:
    name = '<img src=x onerror=alert(1)> & "co"'
    rows = [
        client_row(
            Path(f"{name}.db"),
            summary(),
            None,
            OUT / name / "2026-10" / "report.html",
            OUT,
            period=OCTOBER,
        ),
        client_row(Path("bob.db"), None, "<b>bob</b>.db: broken", None, OUT),
    ]
    html = overview_html(ordered(rows), "Clients <of> coach", "2026-11-01 07:00")
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt; &amp;" in html
    assert "&lt;b&gt;bob&lt;/b&gt;.db: broken" in html
    assert "<title>Clients &lt;of&gt; coach</title>" in html
    assert 'href="%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E%20%26%20%22co%22/2026-10/' in html
    assert "<script" not in html and "http://" not in html and "https://" not in html
    assert "default-src 'none'" in html
    assert html.index("bob") < html.index("onerror")  # the failed client first
