"""Small files that would eat the machine are bounded while they are read
(docs/robustness.md, Files that are read). Each case is the size the hostile file had;
how long each takes and how much memory is measured by benchmarks/bench_inputs.py.

The command-line cases run in a child process whose address space is capped, so a
regression ends in that child's MemoryError instead of taking the machine with it.
"""

from __future__ import annotations

import datetime as dt
import json
import resource
import subprocess
from pathlib import Path

import pytest

from tests.conftest import WORKBOOK_CLI
from tests.helpers.outcomes import assert_refused, fingerprint
from workbook.importers import csvfiles, ics, linkedin
from workbook.limits import MAX_CALENDAR_BYTES, MAX_CSV_BYTES, MAX_NOTE_BYTES, MAX_VCARD_BYTES

MEMORY_CAP = 3 * 1024**3  # bytes of address space for a child: far above what any case needs

# The 150-byte calendar: one event every second, for ever.
SECONDLY = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:flood@example.com\r\n"
    "DTSTART:{start}T090000Z\r\nRRULE:FREQ=SECONDLY\r\nSUMMARY:Flood\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
)


def capped(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))

    return subprocess.run(
        [*WORKBOOK_CLI, *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=600,
        preexec_fn=limit,
    )


# -- a calendar event repeating every second ---------------------------------------------


def test_a_rule_of_every_second_stops_at_the_cap(tmp_path: Path) -> None:
    path = tmp_path / "flood.ics"
    path.write_text(SECONDLY.format(start="20260105"), encoding="utf-8", newline="")
    assert len(path.read_bytes()) < 160
    imported = ics.read(path, since=dt.date(2026, 1, 1), until=dt.date(2026, 12, 31))
    # 5,001 seconds from 09:00 on 5 January: all on one day, and an event is a day.
    assert [e["date"] for e in imported.events] == ["2026-01-05"]
    assert imported.skipped == [
        "VEVENT 1: it repeats more than 5000 times in the range: the first ones kept"
    ]


def test_a_rule_of_every_second_since_long_ago_is_passed_over(tmp_path: Path) -> None:
    path = tmp_path / "old-flood.ics"
    path.write_text(SECONDLY.format(start="20200101"), encoding="utf-8", newline="")
    imported = ics.read(path, since=dt.date(2026, 1, 1), until=dt.date(2026, 12, 31))
    assert imported.events == []
    # 2,192 days from 2020-01-01 to 2026-01-01 (2020 and 2024 are leap years), one
    # instant a second, counted in whole days from the start's date: 2,192 × 86,400 + 1.
    steps = 2192 * 86_400 + 1
    assert imported.skipped == [
        f"VEVENT 1: it repeats too often to expand (about {steps:,} times between its "
        "start and 2026-01-01; at most 1,000,000)"
    ]


def test_an_ordinary_weekly_rule_since_2000_is_expanded_in_the_range(tmp_path: Path) -> None:
    path = tmp_path / "standup.ics"
    path.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:standup@example.com\r\n"
        "DTSTART;VALUE=DATE:20000103\r\nRRULE:FREQ=WEEKLY;BYDAY=MO\r\nSUMMARY:Standup\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
        newline="",
    )
    imported = ics.read(path, since=dt.date(2026, 10, 1), until=dt.date(2026, 10, 31))
    # The Mondays of October 2026.
    assert [e["date"] for e in imported.events] == [
        "2026-10-05",
        "2026-10-12",
        "2026-10-19",
        "2026-10-26",
    ]
    assert imported.skipped == []


