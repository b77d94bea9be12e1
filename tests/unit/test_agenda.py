"""The agenda (workbook/agenda.py) on a small workbook worked out by hand:
tests/fixtures/agenda/workbook.json, as of 2026-10-20 with the default 14 days ahead
(to 2026-11-03) and the default 7-day follow-up window.

- n1 Zoë (markup and accents in her name): planned, due 2026-10-25 → on the 25th.
- n2 Ben: met 2026-10-01, no due date → due 10-08, overdue → on the as-of date; his
  inbound touchpoint t2 is not a follow-up.
- n3 Cleo: followed up by t1 (out, 10-12) → done, left out.
- n4 Ana: not planned; last in touch 08-01, every 30 days → going cold → check-in.
- n5 Ben: due 2026-11-10, after 11-03 → not listed yet.
- n6 Dev: met 10-18, due 10-25 → on the 25th; his 60-day cadence is not overdue.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import icalendar
import pytest

from tests.helpers.importing import FIXTURES
from workbook.agenda import agenda_items, table, to_calendar, write_ics
from workbook.jsonio import import_json
from workbook.store import Workbook

AS_OF = dt.date(2026, 10, 20)
ZOE = "Zoë <b>Ngô</b> & Co"
DOMAIN = "networking-on-purpose"
EXPECTED = [
    (
        f"follow-up-n2@{DOMAIN}",
        dt.date(2026, 10, 20),
        "Follow up: Ben Ito",
        "Met: 2026-10-01 at school gate\nDue: 2026-10-08",
    ),
    (
        f"check-in-p2@{DOMAIN}",
        dt.date(2026, 10, 20),
        "Check in: Ana Silva",
        "Last in touch: 2026-08-01\nKeep in touch every: 30 days\n"
        "What you learned: Wants to grow\nTheir needs: A bookkeeper\n"
        "Your offer: Share my accountant",
    ),
    (
        f"follow-up-n6@{DOMAIN}",
        dt.date(2026, 10, 25),
        "Follow up: Dev Rao",
        "Met: 2026-10-18\nDue: 2026-10-25",
    ),
    (
        f"follow-up-n1@{DOMAIN}",
        dt.date(2026, 10, 25),
        f"Follow up: {ZOE}",
        "Met: 2026-10-15 at Chamber breakfast\nDue: 2026-10-25\n"
        "What you learned: Runs a café; roasts her own beans\n"
        "Their needs: Suppliers, local\nYour offer: Intro to Ana",
    ),
]


@pytest.fixture
def workbook_path(tmp_path: Path) -> Path:
    path = tmp_path / "agenda.db"
    with Workbook.open(path, create=True) as workbook:
        import_json(workbook, FIXTURES / "agenda" / "workbook.json")
    return path


def _items(path: Path, as_of: dt.date = AS_OF, days: int = 14):
    with Workbook.open(path) as workbook:
        return agenda_items(workbook.frames(), as_of, days)


def _parsed(path: Path) -> list[tuple[str, dt.date, str, str]]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return [
        (str(e["UID"]), e.decoded("DTSTART"), str(e["SUMMARY"]), str(e["DESCRIPTION"]))
        for e in calendar.walk("VEVENT")
    ]


def test_items_worked_out_by_hand(workbook_path):
    items = _items(workbook_path)
    assert [(i.uid, i.date, i.summary, i.description) for i in items] == EXPECTED
    assert [i.note for i in items] == [
        "overdue since 2026-10-08",
        "last in touch 2026-08-01, every 30 days",
        "due",
        "due",
    ]


def test_ics_parsed_back_all_day_events_with_markup_and_accents_as_text(workbook_path, tmp_path):
    out = write_ics(_items(workbook_path), tmp_path / "agenda.ics")
    assert _parsed(out) == EXPECTED
    raw = out.read_bytes()
    assert b"\r\n" in raw  # iCalendar line ends
    calendar = icalendar.Calendar.from_ical(raw)
    for event in calendar.walk("VEVENT"):
        assert event["DTSTART"].params.get("VALUE") == "DATE"  # all day
        assert event.decoded("DTEND") - event.decoded("DTSTART") == dt.timedelta(days=1)


def test_same_uids_on_a_second_run_and_done_follow_ups_gone(workbook_path, tmp_path):
    first = [uid for uid, *_ in _parsed(write_ics(_items(workbook_path), tmp_path / "a.ics"))]
    second = [uid for uid, *_ in _parsed(write_ics(_items(workbook_path), tmp_path / "b.ics"))]
    assert first == second
    with Workbook.open(workbook_path) as workbook:
        workbook.put(
            "touchpoints",
            {
                "id": "t9",
                "person": "p1",
                "date": "2026-10-21",
                "direction": "out",
                "kind": "follow_up",
                "channel": "email",
                "note": None,
            },
        )
    later = _items(workbook_path, dt.date(2026, 10, 21))
    assert f"follow-up-n1@{DOMAIN}" not in [i.uid for i in later]
    # The others keep their UIDs; Ben's overdue item moves to the new as-of date.
    assert [(i.uid, i.date) for i in later] == [
        (f"follow-up-n2@{DOMAIN}", dt.date(2026, 10, 21)),
        (f"check-in-p2@{DOMAIN}", dt.date(2026, 10, 21)),
        (f"follow-up-n6@{DOMAIN}", dt.date(2026, 10, 25)),
    ]


def test_days_ahead_bound_the_follow_ups(workbook_path):
    assert [i.uid for i in _items(workbook_path, days=4)] == [
        f"follow-up-n2@{DOMAIN}",
        f"check-in-p2@{DOMAIN}",
    ]
    # 21 days reach Ben's n5, due 2026-11-10.
    assert f"follow-up-n5@{DOMAIN}" in [i.uid for i in _items(workbook_path, days=21)]


def test_table_none_one_many(workbook_path):
    assert table([], AS_OF, 14) == (
        "Nothing to follow up in the 14 days from 2026-10-20, and no one is going cold."
    )
    items = _items(workbook_path)
    assert table(items[:1], AS_OF, 14).splitlines() == [
        "Date        What       Name     Note",
        "2026-10-20  Follow up  Ben Ito  overdue since 2026-10-08",
        "",
        "1 item as of 2026-10-20.",
    ]
    lines = table(items, AS_OF, 14).splitlines()
    assert lines[4] == f"2026-10-25  Follow up  {ZOE}  due"
    assert lines[-1] == "4 items as of 2026-10-20."


def test_empty_calendar_is_still_a_calendar():
    calendar = icalendar.Calendar.from_ical(to_calendar([]).to_ical())
    assert calendar.walk("VEVENT") == []
    assert str(calendar["X-WR-CALNAME"]) == "Networking follow-ups"


def test_two_workbooks_never_share_a_uid(workbook_path, tmp_path):
    """Two workbooks restored from the same file have the same record ids (n1, p1 …) but
    each its own workbook id: their agendas in one calendar must not replace each other."""
    other = tmp_path / "other.db"
    shutil.copy(workbook_path, other)
    with Workbook.open(other) as workbook:
        workbook.set_workbook_id("0b0b-ea5e")
    ids = []
    for path in (workbook_path, other):
        with Workbook.open(path) as workbook:
            wid = workbook.workbook_id
            items = agenda_items(workbook.frames(), AS_OF, 14, workbook_id=wid)
        assert [i.uid.split("@")[1] for i in items] == [f"{wid}.{DOMAIN}"] * len(items)
        ids.append({i.uid for i in items})
    assert len(ids[0]) == 4 and not ids[0] & ids[1]
    assert "follow-up-n1@0b0b-ea5e.networking-on-purpose" in ids[1]
    # an imported id that is any text still makes a valid UID
    with Workbook.open(other) as workbook:
        odd = agenda_items(workbook.frames(), AS_OF, 14, workbook_id="a b@c\n-1")
    assert odd[0].uid.endswith("@abc-1.networking-on-purpose")


def test_planned_events_from_the_as_of_day_on_however_far_ahead(workbook_path, tmp_path):
    """e1 (2026-10-15) is past. e2 on the as-of day comes after that day's follow-up and
    check-in; e3 is five months ahead, beyond the 14 days that bound follow-ups."""
    with Workbook.open(workbook_path) as workbook:
        for record in (
            {
                "id": "e2",
                "name": "Harbour <i>meetup</i> & café",
                "date": "2026-10-20",
                "location": "Pier 4",
                "purpose": "Meet boat builders",
                "target_people": 3,
            },
            {"id": "e3", "name": "Spring fair", "date": "2027-03-01"},
        ):
            workbook.put("events", {"kind": "meetup", **record})
    items = _items(workbook_path)
    assert [(i.uid, i.date, i.summary, i.note) for i in items if i.what == "Event"] == [
        (
            f"event-e2@{DOMAIN}",
            dt.date(2026, 10, 20),
            "Event: Harbour <i>meetup</i> & café",
            "planned at Pier 4",
        ),
        (f"event-e3@{DOMAIN}", dt.date(2027, 3, 1), "Event: Spring fair", "planned"),
    ]
    assert [i.uid for i in items][:3] == [
        f"follow-up-n2@{DOMAIN}",
        f"check-in-p2@{DOMAIN}",
        f"event-e2@{DOMAIN}",
    ]
    assert items[2].description == (
        "Where: Pier 4\nWhy am I going: Meet boat builders\nHow many people do I want to meet: 3"
    )
    assert items[-1].description == "Nothing noted yet."
    parsed = _parsed(write_ics(items, tmp_path / "agenda.ics"))
    assert (
        f"event-e3@{DOMAIN}",
        dt.date(2027, 3, 1),
        "Event: Spring fair",
        "Nothing noted yet.",
    ) in parsed
    # the day after e2, it is gone; e3 keeps its UID
    later = [i.uid for i in _items(workbook_path, dt.date(2026, 10, 21)) if i.what == "Event"]
    assert later == [f"event-e3@{DOMAIN}"]
