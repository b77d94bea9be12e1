"""Unit tests of workbook.metrics (docs/metrics.md): every number is worked out by hand below.

The main fixture, ``DOC``, uses W = 7 and the period P = October 2026; the default as-of
date A is 2026-11-01 (the day after P, as a ``last-month`` report would run).

People, encounters (n) and touchpoints (t) of DOC, with what each is there to test:

    p1 Ann  cadence 2   n1  10-01 e1 conference, card      t1  10-01 out follow_up (same day)
                                                            t9  10-03 in  follow_up
                                                            t10 10-30 out nurture
    p2 Ben  cadence 22  n2  10-02 e1 conference            t2  10-09 out give  (E + 7 exactly)
    p3 Cat              n3  10-03 "hockey rink", card      t3  10-11 out follow_up (E + 8: late)
                                                            t11 09-01 in  (before the encounter)
    p4 Dan  cadence 10  n4  10-04 "grocery store", card    t4  10-05 in  ask (inbound)
                                                            t5  10-02 out intro_made (before E)
                                                            t6  11-03 out follow_up (after A)
    p5 Eve              n5  10-25 e2 meetup, card,         t7  11-02 out give (after A)
                              due 10-28 (earlier than E+W = 11-01)
    p6 Fay  cadence 30  n6  10-24 "auto shop", no card,    (no touchpoint)
                              due 11-05 (later than E+W = 10-31)
    p7 Gus              n7  10-10 "bakery", card, follow_up_planned false
    p8 Hal              n8  09-20 (before P)           t13 09-20 out nurture
                        n9  10-15 e3 workshop          t8  10-16 out follow_up
                                                        t12 10-20 in  follow_up
    p9 Ivy  cadence 1   n10 11-05 (after A)            t14 11-03 out follow_up (after A)

Events: e0 09-20 (before P), e1 10-01 conference, e2 10-25 meetup, e3 10-15 workshop,
e4 11-10 (after A). Debriefs: d1 10-02, d2 11-02 (after A). Opportunities: o1 p1 10-20,
o2 p8 11-10 (after A).
"""

from __future__ import annotations

import copy
import datetime as dt
import math
import random
from typing import Any

import pandas as pd
import pytest

from workbook import metrics
from workbook.errors import RecordError
from workbook.frames import Frames, frames_from_document

D = dt.date
W = 7
OCT_START, OCT_END = D(2026, 10, 1), D(2026, 10, 31)
A = D(2026, 11, 1)


def person(pid: str, name: str, cadence: int | None = None) -> dict[str, Any]:
    return {"id": pid, "name": name, "cadence_days": cadence}


def enc(
    nid: str,
    pid: str,
    date: str,
    event: str | None = None,
    place: str | None = None,
    card: bool = False,
    planned: bool = True,
    due: str | None = None,
) -> dict[str, Any]:
    return {
        "id": nid,
        "person": pid,
        "date": date,
        "event": event,
        "place": place,
        "card_exchanged": card,
        "follow_up_planned": planned,
        "follow_up_due": due,
    }


def touch(
    tid: str, pid: str, date: str, direction: str = "out", kind: str = "follow_up"
) -> dict[str, Any]:
    return {"id": tid, "person": pid, "date": date, "direction": direction, "kind": kind}


DOC: dict[str, Any] = {
    "format": "networking-workbook",
    "version": 1,
    "owner": {"name": "Ada Example"},
    "people": [
        person("p1", "Ann", 2),
        person("p2", "Ben", 22),
        person("p3", "Cat"),
        person("p4", "Dan", 10),
        person("p5", "Eve"),
        person("p6", "Fay", 30),
        person("p7", "Gus"),
        person("p8", "Hal"),
        person("p9", "Ivy", 1),
    ],
    "events": [
        {"id": "e0", "name": "Summer fair", "kind": "social", "date": "2026-09-20"},
        {"id": "e1", "name": "DevConf", "kind": "conference", "date": "2026-10-01"},
        {"id": "e2", "name": "Tech meetup", "kind": "meetup", "date": "2026-10-25"},
        {"id": "e3", "name": "Pricing workshop", "kind": "workshop", "date": "2026-10-15"},
        {"id": "e4", "name": "Winter expo", "kind": "trade_show", "date": "2026-11-10"},
    ],
    "encounters": [
        enc("n1", "p1", "2026-10-01", event="e1", card=True),
        enc("n2", "p2", "2026-10-02", event="e1"),
        enc("n3", "p3", "2026-10-03", place="hockey rink", card=True),
        enc("n4", "p4", "2026-10-04", place="grocery store", card=True),
        enc("n5", "p5", "2026-10-25", event="e2", card=True, due="2026-10-28"),
        enc("n6", "p6", "2026-10-24", place="auto shop", due="2026-11-05"),
        enc("n7", "p7", "2026-10-10", place="bakery", card=True, planned=False),
        enc("n8", "p8", "2026-09-20"),
        enc("n9", "p8", "2026-10-15", event="e3"),
        enc("n10", "p9", "2026-11-05", card=True),
    ],
    "touchpoints": [
        touch("t1", "p1", "2026-10-01"),
        touch("t2", "p2", "2026-10-09", kind="give"),
        touch("t3", "p3", "2026-10-11"),
        touch("t4", "p4", "2026-10-05", direction="in", kind="ask"),
        touch("t5", "p4", "2026-10-02", kind="intro_made"),
        touch("t6", "p4", "2026-11-03"),
        touch("t7", "p5", "2026-11-02", kind="give"),
        touch("t8", "p8", "2026-10-16"),
        touch("t9", "p1", "2026-10-03", direction="in"),
        touch("t10", "p1", "2026-10-30", kind="nurture"),
        touch("t11", "p3", "2026-09-01", direction="in"),
        touch("t12", "p8", "2026-10-20", direction="in"),
        touch("t13", "p8", "2026-09-20", kind="nurture"),
        touch("t14", "p9", "2026-11-03"),
    ],
    "purposes": [],
    "debriefs": [
        {"id": "d1", "event": "e1", "date": "2026-10-02"},
        {"id": "d2", "event": "e2", "date": "2026-11-02"},
    ],
    "opportunities": [
        {"id": "o1", "person": "p1", "date": "2026-10-20", "kind": "referral"},
        {"id": "o2", "person": "p8", "date": "2026-11-10", "kind": "client"},
    ],
}


