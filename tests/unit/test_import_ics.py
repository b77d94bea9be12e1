"""iCalendar import: fixture calendars written for the project (Outlook/Exchange with
Windows zone names, Google with X-WR-TIMEZONE and UTC times, Apple, all-day events,
repeats with EXDATE and cancelled or moved occurrences, a BOM, emoji and accents, a fold
inside a UTF-8 character, broken files, and a file of ours for each case a corpus file
stands for), and the real files of the public corpus when it is there."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
import zoneinfo
from typing import Any

import pytest

from tests.conftest import WORKBOOK_CLI
from tests.helpers.importing import (
    FIXTURES,
    assert_fails_cleanly,
    corpus_file,
    corpus_files,
    import_twice,
    in_corpus,
    reads_or_fails_clearly,
    run_cli,
    write_crlf,
)
from workbook.errors import WorkbookInputError
from workbook.importers import Imported, import_contacts, import_file
from workbook.importers.ics import NOT_ICALENDAR, default_range, guess_kind, local_date, read
from workbook.jsonio import export_document
from workbook.schema import OWN_FIELDS
from workbook.store import Workbook

ICS = FIXTURES / "ics"
YEAR_2026 = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
# Every file of the corpus's ics folder, and the .ics files among vobject's tests (a
# missing corpus gives one placeholder, not two).
ALL_CORPUS_FILES = sorted(set(corpus_files("ics") + corpus_files("vcard", "*.ics")))
EXCHANGE_UID = "040000008200E00074C5B7101A82E00800000000A1B2C3D4E5F6A7B8"


def ics_id(key: str) -> str:
    """The documented id: "ics-" + 12 hex digits of SHA-1 of the key."""
    return "ics-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def event(key: str, name: str, date: str, **fields: Any) -> dict[str, Any]:
    return {
        "id": ics_id(key),
        "name": name,
        "kind": "other",
        "date": date,
        "location": None,
        "purpose": None,
        **fields,
    }


# --- fixtures written for the project -----------------------------------------------------


def test_outlook_exchange_windows_zones_weekly_series_moved_and_cancelled():
    imported = read(ICS / "outlook_exchange.ics", *YEAR_2026)
    cafe = "Café Reichard, Unter Fettenhennen 11"
    assert imported.events == [
        # 22:30 "Pacific Standard Time": the day on that wall clock, not the UTC day.
        event(
            "040000008200E00074C5B7101A82E00800000000FFEEDDCCBBAA9988",
            "Late networking dinner",
            "2026-04-10",
            kind="social",
        ),
        # Thursdays from 5 March, 5 times: 12 March is an EXDATE, 19 March moved to the
        # 20th (keeping the id of the 19th), 26 March cancelled; 2 April stays.
        event(
            f"{EXCHANGE_UID}/2026-03-05", "Unternehmerfrühstück Köln", "2026-03-05", location=cafe
        ),
        event(
            f"{EXCHANGE_UID}/2026-03-19",
            "Unternehmerfrühstück Köln (verschoben)",
            "2026-03-20",
            location=cafe,
        ),
        event(
            f"{EXCHANGE_UID}/2026-04-02", "Unternehmerfrühstück Köln", "2026-04-02", location=cafe
        ),
    ]
    assert imported.skipped == []


def test_google_utc_times_on_the_day_in_x_wr_timezone_monthly_repeats():
    imported = read(ICS / "google_toronto.ics", *YEAR_2026)
    mixer = {"kind": "social", "location": "Steam Whistle Brewing"}
    assert imported.events == [
        # 00:30 UTC on 15 October is 20:30 on the 14th in Toronto.
        event(
            "7kq2mixer0toronto@google.com",
            "Python Toronto Meetup 🐍",
            "2026-10-14",
            kind="meetup",
            location="Centre for Social Innovation, 192 Spadina Ave, Toronto",
            purpose="Talks, pizza and people.\nBring cards!",
        ),
        event("3daysummit@google.com", "Collision Summit", "2026-09-21", kind="conference"),
        # First Wednesdays to June: February is an EXDATE, April is cancelled.
        event("0chambermixer@google.com/2026-01-07", "Chamber mixer", "2026-01-07", **mixer),
        event("0chambermixer@google.com/2026-03-04", "Chamber mixer", "2026-03-04", **mixer),
        event("0chambermixer@google.com/2026-05-06", "Chamber mixer", "2026-05-06", **mixer),
        event("0chambermixer@google.com/2026-06-03", "Chamber mixer", "2026-06-03", **mixer),
    ]


def test_repeats_only_within_since_and_until_one_offs_always():
    imported = read(ICS / "google_toronto.ics", dt.date(2026, 3, 4), dt.date(2026, 5, 5))
    assert [(e["name"], e["date"]) for e in imported.events] == [
        ("Python Toronto Meetup 🐍", "2026-10-14"),
        ("Collision Summit", "2026-09-21"),
        ("Chamber mixer", "2026-03-04"),  # both ends of the range count
    ]


def test_default_range_is_the_twelve_months_up_to_today():
    assert default_range(dt.date(2026, 11, 26)) == (dt.date(2025, 11, 26), dt.date(2026, 11, 26))
    assert default_range(dt.date(2028, 2, 29)) == (dt.date(2027, 2, 28), dt.date(2028, 2, 29))


def test_since_after_until_is_refused():
    with pytest.raises(WorkbookInputError, match="--since 2026-05-01 is after --until 2026-04-01"):
        read(ICS / "apple.ics", dt.date(2026, 5, 1), dt.date(2026, 4, 1))


def test_apple_calendar_with_bom_olson_zone_all_day_and_accents():
    assert read(ICS / "apple.ics").events == [
        event(
            "5F1C2A3B-1111-4C2D-9E8F-0A1B2C3D4E5F",
            "Soirée des entrepreneurs — Señora Núñez",
            "2026-09-18",  # 21:00 in Los Angeles, already the 19th in UTC
            location="Bar Agrícola",
        ),
        event(
            "5F1C2A3B-2222-4C2D-9E8F-0A1B2C3D4E5F", "Design workshop", "2026-06-12", kind="workshop"
        ),
    ]


def test_a_fold_inside_a_utf8_character_reads_as_utf8():
    assert read(ICS / "folded_utf8.ics").events == [
        event("fold-utf8@example.org", "Rencontre des cafés de quartier", "2026-05-14")
    ]


def test_local_date_rules():
    toronto = zoneinfo.ZoneInfo("America/Toronto")
    utc = dt.UTC
    late = dt.datetime(2026, 10, 15, 0, 30, tzinfo=utc)
    assert local_date(late, False, toronto) == dt.date(2026, 10, 14)  # UTC: converted
    assert local_date(late, True, toronto) == dt.date(2026, 10, 15)  # TZID: as written
    assert local_date(dt.datetime(2026, 10, 15, 0, 30), False, toronto) == dt.date(2026, 10, 15)
    assert local_date(dt.date(2026, 10, 15), False, toronto) == dt.date(2026, 10, 15)
    assert local_date("20261015", False, toronto) is None


BROKEN = [
    ("broken_cut_short.ics", "line 3: BEGIN:VEVENT is never closed"),
    ("broken_mismatched_end.ics", "line 7: END:VTODO where END:VEVENT was expected"),
    ("broken_not_a_calendar.ics", "not an iCalendar file (it must begin with BEGIN:VCALENDAR)"),
]


@pytest.mark.parametrize(("name", "message"), BROKEN)
def test_broken_fixture_files_are_one_clear_line(name, message):
    path = ICS / name
    with pytest.raises(WorkbookInputError) as caught:
        read(path)
    assert str(caught.value) == f"{path}: {message}"


@pytest.mark.slow  # starts the command line (a process of its own)
@pytest.mark.parametrize(("name", "message"), BROKEN)
def test_cli_broken_fixture_files_exit_2_and_write_nothing(name, message, tmp_path):
    assert_fails_cleanly("ics", ICS / name, message, tmp_path)


def test_duplicates_cancelled_bad_dates_and_ignored_components(tmp_path):
    path = write_crlf(
        tmp_path,
        "BEGIN:VCALENDAR\nVERSION:2.0\n"
        "BEGIN:VTODO\nSUMMARY:Not an event\nDTSTART:20260101\nEND:VTODO\n"
        "BEGIN:VEVENT\nUID:a\nSUMMARY:Call\nDTSTART:20261001T120000Z\nEND:VEVENT\n"
        "BEGIN:VEVENT\nUID:b\nSUMMARY:Floating\nDTSTART:20261002T233000\nEND:VEVENT\n"
        "BEGIN:VEVENT\nUID:a\nSUMMARY:Call again\nDTSTART:20261001T120000Z\nEND:VEVENT\n"
        "BEGIN:VEVENT\nUID:c\nSUMMARY:Off\nSTATUS:CANCELLED\nDTSTART:20261003\nEND:VEVENT\n"
        "BEGIN:VEVENT\nUID:d\nSUMMARY:Bad day\nDTSTART:20260231\nEND:VEVENT\n"
        "BEGIN:VEVENT\nUID:e\nDTSTART:20260301\nEND:VEVENT\n"
        "BEGIN:VJOURNAL\nSUMMARY:Diary\nEND:VJOURNAL\n"
        "END:VCALENDAR\n",
        "c.ics",
    )
    imported = read(path)
    assert imported.events == [
        event("a", "Call", "2026-10-01"),  # noon UTC is 1 October in every zone
        event("b", "Floating", "2026-10-02"),
    ]
    assert imported.skipped == [
        "VEVENT 3: the same event as VEVENT 1",
        "VEVENT 4: cancelled",
        "VEVENT 5: DTSTART '20260231' is not a date",
        "VEVENT 6: no SUMMARY",
    ]


# The cases the corpus files below stand for, on files of our own (a clone without the
# corpus still covers each).


def test_a_lone_vevent_without_a_calendar_around_it():
    # Noon UTC on 12 June: that day in every zone from UTC-11 to UTC+11.
    assert read(ICS / "lone_vevent.ics").events == [
        event(
            "lone-2026@example.org",
            "Rencontre à Montréal: Zoë & Søren",
            "2026-06-12",
            location="Café Olimpico, Mile End",
            purpose="Déjeuner des indépendants — apportez vos cartes.",
        )
    ]


def test_a_daily_repeat_without_uid_with_floating_times_and_utc_exdates():
    # No UID: the key is SUMMARY + DTSTART as written; each occurrence adds its date.
    # 30 days from 1 June; 2, 3 and 4 June excluded; the range ends on the 6th.
    uid = "no-uid-" + hashlib.sha1(b"Co-working coffee20260601T083000").hexdigest()
    imported = read(ICS / "daily_no_uid.ics", dt.date(2026, 6, 1), dt.date(2026, 6, 6))
    assert imported.events == [
        event(f"{uid}/{day}", "Co-working coffee", day)
        for day in ("2026-06-01", "2026-06-05", "2026-06-06")
    ]


def test_blank_lines_inside_folds_mozilla_calendar_1_0():
    assert read(ICS / "mozilla_blank_folds.ics").events == [
        event("42001", "Harvest fair", "2026-10-03", kind="trade_show"),
        event("42002", "Alumni evening", "2026-11-12"),
    ]


def test_an_alarms_summary_and_description_are_not_the_events():
    # 23:30 UTC on 4 July is 00:30 on the 5th in London (summer time, X-WR-TIMEZONE).
    assert read(ICS / "google_alarms.ics").events == [
        event("alarm0london@google.com", "Late founders' drinks", "2026-07-05", kind="social")
    ]


@pytest.mark.parametrize("name", ["empty.ics", "timezone_only.ics"])
def test_a_calendar_without_events_imports_nothing_without_error(name):
    assert read(ICS / name) == Imported()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("broken_calendar_never_closed.ics", "line 1: BEGIN:VCALENDAR is never closed"),
        ("broken_end_typo.ics", "line 8: END:VCALENDARD where END:VCALENDAR was expected"),
        ("broken_nul_in_name.ics", NOT_ICALENDAR),
        ("broken_not_utf8.ics", "not text in UTF-8 or cp1252"),
        ("broken_is_a_vcard.ics", NOT_ICALENDAR),
    ],
)
def test_more_broken_fixture_files_are_one_clear_line(name, message):
    path = ICS / name
    with pytest.raises(WorkbookInputError) as caught:
        read(path)
    assert str(caught.value) == f"{path}: {message}"


@pytest.mark.parametrize("name", sorted(p.name for p in ICS.glob("*.ics")))
def test_every_fixture_file_reads_or_fails_clearly(name, tmp_path):
    # As the corpus files are checked below: an Imported that imports, or one clear line.
    imported = reads_or_fails_clearly(
        lambda p: read(p, dt.date(1990, 1, 1), dt.date(2030, 12, 31)), ICS / name, tmp_path
    )
    assert (imported is None) == name.startswith("broken_")


def test_cli_utc_times_without_x_wr_timezone_use_the_local_zone(tmp_path):
    path = write_crlf(
        tmp_path,
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:m1\nSUMMARY:Toronto meetup\n"
        "DTSTART:20261015T003000Z\nEND:VEVENT\nEND:VCALENDAR\n",
        "m.ics",
    )
    db = tmp_path / "w.db"
    env = {**os.environ, "TZ": "America/Toronto"}
    done = subprocess.run(
        [*WORKBOOK_CLI, "import", "ics", str(path), "--workbook", str(db)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    with Workbook.open(db) as workbook:
        assert workbook.get("events", ics_id("m1"))["date"] == "2026-10-14"


def test_cli_since_until_expand_repeats_and_a_second_import_adds_nothing(tmp_path):
    db = tmp_path / "w.db"
    args = ["import", "ics", str(ICS / "google_toronto.ics"), "--workbook", str(db)]
    range_ = ["--since", "2026-01-01", "--until", "2026-12-31"]
    done = run_cli(*args, *range_)
    assert done.returncode == 0, done.stderr
    assert "added 6 events" in done.stdout
    again = run_cli(*args, *range_)
    assert again.returncode == 0, again.stderr
    assert "added nothing new" in again.stdout
    with Workbook.open(db) as workbook:
        assert len(workbook.records("events")) == 6


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--since", "2026-13-01"], "--since '2026-13-01' is not a date"),
        (["--until", "soon"], "--until 'soon' is not a date"),
        (["--since", "2026-05-01", "--until", "2026-04-01"], "is after --until"),
    ],
)
def test_cli_bad_since_or_until_exits_2_with_one_line(options, message, tmp_path):
    db = tmp_path / "w.db"
    done = run_cli("import", "ics", str(ICS / "apple.ics"), "--workbook", str(db), *options)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0]
    assert not db.exists()


def test_since_is_for_ics_only(tmp_path):
    db = tmp_path / "w.db"
    path = FIXTURES / "csv" / "linkedin_2018.csv"
    done = run_cli("import", "linkedin", str(path), "--workbook", str(db), "--since", "2026-01-01")
    assert done.returncode == 2
    assert done.stderr.strip() == "workbook: error: --since and --until are for ics files only"


# --- real files of the public corpus, results worked out by hand ---------------------------


def test_corpus_example_calendar_all_day_holidays():
    imported = read(in_corpus("ics", "calendars", "example.ics"))
    assert imported.events == [
        event(
            "636a0cc1dbd5a1667894465@icalendar",
            "New Year's Day",
            "2022-01-01",
            purpose="Happy New Year!",
        ),
        event(
            "636a0cc1dbfd91667894465@icalendar",
            "Orthodox Christmas",
            "2022-01-07",
            location="Russia",
            purpose="It is Christmas again!",
        ),
        event(
            "636a0cc1dc0f11667894465@icalendar",
            "International Women's Day",
            "2022-03-08",
            purpose="May the feminine be honoured!",
        ),
    ]
    assert imported.events[0]["id"] == "ics-9f2e400276d9"
    assert imported.skipped == []


def test_corpus_exchange_windows_tzid_quoted_and_unquoted():
    uid = "040000008200E00074C5B7101A82E0080000000090E19664858ED20100000000000000"
    # DTSTART;TZID="Pacific Standard Time":20170224T120000 — the day there.
    assert read(in_corpus("ics", "calendars", "timezone_same_start.ics")).events == [
        event(uid, "Test 4", "2017-02-24")
    ]
    assert read(in_corpus("ics", "calendars", "issue_836_do_not_quote_tzid.ics")).events == [
        event(
            "minimal-demo-event-est-20241028@example.com",
            "Anonymous Test Event for TZID",
            "2024-10-28",
        )
    ]


def test_corpus_google_calendar_with_x_wr_timezone_and_alarms():
    # X-WR-TIMEZONE:Europe/London; the VALARMs' SUMMARY and DESCRIPTION are not the event's.
    assert read(in_corpus("ics", "calendars", "alarm_google_future.ics")).events == [
        event("79fs7pkqvht9m5igs0vjv1sfra@google.com", "event with alarms", "2024-10-04")
    ]


def test_corpus_event_with_unicode_fields_a_lone_vevent():
    assert read(in_corpus("ics", "events", "event_with_unicode_fields.ics")).events == [
        event(
            "123456",
            "Non-ASCII Test: ÄÖÜ äöü €",
            "2010-10-10",
            location="Tribstrül",
            purpose="icalendar should be able to handle non-ascii: €äüöÄÜÖ.",
        )
    ]


def test_corpus_daily_repeat_without_uid_and_exdates():
    # DAILY from 1 April 1996 (floating), EXDATE 2-4 April: the 1st, then from the 5th.
    path = in_corpus("ics", "events", "event_with_recurrence.ics")
    imported = read(path, dt.date(1996, 4, 1), dt.date(1996, 4, 6))
    assert [e["date"] for e in imported.events] == ["1996-04-01", "1996-04-05", "1996-04-06"]
    assert len({e["id"] for e in imported.events}) == 3


def test_corpus_weekly_repeat_with_cancelled_overrides():
    # Thunderbird: weekly on Mondays from 9 October 2017; 23 and 30 October cancelled.
    path = in_corpus("vcard", "vobject", "radicale-0827.ics")
    imported = read(path, dt.date(2017, 10, 1), dt.date(2017, 11, 13))
    assert [e["date"] for e in imported.events] == [
        "2017-10-09",
        "2017-10-16",
        "2017-11-06",
        "2017-11-13",
    ]
    assert imported.events[0] == event(
        "812dae9d-4114-45c1-ba5b-4ee34756ab47/2017-10-09",
        "Cours Balboa",
        "2017-10-09",
        location="Some place, Some where",
    )
    assert imported.skipped == []


def test_corpus_mozilla_calendar_with_blank_lines_inside_folds():
    events = read(in_corpus("ics", "calendars", "multiple_calendar_components.ics")).events
    assert [(e["name"], e["date"]) for e in events] == [
        ("Christmas Day", "2003-12-25"),
        ("Boxing Day", "2003-05-01"),
        ("Christmas again!", "2003-12-25"),
    ]
    assert events[0]["id"] == ics_id("956630271")


def test_corpus_bom_and_empty_calendars_import_nothing_without_error():
    for name in ("empty.ics", "issue_1050_timezone_only_calendar.ics"):
        assert read(in_corpus("ics", "calendars", name)) == Imported()


@pytest.mark.parametrize(
    ("relative", "message"),
    [
        ("ics/calendars/big_bad_calendar.ics", "line 1: BEGIN:VCALENDAR is never closed"),
        (
            "ics/calendars/timezone_same_start_and_offset.ics",
            "line 23: END:VCALENDARD where END:VCALENDAR",
        ),
        ("ics/calendars/fuzz_testcase_0_char_in_component_name.ics", "not an iCalendar file"),
        ("ics/fuzzing/Type_Error.ics", "not an iCalendar file"),
        ("ics/fuzzing/Index_Error.ics", "not text in UTF-8"),
        ("vcard/khard/vcards__minimal.vcf", "not an iCalendar file"),
    ],
)
def test_corpus_broken_files_are_clear_errors(relative, message):
    path = in_corpus(relative)
    with pytest.raises(WorkbookInputError, match=message) as caught:
        read(path)
    assert str(caught.value).startswith(f"{path}: ")


@pytest.mark.parametrize("relative", ALL_CORPUS_FILES)
def test_every_corpus_file_reads_or_fails_clearly(relative, tmp_path):
    path = corpus_file(relative)
    imported = reads_or_fails_clearly(
        lambda p: read(p, dt.date(1990, 1, 1), dt.date(2030, 12, 31)), path, tmp_path
    )
    assert imported is None or imported.people == []


# --- rules, on small invented calendars ---------------------------------------------------


@pytest.mark.parametrize(
    ("texts", "kind"),
    [
        (("Data Science Summit 2026",), "conference"),
        (("PyCon conference",), "conference"),
        (("Python meet-up",), "meetup"),
        (("Home & Garden Expo",), "trade_show"),
        (("County fair",), "trade_show"),
        (("Affair to remember",), "other"),
        (("Git training",), "workshop"),
        (("Quarterly webinar",), "online"),
        (("Sync", None, "https://zoom.us/j/123"), "online"),
        (("Sync", "", "https://meet.google.com/abc"), "online"),
        (("Holiday party", "Join on Zoom"), "social"),  # the summary decides first
        (("Drinks after work",), "social"),
        (("Dentist",), "other"),
    ],
)
def test_guess_kind(texts, kind):
    assert guess_kind(*texts) == kind


# --- end to end ---------------------------------------------------------------------------


def test_importing_the_same_ics_twice_changes_nothing(tmp_path):
    first, second, before = import_twice("ics", ICS / "apple.ics", tmp_path)
    assert first.added["events"] == 2
    assert second.describe() == "added nothing new"
    assert [e["name"] for e in before["events"]] == [  # in date order
        "Design workshop",
        "Soirée des entrepreneurs — Señora Núñez",
    ]


def test_importing_repeats_twice_changes_nothing(tmp_path):
    with Workbook.open(tmp_path / "w.db", create=True) as workbook:
        for _ in range(2):
            imported = read(ICS / "outlook_exchange.ics", *YEAR_2026)
            result = import_contacts(workbook, imported, source="outlook_exchange.ics")
        assert len(workbook.records("events")) == 4
    assert sum(result.added.values()) == 0 and sum(result.updated.values()) == 0


def test_a_changed_event_is_updated_in_place(tmp_path):
    text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x1\nSUMMARY:{}\nDTSTART:20261002\nEND:VEVENT\nEND:VCALENDAR\n"  # noqa: E501
    with Workbook.open(tmp_path / "w.db", create=True) as workbook:
        import_file(workbook, "ics", write_crlf(tmp_path, text.format("Chamber breakfast")))
        result = import_file(workbook, "ics", write_crlf(tmp_path, text.format("Chamber lunch")))
        events = export_document(workbook)["events"]
    assert result.added["events"] == 0
    assert result.updated["events"] == 1
    assert [(e["id"], e["name"]) for e in events] == [(ics_id("x1"), "Chamber lunch")]


def test_an_event_imported_again_keeps_what_the_person_wrote(tmp_path):
    text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x2\nSUMMARY:{}\nDTSTART:20261002\nEND:VEVENT\nEND:VCALENDAR\n"  # noqa: E501
    with Workbook.open(tmp_path / "w.db", create=True) as workbook:
        import_file(workbook, "ics", write_crlf(tmp_path, text.format("Chamber breakfast")))
        event = workbook.get("events", ics_id("x2"))
        mine = {
            "kind": "meetup",
            "purpose": "Find a <b>baker</b> & café",
            "intended_outcome": "Meet two bakers",
            "target_people": 5,
            "follow_up_plan": "Mail by Friday",
            "nurture_plan": "Coffee each month",
            "opportunity_note": "The quiet ones",
        }
        event.update(mine)
        workbook.put("events", event)
        import_file(workbook, "ics", write_crlf(tmp_path, text.format("Chamber lunch")))
        again = workbook.get("events", ics_id("x2"))
    assert again["name"] == "Chamber lunch"  # the calendar's facts follow the file
    assert {name: again[name] for name in mine} == mine
    assert set(OWN_FIELDS["events"]) == set(mine)  # what the declaration marks as one's own


def test_several_occurrences_on_one_day_are_one_event_and_huge_repeats_are_capped(tmp_path):
    text = (
        "BEGIN:VCALENDAR\nX-WR-TIMEZONE:UTC\nBEGIN:VEVENT\nUID:r\nSUMMARY:Standup\n"
        "DTSTART:20260101T000000Z\nRRULE:FREQ={}\nEND:VEVENT\nEND:VCALENDAR\n"
    )
    hourly = read(write_crlf(tmp_path, text.format("HOURLY;COUNT=50"), "h.ics"), *YEAR_2026)
    # 50 hours from midnight on 1 January: three days.
    assert [e["date"] for e in hourly.events] == ["2026-01-01", "2026-01-02", "2026-01-03"]
    assert hourly.skipped == []
    minutely = read(
        write_crlf(tmp_path, text.format("MINUTELY"), "m.ics"),
        dt.date(2026, 1, 1),
        dt.date(2026, 1, 5),
    )
    # 5000 minutes reach into 4 January (3 days and 11 h 20 min).
    assert [e["date"] for e in minutely.events] == [
        "2026-01-01",
        "2026-01-02",
        "2026-01-03",
        "2026-01-04",
    ]
    assert minutely.skipped == [
        "VEVENT 1: it repeats more than 5000 times in the range: the first ones kept"
    ]
