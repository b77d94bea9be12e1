"""Charts draw exactly the aggregated numbers they are given, and say so when empty."""

from __future__ import annotations

import pandas as pd

from workbook import charts


def _annotations(fig) -> list[str]:
    return [a["text"] for a in fig["layout"].get("annotations", [])]


def monthly(followed, missed, pending) -> pd.DataFrame:
    months = [f"2026-{m:02d}" for m in range(1, len(followed) + 1)]
    frame = pd.DataFrame(
        {"month": months, "followed": followed, "missed": missed, "pending": pending}
    )
    frame["planned"] = frame["followed"] + frame["missed"] + frame["pending"]
    closed = frame["followed"] + frame["missed"]
    frame["rate"] = frame["followed"] / closed.where(closed > 0)
    return frame


def test_rate_by_month_stacks_the_counts_and_draws_the_rate_and_target() -> None:
    fig = charts.follow_up_rate_by_month(monthly([1, 3], [3, 1], [0, 2]), target=0.8)
    bars = {t["name"]: t["y"] for t in fig["data"] if t["type"] == "bar"}
    assert bars == {"Followed up in time": [1, 3], "Missed": [3, 1], "Still open": [0, 2]}
    rate = next(t for t in fig["data"] if t["name"] == "Follow-up rate")
    assert rate["y"] == [0.25, 0.75]  # pending encounters stay out of the rate
    target = next(t for t in fig["data"] if t["name"] == "Target 80%")
    assert target["y"] == [0.8, 0.8]
    assert fig["layout"]["barmode"] == "stack"
    assert _annotations(fig) == []


def test_count_axes_tick_whole_numbers() -> None:
    """One encounter, or none, is not labelled 0.2, 0.4 …; many keep plotly's own ticks."""
    for fig in (
        charts.follow_up_rate_by_month(monthly([1, 0], [0, 0], [0, 0])),
        charts.follow_up_rate_by_month(monthly([0, 0], [0, 0], [0, 0])),
        charts.give_ask_balance(pd.DataFrame({"month": ["2026-10"], "gives": [1], "asks": [0]})),
    ):
        axis = fig["layout"]["yaxis"]
        assert (axis["dtick"], axis["tickformat"], axis["rangemode"]) == (1, ",d", "tozero")
    many = charts.follow_up_rate_by_month(monthly([4, 9], [2, 0], [0, 1]))["layout"]["yaxis"]
    assert "dtick" not in many and many["tickformat"] == ",d"


def test_an_empty_chart_says_why() -> None:
    fig = charts.follow_up_rate_by_month(monthly([0, 0], [0, 0], [0, 0]))
    assert _annotations(fig) == ["No encounters to follow up in these months yet"]
    empty_curve = pd.DataFrame(columns=["day", "at_risk", "followed", "censored", "share"])
    fig = charts.days_to_follow_up(empty_curve, window=7)
    assert "No encounters to follow up in this period" in _annotations(fig)
    assert fig["layout"]["xaxis"]["range"] == [0, 10]  # the 7-day line stays in view
    stages = dict.fromkeys(charts.STAGE_LABELS, 0)
    assert _annotations(charts.stage_funnel(stages))[0].startswith("Nobody met yet")


def test_funnel_follows_the_stage_order() -> None:
    stages = {"met": 10, "followed_up": 7, "conversing": 4, "relationship": 2, "opportunity": 1}
    funnel = charts.stage_funnel(stages)["data"][0]
    assert funnel["y"] == ["Met", "Followed up", "Conversing", "Relationship", "Opportunity"]
    assert funnel["x"] == [10, 7, 4, 2, 1]


def test_settings_put_the_first_row_on_top_and_label_missing_rates() -> None:
    rates = pd.DataFrame(
        {
            "setting": ["Everyday places", "Conference"],
            "kind": ["everyday", "conference"],
            "encounters": [4, 3],
            "planned": [4, 3],
            "followed": [1, 0],
            "missed": [3, 0],
            "pending": [0, 3],
            "rate": [0.25, float("nan")],
        }
    )
    bar = charts.follow_up_by_setting(rates)["data"][0]
    assert bar["y"] == ["Conference", "Everyday places"]  # plotly draws bottom-up
    assert bar["text"] == ["no data yet", "25%"]
    assert bar["customdata"] == [[3, 0, 0, 3], [4, 1, 3, 0]]


def test_give_ask_balance_groups_gives_and_asks() -> None:
    balance = pd.DataFrame(
        {"month": ["2026-09", "2026-10"], "gives": [2, 0], "asks": [1, 3], "other": [5, 5]}
    )
    fig = charts.give_ask_balance(balance)
    assert {t["name"]: t["y"] for t in fig["data"]} == {
        "Gives & introductions": [2, 0],
        "Asks": [1, 3],
    }
    assert _annotations(fig) == []


def test_every_chart_is_a_valid_plotly_figure() -> None:
    """The specs skip validation when drawn; here plotly validates each one in full."""
    import plotly.graph_objects as go

    monthly_frame = monthly([1, 0], [0, 0], [2, 0])
    curve = pd.DataFrame(
        {
            "day": [0, 1, 2],
            "at_risk": [3, 2, 1],
            "followed": [1, 1, 0],
            "censored": [0, 0, 1],
            "share": [1 / 3, 2 / 3, 2 / 3],
        }
    )
    rates = pd.DataFrame(
        {
            "setting": ["Everyday places"],
            "kind": ["everyday"],
            "encounters": [1],
            "planned": [1],
            "followed": [1],
            "missed": [0],
            "pending": [0],
            "rate": [1.0],
        }
    )
    specs = [
        charts.follow_up_rate_by_month(monthly_frame, target=0.8),
        charts.days_to_follow_up(curve, 7),
        charts.follow_up_by_setting(rates),
        charts.stage_funnel({"met": 3, "followed_up": 2}),
        charts.give_ask_balance(
            pd.DataFrame({"month": ["2026-10"], "gives": [1], "asks": [0], "other": [0]})
        ),
    ]
    for spec in specs:
        go.Figure(spec)  # raises on any property plotly does not know
    assert specs[0]["data"][3]["y"] == [1.0, None]  # no rate where nothing closed: a gap
