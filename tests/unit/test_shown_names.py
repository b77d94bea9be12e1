"""A name with a bidi control or a line feed is shown as itself, never obeyed
(docs/robustness.md, What you see): escaped in the terminal, isolated in a report."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import WORKBOOK_CLI
from workbook import display as show
from workbook.agenda import AgendaItem, table
from workbook.store import init_workbook
from workbook.terminal import has_bidi_control, visible

TRICK = "Ada\u202eexe.txt\nFAKE: all done"


def test_the_terminal_escapes_bidi_controls_always_and_line_feeds_in_one_line() -> None:
    assert visible("a\u202eb\u2066c\u200fd") == "a\\u202eb\\u2066c\\u200fd"
    assert visible(TRICK) == "Ada\\u202eexe.txt\nFAKE: all done"  # a table keeps its rows
    assert visible(TRICK, one_line=True) == "Ada\\u202eexe.txt\\nFAKE: all done"
    assert visible("bell\x07 esc\x1b[31m", one_line=True) == "bell\\x07 esc\\x1b[31m"
    assert visible("Zoë 東京 مرحبا") == "Zoë 東京 مرحبا"  # letters of any script as they are
    assert has_bidi_control("a\u202eb") and not has_bidi_control("مرحبا")


def test_the_agenda_table_keeps_one_line_per_item() -> None:
    item = AgendaItem(
        uid="x",
        date=dt.date(2026, 10, 25),
        what="Follow up",
        name=TRICK,
        note="due",
        description="",
    )
    lines = table([item], dt.date(2026, 10, 21), 14).splitlines()
    assert lines[1] == "2026-10-25  Follow up  Ada\\u202eexe.txt\\nFAKE: all done  due"
    assert len(lines) == 4  # header, the item, a blank line, the count


def test_a_report_table_isolates_a_bidi_name_and_shows_a_line_feed_as_a_space() -> None:
    frame = pd.DataFrame({"Who": [TRICK, "Bea"], "n": [1, 2]})
    html = show.table(frame).data
    assert '<td data-label="Who"><bdi>Ada\u202eexe.txt FAKE: all done</bdi></td>' in html
    assert '<td data-label="Who">Bea</td>' in html  # ordinary text: no markup added
    listed = show.bullets([TRICK, "Bea"]).data
    assert f"<li><bdi>{TRICK}</bdi></li>" in listed and "<li>Bea</li>" in listed


@pytest.mark.slow
def test_logging_a_tricky_name_prints_one_line(tmp_path: Path) -> None:
    init_workbook(tmp_path / "w.db")

    def log(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*WORKBOOK_CLI, "log", *args, "--workbook", "w.db"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
        )

    # A new person comes in by an encounter (log touch takes only someone known).
    met = log("encounter", TRICK, "--date", "2026-10-20")
    assert met.returncode == 0, met.stderr
    assert met.stdout == (
        "Saved your encounter with Ada\\u202eexe.txt\\nFAKE: all done on 2026-10-20 "
        "at an everyday place (added to your people) in w.db.\n"
    )
    done = log("touch", TRICK, "--out", "--date", "2026-10-21")
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        "Saved follow-up with Ada\\u202eexe.txt\\nFAKE: all done on 2026-10-21 in w.db.\n"
    )


def test_the_overview_isolates_each_client_name_and_failure() -> None:
    from workbook.overview import ClientRow, overview_html

    rows = [ClientRow("Acme\u202eexe", "failed", cause="Eve\u202e: not a workbook")]
    html = overview_html(rows, "Clients", "2026-11-26 16:20")
    assert '<td data-label="Client"><bdi>Acme\u202eexe</bdi></td>' in html
    assert '<div class="cause"><bdi>Eve\u202e: not a workbook</bdi></div>' in html
