"""``workbook agenda`` from the command line: the file, the table, bad options."""

from __future__ import annotations

from pathlib import Path

import icalendar
import pytest

from tests.helpers.importing import FIXTURES, run_cli


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "agenda.db"
    done = run_cli(
        "import", "json", str(FIXTURES / "agenda" / "workbook.json"), "--workbook", str(path)
    )
    assert done.returncode == 0, done.stderr
    return path


def test_out_writes_a_calendar_the_same_uids_twice(db, tmp_path):
    out = tmp_path / "agenda.ics"
    uids = []
    for _ in range(2):
        done = run_cli("agenda", "--workbook", str(db), "--as-of", "2026-10-20", "--out", str(out))
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == f"wrote {out}: 4 items"
        calendar = icalendar.Calendar.from_ical(out.read_bytes())
        uids.append([str(e["UID"]) for e in calendar.walk("VEVENT")])
    assert uids[0] == uids[1]
    assert len(set(uids[0])) == 4


def test_without_out_a_table(db):
    done = run_cli("agenda", "--workbook", str(db), "--as-of", "2026-10-20", "--days", "4")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "Date        What       Name       Note",
        "2026-10-20  Follow up  Ben Ito    overdue since 2026-10-08",
        "2026-10-20  Check in   Ana Silva  last in touch 2026-08-01, every 30 days",
        "",
        "2 items as of 2026-10-20.",
    ]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--days", "-1"], "--days '-1' is not a whole number of days"),
        (["--days", "two"], "--days 'two' is not a whole number of days"),
        (["--as-of", "2026-02-30"], "--as-of '2026-02-30' is not a date"),
    ],
)
def test_bad_options_exit_2_with_one_line(db, options, message):
    done = run_cli("agenda", "--workbook", str(db), *options)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0]


def test_no_workbook_exits_2(tmp_path):
    done = run_cli("agenda", "--workbook", str(tmp_path / "none.db"))
    assert done.returncode == 2
    assert "no workbook here" in done.stderr
    assert not (tmp_path / "none.db").exists()
