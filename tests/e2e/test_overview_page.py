"""The coach's overview page in a real browser: every column visible on a desktop without
scrolling the table sideways, and each client a card on a phone (like the reports' tables)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.helpers.browser import local_page, skip_without_browser
from workbook.overview import client_row, write_overview
from workbook.periods import parse_period

pytestmark = [pytest.mark.browser, skip_without_browser()]

OCTOBER = parse_period("2026-10", dt.date(2026, 11, 26))


def _summary(rate: float | None, new_people: int) -> dict:
    return {
        "period": {"label": "2026-10", "start": "2026-10-01", "end": "2026-10-31"},
        "metrics": {"new_people": new_people, "follow_up": {"rate": rate, "overdue": 1}},
        "targets": [],
        "history": [{"period": f"2026-0{m}", "follow_up_rate": 0.8} for m in range(4, 10)],
    }


def _overview(out: Path) -> Path:
    rows = [
        client_row(Path("empty.db"), _summary(None, 0), None, out / "e.html", out, None, OCTOBER),
        client_row(
            Path("a-client-with-a-long-name.db"),
            _summary(0.83, 3),
            None,
            out / "a.html",
            out,
            dt.date(2026, 11, 25),
            OCTOBER,
        ),
    ]
    html, _ = write_overview(rows, out, "Clients of coach", "2026-11-26 16:20")
    return html


def _measure(html: Path, width: int) -> dict:
    with local_page({"width": width, "height": 900}) as page:
        page.goto(html.resolve().as_uri(), wait_until="load")
        return page.evaluate(
            """() => {
              const wrap = document.querySelector('.table-wrap');
              const link = document.querySelector('tbody td:last-child a');
              const box = link.getBoundingClientRect();
              return {scroll: wrap.scrollWidth, client: wrap.clientWidth,
                      page: document.documentElement.scrollWidth,
                      linkVisible: box.right <= wrap.getBoundingClientRect().right + 1,
                      head: getComputedStyle(document.querySelector('thead')).display};
            }"""
        )


def test_every_column_fits_a_desktop_and_a_phone_gets_cards(tmp_path: Path) -> None:
    html = _overview(tmp_path)
    desktop = _measure(html, 1280)
    assert desktop["scroll"] <= desktop["client"], desktop  # no sideways scrolling
    assert desktop["linkVisible"] and desktop["head"] != "none"
    phone = _measure(html, 390)
    assert phone["page"] <= 390 and phone["scroll"] <= phone["client"], phone
    assert phone["linkVisible"] and phone["head"] == "none"  # cards, labelled per cell
