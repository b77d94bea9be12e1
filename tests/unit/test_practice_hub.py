"""The practice hub's own rules (docs/hub.md): the reasons a client needs the coach, the
consistent snapshot the reports read, the Reports page's list, ``hub try`` without root."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from workbook.app.reports_page import report_entries
from workbook.frames import frames_from_document
from workbook.hub import ClientSpace, reports_folder
from workbook.hub.attention import attention
from workbook.periods import DEFAULT_WINDOW, parse_period
from workbook.store import Workbook, init_workbook, snapshot_copy
from workbook.summary import build_summary


def encounter(id_: str, person: str, date: str, due: str | None = None) -> dict[str, Any]:
    return {
        "id": id_,
        "person": person,
        "date": date,
        "event": None,
        "place": "the rink",
        "learned": None,
        "their_needs": None,
        "my_offer": None,
        "card_exchanged": False,
        "follow_up_planned": True,
        "follow_up_due": due,
        "quality": None,
    }


def reasons_for(document: dict[str, Any], period: str, as_of: dt.date) -> list[str]:
    frames = frames_from_document(document)
    resolved = parse_period(period, as_of)
    summary = build_summary(frames, "ada", resolved, as_of, DEFAULT_WINDOW)
    return attention(frames, summary, resolved, as_of, DEFAULT_WINDOW).reasons


def test_the_reasons_say_which_targets_are_behind_by_how_much_and_what_is_overdue(
    spec_document: dict[str, Any],
) -> None:
    # p1 met 2 Oct (followed up 3 Oct), p2 met 5 Oct (due 12 Oct, never followed),
    # p1 again 20 Oct (due 25 Oct, no touch since): 2 new people of 10; the follow-up rate
    # 1 followed of 3 due = 33 % against 80 %; 2 overdue, the oldest due 12 Oct.
    person = dict(spec_document["people"][0], id="p2", name="Bo Ng")
    spec_document["people"].append(person)
    spec_document["encounters"] += [
        encounter("n2", "p2", "2026-10-05"),
        encounter("n3", "p1", "2026-10-20", due="2026-10-25"),
    ]
    assert reasons_for(spec_document, "2026-10", dt.date(2026, 10, 31)) == [
        "behind: New people met 2 of a target of 10 (20%)",
        "behind: Follow-up rate 33% against a target of 80% (47 points behind)",
        "2 follow-ups overdue, the oldest since 12 Oct 2026",
    ]


def test_a_client_who_stopped_logging_is_told_since_when(spec_document: dict[str, Any]) -> None:
    # the last thing logged: the opportunity of 20 Nov 2026; March 2027 reported, nothing
    # in January, February or March: stopped. No purpose in March, nothing overdue there.
    assert reasons_for(spec_document, "2027-03", dt.date(2027, 3, 15)) == [
        "no logging since 20 Nov 2026"
    ]


def test_an_empty_workbook_has_nothing_logged_yet() -> None:
    assert reasons_for({}, "2026-10", dt.date(2026, 10, 31)) == ["nothing logged yet"]


def test_a_client_on_track_needs_nothing(spec_document: dict[str, Any]) -> None:
    # met 2 Oct and followed up the next day, nothing overdue, and (targets cleared)
    # nothing to be behind on: no reason at all
    spec_document["purposes"][0]["targets"] = {}
    assert reasons_for(spec_document, "2026-10", dt.date(2026, 10, 31)) == []


def test_the_snapshot_is_what_was_committed_and_the_writer_does_not_wait(tmp_path: Path) -> None:
    path = init_workbook(tmp_path / "workbook.db", "Ada")
    with Workbook.open(path) as writer, writer.transaction():
        writer.add("people", {"name": "Committed Later"})
        # mid-transaction (the client saving): the copy is taken and holds the state
        # committed before it, and the writer goes on to commit without an error
        copy = snapshot_copy(path, tmp_path / "copy.db")
    with Workbook.open(copy) as snapshot:
        assert snapshot.records("people") == []
        assert snapshot.owner == "Ada"
    with Workbook.open(path) as after:
        assert [p["name"] for p in after.records("people")] == ["Committed Later"]
    again = snapshot_copy(path, tmp_path / "again.db")
    with Workbook.open(again) as snapshot:
        assert [p["name"] for p in snapshot.records("people")] == ["Committed Later"]
    connection = sqlite3.connect(again)
    assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    connection.close()


def test_no_snapshot_of_a_missing_workbook(tmp_path: Path) -> None:
    from workbook.errors import WorkbookInputError

    with pytest.raises(WorkbookInputError, match="no workbook here"):
        snapshot_copy(tmp_path / "none.db", tmp_path / "copy.db")
    assert not (tmp_path / "copy.db").exists()


def test_the_reports_page_lists_reported_periods_latest_first(tmp_path: Path) -> None:
    space = ClientSpace("ada", tmp_path)
    folder = reports_folder(space.workbook)
    assert folder == tmp_path / "networking-workbook" / "reports" / "workbook"
    for label in ("2026-11", "2026-12", "2026-11-redacted", "2026-10", "junk", "2026-Q3"):
        (folder / label).mkdir(parents=True)
    for label in ("2026-11", "2026-12", "2026-11-redacted", "junk", "2026-Q3"):
        (folder / label / "report.html").write_text("<p>report</p>")
    # 2026-10 has no report (a run stopped before writing it); junk is not a period
    entries = report_entries(folder, {"2026-11": "Well done", "2026-09": "Old"})
    assert [(e.label, e.name, e.note) for e in entries] == [
        ("2026-Q3", "Q3 2026", ""),
        ("2026-12", "December 2026", ""),
        ("2026-11-redacted", "November 2026 (redacted)", "Well done"),
        ("2026-11", "November 2026", "Well done"),
    ]
    assert report_entries(tmp_path / "none", {}) == []


def test_hub_try_without_root_says_it_needs_root(monkeypatch: pytest.MonkeyPatch) -> None:
    from workbook.cli import main

    monkeypatch.setattr("os.geteuid", lambda: 1000)
    result = CliRunner().invoke(main, ["hub", "try", "--port", "0", "--clients", "2"])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        "workbook: error: the practice hub needs root: each client is a separate system user "
        "with a private home (run it with sudo; see docs/hub.md)"
    ]


@pytest.mark.parametrize("clients", ["0", "9"])
def test_hub_try_takes_one_to_eight_clients(clients: str) -> None:
    from workbook.cli import main

    result = CliRunner().invoke(main, ["hub", "try", "--port", "0", "--clients", clients])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"workbook: error: --clients '{clients}' is not a whole number of clients from 1 to 8"
    ]


def test_hub_try_refuses_a_port_in_use() -> None:
    import socket

    from workbook.cli import main

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["hub", "try", "--port", str(port)])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"workbook: error: --port {port}: already in use on 127.0.0.1"
    ]


def test_the_practice_page_renders_through_the_one_environment(
    spec_document: dict[str, Any],
) -> None:
    """The coach's page is an overlay of workbook/templating.py's environment: what a
    coach typed comes back escaped, and a missing value would be an error, not blank."""
    from workbook.hub.practice import Client, page_html
    from workbook.overview import client_row
    from workbook.templating import ENV

    frames = frames_from_document(spec_document)
    period = parse_period("2026-10", dt.date(2026, 10, 31))
    summary = build_summary(frames, "ada", period, dt.date(2026, 10, 31), DEFAULT_WINDOW)
    ada = Client("ada", client_row(Path("ada.db"), summary, None, None, Path(".")), [], None)
    failed = client_row(Path("ben.db"), None, "<b>locked</b>", None, Path("."))
    ben = Client("ben", failed, ["cannot read the workbook: <b>locked</b>"], None)
    typed = "<script>alert(1)</script> Zoë & Łukasz"
    values: dict[str, Any] = {
        "prefix": "/services/practice/",
        "user": "coach",
        "lines": [ben, ada],
        "xsrf": "token",
        "running": False,
    }
    refused = page_html(
        **values,
        status="Note: at most 20000 characters",
        form={"client": "ben", "period": "2026-10", "text": typed},
        last={"started": "2026-10-31T08:00:00+00:00", "resumed": False, "done": [], "failed": {}},
    )
    assert '<p id="status" role="status" aria-live="polite" class="problem">' in refused
    assert (
        '<textarea name="text" id="note-ben">&lt;script&gt;alert(1)&lt;/script&gt; '
        "Zoë &amp; Łukasz</textarea>" in refused
    )
    assert '<textarea name="text" id="note-ada"></textarea>' in refused
    assert "<script>" not in refused and "<b>locked" not in refused
    assert "cannot read the workbook: &lt;b&gt;locked&lt;/b&gt;" in refused
    assert "The last run was stopped; the next run finishes it." in refused
    shown = page_html(
        **values,
        status="",
        form=None,
        last={
            "started": "2026-10-31T08:00:00+00:00",
            "resumed": False,
            "done": ["ada 2026-10"],
            "failed": {"ben 2026-10": "locked"},
            "finished": "2026-10-31T08:01:00+00:00",
        },
    )
    assert '<p id="status" role="status" aria-live="polite"></p>' in shown
    assert "Last run finished 2026-10-31T08:01:00+00:00: 1 done, 1 failed." in shown
    assert "follow-up rate" in shown and 'id="client-ada"' in shown
    # the same environment's rule: a value the page needs and is not given is an error
    from jinja2 import UndefinedError

    from workbook.hub import practice

    assert practice._ENV.overlayed and practice._ENV.undefined is ENV.undefined
    with pytest.raises(UndefinedError):
        practice._ENV.get_template("practice.html.j2").render()


def test_today_shows_the_first_lines_of_this_period_s_note() -> None:
    from workbook.app.reports_page import NOTE_CHARACTERS, NoteStart, note_start

    day = dt.date(2026, 10, 10)  # in 2026-10, week 2026-W41, quarter 2026-Q4
    long_note = "Well done.\n\n**Quinn** first.\nThen Ana.\nFourth line, on Reports only."
    assert note_start({"2026-10": long_note, "2026-09": "Old"}, day) == NoteStart(
        "October 2026", "Well done.\n\n**Quinn** first.\nThen Ana…", more=True
    )
    assert note_start({"2026-10": "  Short.\n\n\n\nTwo lines.\n"}, day) == NoteStart(
        "October 2026",
        "Short.\n\nTwo lines.",
        more=False,  # one blank line: a paragraph
    )
    # the month's note first; else the week's, else the quarter's; another period's: none
    both = {"2026-W41": "The week's", "2026-Q4": "The quarter's"}
    assert note_start(both, day) == NoteStart("the week of 5 Oct 2026", "The week's", more=False)
    assert note_start({"2026-Q4": "The quarter's"}, day).text == "The quarter's"  # type: ignore[union-attr]
    assert note_start({"2026-09": "Last month", "2026-11": "Next month"}, day) is None
    assert note_start({"2026-10": "   \n "}, day) is None
    assert note_start({}, day) is None
    # one long line is cut after a whole word, within the limit: 17 characters a time,
    # the 280th falls in the 17th "Łukasz" (16 × 17 = 272, + "Zoë & Łu"): cut before it
    words = "Zoë & Łukasz met " * 40
    assert NOTE_CHARACTERS == 280
    cut = note_start({"2026-10": words}, day)
    assert cut == NoteStart("October 2026", "Zoë & Łukasz met " * 16 + "Zoë &…", more=True)


def test_the_client_server_leaves_off_the_extensions_it_does_not_need() -> None:
    from importlib.util import find_spec

    from workbook.hub.config import UNNEEDED_EXTENSIONS, server_extensions

    chosen = server_extensions()
    assert chosen["workbook.app"] is True
    for name in UNNEEDED_EXTENSIONS:  # off when installed, not named otherwise
        installed = find_spec(name.partition(".")[0]) is not None
        assert chosen.get(name) is (False if installed else None)
    assert find_spec("jupyter_lsp") is not None and chosen["jupyter_lsp"] is False


def test_people_s_user_ids_come_from_login_defs(tmp_path: Path) -> None:
    from workbook.hub.accounts import person_uids

    defs = tmp_path / "login.defs"
    defs.write_text("# comment\nUID_MIN\t\t\t 2000\nUID_MAX 2999\nSYS_UID_MAX 999\n")
    assert person_uids(defs) == range(2000, 3000)
    defs.write_text("UID_MIN lots\n")  # unreadable values: the usual defaults
    assert person_uids(defs) == range(1000, 60001)
    assert person_uids(tmp_path / "none") == range(1000, 60001)


@pytest.mark.parametrize("name", ["root", "daemon", "nobody"])
def test_no_client_server_runs_as_one_of_the_system_s_own_accounts(name: str) -> None:
    import pwd

    from workbook.errors import WorkbookInputError
    from workbook.hub.accounts import ensure_system_user

    home = Path(pwd.getpwnam(name).pw_dir)
    mode = home.stat().st_mode if home.exists() else None
    with pytest.raises(WorkbookInputError, match=rf"^'{name}' is one of this system's own"):
        ensure_system_user(name)
    assert (home.stat().st_mode if home.exists() else None) == mode  # left as it was


@pytest.mark.skipif(os.geteuid() != 0, reason="making system users needs root")
def test_an_account_the_hub_did_not_make_gets_no_server_unless_adopted(tmp_path: Path) -> None:
    """A sign-up named like a person's account of this computer would run as that person:
    refused, their home left as it was — unless the hub adopts existing users. A user the
    hub made (in its group) is its own the next time."""
    import grp
    import pwd
    import secrets
    import subprocess

    from workbook.errors import WorkbookInputError
    from workbook.hub import CLIENT_GROUP, HOME_MODE
    from workbook.hub.accounts import ensure_system_user, group_exists, remove_group

    tag = secrets.token_hex(3)
    person, made = f"person-{tag}", f"client-{tag}"
    had_group = group_exists(CLIENT_GROUP)
    try:
        subprocess.run(
            ["useradd", "--create-home", "--home-dir", str(tmp_path / person), person],
            check=True,
            capture_output=True,
        )
        (tmp_path / person).chmod(0o755)
        with pytest.raises(WorkbookInputError) as refused:
            ensure_system_user(person, tmp_path)
        assert str(refused.value) == (
            f"'{person}' is an account this computer had before, not one the hub made: a "
            "client signs up with a name of their own (or see adopt_existing_users in "
            "docs/hub.md)"
        )
        assert (tmp_path / person).stat().st_mode & 0o777 == 0o755  # left as it was
        adopted = ensure_system_user(person, tmp_path, adopt=True)
        assert adopted.home == tmp_path / person
        assert (tmp_path / person).stat().st_mode & 0o777 == HOME_MODE

        space = ensure_system_user(made, tmp_path)  # made now, in the hub's group
        assert space.home == tmp_path / made and pwd.getpwnam(made).pw_dir == str(space.home)
        assert made in grp.getgrnam(CLIENT_GROUP).gr_mem
        assert person not in grp.getgrnam(CLIENT_GROUP).gr_mem
        assert ensure_system_user(made, tmp_path) == space  # its own the next time
    finally:
        for name in (person, made):
            subprocess.run(["userdel", "--remove", name], capture_output=True, check=False)
        if not had_group:
            remove_group(CLIENT_GROUP)


@pytest.mark.skipif(os.geteuid() != 0, reason="making system users needs root")
def test_ways_opened_and_closed_at_once_lose_no_entry() -> None:
    """setfacl reads, changes and writes back a folder's ACL: eight at once, unlocked, lose
    entries (a client then cannot run Python). Each one's entry is there, then none is."""
    import pwd
    import secrets
    import subprocess
    from concurrent.futures import ThreadPoolExecutor

    from workbook.hub.accounts import close_way, closed_folders, open_way

    if not closed_folders():
        pytest.skip("this Python is in folders everyone may pass: no ACL to change")
    folder = closed_folders()[0]
    tag = secrets.token_hex(3)
    names = [f"acl-{tag}-{n}" for n in range(8)]

    def entries() -> set[int]:
        acl = subprocess.run(["getfacl", "-n", str(folder)], capture_output=True, text=True)
        return {int(line.split(":")[1]) for line in acl.stdout.splitlines()
                if line.startswith("user:") and line.split(":")[1]}  # fmt: skip

    try:
        for name in names:
            subprocess.run(["useradd", "--no-create-home", name], check=True)
        uids = {pwd.getpwnam(name).pw_uid for name in names}
        with ThreadPoolExecutor(len(names)) as pool:
            list(pool.map(open_way, names))
        assert uids <= entries()
        with ThreadPoolExecutor(len(names)) as pool:
            list(pool.map(lambda name: close_way(name, [folder]), names))
        assert not uids & entries()
    finally:
        for name in names:
            subprocess.run(["userdel", name], capture_output=True, check=False)


def test_a_client_command_that_cannot_start_is_a_workbook_error(tmp_path: Path) -> None:
    """The batch and the coach's page report it for that client instead of dying."""
    import os
    import pwd

    from workbook.errors import WorkbookError
    from workbook.hub.accounts import run_as

    me = pwd.getpwuid(os.geteuid()).pw_name
    gone = ClientSpace(me, tmp_path / "no-such-home")  # cannot start in a missing folder
    with pytest.raises(WorkbookError, match=rf"^{me}: cannot run status as them: .*no-such-home"):
        run_as(gone, ["status"])
