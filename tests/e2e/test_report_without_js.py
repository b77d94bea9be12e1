"""The report in Chromium with JavaScript off shows each chart's figures as a table, with
the values worked out by hand; with JavaScript on the charts draw as before, their tables
still there for screen readers but out of sight (docs/report.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.helpers.browser import DESKTOP, PHONE, local_page
from tests.helpers.small_story import AS_OF, PERIOD, write_client
from workbook.reports import build_report

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CHARTS = 5  # follow-up by month, days to follow up, by setting, funnel, give and ask

# What each chart's table says, per the story of tests/helpers/small_story.py (rows the
# test checks; the month charts hold the twelve months up to November, as-of's month).
EXPECTED = {
    "Follow-up rate, month by month": (
        ["Month", "Followed up in time", "Missed", "Still open", "Follow-up rate"],
        ["2026-10", "1", "2", "0", "33%"],
    ),
    "Events vs everyday places": (["Where you met", "Follow-up rate"], None),
    "From first meeting to relationship": (["Stage", "People"], ["Followed up", "1"]),
    "Give before you ask": (["Month", "Gives & introductions", "Asks"], ["2026-10", "0", "0"]),
    "How fast you follow up": (["Days after meeting", "Followed up by this day"], None),
}

_TABLES = """
() => Array.from(document.querySelectorAll('.chart')).map(chart => {
  const figures = chart.querySelector('.chart-figures');
  const plot = chart.querySelector('.chart-plot');
  const box = figures.getBoundingClientRect();
  const table = figures.querySelector('table');
  return {
    caption: table ? table.caption.textContent : figures.textContent.trim(),
    head: table ? Array.from(table.tHead.rows[0].cells).map(c => c.textContent) : [],
    rows: table ? Array.from(table.tBodies[0].rows).map(
      r => Array.from(r.cells).map(c => c.textContent)) : [],
    shown: box.width > 100 && box.height > 20 && getComputedStyle(figures).visibility !== 'hidden',
    plotHeight: plot.getBoundingClientRect().height,
    drawn: !!chart.querySelector('.js-plotly-plot .main-svg'),
  };
})
"""


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("nojs")
    workbook = write_client(folder / "ada.db", "Ada")
    return build_report(workbook, period=PERIOD, as_of=AS_OF, out_root=folder / "out").html


def charts_seen(report: Path, javascript: bool, **page: Any) -> list[dict[str, Any]]:
    with local_page(java_script_enabled=javascript, **page) as opened:
        opened.goto(report.as_uri())
        if javascript:
            opened.wait_for_function(
                f"document.querySelectorAll('.js-plotly-plot .main-svg').length >= {CHARTS}"
            )
        return list(opened.evaluate(_TABLES))


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_without_javascript_every_chart_shows_its_figures(
    report: Path, browser_ready: None, viewport: str
) -> None:
    page = {"viewport": DESKTOP} if viewport == "desktop" else {"viewport": PHONE, "mobile": True}
    seen = charts_seen(report, javascript=False, **page)
    assert len(seen) == CHARTS
    by_title = {chart["caption"].removesuffix(": the figures"): chart for chart in seen}
    assert set(by_title) == set(EXPECTED)
    for title, (head, row) in EXPECTED.items():
        chart = by_title[title]
        assert chart["shown"], title
        assert chart["plotHeight"] == 0, title  # no blank space where the chart would be
        assert not chart["drawn"]
        assert chart["head"] == head, title
        if row is not None:
            assert row in chart["rows"], (title, chart["rows"])
    setting = by_title["Events vs everyday places"]["rows"]
    assert sorted(setting) == [["Everyday places", "0%"], ["Meetup", "100%"]]
    months = by_title["Follow-up rate, month by month"]["rows"]
    # The twelve months up to the as-of date's (November 2026).
    assert [m[0] for m in months] == ["2025-12"] + [f"2026-{m:02d}" for m in range(1, 12)]
    days = by_title["How fast you follow up"]["rows"]
    assert days[0] == ["0", "0%"] and ["1", "33%"] in days


def test_with_javascript_the_charts_draw_and_the_tables_stay_for_screen_readers(
    report: Path, browser_ready: None
) -> None:
    seen = charts_seen(report, javascript=True, viewport=DESKTOP)
    assert len(seen) == CHARTS
    for chart in seen:
        assert chart["drawn"]
        assert chart["plotHeight"] >= 260
        assert not chart["shown"]  # out of sight …
        assert chart["rows"]  # … but in the page, for a screen reader