@pytest.fixture
def frames() -> Frames:
    return frames_from_document(copy.deepcopy(DOC))


def with_purposes(purposes: list[dict[str, Any]]) -> Frames:
    doc = copy.deepcopy(DOC)
    doc["purposes"] = purposes
    return frames_from_document(doc)


# ------------------------------------------------------------------ follow_up_status


def single(
    touches: list[dict[str, Any]],
    *,
    card: bool = True,
    planned: bool = True,
    due: str | None = None,
) -> Frames:
    """One encounter E = 2026-10-01 with p1, plus the given touchpoints (p2 is someone else)."""
    return frames_from_document(
        {
            "people": [person("p1", "Ann"), person("p2", "Ben")],
            "encounters": [enc("n1", "p1", "2026-10-01", card=card, planned=planned, due=due)],
            "touchpoints": touches,
        }
    )


E = D(2026, 10, 1)


def day(offset: int) -> str:
    return (E + dt.timedelta(days=offset)).isoformat()


@pytest.mark.parametrize(
    ("touches", "as_of_offset", "window", "status", "days", "never", "overdue"),
    [
        # Same-day follow-up: F − E = 0 <= 7 → followed, days 0.
        ([touch("t", "p1", day(0))], 0, 7, "followed", 0, False, False),
        # Follow-up on E + W exactly → followed, days 7.
        ([touch("t", "p1", day(7))], 7, 7, "followed", 7, False, False),
        # The same touch seen from A = E + 6 is after A: ignored, window open → pending.
        ([touch("t", "p1", day(7))], 6, 7, "pending", None, False, False),
        # Follow-up on E + W + 1 → missed, but F exists (days 8; counts in median_days).
        ([touch("t", "p1", day(8))], 8, 7, "missed", 8, False, False),
        # No follow-up, A = E + W: window still open on its last day → pending; due = E+7,
        # A > due is false → not overdue; A > E+W false → not never_followed.
        ([], 7, 7, "pending", None, False, False),
        # No follow-up, A = E + W + 1 → missed, never_followed (card), overdue (A > E+7).
        ([], 8, 7, "missed", None, True, True),
        # An out touch dated the day before E never counts → missed, never, overdue.
        ([touch("t", "p1", day(-1))], 8, 7, "missed", None, True, True),
        # An inbound touch never counts → missed, never, overdue.
        ([touch("t", "p1", day(1), direction="in")], 8, 7, "missed", None, True, True),
        # An out touch with someone else never counts.
        ([touch("t", "p2", day(1))], 8, 7, "missed", None, True, True),
        # The earliest qualifying out touch is F: day 2 (not day 9), whatever the kind.
        (
            [touch("a", "p1", day(9)), touch("b", "p1", day(2), kind="give")],
            9,
            7,
            "followed",
            2,
            False,
            False,
        ),
        # W = 0: same day still counts …
        ([touch("t", "p1", day(0))], 3, 0, "followed", 0, False, False),
        # … and the day after is already late (A = E + 1 > E + 0).
        ([touch("t", "p1", day(1))], 1, 0, "missed", 1, False, False),
    ],
)
def test_follow_up_status_edges(touches, as_of_offset, window, status, days, never, overdue):
    f = single(touches)
    row = metrics.follow_up_status(
        f.encounters, f.touchpoints, E + dt.timedelta(days=as_of_offset), window
    ).iloc[0]
    assert row["status"] == status
    assert pd.isna(row["days"]) if days is None else row["days"] == days
    assert (
        pd.isna(row["first_out"])
        if days is None
        else row["first_out"] == pd.Timestamp(E + dt.timedelta(days=days))
    )
    assert bool(row["never_followed"]) is never
    assert bool(row["overdue"]) is overdue


@pytest.mark.parametrize(
    ("planned", "card", "due", "as_of_offset", "status", "never", "overdue"),
    [
        # Unplanned with a card and no follow-up after the window: not in the planned
        # statuses, but still a card never followed up; never overdue (not planned).
        (False, True, None, 8, "not_planned", True, False),
        (False, False, None, 8, "not_planned", False, False),
        # Planned, no card: missed and overdue but not never_followed.
        (True, False, None, 8, "missed", False, True),
        # Explicit due earlier than E + W: on A = E + 4 > due (E + 3) it is overdue while
        # the follow-up itself is still pending.
        (True, True, day(3), 4, "pending", False, True),
        # Explicit due later than E + W: on A = E + 8 it is missed but not yet overdue
        # (A = E + 8 <= due = E + 10) …
        (True, True, day(10), 8, "missed", True, False),
        # … and overdue from the day after the due date (A = E + 11 > E + 10).
        (True, True, day(10), 11, "missed", True, True),
        # A = due exactly: not overdue yet.
        (True, True, day(10), 10, "missed", True, False),
    ],
)
def test_follow_up_status_planning_and_due(
    planned, card, due, as_of_offset, status, never, overdue
):
    f = single([], card=card, planned=planned, due=due)
    row = metrics.follow_up_status(
        f.encounters, f.touchpoints, E + dt.timedelta(days=as_of_offset), W
    ).iloc[0]
    assert row["status"] == status
    assert row["due"] == pd.Timestamp(due or day(7))
    assert bool(row["never_followed"]) is never
    assert bool(row["overdue"]) is overdue


