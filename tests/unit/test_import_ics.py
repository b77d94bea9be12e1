"""iCalendar import (SPEC §6, §9) on real files from ../shared/corpus/ics (and the .ics
files among vobject's tests): exact events for a handful, and no crash on any."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.importing import (
    assert_fails_cleanly,
    import_twice,
    reads_or_fails_clearly,
    run_cli,
    write_crlf,
)
from workbook.errors import WorkbookInputError
from workbook.importers import Imported, import_file
from workbook.importers.ics import guess_kind, read
from workbook.jsonio import export_document
from workbook.store import Workbook

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
ICS = CORPUS / "ics"
CALENDARS = ICS / "calendars"
EVENTS = ICS / "events"
ALL_FILES = sorted(
    [p for p in ICS.rglob("*") if p.is_file()] + sorted((CORPUS / "vcard").rglob("*.ics"))
)


def ics_id(key: str) -> str:
    """The documented id: "ics-" + 12 hex digits of SHA-1 of UID (+ RECURRENCE-ID)."""
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


# --- real files, results worked out by hand ---------------------------------------------


def test_example_calendar_all_day_holidays():
    imported = read(CALENDARS / "example.ics")
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
    assert imported.people == []
    assert imported.skipped == []


def test_all_day_value_date_with_rrules_first_occurrence_only():
    # DTSTART;VALUE=DATE, each with an RRULE in another calendar scale: one event each.
    assert read(CALENDARS / "rfc_7529.ics").events == [
        event("4.3.1", "Chinese New Year", "2013-02-10"),
        event("4.3.2", "First day of 13th month", "2013-09-06"),
        event("4.3.3", "Anniversary", "2014-02-08"),
        event("4.3.4", "Anniversary", "2012-02-29"),
    ]


def test_exchange_windows_tzid_quoted_and_unquoted():
    uid = "040000008200E00074C5B7101A82E0080000000090E19664858ED20100000000000000"
    # DTSTART;TZID="Pacific Standard Time":20170224T120000 — the date as written.
    assert read(CALENDARS / "timezone_same_start.ics").events == [
        event(uid, "Test 4", "2017-02-24")
    ]
    # DTSTART;TZID=Eastern Standard Time:20241028T170000 (the name unquoted, with spaces).
    assert read(CALENDARS / "issue_836_do_not_quote_tzid.ics").events == [
        event(
            "minimal-demo-event-est-20241028@example.com",
            "Anonymous Test Event for TZID",
            "2024-10-28",
        )
    ]


def test_exchange_recurring_event_without_uid_gets_an_id_from_summary_and_dtstart():
    # Microsoft CDO: no UID, an RRULE folded across two lines: the first occurrence.
    assert read(CALENDARS / "issue_165_missing_event.ics").events == [
        event("Sprint 25 Daily Standup20150703T100000", "Sprint 25 Daily Standup", "2015-07-03")
    ]


def test_google_calendar_with_x_wr_timezone_and_alarms():
    # X-WR-TIMEZONE:Europe/London, DTSTART in UTC (…Z): the UTC date as written. The
    # VALARMs' SUMMARY and DESCRIPTION are not the event's.
    assert read(CALENDARS / "alarm_google_future.ics").events == [
        event("79fs7pkqvht9m5igs0vjv1sfra@google.com", "event with alarms", "2024-10-04")
    ]


def test_olson_tzid_with_vtimezone():
    assert read(CALENDARS / "timezoned.ics").events == [
        event(
            "123456",
            "artsprint 2012",
            "2012-02-13",
            location="aka bild, wien",
            purpose="sprinting at the artsprint",
        )
    ]


def test_event_with_unicode_fields_a_lone_vevent():
    assert read(EVENTS / "event_with_unicode_fields.ics").events == [
        event(
            "123456",
            "Non-ASCII Test: ÄÖÜ äöü €",
            "2010-10-10",
            location="Tribstrül",
            purpose="icalendar should be able to handle non-ascii: €äüöÄÜÖ.",
        )
    ]


def test_event_with_escaped_characters_has_no_summary_so_it_is_passed_over():
    # Only an ORGANIZER whose CN parameter is full of escapes: nothing to import, no error.
    imported = read(EVENTS / "event_with_escaped_characters.ics")
    assert imported.events == []
    assert imported.skipped == ["VEVENT 1 (line 1): no SUMMARY"]


def test_escaped_text_meetup_kind_and_folded_description():
    (found,) = read(EVENTS / "issue_53_description_parsed_properly.ics").events
    assert found["id"] == ics_id("event_qtkfrcyqkbnb@meetup.com")
    assert found["name"] == "DevOps DC Meetup"
    assert found["kind"] == "meetup"
    assert found["date"] == "2012-07-12"
    # "\," is a comma; the fold " D.C." loses its one leading space (RFC 5545 unfolding).
    assert found["location"] == (
        "Fathom Creative, Inc. (1333 14th Street Northwest, WashingtonD.C., DC 20005)"
    )
    assert found["purpose"] == (
        "DevOpsDC\nThursday, July 12 at 6:30 PM\n\nThis will be a joint meetup / hack night "
        "with the DC jQuery Users Group.   The idea behind the hack night:  Small teams "
        "consisting of at least 1 member...\n\nDetails: "
        "http://www.meetup.com/DevOpsDC/events/47635522/"
    )


def test_rrule_event_without_uid():
    assert read(EVENTS / "event_with_recurrence.ics").events == [
        event(
            "A recurring event with exdates19960401T010000",
            "A recurring event with exdates",
            "1996-04-01",
        )
    ]


def test_recurring_event_with_cancelled_overrides():
    # Thunderbird: a weekly RRULE (imported once) and two cancelled RECURRENCE-ID overrides.
    imported = read(CORPUS / "vcard" / "vobject" / "radicale-0827.ics")
    assert imported.events == [
        event(
            "812dae9d-4114-45c1-ba5b-4ee34756ab47",
            "Cours Balboa",
            "2017-10-09",
            location="Some place, Some where",
        )
    ]
    assert imported.skipped == ["VEVENT 2 (line 44): cancelled", "VEVENT 3 (line 59): cancelled"]


def test_a_recurrence_id_is_part_of_the_id():
    assert read(CALENDARS / "issue_1231_recurrence.ics").events == [
        event("test-uid20250428T160500Z", "Test recurrence", "2025-04-28")
    ]


def test_description_is_cut_at_500_characters():
    (found,) = read(CALENDARS / "issue_348_exception_parsing_value.ics").events
    assert found["name"] == "Sixt : détails de votre réservation"
    assert found["date"] == "2019-06-24"
    assert found["purpose"].startswith("Votre véhicule avec le numéro de réservation")
    assert len(found["purpose"]) <= 500


def test_mozilla_calendar_with_blank_lines_inside_folds():
    # "UID", a blank line, " :956630271": the fold continues across the blank line.
    events = read(CALENDARS / "multiple_calendar_components.ics").events
    assert [(e["name"], e["date"]) for e in events] == [
        ("Christmas Day", "2003-12-25"),
        ("Boxing Day", "2003-05-01"),
        ("Christmas again!", "2003-12-25"),
    ]
    assert events[0]["id"] == ics_id("956630271")


def test_bom_and_empty_calendars_import_nothing_without_error():
    for name in ("bom_calendar.ics", "empty.ics", "issue_1050_timezone_only_calendar.ics"):
        assert read(CALENDARS / name) == Imported()


def test_events_without_dtstart_or_summary_are_passed_over_with_a_note():
    assert read(CALENDARS / "issue_1050_multiple_calendars.ics").skipped == [
        "VEVENT 1 (line 4): no DTSTART",
        "VEVENT 2 (line 12): no DTSTART",
    ]
    assert read(CALENDARS / "issue_1081_invalid_start_and_end.ics").skipped == [
        "VEVENT 1 (line 4): DTSTART 'INVALID-DATE' is not a date"
    ]
    assert read(EVENTS / "issue_104_mark_events_broken.ics").skipped == [
        "VEVENT 1 (line 1): line 9: 'X' is not NAME:value (no colon)"
    ]


@pytest.mark.parametrize(
    ("path", "message"),
    [
        (CALENDARS / "big_bad_calendar.ics", "line 1: BEGIN:VCALENDAR is never closed"),
        (
            CALENDARS / "timezone_same_start_and_offset.ics",
            "line 23: END:VCALENDARD where END:VCALENDAR",
        ),
        (CALENDARS / "fuzz_testcase_0_char_in_component_name.ics", "not an iCalendar file"),
        (ICS / "fuzzing" / "Type_Error.ics", "not an iCalendar file"),
        (ICS / "fuzzing" / "Index_Error.ics", "not text in utf-8"),
        (CORPUS / "vcard" / "khard" / "vcards__minimal.vcf", "not an iCalendar file"),
    ],
)
def test_broken_files_are_clear_errors(path, message):
    with pytest.raises(WorkbookInputError, match=message) as caught:
        read(path)
    assert str(caught.value).startswith(f"{path}: ")


# --- every file in the corpus: an Imported or a clear error, never a crash ---------------


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: str(p.relative_to(CORPUS)))
def test_every_corpus_file_reads_or_fails_clearly(path, tmp_path):
    imported = reads_or_fails_clearly(read, path, tmp_path)
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


def test_dates_as_written_and_duplicates_and_ignored_components(tmp_path):
    path = write_crlf(
        tmp_path,
        "BEGIN:VCALENDAR\nVERSION:2.0\n"
        "BEGIN:VTODO\nSUMMARY:Not an event\nDTSTART:20260101\nEND:VTODO\n"
        "BEGIN:VEVENT\nUID:a\nSUMMARY:Late call\nDTSTART:20261001T233000Z\nEND:VEVENT\n"
        "BEGIN:VEVENT\nUID:b\nSUMMARY:Floating\nDTSTART:20261002T090000\nEND:VEVENT\n"
        "BEGIN:VEVENT\nUID:a\nSUMMARY:Late call again\nDTSTART:20261001T233000Z\nEND:VEVENT\n"
        "BEGIN:VEVENT\nUID:c\nSUMMARY:Off\nSTATUS:CANCELLED\nDTSTART:20261003\nEND:VEVENT\n"
        "BEGIN:VEVENT\nUID:d\nSUMMARY:Bad day\nDTSTART:20260231\nEND:VEVENT\n"
        "BEGIN:VJOURNAL\nSUMMARY:Diary\nEND:VJOURNAL\n"
        "END:VCALENDAR\n",
    )
    imported = read(path)
    assert imported.events == [
        event("a", "Late call", "2026-10-01"),
        event("b", "Floating", "2026-10-02"),
    ]
    assert imported.skipped == [
        "VEVENT 3 (line 17): the same event as VEVENT 1",
        "VEVENT 4 (line 22): cancelled",
        "VEVENT 5 (line 28): DTSTART '20260231' is not a date",
    ]


def test_file_must_begin_with_a_calendar(tmp_path):
    path = write_crlf(tmp_path, "\nSUMMARY:x\nBEGIN:VCALENDAR\nEND:VCALENDAR\n")
    with pytest.raises(WorkbookInputError) as caught:
        read(path)
    assert str(caught.value) == (
        f"{path}: line 2: not an iCalendar file (it must begin with BEGIN:VCALENDAR)"
    )
    with pytest.raises(WorkbookInputError, match=r": not an iCalendar file"):
        read(write_crlf(tmp_path, "", "empty.ics"))


# --- end to end ---------------------------------------------------------------------------


def test_importing_the_same_ics_twice_changes_nothing(tmp_path):
    first, second, before = import_twice("ics", CALENDARS / "example.ics", tmp_path)
    assert first.added["events"] == 3
    assert second.describe() == "added nothing new"
    assert [e["name"] for e in before["events"]] == [
        "New Year's Day",
        "Orthodox Christmas",
        "International Women's Day",
    ]


def test_a_changed_event_is_updated_in_place(tmp_path):
    text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x1\nSUMMARY:{}\nDTSTART:20261002\nEND:VEVENT\nEND:VCALENDAR\n"  # noqa: E501
    with Workbook.open(tmp_path / "w.db", create=True) as workbook:
        import_file(workbook, "ics", write_crlf(tmp_path, text.format("Chamber breakfast")))
        result = import_file(workbook, "ics", write_crlf(tmp_path, text.format("Chamber lunch")))
        events = export_document(workbook)["events"]
    assert result.added["events"] == 0
    assert result.updated["events"] == 1
    assert [(e["id"], e["name"]) for e in events] == [(ics_id("x1"), "Chamber lunch")]


def test_cli_broken_ics_exits_2_with_one_line_and_no_workbook(tmp_path):
    path = CALENDARS / "timezone_same_start_and_offset.ics"
    assert_fails_cleanly("ics", path, "line 23", tmp_path)


def test_cli_imports_an_ics_twice(tmp_path):
    db = tmp_path / "w.db"
    path = CORPUS / "vcard" / "vobject" / "radicale-0827.ics"
    done = run_cli("import", "ics", str(path), "--workbook", str(db))
    assert done.returncode == 0, done.stderr
    assert "added 1 event" in done.stdout
    assert "passed over 2" in done.stdout
    again = run_cli("import", "ics", str(path), "--workbook", str(db))
    assert again.returncode == 0, again.stderr
    assert "added nothing new" in again.stdout
    assert "updated" not in again.stdout


def test_an_event_imported_again_keeps_what_the_person_wrote(tmp_path):
    text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x2\nSUMMARY:{}\nDTSTART:20261002\nEND:VEVENT\nEND:VCALENDAR\n"  # noqa: E501
    with Workbook.open(tmp_path / "w.db", create=True) as workbook:
        import_file(workbook, "ics", write_crlf(tmp_path, text.format("Chamber breakfast")))
        event = workbook.get("events", ics_id("x2"))
        event.update(kind="meetup", intended_outcome="Meet two bakers", target_people=5)
        workbook.put("events", event)
        import_file(workbook, "ics", write_crlf(tmp_path, text.format("Chamber lunch")))
        again = workbook.get("events", ics_id("x2"))
    assert again["name"] == "Chamber lunch"  # the calendar's facts follow the file
    assert (again["kind"], again["intended_outcome"], again["target_people"]) == (
        "meetup",
        "Meet two bakers",
        5,
    )