def test_the_every_second_calendar_through_the_command_line(tmp_path: Path) -> None:
    (tmp_path / "flood.ics").write_text(SECONDLY.format(start="20260105"), newline="")
    done = capped(
        "import", "ics", "flood.ics", "--workbook", "w.db", "--since", "2026-01-01",
        "--until", "2026-12-31", cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "added 1 event" in done.stdout
    assert "repeats more than 5000 times" in done.stdout


# -- a CSV header of thousands of equal names --------------------------------------------


def test_repeated_header_names_are_numbered_on() -> None:
    assert csvfiles._keys(["x", "x", "x (2)", "x", "Y"]) == [
        "x",
        "x (2)",
        "x (2) (2)",
        "x (3)",
        "y",
    ]


@pytest.mark.parametrize("columns", [3000, 20_000])  # 9 KB and 60 KB of header
def test_a_header_of_thousands_of_x_columns_is_read(tmp_path: Path, columns: int) -> None:
    names = ["x"] * columns + ["First Name", "Last Name", "Connected On"]
    path = tmp_path / "Connections.csv"
    path.write_text(
        ",".join(names) + "\n" + "," * columns + "Ada,Lovelace,09 Oct 2024\n", encoding="utf-8"
    )
    assert len(path.read_bytes()) >= 2 * columns
    imported = linkedin.read(path)
    assert [p["name"] for p in imported.people] == ["Ada Lovelace"]


# -- a vCard file too large to parse in memory -------------------------------------------


def test_a_vcard_file_over_the_limit_is_one_line(tmp_path: Path) -> None:
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nEMAIL:ada@example.com\r\nEND:VCARD\r\n"
    path = tmp_path / "all.vcf"
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(card * (MAX_VCARD_BYTES // len(card) + 1))
    done = capped("import", "vcard", "all.vcf", "--workbook", "w.db", cwd=tmp_path)
    assert_refused(done, "all.vcf: larger than 10 MB", "vCard")
    assert not (tmp_path / "w.db").exists()


# -- a coach's note of 200 MB ------------------------------------------------------------


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    done = subprocess.run(
        [*WORKBOOK_CLI, "init", "w.db"], cwd=tmp_path, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return tmp_path / "w.db"


def test_a_200_mb_file_is_no_coachs_note(tmp_path: Path, workbook: Path) -> None:
    huge = tmp_path / "note.md"
    with huge.open("wb") as out:  # 200 MB (sparse: nothing but the size on disk)
        out.truncate(200 * 1024 * 1024)
    before = fingerprint(workbook)
    done = capped("note", "--workbook", "w.db", "--period", "2026-10", "--file", "note.md",
                  cwd=tmp_path)  # fmt: skip
    assert_refused(done, "note.md: larger than 64 KB", "coach's note")
    assert fingerprint(workbook) == before


def test_a_note_just_over_64_kb_is_refused_and_one_at_64_kb_kept(
    tmp_path: Path, workbook: Path
) -> None:
    (tmp_path / "long.md").write_text("a" * (MAX_NOTE_BYTES + 1))
    (tmp_path / "full.md").write_text("a" * MAX_NOTE_BYTES)
    args = ("note", "--workbook", "w.db", "--period", "2026-10", "--file")
    assert_refused(capped(*args, "long.md", cwd=tmp_path), "long.md: larger than 64 KB")
    done = capped(*args, "full.md", cwd=tmp_path)
    assert done.returncode == 0, done.stderr


def test_a_json_import_with_a_huge_note_names_the_record(tmp_path: Path) -> None:
    note = {"id": "c1", "period": "2026-10", "text": "é" * (MAX_NOTE_BYTES // 2 + 1)}
    document = {"format": "networking-workbook", "version": 1, "coach_notes": [note]}
    (tmp_path / "notes.json").write_text(json.dumps(document), encoding="utf-8")
    done = capped("import", "json", "notes.json", "--workbook", "w.db", cwd=tmp_path)
    assert_refused(done, "notes.json", "coach_notes record 'c1', field 'text'", "64 KB")
    assert not (tmp_path / "w.db").exists()


# -- a calendar file too large to parse in memory ----------------------------------------


def test_a_calendar_file_over_the_limit_is_one_line(tmp_path: Path) -> None:
    event = "BEGIN:VEVENT\r\nUID:e@x\r\nDTSTART;VALUE=DATE:20261001\r\nSUMMARY:M\r\nEND:VEVENT\r\n"
    path = tmp_path / "all.ics"
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
        out.write(event * (MAX_CALENDAR_BYTES // len(event) + 1))
        out.write("END:VCALENDAR\r\n")
    done = capped("import", "ics", "all.ics", "--workbook", "w.db", cwd=tmp_path)
    assert_refused(done, "all.ics: larger than 20 MB", "calendar file")
    assert not (tmp_path / "w.db").exists()


def test_a_contacts_csv_over_the_limit_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    row = "Ada,Lovelace,https://www.linkedin.com/in/ada,ada@example.com,ACME,Eng,09 Oct 2024\n"
    with path.open("w", encoding="utf-8") as out:
        out.write("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n")
        out.write(row * (MAX_CSV_BYTES // len(row) + 1))
    done = capped("import", "linkedin", "Connections.csv", "--workbook", "w.db", cwd=tmp_path)
    assert_refused(done, "Connections.csv: larger than 20 MB", "LinkedIn connections export")
    assert not (tmp_path / "w.db").exists()


def test_many_dense_rules_in_one_file_share_one_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Forty rules of one a second in 6 KB: the file's repeats stop at the budget, as one
    rule's stop at the cap (here a budget of 12,000 instead of 50,000, for speed)."""
    monkeypatch.setattr(ics, "MAX_FILE_OCCURRENCES", 12_000)
    events = "".join(
        f"BEGIN:VEVENT\r\nUID:flood{n}@example.com\r\nDTSTART:202601{n + 1:02d}T090000Z\r\n"
        f"RRULE:FREQ=SECONDLY\r\nSUMMARY:Flood {n}\r\nEND:VEVENT\r\n"
        for n in range(4)
    )
    path = tmp_path / "floods.ics"
    path.write_text(f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{events}END:VCALENDAR\r\n", newline="")
    imported = ics.read(path, since=dt.date(2026, 1, 1), until=dt.date(2026, 12, 31))
    # 5,000 + 5,000 + 2,000 occurrences, each rule's on its first day: three events.
    assert [e["date"] for e in imported.events] == ["2026-01-01", "2026-01-02", "2026-01-03"]
    assert imported.skipped == [
        "VEVENT 1: it repeats more than 5000 times in the range: the first ones kept",
        "VEVENT 3: it repeats more than 5000 times in the range: the first ones kept",
        "VEVENT 5: the first 2000 of its repeats kept: the file's repeating events reached "
        "12,000 occurrences in the range",
        "VEVENT 7: passed over: the file's repeating events already gave 12,000 occurrences "
        "in the range",
    ]