def test_follow_up_status_columns_and_rows(frames):
    status = metrics.follow_up_status(frames.encounters, frames.touchpoints, A, W)
    for column in (
        "id",
        "person",
        "date",
        "event",
        "card_exchanged",
        "follow_up_planned",
        "first_out",
        "days",
        "status",
        "due",
        "overdue",
        "never_followed",
    ):
        assert column in status.columns
    # All encounters dated <= A (not only P): n1..n9, not n10 (11-05); sorted by date.
    assert list(status["id"]) == ["n8", "n1", "n2", "n3", "n4", "n7", "n9", "n6", "n5"]
    by_id = status.set_index("id")
    # n8 09-20: F = t13 09-20 (same day) → followed, days 0 (outside P but listed).
    assert by_id.loc["n8", "status"] == "followed"
    # n9 10-15: F = t8 10-16 → 1 day. n5: t7 is after A → no F, pending on A = E + 7.
    assert by_id.loc["n9", "days"] == 1
    assert by_id.loc["n5", "status"] == "pending"
    assert pd.isna(by_id.loc["n5", "first_out"])
    assert by_id.loc["n7", "status"] == "not_planned"
    assert str(status["date"].dtype) == "datetime64[ns]"


def test_follow_up_status_matches_a_naive_loop():
    """Random data: the vectorised version agrees with the definition applied row by row."""
    rng = random.Random(7)
    base = D(2026, 1, 1)
    people = [person(f"p{i}", f"P{i}") for i in range(12)]
    encounters = [
        enc(
            f"n{i}",
            f"p{rng.randrange(12)}",
            (base + dt.timedelta(rng.randrange(60))).isoformat(),
            card=rng.random() < 0.5,
            planned=rng.random() < 0.8,
            due=(base + dt.timedelta(rng.randrange(70))).isoformat()
            if rng.random() < 0.3
            else None,
        )
        for i in range(150)
    ]
    touches = [
        touch(
            f"t{i}",
            f"p{rng.randrange(12)}",
            (base + dt.timedelta(rng.randrange(75))).isoformat(),
            direction=rng.choice(["in", "out"]),
        )
        for i in range(120)
    ]
    f = frames_from_document({"people": people, "encounters": encounters, "touchpoints": touches})
    as_of = base + dt.timedelta(days=50)
    got = metrics.follow_up_status(f.encounters, f.touchpoints, as_of, W).set_index("id")
    expected_ids = set()
    for e in encounters:
        e_date = D.fromisoformat(e["date"])
        if e_date > as_of:
            continue
        expected_ids.add(e["id"])
        outs = sorted(
            D.fromisoformat(t["date"])
            for t in touches
            if t["person"] == e["person"]
            and t["direction"] == "out"
            and e_date <= D.fromisoformat(t["date"]) <= as_of
        )
        first = outs[0] if outs else None
        closed = as_of > e_date + dt.timedelta(days=W)
        if not e["follow_up_planned"]:
            status = "not_planned"
        elif first is not None and (first - e_date).days <= W:
            status = "followed"
        else:
            status = "missed" if closed else "pending"
        due = (
            D.fromisoformat(e["follow_up_due"])
            if e["follow_up_due"]
            else (e_date + dt.timedelta(days=W))
        )
        row = got.loc[e["id"]]
        assert row["status"] == status, e
        assert pd.isna(row["days"]) if first is None else row["days"] == (first - e_date).days
        assert bool(row["overdue"]) is (e["follow_up_planned"] and first is None and as_of > due)
        assert bool(row["never_followed"]) is (e["card_exchanged"] and first is None and closed)
    assert set(got.index) == expected_ids


# ----------------------------------------------------------------------- activity


def test_activity_october(frames):
    assert metrics.activity(frames, OCT_START, OCT_END, A) == {
        # n1 n2 n3 n4 n5 n6 n7 n9 (n8 is 09-20, n10 is after A).
        "encounters": 8,
        # p1..p7; p8's earliest encounter (n8, 09-20) is before P; p9's is after A.
        "new_people": 7,
        # Everyday (no event): n3 n4 n6 n7.
        "everyday_encounters": 4,
        # e1 10-01, e2 10-25, e3 10-15 (e0 before P, e4 after A).
        "events_attended": 3,
        # t1 t2 t3 t4 t5 t8 t9 t10 t12 (t11 t13 in September; t6 t7 t14 after A).
        "touches": 9,
        # give t2 + intro_made t5 (t7 is a give after A).
        "gives": 2,
        "asks": 1,  # t4 (inbound, any direction counts)
        "intros_made": 1,  # t5
        "debriefs_done": 1,  # d1 (d2 after A)
        "opportunities": 1,  # o1 (o2 after A)
    }


def test_activity_period_is_cut_at_as_of(frames):
    # P = October but A = 10-09: encounters n1..n4 only; touches dated <= 10-09:
    # t1 10-01, t2 10-09, t4 10-05, t5 10-02, t9 10-03 = 5; gives t2 + t5 = 2.
    got = metrics.activity(frames, OCT_START, OCT_END, D(2026, 10, 9))
    assert (got["encounters"], got["new_people"], got["touches"], got["gives"]) == (4, 4, 5, 2)
    assert got["events_attended"] == 1  # e1 only (e2 10-25, e3 10-15 are after A)


# ------------------------------------------------------------------ follow-up summary


