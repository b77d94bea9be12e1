"""``workbook log`` as a person runs it: a real process, the workbook file read back.

See ``docs/capture.md``. Two writers at the same moment both succeed; an ambiguous name
exits 2 and leaves the file byte for byte as it was.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import WORKBOOK_CLI
from workbook.store import Workbook


def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> Any:
    return subprocess.run(
        [*WORKBOOK_CLI, *args], capture_output=True, text=True, timeout=300, cwd=cwd, env=env
    )


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    path = tmp_path / "mine.db"
    with Workbook.open(path, create=True) as wb:
        wb.put("people", {"id": "p1", "name": "Zoë Ålund", "organisation": "Rink"})
        wb.put("people", {"id": "p2", "name": "Sam Lee", "organisation": "Acme"})
        wb.put("people", {"id": "p3", "name": "Sám Lee", "organisation": "Beta"})
    return path


def test_log_encounter_and_touch_round_trip(workbook: Path) -> None:
    done = run(
        "log", "encounter", "zoe alund", "--place", "hockey <rink>", "--date", "2026-10-03",
        "--learned", "coaches the U12s & more", "--card", "--follow-up-by", "2026-10-06",
        "--workbook", str(workbook),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Zoë Ålund" in done.stdout and "p1" not in done.stdout
    touch = run(
        "log", "touch", "ZOË ÅLUND", "--out", "--kind", "give", "--date", "2026-10-04",
        "--workbook", str(workbook),
    )  # fmt: skip
    assert touch.returncode == 0, touch.stderr
    with Workbook.open(workbook) as wb:
        [encounter] = wb.records("encounters")
        [touchpoint] = wb.records("touchpoints")
    assert (encounter["person"], encounter["place"], encounter["learned"]) == (
        "p1",
        "hockey <rink>",
        "coaches the U12s & more",
    )
    assert (encounter["date"], encounter["follow_up_due"], encounter["card_exchanged"]) == (
        "2026-10-03",
        "2026-10-06",
        True,
    )
    assert (touchpoint["person"], touchpoint["kind"], touchpoint["direction"]) == (
        "p1",
        "give",
        "out",
    )


def test_an_ambiguous_name_is_refused_and_nothing_changes(workbook: Path) -> None:
    before = hashlib.sha256(workbook.read_bytes()).hexdigest()
    done = run("log", "encounter", "sam lee", "--workbook", str(workbook))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "Sam Lee — Acme" in done.stderr and "Sám Lee — Beta" in done.stderr
    assert hashlib.sha256(workbook.read_bytes()).hexdigest() == before


def test_two_writers_at_the_same_moment_both_succeed(workbook: Path) -> None:
    writers = [
        subprocess.Popen(
            [
                *WORKBOOK_CLI,
                "log",
                "encounter",
                name,
                "--place",
                "rink",
                "--workbook",
                str(workbook),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("Ann One", "Bo Two", "Cy Three")
    ]
    results = [(w.wait(timeout=300), w.stderr.read() if w.stderr else "") for w in writers]
    assert [code for code, _ in results] == [0, 0, 0], results
    with Workbook.open(workbook) as wb:
        names = {p["id"]: p["name"] for p in wb.records("people")}
        encounters = wb.records("encounters")
    assert sorted(e["id"] for e in encounters) == ["n1", "n2", "n3"]
    assert sorted(names[e["person"]] for e in encounters) == ["Ann One", "Bo Two", "Cy Three"]


def test_no_workbook_named_writes_nothing_anywhere(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "WORKBOOK"}
    done = run("log", "touch", "Zoë", "--out", cwd=tmp_path, env=env)
    assert done.returncode == 2
    assert "workbook init" in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_terminal_is_shown_control_characters_never_made_to_obey_them(workbook: Path) -> None:
    """A name or place carrying an escape sequence (a colour, a title change, a bell) is
    saved as typed, and every message that repeats it shows the characters as ``\\x1b``."""
    name, place = "Eve \x1b]0;pwned\x07Evil", "bar\x1b[31m\r"
    done = run("log", "encounter", name, "--place", place, "--date", "2026-10-03",
               "--follow-up-by", "2026-10-05", "--workbook", str(workbook))  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Eve \\x1b]0;pwned\\x07Evil" in done.stdout and "at bar\\x1b[31m\\x0d" in done.stdout
    with Workbook.open(workbook) as wb:
        people = {p["name"] for p in wb.records("people")}
        places = [e["place"] for e in wb.records("encounters")]
    assert name in people and places == [place]
    agenda = run("agenda", "--as-of", "2026-10-04", "--workbook", str(workbook))
    assert agenda.returncode == 0, agenda.stderr
    assert "Eve \\x1b]0;pwned\\x07Evil" in agenda.stdout
    # The ambiguous-name refusal lists the candidates the same way.
    with Workbook.open(workbook) as wb:
        wb.put("people", {"id": "p9", "name": "eve \x1b]0;pwned\x07evil"})
    ambiguous = run("log", "touch", name, "--out", "--workbook", str(workbook))
    assert ambiguous.returncode == 2
    assert "\\x1b" in ambiguous.stderr
    for output in (done, agenda, ambiguous):
        assert not any(c in output.stdout + output.stderr for c in "\x1b\x07\r")


def test_log_touch_to_a_name_that_matches_nobody_lists_the_closest_and_writes_nothing(
    workbook: Path,
) -> None:
    """``log touch`` matches names as the app does; a new person is added only by
    ``log encounter`` (a typo in a touch used to add a stranger silently)."""
    before = hashlib.sha256(workbook.read_bytes()).hexdigest()
    done = run("log", "touch", "sam le", "--out", "--workbook", str(workbook))
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (
        "workbook: error: NAME: nobody called “sam le” is in your workbook; the closest: "
        "Sam Lee — Acme, Sám Lee — Beta. A new person is added by logging an encounter "
        "with them\n"
    )
    assert hashlib.sha256(workbook.read_bytes()).hexdigest() == before
    nothing_close = run("log", "touch", "marcus", "--out", "--workbook", str(workbook))
    assert nothing_close.returncode == 2
    assert "nobody called “marcus” is in your workbook. A new person" in nothing_close.stderr
    with Workbook.open(workbook) as wb:
        assert [p["name"] for p in wb.records("people")] == ["Zoë Ålund", "Sam Lee", "Sám Lee"]
        assert wb.records("touchpoints") == []
