"""``--out`` never destroys what the command did not write (docs/robustness.md, Files that
are written): the workbook itself is always refused; another workbook, any SQLite file and
any file of someone else's only with ``--force``.

Each refusal goes through the real script at least once (:func:`run_cli`); the other
cases run the same command in this process (:func:`tests.helpers.cli.invoke`), which
answers alike without a Python start and its imports each time."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from tests.helpers.cli import invoke
from tests.helpers.outcomes import assert_refused, fingerprint, run_cli

pytestmark = pytest.mark.slow  # some tests here start processes

AS_OF = "2026-10-31"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    done = invoke(
        "demo", "self.db", "--people", "8", "--months", "2", "--as-of", AS_OF, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    return tmp_path


def browser_database(path: Path) -> Path:
    """Another program's SQLite file, as a browser keeps its history."""
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
        connection.execute("INSERT INTO moz_places (url) VALUES ('https://example.org')")
    connection.close()
    return path


@pytest.mark.parametrize(
    "spelling", ["self.db", "./self.db", "sub/../self.db", "link.db", "hard.db", "ABS"]
)
@pytest.mark.parametrize("command", ["export", "agenda"])
def test_the_workbook_itself_is_refused_even_with_force(
    folder: Path, spelling: str, command: str
) -> None:
    (folder / "sub").mkdir()
    (folder / "link.db").symlink_to("self.db")
    os.link(folder / "self.db", folder / "hard.db")
    out = str(folder / "self.db") if spelling == "ABS" else spelling
    before = fingerprint(folder / "self.db")
    for force in ([], ["--force"]):
        cli = run_cli if spelling == "self.db" else invoke  # the real script once a command
        result = cli(command, "--workbook", "self.db", "--out", out, *force, cwd=folder)
        assert_refused(result, str(Path(out)), "is the workbook itself")
        assert fingerprint(folder / "self.db") == before
    assert (folder / "link.db").is_symlink()


@pytest.mark.parametrize("command", ["export", "agenda"])
def test_another_workbook_or_a_browsers_database_needs_force(folder: Path, command: str) -> None:
    other = invoke("init", "other.db", "--owner", "Bea", cwd=folder)
    assert other.returncode == 0, other.stderr
    browser = browser_database(folder / "places.sqlite")
    for target in (folder / "other.db", browser):
        before = fingerprint(target)
        cli = run_cli if command == "export" else invoke  # the real script once
        result = cli(command, "--workbook", "self.db", "--out", target.name, cwd=folder)
        assert_refused(result, target.name, "SQLite database", "--force")
        assert fingerprint(target) == before
    forced = invoke(
        command, "--workbook", "self.db", "--out", "places.sqlite", "--force", cwd=folder
    )
    assert forced.returncode == 0, forced.stderr
    assert not browser.read_bytes().startswith(b"SQLite format 3")


def test_export_replaces_its_own_export_but_not_someone_elses_file(folder: Path) -> None:
    first = invoke("export", "--workbook", "self.db", "--out", "backup.json", cwd=folder)
    assert first.returncode == 0, first.stderr
    again = invoke("export", "--workbook", "self.db", "--out", "backup.json", cwd=folder)
    assert again.returncode == 0, again.stderr  # an export of ours: replaced
    assert json.loads((folder / "backup.json").read_text())["format"] == "networking-workbook"
    # A JSON file that is not an export, a calendar, a text: each is someone else's.
    (folder / "settings.json").write_text('{"theme": "dark"}\n')
    (folder / "calendar.ics").write_text("BEGIN:VCALENDAR\r\nPRODID:-//Other//EN\r\n")
    (folder / "thesis.txt").write_text("three years of work")
    for name in ("settings.json", "calendar.ics", "thesis.txt"):
        before = fingerprint(folder / name)
        cli = run_cli if name == "thesis.txt" else invoke  # the real script once
        result = cli("export", "--workbook", "self.db", "--out", name, cwd=folder)
        assert_refused(result, name, "not written by `workbook export`", "--force")
        assert fingerprint(folder / name) == before
    forced = invoke("export", "--workbook", "self.db", "--out", "thesis.txt", "--force", cwd=folder)
    assert forced.returncode == 0, forced.stderr
    assert json.loads((folder / "thesis.txt").read_text())["format"] == "networking-workbook"
    # An empty file holds nothing to lose (a script's ``mktemp``).
    (folder / "empty.json").write_bytes(b"")
    assert (
        invoke("export", "--workbook", "self.db", "--out", "empty.json", cwd=folder).returncode == 0
    )


def test_agenda_replaces_its_own_calendar_but_not_an_export(folder: Path) -> None:
    args = ("agenda", "--workbook", "self.db", "--as-of", AS_OF)
    assert invoke(*args, "--out", "mine.ics", cwd=folder).returncode == 0
    again = invoke(*args, "--out", "mine.ics", cwd=folder)
    assert again.returncode == 0, again.stderr
    assert invoke("export", "--workbook", "self.db", "--out", "e.json", cwd=folder).returncode == 0
    (folder / "work.ics").write_text("BEGIN:VCALENDAR\r\nPRODID:-//Other//EN\r\nEND:VCALENDAR\r\n")
    for name in ("e.json", "work.ics"):
        before = fingerprint(folder / name)
        assert_refused(
            (run_cli if name == "work.ics" else invoke)(*args, "--out", name, cwd=folder),
            name,
            "not written by `workbook agenda`",
        )
        assert fingerprint(folder / name) == before


def test_a_device_is_never_replaced(folder: Path) -> None:
    result = run_cli("export", "--workbook", "self.db", "--out", "/dev/null", "--force", cwd=folder)
    assert_refused(result, "/dev/null", "not a regular file")
    assert Path("/dev/null").is_char_device()