def test_follow_up_summary_october(frames):
    assert metrics.follow_up_summary(frames, OCT_START, OCT_END, A, W) == {
        # Planned in P: n1 n2 n3 n4 n5 n6 n9 (n7 not planned, n8 before P).
        "planned": 7,
        "followed": 3,  # n1 (0 days), n2 (7 days: E + W), n9 (1 day)
        "missed": 3,  # n3 (late, 8 days), n4 (none: t5 before E, t4 inbound), n6
        "pending": 1,  # n5: A = 11-01 = E + 7, t7 is after A
        "rate": 0.5,  # 3 / (3 + 3)
        "median_days": 4,  # days of n1, n9, n2, n3 = 0, 1, 7, 8 → (1 + 7) / 2
        "never_followed": 2,  # n4 (card, no F, closed) and n7 (card, unplanned)
        "overdue": 2,  # n4 (due 10-11 < A) and n5 (explicit due 10-28 < A); n6 due 11-05
    }


def test_rate_is_none_with_nothing_closed():
    # Only a pending encounter (A = E + 3) → followed + missed = 0 → rate None; no F → no
    # median.
    f = single([])
    got = metrics.follow_up_summary(f, E, E, E + dt.timedelta(days=3), W)
    assert got["rate"] is None
    assert got["median_days"] is None
    assert (got["planned"], got["pending"]) == (1, 1)


def test_unplanned_encounter_stays_out_of_planned_and_rate():
    # An unplanned encounter with a card, no follow-up, A = E + 8: planned 0, rate None,
    # but it is a card never followed up.
    f = single([], planned=False)
    got = metrics.follow_up_summary(f, E, E, E + dt.timedelta(days=8), W)
    assert got == {
        "planned": 0,
        "followed": 0,
        "missed": 0,
        "pending": 0,
        "rate": None,
        "median_days": None,
        "never_followed": 1,
        "overdue": 0,
    }


@pytest.mark.parametrize(
    ("offsets", "expected"),
    [
        ([1, 4], 2.5),  # even count: (1 + 4) / 2
        ([3], 3),
        ([0, 7, 8], 7),
        ([1, 2, 3, 10], 2.5),  # (2 + 3) / 2
        ([2, 12], 7),  # a late follow-up (12 > W) still counts: (2 + 12) / 2 = 7, an int
    ],
)
def test_median_days(offsets, expected):
    # One encounter E per person, each followed up `offset` days later; A = E + 20.
    doc = {
        "people": [person(f"p{i}", f"P{i}") for i in range(len(offsets))],
        "encounters": [enc(f"n{i}", f"p{i}", day(0)) for i in range(len(offsets))],
        "touchpoints": [touch(f"t{i}", f"p{i}", day(o)) for i, o in enumerate(offsets)],
    }
    got = metrics.follow_up_summary(frames_from_document(doc), E, E, E + dt.timedelta(days=20), W)[
        "median_days"
    ]
    assert got == expected
    assert type(got) is type(expected)


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        # A = 10-01: only n1, followed the same day.
        (D(2026, 10, 1), (1, 1, 0, 0, 1.0, 0, 0, 0)),
        # A = 10-09: n1 followed (0), n2 followed (t2 10-09, 7 days), n3 pending (window to
        # 10-10; t3 10-11 is after A), n4 pending (to 10-11). Median of 0, 7 = 3.5.
        (D(2026, 10, 9), (4, 2, 0, 2, 1.0, 3.5, 0, 0)),
        # A = 10-11: n3 missed (closed 10-10; F = t3 10-11, 8 days), n4 pending on its last
        # day (A = E + 7) and not overdue (A = due). Median of 0, 7, 8 = 7. Rate 2/3.
        (D(2026, 10, 11), (4, 2, 1, 1, 2 / 3, 7, 0, 0)),
        # A = 10-12: n4 missed, never followed (card) and overdue. Rate 2/4.
        (D(2026, 10, 12), (4, 2, 2, 0, 0.5, 7, 1, 1)),
        (A, (7, 3, 3, 1, 0.5, 4, 2, 2)),
        # A = 2027-01-01: t6 (11-03) is now F for n4 (30 days, late) and t7 (11-02) F for
        # n5 (8 days, late): followed n1 n2 n9 = 3, missed n3 n4 n5 n6 = 4, rate 3/7.
        # Days 0, 1, 7, 8, 8, 30 → (7 + 8) / 2 = 7.5. Never followed: n7 only (n4 now has
        # an out touch). Overdue: n6 only (due 11-05 passed).
        (D(2027, 1, 1), (7, 3, 4, 0, 3 / 7, 7.5, 1, 1)),
    ],
)
def test_follow_up_summary_at_several_as_of_dates(frames, as_of, expected):
    got = metrics.follow_up_summary(frames, OCT_START, OCT_END, as_of, W)
    planned, followed, missed, pending, rate, median, never, overdue = expected
    assert (got["planned"], got["followed"], got["missed"], got["pending"]) == (
        planned,
        followed,
        missed,
        pending,
    )
    assert got["rate"] == pytest.approx(rate)
    assert got["median_days"] == median
    assert (got["never_followed"], got["overdue"]) == (never, overdue)


def test_overdue_list(frames):
    todo = metrics.overdue_list(frames, OCT_START, OCT_END, A, W)
    # n4: due 10-11 → 21 days overdue on 11-01; n5: due 10-28 → 4 days. Most overdue first.
    assert list(todo["encounter"]) == ["n4", "n5"]
    assert list(todo["name"]) == ["Dan", "Eve"]
    assert list(todo["where"]) == ["grocery store", "Tech meetup"]
    assert list(todo["days_overdue"]) == [21, 4]
    assert list(todo["due"]) == [pd.Timestamp("2026-10-11"), pd.Timestamp("2026-10-28")]


