"""The synthetic demo workbook: deterministic, valid, scalable, and telling its story."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from typing import Any

import pytest

from workbook.demo import generate_demo
from workbook.models import EVENT_KINDS, REFERENCES, TABLES, TARGET_METRICS

AS_OF = dt.date(2026, 11, 26)


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _month_start(day: dt.date, back: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - back
    return dt.date(index // 12, index % 12 + 1, 1)


def _followed_share(doc: dict[str, Any], start: dt.date, end: dt.date) -> tuple[float, int]:
    """Share of planned encounters in [start, end] with an ``out`` touch within 7 days."""
    outs = defaultdict(list)
    for t in doc["touchpoints"]:
        if t["direction"] == "out":
            outs[t["person"]].append(_date(t["date"]))
    planned = [
        e for e in doc["encounters"] if e["follow_up_planned"] and start <= _date(e["date"]) <= end
    ]
    followed = sum(
        any(0 <= (d - _date(e["date"])).days <= 7 for d in outs[e["person"]]) for e in planned
    )
    return followed / len(planned), len(planned)


@pytest.fixture(scope="module")
def doc() -> dict[str, Any]:
    return generate_demo(as_of=AS_OF)


def test_same_seed_same_document(doc: dict[str, Any]) -> None:
    again = generate_demo(seed=7, people=60, months=12, as_of=AS_OF)
    assert json.dumps(again, ensure_ascii=False) == json.dumps(doc, ensure_ascii=False)


def test_different_seed_different_document(doc: dict[str, Any]) -> None:
    other = generate_demo(seed=8, as_of=AS_OF)
    assert json.dumps(other) != json.dumps(doc)


def test_as_of_is_required() -> None:
    with pytest.raises(TypeError):
        generate_demo()  # type: ignore[call-arg]


def test_document_shape(doc: dict[str, Any]) -> None:
    assert doc["format"] == "networking-workbook"
    assert doc["version"] == 1
    assert doc["owner"] == {"name": "Alex Rivera"}
    assert set(doc) == {"format", "version", "owner", *TABLES}
    for collection, (_, model) in TABLES.items():
        assert doc[collection], collection
        for record in doc[collection]:
            assert list(record) == list(model.model_fields), (collection, record["id"])
    json.dumps(doc)  # plain JSON: strings, numbers, booleans, lists, dicts


def test_every_record_validates(doc: dict[str, Any]) -> None:
    for collection, (_, model) in TABLES.items():
        for record in doc[collection]:
            model.model_validate(record)


def test_ids_unique_and_references_resolve(doc: dict[str, Any]) -> None:
    ids = {c: [r["id"] for r in doc[c]] for c in TABLES}
    for collection, values in ids.items():
        assert len(values) == len(set(values)), collection
    for collection, refs in REFERENCES.items():
        for record in doc[collection]:
            for field, target in refs.items():
                if record[field] is not None:
                    assert record[field] in set(ids[target]), (collection, record["id"], field)
    assert any(p["introduced_by"] for p in doc["people"])
    assert ids["people"][0] == "p01"
    assert ids["people"][-1] == "p60"


def test_nothing_after_as_of(doc: dict[str, Any]) -> None:
    current_month = _month_start(AS_OF, 0)
    for collection in ("events", "encounters", "touchpoints", "debriefs", "opportunities"):
        for record in doc[collection]:
            assert _date(record["date"]) <= AS_OF, (collection, record["id"])
    for purpose in doc["purposes"]:
        assert _date(purpose["start"]) <= AS_OF
        # Only the purpose in progress (this month's) may end after as_of.
        assert _date(purpose["end"]) <= AS_OF or _date(purpose["start"]) == current_month
    assert any(
        e["follow_up_due"] and _date(e["follow_up_due"]) > _date(e["date"])
        for e in doc["encounters"]
    )


def test_dates_are_consistent(doc: dict[str, Any]) -> None:
    events = {e["id"]: _date(e["date"]) for e in doc["events"]}
    for debrief in doc["debriefs"]:
        assert _date(debrief["date"]) >= events[debrief["event"]]
    first_met: dict[str, dt.date] = {}
    for e in doc["encounters"]:
        if e["event"] is not None:
            assert _date(e["date"]) == events[e["event"]]
        day = _date(e["date"])
        first_met[e["person"]] = min(day, first_met.get(e["person"], day))
    assert set(first_met) == {p["id"] for p in doc["people"]}  # everyone was met
    for t in doc["touchpoints"]:
        assert _date(t["date"]) >= first_met[t["person"]], t["id"]
    # Records are listed in date order.
    for collection in ("encounters", "touchpoints", "events"):
        days = [r["date"] for r in doc[collection]]
        assert days == sorted(days), collection


def test_the_story_has_all_its_parts(doc: dict[str, Any]) -> None:
    assert {e["kind"] for e in doc["events"]} == set(EVENT_KINDS)
    everyday = [e for e in doc["encounters"] if e["event"] is None]
    assert everyday
    assert all(e["place"] for e in everyday)
    at_events = [e for e in doc["encounters"] if e["event"] is not None]
    assert sum(e["card_exchanged"] for e in at_events) > 0.5 * len(at_events)
    kinds = {(t["direction"], t["kind"]) for t in doc["touchpoints"]}
    for kind in ("follow_up", "nurture", "give", "ask", "intro_made"):
        assert ("out", kind) in kinds
    assert ("in", "intro_received") in kinds
    assert ("in", "follow_up") in kinds
    assert {t["channel"] for t in doc["touchpoints"]} >= {"email", "call", "message", "meeting"}
    assert {o["kind"] for o in doc["opportunities"]} >= {"referral", "client", "job"}
    assert any(p["cadence_days"] for p in doc["people"])
    assert len(doc["debriefs"]) > len(doc["events"]) / 2
    text = json.dumps(doc, ensure_ascii=False)
    for needle in ("<", "&", '\\"', "é", "🏒"):
        assert needle in text, needle
    assert "<script" not in text.lower()
    for person in doc["people"]:
        if person["email"]:
            assert person["email"].endswith((".example.com", "@example.org"))
        if person["url"]:
            assert person["url"].startswith("https://www.example.org/")
        if person["phone"]:
            assert "555-01" in person["phone"]


def test_purposes_every_month_from_the_fourth(doc: dict[str, Any]) -> None:
    purposes = doc["purposes"]
    assert len(purposes) == 9  # months 4..12 of 12
    assert _date(purposes[0]["start"]) == _month_start(AS_OF, 8)
    for purpose in purposes:
        start, end = _date(purpose["start"]), _date(purpose["end"])
        assert start.day == 1
        assert end.month == start.month
        assert (end + dt.timedelta(days=1)).day == 1
        assert purpose["targets"]
        assert set(purpose["targets"]) <= set(TARGET_METRICS)
        assert all(purpose[f] for f in ("why", "intended_outcome", "follow_up_plan"))
    starts = [p["start"] for p in purposes]
    assert len(starts) == len(set(starts))
    first_purpose = _date(purposes[0]["start"])
    assert all(e["target_people"] for e in doc["events"] if _date(e["date"]) >= first_purpose)


def test_some_people_become_relationships(doc: dict[str, Any]) -> None:
    touches = defaultdict(list)
    for t in doc["touchpoints"]:
        touches[t["person"]].append(t)
    relationships = [
        person
        for person, ts in touches.items()
        if len(ts) >= 3
        and {t["direction"] for t in ts} == {"in", "out"}
        and (_date(ts[-1]["date"]) - _date(ts[0]["date"])).days >= 30
    ]
    assert len(relationships) >= 3


@pytest.mark.parametrize(("seed", "people"), [(7, 60), (1, 600), (2, 600)])
def test_follow_up_starts_poor_and_improves(seed: int, people: int) -> None:
    doc = generate_demo(seed=seed, people=people, as_of=AS_OF)
    first, n_first = _followed_share(
        doc, _month_start(AS_OF, 11), _month_start(AS_OF, 8) - dt.timedelta(days=1)
    )
    last, n_last = _followed_share(
        doc, _month_start(AS_OF, 3), _month_start(AS_OF, 0) - dt.timedelta(days=1)
    )
    assert n_first >= 5
    assert n_last >= 5
    assert first < 0.35
    assert last > 0.6


def test_the_last_encounters_leave_follow_ups_pending(doc: dict[str, Any]) -> None:
    last = max(_date(e["date"]) for e in doc["encounters"])
    assert AS_OF - dt.timedelta(days=7) < last < AS_OF


def test_people_and_months_scale() -> None:
    doc = generate_demo(seed=3, people=200, months=24, as_of=AS_OF)
    assert len(doc["people"]) == 200
    assert doc["people"][0]["id"] == "p001"
    assert 1.4 * 200 <= len(doc["encounters"]) <= 2.3 * 200
    assert 1.5 * 200 <= len(doc["touchpoints"]) <= 4.5 * 200
    days = sorted(_date(e["date"]) for e in doc["encounters"])
    assert days[0] < _month_start(AS_OF, 21)  # spans about 24 months
    assert days[0] >= _month_start(AS_OF, 23)
    assert len(doc["purposes"]) == 21
    for collection, (_, model) in TABLES.items():
        for record in doc[collection]:
            model.model_validate(record)


def test_large_demo_scales_linearly() -> None:
    """Ten times the people, ten times the records (within 10% per collection), the same
    purposes (they follow the months, not the people): nothing grows faster than the
    people do. Its speed is measured by benchmarks/bench_report.py, not asserted here."""
    small = generate_demo(seed=7, people=2000, months=24, as_of=AS_OF)
    doc = generate_demo(seed=7, people=20000, months=24, as_of=AS_OF)
    for collection in ("events", "encounters", "touchpoints", "debriefs", "opportunities"):
        ratio = len(doc[collection]) / len(small[collection])
        assert 9 <= ratio <= 11, (collection, ratio)
    assert len(doc["purposes"]) == len(small["purposes"])
    assert len(doc["people"]) == 20000
    assert doc["people"][-1]["id"] == "p20000"
    assert 1.5 * 20000 <= len(doc["encounters"]) <= 2.2 * 20000
    assert 2 * 20000 <= len(doc["touchpoints"]) <= 4 * 20000
    ids = [t["id"] for t in doc["touchpoints"]]
    assert len(ids) == len(set(ids))
    person_ids = {p["id"] for p in doc["people"]}
    assert all(e["person"] in person_ids for e in doc["encounters"])


def test_the_demo_is_bounded_to_what_the_machine_builds_quickly() -> None:
    from workbook.demo import MAX_DEMO_PEOPLE

    assert MAX_DEMO_PEOPLE == 20000  # the size test_large_demo_scales_linearly builds
    with pytest.raises(ValueError, match=f"at most {MAX_DEMO_PEOPLE} people"):
        generate_demo(seed=7, people=MAX_DEMO_PEOPLE + 1, as_of=AS_OF)
    with pytest.raises(ValueError, match="at most 120 months"):
        generate_demo(seed=7, people=10, months=121, as_of=AS_OF)
