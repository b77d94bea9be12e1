"""Each chart's figures as a table (docs/report.md): the values the chart draws, read as
its axes show them, in the order the chart shows them; and the chart's HTML carries it."""

from __future__ import annotations

import pandas as pd

from workbook import charts
from workbook.display import chart_html


def monthly(followed: list[int], missed: list[int], pending: list[int]) -> pd.DataFrame:
    frame = pd.DataFrame(
        {"month": ["2026-09", "2026-10"], "followed": followed, "missed": missed}
    ).assign(pending=pending)
    frame["planned"] = frame["followed"] + frame["missed"] + frame["pending"]
    closed = frame["followed"] + frame["missed"]
    frame["rate"] = frame["followed"] / closed.where(closed > 0)
    return frame


def test_rate_by_month_one_row_a_month_and_the_target_line_left_out() -> None:
    # September: nothing closed (no rate); October: 1 of 3 closed followed → 33%.
    fig = charts.follow_up_rate_by_month(monthly([0, 1], [0, 2], [1, 1]), target=0.8)
    table = charts.figure_table(fig)
    assert table["title"] == "Follow-up rate, month by month"
    assert table["columns"] == [
        "Month",
        "Followed up in time",
        "Missed",
        "Still open",
        "Follow-up rate",
    ]
    assert table["rows"] == [["2026-09", "0", "0", "1", "—"], ["2026-10", "1", "2", "1", "33%"]]


def test_setting_rows_read_top_down_as_the_bars_do() -> None:
    rates = pd.DataFrame(
        {
            "setting": ["Everyday places", "Meetup"],
            "kind": ["everyday", "meetup"],
            "rate": [0.0, None],
            "encounters": [2, 1],
            "followed": [0, 0],
            "missed": [2, 0],
            "pending": [0, 1],
        }
    )
    table = charts.figure_table(charts.follow_up_by_setting(rates))
    assert table["columns"] == ["Where you met", "Follow-up rate"]
    # The bar's own label: a setting with nothing closed says so, not "0%".
    assert table["rows"] == [["Everyday places", "0%"], ["Meetup", "no data yet"]]


def test_funnel_rows_are_the_stages() -> None:
    table = charts.figure_table(charts.stage_funnel({"met": 3, "followed_up": 1}))
    assert table["columns"] == ["Stage", "People"]
    assert table["rows"] == [
        ["Met", "3"],
        ["Followed up", "1"],
        ["Conversing", "0"],
        ["Relationship", "0"],
        ["Opportunity", "0"],
    ]


def test_a_step_curve_keeps_the_days_it_moves_and_its_last() -> None:
    curve = pd.DataFrame(
        {"day": [0, 1, 2, 3, 4], "share": [0.0, 0.5, 0.5, 0.75, 0.75], "at_risk": [4, 2, 2, 1, 1]}
    )
    table = charts.figure_table(charts.days_to_follow_up(curve, 7))
    assert table["columns"] == ["Days after meeting", "Followed up by this day"]
    assert table["rows"] == [["0", "0%"], ["1", "50%"], ["3", "75%"], ["4", "75%"]]


def test_give_ask_two_columns_a_month() -> None:
    balance = pd.DataFrame({"month": ["2026-09", "2026-10"], "gives": [2, 0], "asks": [1, 3]})
    table = charts.figure_table(charts.give_ask_balance(balance))
    assert table["columns"] == ["Month", "Gives & introductions", "Asks"]
    assert table["rows"] == [["2026-09", "2", "1"], ["2026-10", "0", "3"]]


def test_an_empty_chart_says_why() -> None:
    empty = pd.DataFrame({"day": [], "share": [], "at_risk": []})
    table = charts.figure_table(charts.days_to_follow_up(empty, 7))
    assert (table["columns"], table["rows"]) == ([], [])
    assert table["empty"] == "No encounters to follow up in this period"


def test_any_plotly_figure_gets_a_table() -> None:
    """A chart made elsewhere (no names for the table): axis titles, else "Value"."""
    fig = {
        "data": [{"type": "scatter", "x": [1, 2], "y": [0.5, 1.25]}],
        "layout": {"xaxis": {"title": {"text": "week"}}},
    }
    assert charts.figure_table(fig) == {
        "title": "",
        "columns": ["week", "Value"],
        "rows": [["1", "0.5"], ["2", "1.25"]],
        "empty": "Nothing to show yet.",
    }


def test_the_chart_html_holds_its_table_escaped() -> None:
    rates = pd.DataFrame(
        {
            "setting": ["<b>Gala</b> & co"],
            "kind": ["gala"],
            "rate": [0.5],
            "encounters": [2],
            "followed": [1],
            "missed": [1],
            "pending": [0],
        }
    )
    html = chart_html(charts.follow_up_by_setting(rates))
    assert html.startswith('<div class="chart">')
    assert '<div class="chart-plot" aria-hidden="true">' in html
    assert "<caption>Events vs everyday places: the figures</caption>" in html
    assert '<td data-label="Where you met">&lt;b&gt;Gala&lt;/b&gt; &amp; co</td>' in html
    assert '<td data-label="Follow-up rate" class="num">50%</td>' in html