def test_never_followed_list(frames):
    cards = metrics.never_followed_list(frames, OCT_START, OCT_END, A, W)
    # n4 (10-04, 28 days ago) and n7 (10-10, 22 days ago, not planned).
    assert list(cards["encounter"]) == ["n4", "n7"]
    assert list(cards["days_since"]) == [28, 22]
    assert list(cards["follow_up_planned"]) == [True, False]
    assert list(cards["where"]) == ["grocery store", "bakery"]


# ------------------------------------------------------------------ going cold, stages


def test_going_cold(frames):
    cold = metrics.going_cold(frames, A)
    # p1: last t10 10-30 + 2 = 11-01 = A → not cold (boundary).
    # p2: last t2 10-09 + 22 = 10-31 < A → cold, 1 day.
    # p4: last t4 10-05 (inbound counts; t6 11-03 is after A) + 10 = 10-15 → 17 days.
    # p6: last n6 10-24 + 30 = 11-23 → not cold. p9: no interaction up to A → not listed.
    assert list(cold["person"]) == ["p4", "p2"]
    assert list(cold["name"]) == ["Dan", "Ben"]
    assert list(cold["days_overdue"]) == [17, 1]
    assert list(cold["last_interaction"]) == [
        pd.Timestamp("2026-10-05"),
        pd.Timestamp("2026-10-09"),
    ]
    assert list(cold["cadence_days"]) == [10, 22]


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        # p1 at A = 10-31: last t10 10-30 + 2 = 11-01 > A; p2: 10-31 = A → neither cold.
        (D(2026, 10, 31), ["p4"]),
        (A, ["p4", "p2"]),
        # A = 11-02: p1 10-30 + 2 = 11-01 < A → cold (1 day); p2 2 days; p4 18 days.
        (D(2026, 11, 2), ["p4", "p2", "p1"]),
    ],
)
def test_going_cold_boundary(frames, as_of, expected):
    assert list(metrics.going_cold(frames, as_of)["person"]) == expected


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        # A = 11-01. met: p1..p8 (p9's encounter is after A).
        # followed_up (out touch on/after first encounter): p1 (t1 same day), p2, p3, p8;
        #   not p4 (t5 is before n4, t6 after A), p5 (t7 after A), p6, p7.
        # conversing: p1 (t9 in 10-03), p8 (t12 in 10-20); not p3 (its only in touch t11
        #   is before n3).
        # relationship: p8: t13 09-20, t8 10-16, t12 10-20 → 3 touches, 30 days apart
        #   (boundary: counts); p1: t1 10-01, t9 10-03, t10 10-30 → 29 days (does not).
        # opportunity: p1 (o1); o2 is after A.
        (A, {"met": 8, "followed_up": 4, "conversing": 2, "relationship": 1, "opportunity": 1}),
        # A = 2027-01-01: met + p9 = 9; p9's out touch t14 11-03 is before n10 11-05 → not
        # followed up; p4 (t6) and p5 (t7) now are → 6. p4 conversing too (t4 10-05 in,
        # after n4 10-04) → 3. p4 relationship: t5 10-02, t4 10-05, t6 11-03 → 3 touches,
        # 32 days apart (all touches count, including t5 from before n4) → 2.
        # opportunity: o1, o2 → 2.
        (
            D(2027, 1, 1),
            {"met": 9, "followed_up": 6, "conversing": 3, "relationship": 2, "opportunity": 2},
        ),
        # A = 10-01: p8 (n8 09-20, t13 same day) and p1 (n1, t1 same day) met and followed up;
        # the in touches t9 (10-03) and t12 (10-20) are after A → nobody conversing yet.
        (
            D(2026, 10, 1),
            {"met": 2, "followed_up": 2, "conversing": 0, "relationship": 0, "opportunity": 0},
        ),
    ],
)
def test_stages(frames, as_of, expected):
    assert metrics.stages(frames, as_of) == expected


# ------------------------------------------------------------------------ targets

G1 = {
    "id": "g1",
    "start": "2026-10-01",
    "end": "2026-10-31",
    "targets": {
        "encounters": 10,
        "new_people": 7,
        "follow_up_rate": 0.5,
        "median_follow_up_days": 3,
        "touches": 0,
        "gives": 4,
    },
}
G_SEPT = {"id": "g0", "start": "2026-09-01", "end": "2026-09-30", "targets": {"encounters": 1}}
G3 = {
    "id": "g3",
    "start": "2026-10-20",
    "end": "2026-11-30",
    "targets": {"opportunities": 2, "follow_up_rate": 0.9},
}
A4 = {
    "id": "a4",
    "start": "2026-10-31",
    "end": "2026-12-31",
    "targets": {"follow_up_rate": 0.8, "median_follow_up_days": 2, "encounters": 5},
}


