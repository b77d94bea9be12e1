"""Today's reminders (workbook/reminders.py) on a small workbook worked out by hand, with
the default 7-day follow-up window.

- n1 Zoë: met 2026-10-01, follow up by 10-05, nothing since → due on 10-05, then overdue.
- n2 Ben: met 10-02, no date → due 10-02 + 7 = 10-09; his inbound touch t1 (10-03) is
  not a follow-up.
- n3 Cleo: met 10-01, due 10-04, followed up by t2 (out, 10-03) → done, never listed.
- n4 Dev: met 10-01, no follow-up planned → never listed.
- p5 Ana: no encounter; last touch t3 2026-09-20, every 14 days → due 10-04; on 10-04 not
  yet (the last day is still in time), from 10-05 a check-in.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from workbook.reminders import (
    CHECK_IN,
    FOLLOW_UP,
    check_in_key,
    follow_up_key,
    reminders,
    snooze_until,
)
from workbook.store import Workbook, init_workbook


def _encounter(id_: str, person: str, date: str, due: str | None, planned: bool = True) -> dict:
    return {
        "id": id_,
        "person": person,
        "date": date,
        "place": "bakery",
        "learned": f"learned {id_}",
        "their_needs": None,
        "follow_up_planned": planned,
        "follow_up_due": due,
    }


@pytest.fixture(scope="module")
def frames(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    path = init_workbook(Path(tmp_path_factory.mktemp("reminders")) / "wb.db")
    with Workbook.open(path) as wb, wb.transaction():
        for pid, name, cadence in [
            ("p1", "Zoë", None),
            ("p2", "Ben", None),
            ("p3", "Cleo", None),
            ("p4", "Dev", None),
            ("p5", "Ana", 14),
        ]:
            wb.put("people", {"id": pid, "name": name, "cadence_days": cadence})
        wb.put("encounters", _encounter("n1", "p1", "2026-10-01", "2026-10-05"))
        wb.put("encounters", _encounter("n2", "p2", "2026-10-02", None))
        wb.put("encounters", _encounter("n3", "p3", "2026-10-01", "2026-10-04"))
        wb.put("encounters", _encounter("n4", "p4", "2026-10-01", None, planned=False))
        for tid, person, date, direction in [
            ("t1", "p2", "2026-10-03", "in"),
            ("t2", "p3", "2026-10-03", "out"),
            ("t3", "p5", "2026-09-20", "out"),
        ]:
            wb.put(
                "touchpoints",
                {
                    "id": tid,
                    "person": person,
                    "date": date,
                    "direction": direction,
                    "kind": "nurture",
                    "channel": "email",
                },
            )
        return wb.frames()


def listed(frames, day: str, snoozes: dict[str, str] | None = None) -> list[tuple]:  # type: ignore[no-untyped-def]
    return [
        (r.what, r.name, r.due.isoformat(), r.days_overdue)
        for r in reminders(frames, dt.date.fromisoformat(day), snoozes)
    ]


def test_nothing_before_the_first_due_day(frames) -> None:  # type: ignore[no-untyped-def]
    assert listed(frames, "2026-10-04") == []


def test_due_today_then_overdue_and_the_check_in_from_the_day_after_the_cadence(frames) -> None:  # type: ignore[no-untyped-def]
    assert listed(frames, "2026-10-05") == [
        (FOLLOW_UP, "Zoë", "2026-10-05", 0),
        (CHECK_IN, "Ana", "2026-10-04", 1),
    ]
    assert listed(frames, "2026-10-09") == [
        (FOLLOW_UP, "Zoë", "2026-10-05", 4),
        (FOLLOW_UP, "Ben", "2026-10-09", 0),
        (CHECK_IN, "Ana", "2026-10-04", 5),
    ]


def test_a_reminder_says_when_and_carries_what_was_learned(frames) -> None:  # type: ignore[no-untyped-def]
    first, check_in = reminders(frames, dt.date(2026, 10, 6))
    assert (first.key, first.encounter, first.when) == ("follow-up:n1", "n1", "1 day overdue")
    assert (first.met, first.where, first.learned) == (dt.date(2026, 10, 1), "bakery", "learned n1")
    assert (check_in.key, check_in.when) == ("check-in:p5", "2 days overdue")
    assert (check_in.last_in_touch, check_in.cadence_days) == (dt.date(2026, 9, 20), 14)


def test_a_snooze_hides_a_reminder_until_its_day(frames) -> None:  # type: ignore[no-untyped-def]
    snoozes = {follow_up_key("n1"): "2026-10-10", check_in_key("p5"): "2026-10-06"}
    assert listed(frames, "2026-10-05", snoozes) == []
    assert listed(frames, "2026-10-06", snoozes) == [(CHECK_IN, "Ana", "2026-10-04", 2)]
    assert listed(frames, "2026-10-10", snoozes)[0] == (FOLLOW_UP, "Zoë", "2026-10-05", 5)


def test_snooze_lengths() -> None:
    day = dt.date(2026, 10, 31)
    assert snooze_until("1 day", day) == dt.date(2026, 11, 1)
    assert snooze_until("1 week", day) == dt.date(2026, 11, 7)
    assert snooze_until("until", day, dt.date(2026, 12, 1)) == dt.date(2026, 12, 1)
    with pytest.raises(ValueError, match="days or a date"):
        snooze_until("until", day)
