"""summary.json's ``history`` and the key figures' trends, worked out by hand.

The fixture (W = 7, A = 2026-11-01):

    person  encounter             out touchpoint   status on A
    p1      n1 2026-06-10         t1 06-12         followed (June)
    p2      n2 2026-08-03         —                missed   (August)
    p3      n3 2026-08-20         t3 08-22         followed (August)
    p1      n4 2026-09-15         —                missed   (September; p1 not new)
    p4      n5 2026-10-05         t5 10-06         followed (October)
    p5      n6 2026-10-28         —                pending  (October, window to 11-04)
    p6      n7 2026-10-30 (no follow-up planned)

    month   encounters new_people planned followed rate
    2026-04  0          0          0       0       None   (before anything was logged)
    2026-05  0          0          0       0       None
    2026-06  1          1          1       1       1.0
    2026-07  0          0          0       0       None
    2026-08  2          2          2       1       0.5
    2026-09  1          0          1       0       0.0
    2026-10  3          3          2       1       1.0  (the reported period)
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.helpers.documents import context, document, encounter, person, touch
from workbook.frames import frames_from_document
from workbook.metrics import summarize
from workbook.periods import parse_period
from workbook.summary import HISTORY_PERIODS, build_summary, periods_before
from workbook.trends import figure_history, trend
from workbook.words import pct

AS_OF = dt.date(2026, 11, 1)
DOC = document(
    people=[person(p) for p in ("p1", "p2", "p3", "p4", "p5", "p6")],
    encounters=[
        encounter("n1", "p1", "2026-06-10"),
        encounter("n2", "p2", "2026-08-03"),
        encounter("n3", "p3", "2026-08-20"),
        encounter("n4", "p1", "2026-09-15"),
        encounter("n5", "p4", "2026-10-05"),
        encounter("n6", "p5", "2026-10-28"),
        encounter("n7", "p6", "2026-10-30", follow_up_planned=False),
    ],
    touchpoints=[
        touch("t1", "p1", "2026-06-12"),
        touch("t3", "p3", "2026-08-22"),
        touch("t5", "p4", "2026-10-06"),
    ],
)


def _entry(label: str, start: str, end: str, enc: int, new: int, rate, followed: int, planned: int):
    return {
        "period": label,
        "start": start,
        "end": end,
        "encounters": enc,
        "new_people": new,
        "follow_up_rate": rate,
        "followed": followed,
        "planned": planned,
    }


def test_history_by_hand() -> None:
    summary = build_summary(
        frames_from_document(DOC), "ada", parse_period("2026-10", AS_OF), AS_OF, 7
    )
    assert summary["history"] == [
        _entry("2026-04", "2026-04-01", "2026-04-30", 0, 0, None, 0, 0),
        _entry("2026-05", "2026-05-01", "2026-05-31", 0, 0, None, 0, 0),
        _entry("2026-06", "2026-06-01", "2026-06-30", 1, 1, 1.0, 1, 1),
        _entry("2026-07", "2026-07-01", "2026-07-31", 0, 0, None, 0, 0),
        _entry("2026-08", "2026-08-01", "2026-08-31", 2, 2, 0.5, 1, 2),
        _entry("2026-09", "2026-09-01", "2026-09-30", 1, 0, 0.0, 0, 1),
    ]
    assert list(summary) == [
        "workbook",
        "owner",
        "period",
        "as_of",
        "window_days",
        "metrics",
        "targets",
        "history",
    ]


@pytest.mark.parametrize(
    ("period", "labels"),
    [
        ("2026-10", ["2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09"]),
        ("2026-W44", ["2026-W38", "2026-W39", "2026-W40", "2026-W41", "2026-W42", "2026-W43"]),
        ("2026-Q4", ["2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"]),
        ("2026-W02", ["2025-W48", "2025-W49", "2025-W50", "2025-W51", "2025-W52", "2026-W01"]),
        ("2026-01", ["2025-07", "2025-08", "2025-09", "2025-10", "2025-11", "2025-12"]),
    ],
)
def test_history_equals_a_separate_report_of_each_period(period: str, labels: list[str]) -> None:
    """Each entry equals the ``metrics`` a summary of that period (same as-of) holds."""
    frames = frames_from_document(DOC)
    summary = build_summary(frames, "ada", parse_period(period, AS_OF), AS_OF, 7)
    assert [h["period"] for h in summary["history"]] == labels
    assert len(summary["history"]) == HISTORY_PERIODS
    for entry in summary["history"]:
        alone = build_summary(
            frames_from_document(DOC), "ada", parse_period(entry["period"], AS_OF), AS_OF, 7
        )
        m = alone["metrics"]
        assert entry == {
            "period": alone["period"]["label"],
            "start": alone["period"]["start"],
            "end": alone["period"]["end"],
            "encounters": m["encounters"],
            "new_people": m["new_people"],
            "follow_up_rate": m["follow_up"]["rate"],
            "followed": m["follow_up"]["followed"],
            "planned": m["follow_up"]["planned"],
        }


def test_quarter_history_by_hand() -> None:
    summary = build_summary(
        frames_from_document(DOC), "ada", parse_period("2026-Q4", AS_OF), AS_OF, 7
    )
    q3 = summary["history"][-1]
    # July–September: n2, n3, n4; followed n3 only; p1 met before (June), so 2 new.
    assert q3 == _entry("2026-Q3", "2026-07-01", "2026-09-30", 3, 2, 1 / 3, 1, 3)
    q2 = summary["history"][-2]
    assert q2 == _entry("2026-Q2", "2026-04-01", "2026-06-30", 1, 1, 1.0, 1, 1)
    assert summary["history"][0]["planned"] == 0 and summary["history"][0]["follow_up_rate"] is None


def test_periods_before_crosses_years() -> None:
    week = parse_period("2026-W01", AS_OF)
    assert [p.label for p in periods_before(week, 2)] == ["2025-W51", "2025-W52"]


def test_history_of_an_empty_workbook_is_zeros_and_nulls() -> None:
    summary = build_summary(
        frames_from_document(document()), "x", parse_period("2026-10", AS_OF), AS_OF, 7
    )
    assert all(
        (h["encounters"], h["new_people"], h["follow_up_rate"], h["followed"], h["planned"])
        == (0, 0, None, 0, 0)
        for h in summary["history"]
    )
    assert (
        summarize(frames_from_document(document()), "2026-10-01", "2026-10-31", AS_OF, 7)[
            "follow_up"
        ]["rate"]
        is None
    )


# ---------------------------------------------------------------------------- trends


def test_trend_against_the_month_before_and_the_three_before() -> None:
    ctx = context(DOC, "2026-10", AS_OF)
    history = figure_history(ctx.frames, ctx.period, ctx.as_of, ctx.window)
    # October rate 1/1; September 0/1; last three months (Jul, Aug, Sep) pooled: 1 of 3.
    assert trend(history, "follow_up_rate", pct) == {
        "direction": "up",
        "text": "↑ 100 points on the month before (0%); 3-month average 33%",
    }
    # New people: October 2, September 0; Jul 0, Aug 2, Sep 0 → average 0.7.
    assert history.current["new_people"] == 3  # p4, p5, p6 are all new
    assert trend(history, "new_people") == {
        "direction": "up",
        "text": "↑ 3 on the month before (0); 3-month average 0.7",
    }
    # Encounters in Jul/Aug/Sep: 0, 2, 1 → 1; September 1 → October 3.
    assert trend(history, "encounters")["text"] == "↑ 2 on the month before (1); 3-month average 1"


def test_trend_down_and_same() -> None:
    ctx = context(DOC, "2026-09", AS_OF)
    history = figure_history(ctx.frames, ctx.period, ctx.as_of, ctx.window)
    # September 1 encounter, August 2: down 1. Jun, Jul, Aug → 1, 0, 2: average 1.
    assert trend(history, "encounters") == {
        "direction": "down",
        "text": "↓ 1 on the month before (2); 3-month average 1",
    }
    ctx = context(DOC, "2026-06", AS_OF)
    history = figure_history(ctx.frames, ctx.period, ctx.as_of, ctx.window)
    assert trend(history, "encounters") == {
        "direction": "none",
        "text": "nothing earlier to compare with",
    }


def test_trend_with_one_earlier_period_has_no_average() -> None:
    ctx = context(DOC, "2026-07", AS_OF)
    history = figure_history(ctx.frames, ctx.period, ctx.as_of, ctx.window)
    assert len(history.before) == 1  # only June has data before July
    assert trend(history, "encounters") == {
        "direction": "down",
        "text": "↓ 1 on the month before (1)",
    }
    # July has no closed window: nothing to compare a rate with.
    assert trend(history, "follow_up_rate", pct) == {
        "direction": "none",
        "text": "the month before: 100%",
    }


def test_trend_of_a_rate_with_nothing_before() -> None:
    ctx = context(DOC, "2026-08", AS_OF)
    history = figure_history(ctx.frames, ctx.period, ctx.as_of, ctx.window)
    # July has no closed window; June and July pooled: 1 of 1.
    assert trend(history, "follow_up_rate", pct) == {
        "direction": "none",
        "text": "nothing to compare with the month before; 2-month average 100%",
    }


def test_trend_in_weeks_and_days() -> None:
    ctx = context(DOC, "2026-W44", AS_OF)  # 26 Oct – 1 Nov: n6 and n7
    history = figure_history(ctx.frames, ctx.period, ctx.as_of, ctx.window)
    assert trend(history, "encounters")["text"].endswith(
        "on the week before (0); 3-week average 0.3"
    )