def test_target_progress_after_the_period():
    f = with_purposes([A4, G3, G_SEPT, G1])
    got = metrics.target_progress(f, A, W, OCT_START, OCT_END)
    # g0 (September) does not overlap October → left out. Order by start: g1, g3, a4.
    assert got == [
        # g1 over October at A = 11-01: elapsed = 31/31 = 1.
        {
            "purpose": "g1",
            "metric": "encounters",
            "target": 10,
            "actual": 8,
            "pct": 0.8,
            "on_track": False,
        },
        {
            "purpose": "g1",
            "metric": "new_people",
            "target": 7,
            "actual": 7,
            "pct": 1.0,
            "on_track": True,
        },
        {
            "purpose": "g1",
            "metric": "follow_up_rate",
            "target": 0.5,
            "actual": 0.5,
            "pct": 1.0,
            "on_track": True,
        },  # actual >= target
        # Median 4 days vs target 3: lower is better → pct = 3 / 4, not on track.
        {
            "purpose": "g1",
            "metric": "median_follow_up_days",
            "target": 3,
            "actual": 4,
            "pct": 0.75,
            "on_track": False,
        },
        # Target 0: pct undefined → None; 9 >= 0 × 1 → on track.
        {
            "purpose": "g1",
            "metric": "touches",
            "target": 0,
            "actual": 9,
            "pct": None,
            "on_track": True,
        },
        {
            "purpose": "g1",
            "metric": "gives",
            "target": 4,
            "actual": 2,
            "pct": 0.5,
            "on_track": False,
        },
        # g3 = [10-20, 11-30], A = 11-01: elapsed = 13 / 42. Opportunities: o1 (10-20) = 1;
        # 1 >= 2 × 13/42 = 0.62 → on track, pct 0.5.
        {
            "purpose": "g3",
            "metric": "opportunities",
            "target": 2,
            "actual": 1,
            "pct": 0.5,
            "on_track": True,
        },
        # Planned encounters in [10-20, 11-01]: n6 missed, n5 pending → rate 0 / 1 = 0.0.
        {
            "purpose": "g3",
            "metric": "follow_up_rate",
            "target": 0.9,
            "actual": 0.0,
            "pct": 0.0,
            "on_track": False,
        },
        # a4 = [10-31, 12-31], A = 11-01: nothing in it yet. Rate and median: no data →
        # actual None, pct None, not on track. Encounters 0 < 5 × 2/62 → not on track.
        {
            "purpose": "a4",
            "metric": "follow_up_rate",
            "target": 0.8,
            "actual": None,
            "pct": None,
            "on_track": False,
        },
        {
            "purpose": "a4",
            "metric": "median_follow_up_days",
            "target": 2,
            "actual": None,
            "pct": None,
            "on_track": False,
        },
        {
            "purpose": "a4",
            "metric": "encounters",
            "target": 5,
            "actual": 0,
            "pct": 0.0,
            "on_track": False,
        },
    ]


def test_target_progress_mid_period():
    f = with_purposes([G1, G3])
    got = {
        (t["purpose"], t["metric"]): t
        for t in metrics.target_progress(f, D(2026, 10, 15), W, OCT_START, OCT_END)
    }
    # A = 10-15, g1 elapsed = 15/31. Encounters n1 n2 n3 n4 n7 n9 = 6 >= 10 × 15/31 = 4.8.
    assert got["g1", "encounters"]["actual"] == 6
    assert got["g1", "encounters"]["on_track"] is True
    # Gives t2 + t5 = 2 >= 4 × 15/31 = 1.9 → on track.
    assert (got["g1", "gives"]["actual"], got["g1", "gives"]["on_track"]) == (2, True)
    # n1 n2 followed, n3 n4 missed, n9 pending → 0.5; days 0, 7, 8 → median 7 > 3.
    assert got["g1", "follow_up_rate"]["actual"] == 0.5
    assert got["g1", "median_follow_up_days"]["actual"] == 7
    assert got["g1", "median_follow_up_days"]["pct"] == pytest.approx(3 / 7)
    # g3 starts 10-20, after A: elapsed 0 → 0 opportunities >= 2 × 0 → on track, pct 0.
    assert got["g3", "opportunities"] == {
        "purpose": "g3",
        "metric": "opportunities",
        "target": 2,
        "actual": 0,
        "pct": 0.0,
        "on_track": True,
    }
    # g3's rate: no planned encounter dated in [10-20, 10-15] → None, not on track.
    assert got["g3", "follow_up_rate"]["actual"] is None
    assert got["g3", "follow_up_rate"]["on_track"] is False


@pytest.mark.parametrize(
    ("metric", "target", "actual", "pct", "on_track"),
    [
        # One encounter E = 10-01 followed up the same day; purpose = October; A = 10-31.
        ("median_follow_up_days", 1, 0, None, True),  # target / 0 undefined; 0 <= 1
        ("median_follow_up_days", 0, 0, None, True),  # 0 <= 0
        ("encounters", 0, 1, None, True),  # 1 / 0 undefined; 1 >= 0
        ("encounters", 2, 1, 0.5, False),  # elapsed 1 → 1 < 2
        ("follow_up_rate", 0, 1.0, None, True),
        ("follow_up_rate", 1, 1.0, 1.0, True),
    ],
)
def test_target_edge_values(metric, target, actual, pct, on_track):
    doc = {
        "people": [person("p1", "Ann")],
        "encounters": [enc("n1", "p1", day(0))],
        "touchpoints": [touch("t1", "p1", day(0))],
        "purposes": [
            {"id": "g", "start": "2026-10-01", "end": "2026-10-31", "targets": {metric: target}}
        ],
    }
    (got,) = metrics.target_progress(frames_from_document(doc), OCT_END, W, OCT_START, OCT_END)
    assert got == {
        "purpose": "g",
        "metric": metric,
        "target": target,
        "actual": actual,
        "pct": pct,
        "on_track": on_track,
    }


@pytest.mark.parametrize(
    ("start", "end", "included"),
    [
        ("2026-09-01", "2026-09-30", False),  # ends the day before P
        ("2026-09-01", "2026-10-01", True),  # overlaps P's first day
        ("2026-10-31", "2026-11-30", True),  # overlaps P's last day
        ("2026-11-01", "2026-11-30", False),  # starts the day after P
        ("2026-01-01", "2026-12-31", True),  # contains P
    ],
)
def test_purposes_overlapping_the_period(start, end, included):
    f = with_purposes([{"id": "g", "start": start, "end": end, "targets": {"touches": 1}}])
    assert bool(metrics.target_progress(f, A, W, OCT_START, OCT_END)) is included


def test_unknown_target_metric_is_a_record_error():
    f = with_purposes(
        [{"id": "g", "start": "2026-10-01", "end": "2026-10-31", "targets": {"followers": 3}}]
    )
    with pytest.raises(RecordError, match="followers"):
        metrics.target_progress(f, A, W, OCT_START, OCT_END)


# ------------------------------------------------------------------------ summarize


def test_summarize_has_the_summary_json_shape(frames):
    got = metrics.summarize(frames, OCT_START, OCT_END, A, W)
    assert list(got) == [
        "encounters",
        "new_people",
        "everyday_encounters",
        "events_attended",
        "touches",
        "gives",
        "asks",
        "intros_made",
        "debriefs_done",
        "opportunities",
        "follow_up",
        "going_cold",
        "stages",
    ]
    assert got["follow_up"] == metrics.follow_up_summary(frames, OCT_START, OCT_END, A, W)
    assert got["going_cold"] == 2  # p4, p2 (see test_going_cold)
    assert got["stages"] == metrics.stages(frames, A)
    assert list(got["follow_up"]) == [
        "planned",
        "followed",
        "missed",
        "pending",
        "rate",
        "median_days",
        "never_followed",
        "overdue",
    ]
    for key, value in got.items():
        if key not in ("follow_up", "stages"):
            assert type(value) is int, key
    assert all(type(v) is int for v in got["stages"].values())


def test_summarize_empty_workbook():
    got = metrics.summarize(frames_from_document({}), OCT_START, OCT_END, A, W)
    assert got == {
        "encounters": 0,
        "new_people": 0,
        "everyday_encounters": 0,
        "events_attended": 0,
        "touches": 0,
        "gives": 0,
        "asks": 0,
        "intros_made": 0,
        "debriefs_done": 0,
        "opportunities": 0,
        "follow_up": {
            "planned": 0,
            "followed": 0,
            "missed": 0,
            "pending": 0,
            "rate": None,
            "median_days": None,
            "never_followed": 0,
            "overdue": 0,
        },
        "going_cold": 0,
        "stages": {
            "met": 0,
            "followed_up": 0,
            "conversing": 0,
            "relationship": 0,
            "opportunity": 0,
        },
    }


def test_nothing_after_as_of_counts(frames):
    # Everything dated after A = 11-01 (n10, t6, t7, t14, e4, d2, o2) removed → same result.
    doc = copy.deepcopy(DOC)
    for collection in ("encounters", "touchpoints", "events", "debriefs", "opportunities"):
        doc[collection] = [r for r in doc[collection] if r["date"] <= A.isoformat()]
    trimmed = frames_from_document(doc)
    assert metrics.summarize(frames, OCT_START, OCT_END, A, W) == metrics.summarize(
        trimmed, OCT_START, OCT_END, A, W
    )
    # … and a period entirely after A counts nothing.
    later = metrics.summarize(frames, D(2026, 11, 2), D(2026, 11, 30), A, W)
    assert later["encounters"] == later["touches"] == later["events_attended"] == 0
    assert later["follow_up"]["planned"] == 0


# ----------------------------------------------------------------------- time series


def test_monthly_follow_up(frames):
    got = metrics.monthly_follow_up(frames, A, W, months=3)
    assert list(got["month"]) == ["2026-09", "2026-10", "2026-11"]
    # Sep: n8 followed the same day (t13). Oct: as test_follow_up_summary_october.
    # Nov: n10 is after A → nothing, rate NaN.
    assert list(got["planned"]) == [1, 7, 0]
    assert list(got["followed"]) == [1, 3, 0]
    assert list(got["missed"]) == [0, 3, 0]
    assert list(got["pending"]) == [0, 1, 0]
    assert got["rate"].iloc[0] == 1.0
    assert got["rate"].iloc[1] == 0.5
    assert math.isnan(got["rate"].iloc[2])


def test_days_to_follow_up_curve_treats_pending_as_censored():
    # A = 10-20, W = 7, planned encounters:
    #   a 10-01 followed day 0 · b 10-01 followed day 2 · c 10-18 open (censored at 2)
    #   d 10-01 followed day 12 (late) · e 10-10 nothing (censored at 10)
    doc = {
        "people": [person(p, p) for p in "abcde"],
        "encounters": [
            enc("na", "a", "2026-10-01"),
            enc("nb", "b", "2026-10-01"),
            enc("nc", "c", "2026-10-18"),
            enc("nd", "d", "2026-10-01"),
            enc("ne", "e", "2026-10-10"),
        ],
        "touchpoints": [
            touch("ta", "a", "2026-10-01"),
            touch("tb", "b", "2026-10-03"),
            touch("td", "d", "2026-10-13"),
        ],
    }
    curve = metrics.days_to_follow_up_curve(
        frames_from_document(doc), OCT_START, OCT_END, D(2026, 10, 20), W
    )
    # N = max(W, longest time 12) = 12 → days 0..12.
    assert list(curve["day"]) == list(range(13))
    share = dict(zip(curve["day"], curve["share"], strict=True))
    # Day 0: 5 at risk, 1 followed → S = 4/5, share 0.2.
    assert share[0] == pytest.approx(0.2)
    assert share[1] == pytest.approx(0.2)
    # Day 2: 4 at risk (c is censored at 2 but still at risk that day), 1 followed →
    # S = 0.8 × 3/4 = 0.6 → share 0.4 (had c counted as a miss, it would not be censored).
    assert share[2] == pytest.approx(0.4)
    assert share[11] == pytest.approx(0.4)
    # Day 12: only d at risk (e censored at 10) and followed → S = 0 → share 1.
    assert share[12] == pytest.approx(1.0)
    assert list(curve["at_risk"])[:4] == [5, 4, 4, 2]
    assert int(curve["censored"].sum()) == 2
    short = metrics.days_to_follow_up_curve(
        frames_from_document(doc), OCT_START, OCT_END, D(2026, 10, 20), W, max_days=5
    )
    assert list(short["day"]) == [0, 1, 2, 3, 4, 5]
    assert short["share"].iloc[-1] == pytest.approx(0.4)


def test_days_to_follow_up_curve_empty():
    curve = metrics.days_to_follow_up_curve(frames_from_document({}), OCT_START, OCT_END, A, W)
    assert curve.empty
    assert list(curve.columns) == ["day", "at_risk", "followed", "censored", "share"]


def test_rates_by_setting(frames):
    got = metrics.rates_by_setting(frames, OCT_START, OCT_END, A, W).set_index("setting")
    # Everyday places: n3 n4 n6 missed, n7 not planned. Conference (e1): n1 n2 followed.
    # Meetup (e2): n5 pending → rate NaN. Workshop (e3): n9 followed.
    assert list(got.index) == ["Everyday places", "Conference", "Meetup", "Workshop"]
    assert list(got["encounters"]) == [4, 2, 1, 1]
    assert list(got["planned"]) == [3, 2, 1, 1]
    assert list(got["followed"]) == [0, 2, 0, 1]
    assert list(got["missed"]) == [3, 0, 0, 0]
    assert list(got["pending"]) == [0, 0, 1, 0]
    assert got.loc["Everyday places", "rate"] == 0.0
    assert got.loc["Conference", "rate"] == 1.0
    assert math.isnan(got.loc["Meetup", "rate"])


def test_give_ask_balance(frames):
    got = metrics.give_ask_balance(frames, A, months=3)
    # Sep: t11 (follow_up), t13 (nurture) → 2 other. Oct: gives t2 t5, asks t4, other
    # t1 t3 t8 t9 t10 t12 = 6. Nov: t6 t7 t14 are after A → nothing.
    assert list(got["month"]) == ["2026-09", "2026-10", "2026-11"]
    assert list(got["gives"]) == [0, 2, 0]
    assert list(got["asks"]) == [0, 1, 0]
    assert list(got["other"]) == [2, 6, 0]


def test_follow_up_details_for_an_event(frames):
    details = metrics.follow_up_details(frames, None, None, A, W)
    at_devconf = details[details["event"] == "e1"]
    assert list(at_devconf["name"]) == ["Ann", "Ben"]
    assert list(at_devconf["where"]) == ["DevConf", "DevConf"]
    assert list(at_devconf["status"]) == ["followed", "followed"]


def test_follow_up_status_is_computed_once_per_snapshot_and_per_as_of(frames):
    first = metrics.follow_up_summary(frames, D(2026, 10, 1), D(2026, 10, 31), D(2026, 11, 1))
    again = metrics.follow_up_summary(frames, D(2026, 10, 1), D(2026, 10, 31), D(2026, 11, 1))
    assert first == again
    assert len(frames.memo) == 1
    later = metrics.follow_up_summary(frames, D(2026, 10, 1), D(2026, 10, 31), D(2026, 12, 1))
    assert len(frames.memo) == 2
    # A copy with other touchpoints (as redaction or a new read makes) is computed afresh.
    from dataclasses import replace

    no_touches = replace(frames, touchpoints=frames.touchpoints.iloc[0:0])
    assert no_touches.memo == {}
    bare = metrics.follow_up_summary(no_touches, D(2026, 10, 1), D(2026, 10, 31), D(2026, 12, 1))
    assert bare["followed"] == 0
    assert later["followed"] > 0


# ------------------------------------------------------- the example of docs/metrics.md


def _docs_example() -> dict[str, Any]:
    """The native JSON block of docs/metrics.md, read from the page itself."""
    import json
    import re
    from pathlib import Path

    page = Path(__file__).resolve().parents[2] / "docs" / "metrics.md"
    block = re.search(r"```json\n(\{\"format\".*?)```", page.read_text(encoding="utf-8"), re.S)
    assert block, "docs/metrics.md lost its worked example"
    return json.loads(block[1])


def test_the_worked_example_of_the_docs_gives_the_figures_the_docs_state() -> None:
    frames = frames_from_document(_docs_example())
    a = D(2026, 10, 20)
    figures = metrics.summarize(frames, OCT_START, OCT_END, a, 7)
    assert figures == {
        "encounters": 6,
        "new_people": 5,
        "everyday_encounters": 4,
        "events_attended": 1,
        "touches": 6,
        "gives": 2,
        "asks": 1,
        "intros_made": 1,
        "debriefs_done": 1,
        "opportunities": 1,
        "follow_up": {
            "planned": 5,
            "followed": 1,
            "missed": 3,
            "pending": 1,
            "rate": 0.25,
            "median_days": 6.5,
            "never_followed": 1,
            "overdue": 2,
        },
        "going_cold": 1,
        "stages": {
            "met": 6,
            "followed_up": 2,
            "conversing": 1,
            "relationship": 1,
            "opportunity": 1,
        },
    }
    status = metrics.follow_up_status(frames.encounters, frames.touchpoints, a, 7)
    assert dict(zip(status["id"], status["status"], strict=True)) == {
        "n0": "missed",
        "n1": "followed",
        "n2": "missed",
        "n3": "missed",
        "n4": "pending",
        "n5": "not_planned",
        "n6": "missed",
    }
    assert list(metrics.going_cold(frames, a)["name"]) == ["Lia"]
    targets = {t["metric"]: t for t in metrics.target_progress(frames, a, 7, OCT_START, OCT_END)}
    assert {m: (t["actual"], t["on_track"]) for m, t in targets.items()} == {
        "encounters": (6, True),
        "new_people": (5, False),
        "follow_up_rate": (0.25, False),
        "median_follow_up_days": (6.5, False),
    }
    assert targets["encounters"]["pct"] == 1.5
    assert targets["new_people"]["pct"] == 0.5
    assert targets["follow_up_rate"]["pct"] == pytest.approx(0.3125)
    assert targets["median_follow_up_days"]["pct"] == pytest.approx(3 / 6.5)
