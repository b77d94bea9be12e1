"""Capture (workbook.capture) and ``workbook log``: dates, names, one transaction each.

The command is driven through click's runner (the real ``workbook`` command in-process)
and every result is read back from the SQLite file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from workbook import capture, locations
from workbook.cli import main
from workbook.store import Workbook

TODAY = dt.date.today()
NASTY = "Zoë “Zed” O'Brien <script>alert('x')</script> & co"


@pytest.fixture
def path(tmp_path: Path) -> Path:
    file = tmp_path / "w.db"
    with Workbook.open(file, create=True) as wb:
        wb.put("people", {"id": "p1", "name": "Marco Bellini", "organisation": "Bellini & Co."})
        wb.put("people", {"id": "p2", "name": "Sam Lee", "organisation": "Acme"})
        wb.put("people", {"id": "p3", "name": "Sam Lee", "organisation": "Beta"})
        wb.put("people", {"id": "p4", "name": "Zoë Ålund"})
        wb.put(
            "events",
            {"id": "e1", "name": "Chamber mixer", "kind": "meetup", "date": "2026-10-02"},
        )
    return file


def records(file: Path, collection: str) -> list[dict[str, Any]]:
    with Workbook.open(file) as wb:
        return wb.records(collection)


def digest(file: Path) -> str:
    return hashlib.sha256(file.read_bytes()).hexdigest()


def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


# -- dates -----------------------------------------------------------------------------------
def test_check_date_bounds() -> None:
    today = dt.date(2026, 10, 5)
    assert capture.check_date("1900-01-01", "Date", today) == dt.date(1900, 1, 1)
    assert capture.check_date(dt.date(2027, 10, 6), "Date", today) == dt.date(2027, 10, 6)
    with pytest.raises(capture.CaptureError, match="before 1900"):
        capture.check_date(dt.date(1, 10, 5), "Date", today)
    with pytest.raises(capture.CaptureError, match="1899-12-31 is before 1900"):
        capture.check_date("1899-12-31", "Date", today)
    # 2026-10-05 + 366 days = 2027-10-06, the last date accepted
    with pytest.raises(capture.CaptureError, match="after 2027-10-06"):
        capture.check_date("2027-10-07", "Date", today)
    with pytest.raises(capture.CaptureError, match="not a date"):
        capture.check_date("5/10/2026", "When", today)
    assert capture.check_date(None, "Date", today, required=False) is None


# -- names -----------------------------------------------------------------------------------
def test_names_match_whatever_case_accents_and_spacing(path: Path) -> None:
    with Workbook.open(path) as wb:
        people = wb.records("people")
    assert [p["id"] for p in capture.find_person(people, "  marco   BELLINI ")] == ["p1"]
    assert [p["id"] for p in capture.find_person(people, "zoe alund")] == ["p4"]
    assert [p["id"] for p in capture.find_person(people, "Marco Bellini — Bellini & Co.")] == ["p1"]
    assert [p["id"] for p in capture.find_person(people, "sam lee")] == ["p2", "p3"]
    assert [p["id"] for p in capture.find_person(people, "Sam Lee — beta")] == ["p3"]
    assert capture.find_person(people, "Samantha Lee") == []


# -- workbook log encounter ------------------------------------------------------------------
def test_log_encounter_round_trip_known_person_at_event(path: Path) -> None:
    result = run(
        "log", "encounter", "MARCO bellini", "--event", "e1", "--learned", NASTY,
        "--needs", "<b>bookkeeping</b>", "--offer", "an intro to Zoë", "--card",
        "--follow-up-by", "2026-10-09", "--workbook", str(path),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Marco Bellini" in result.output
    [encounter] = records(path, "encounters")
    assert encounter == {
        "id": "n1",
        "person": "p1",
        "date": "2026-10-02",  # the event's date
        "event": "e1",
        "place": None,
        "learned": NASTY,
        "their_needs": "<b>bookkeeping</b>",
        "my_offer": "an intro to Zoë",
        "card_exchanged": True,
        "follow_up_planned": True,
        "follow_up_due": "2026-10-09",
        "quality": None,
    }
    assert len(records(path, "people")) == 4  # nobody added


def test_log_encounter_new_person_everyday_place(path: Path) -> None:
    result = run(
        "log", "encounter", NASTY, "--place", "hockey rink <3", "--date", "2026-10-03",
        "--workbook", str(path),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    people = {p["id"]: p for p in records(path, "people")}
    assert people["p5"]["name"] == NASTY
    [encounter] = records(path, "encounters")
    assert (encounter["person"], encounter["place"], encounter["event"]) == (
        "p5",
        "hockey rink <3",
        None,
    )
    assert (encounter["date"], encounter["card_exchanged"]) == ("2026-10-03", False)


def test_log_encounter_ambiguous_name_writes_nothing(path: Path) -> None:
    before = digest(path)
    result = CliRunner().invoke(
        main, ["log", "encounter", "sam LEE", "--workbook", str(path)], catch_exceptions=False
    )
    assert result.exit_code == 2
    assert "Sam Lee — Acme" in result.output and "Sam Lee — Beta" in result.output
    assert "Traceback" not in result.output
    assert digest(path) == before


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--date", "0001-11-26"], "before 1900"),
        (["--date", "2026-10-05", "--follow-up-by", "2026-10-01"], "before the encounter"),
        (["--event", "e9"], "no event"),
        (["--event", "e1", "--place", "rink"], "not both"),
        (["--date", "26-10-2026"], "not a date"),
    ],
)
def test_log_encounter_bad_input_exits_2_and_writes_nothing(
    path: Path, args: list[str], words: str
) -> None:
    before = digest(path)
    result = run("log", "encounter", "Brand New Person", *args, "--workbook", str(path))
    assert result.exit_code == 2
    assert words in result.output
    assert digest(path) == before


def test_log_never_writes_without_a_workbook(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(locations.WORKBOOK_ENV, raising=False)
    result = run("log", "touch", "Marco", "--out")
    assert result.exit_code == 2
    assert "workbook init" in result.output
    assert list(tmp_path.iterdir()) == []  # no file made anywhere


# -- workbook log touch ----------------------------------------------------------------------
def test_log_touch_round_trip(path: Path) -> None:
    result = run(
        "log", "touch", "zoe ALUND", "--in", "--kind", "ask", "--date", "2026-10-04",
        "--note", NASTY, "--workbook", str(path),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert records(path, "touchpoints") == [
        {
            "id": "t1",
            "person": "p4",
            "date": "2026-10-04",
            "direction": "in",
            "kind": "ask",
            "channel": "other",
            "note": NASTY,
        }
    ]


def test_log_touch_needs_a_direction_and_a_known_kind(path: Path) -> None:
    before = digest(path)
    assert run("log", "touch", "Marco Bellini", "--workbook", str(path)).exit_code == 2
    bad_kind = run("log", "touch", "Marco Bellini", "--out", "--kind", "x", "--workbook", str(path))
    assert bad_kind.exit_code == 2
    assert digest(path) == before


# -- corrections -----------------------------------------------------------------------------
def _seed_history(path: Path) -> None:
    with capture.writing(path) as wb:
        capture.log_encounter(wb, "Sam Lee — Beta", event="e1")  # n1, p3
        capture.log_encounter(wb, "Marco Bellini", place="café", date="2026-10-03")  # n2, p1
        capture.log_touch(wb, "Sam Lee — Beta", direction="out", date="2026-10-04")  # t1
        wb.put("opportunities", {"id": "o1", "person": "p3", "date": "2026-10-05"})
        wb.put("people", {"id": "p5", "name": "Ann", "introduced_by": "p3"})
        wb.put("debriefs", {"id": "d1", "event": "e1", "date": "2026-10-03"})


def test_merge_moves_everything_to_the_one_kept(path: Path) -> None:
    _seed_history(path)
    with Workbook.open(path) as wb:
        wb.put("people", {**wb.get("people", "p3"), "email": "sam@beta.example", "tags": ["b"]})
        wb.put("people", {**wb.get("people", "p2"), "tags": ["a"]})
    with capture.writing(path) as wb:
        saved = capture.merge_people(wb, "p2", "p3")
    assert "3 records moved" in saved.summary  # n1, t1, o1
    people = {p["id"]: p for p in records(path, "people")}
    assert "p3" not in people
    assert people["p2"]["email"] == "sam@beta.example"  # filled from the other
    assert people["p2"]["organisation"] == "Acme"  # the kept one's own value stays
    assert people["p2"]["tags"] == ["a", "b"]
    assert people["p5"]["introduced_by"] == "p2"
    assert {e["id"]: e["person"] for e in records(path, "encounters")} == {"n1": "p2", "n2": "p1"}
    assert records(path, "touchpoints")[0]["person"] == "p2"
    assert records(path, "opportunities")[0]["person"] == "p2"


def test_delete_event_says_and_does_what_goes_with_it(path: Path) -> None:
    _seed_history(path)
    with Workbook.open(path) as wb:
        said = capture.delete_consequences(wb, "events", "e1")
    assert said == "deletes 1 debrief; keeps 1 encounter as everyday encounters (no event)"
    with capture.writing(path) as wb:
        capture.delete(wb, "events", "e1")
    assert records(path, "events") == []
    assert records(path, "debriefs") == []
    assert [(e["id"], e["event"]) for e in records(path, "encounters")] == [
        ("n1", None),
        ("n2", None),
    ]


def test_delete_person_takes_their_records(path: Path) -> None:
    _seed_history(path)
    with Workbook.open(path) as wb:
        said = capture.delete_consequences(wb, "people", "p3")
    assert said == (
        "deletes 1 encounter; deletes 1 touchpoint; deletes 1 opportunity; "
        "clears “introduced by” on 1 person"
    )
    with capture.writing(path) as wb:
        capture.delete(wb, "people", "p3")
    assert [e["id"] for e in records(path, "encounters")] == ["n2"]
    assert records(path, "touchpoints") == [] and records(path, "opportunities") == []
    assert {p["id"]: p["introduced_by"] for p in records(path, "people")}["p5"] is None


def test_update_checks_dates_and_rolls_back(path: Path) -> None:
    _seed_history(path)
    before = digest(path)
    with pytest.raises(capture.CaptureError, match="before 1900"), capture.writing(path) as wb:
        capture.update(wb, "encounters", "n2", {"date": "0001-10-03"})
    late = pytest.raises(capture.CaptureError, match="before the encounter")
    with late, capture.writing(path) as wb:
        capture.update(wb, "encounters", "n2", {"follow_up_due": "2026-10-01"})
    assert digest(path) == before
    with capture.writing(path) as wb:
        capture.update(wb, "encounters", "n2", {"learned": NASTY, "follow_up_due": None})
    n2 = {e["id"]: e for e in records(path, "encounters")}["n2"]
    assert (n2["learned"], n2["follow_up_due"]) == (NASTY, None)


def test_two_writers_at_once_both_succeed(path: Path) -> None:
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def write(name: str) -> None:
        try:
            start.wait()
            with capture.writing(path) as wb:
                capture.log_encounter(wb, name, place="rink", date="2026-10-03")
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=write, args=(n,)) for n in ("Ann One", "Bo Two")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    encounters = records(path, "encounters")
    assert sorted(e["id"] for e in encounters) == ["n1", "n2"]
    names = {p["id"]: p["name"] for p in records(path, "people")}
    assert sorted(names[e["person"]] for e in encounters) == ["Ann One", "Bo Two"]


# -- locations -------------------------------------------------------------------------------
def test_workbook_path_order(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setenv(locations.WORKBOOK_ENV, str(tmp_path / "env.db"))
    assert locations.workbook_path("x.db") == Path("x.db")
    assert locations.workbook_path(None) == tmp_path / "env.db"
    monkeypatch.delenv(locations.WORKBOOK_ENV)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))  # the person's data folder
    assert locations.workbook_path(None) == tmp_path / "share/networking-workbook/workbook.db"
    with pytest.raises(locations.NoWorkbook, match="workbook init"):
        locations.writable_workbook(tmp_path / "none.db")


def test_workspace_copies_once_and_keeps_edits(tmp_path: Path) -> None:
    space, copied = locations.workspace(tmp_path / "mine")
    assert sorted(p.name for p in copied) == sorted(locations.LAB_NOTEBOOKS)
    (space / "log.ipynb").write_text("my own runs", encoding="utf-8")
    again, copied_again = locations.workspace(tmp_path / "mine")
    assert (again, copied_again) == (space, [])
    assert (space / "log.ipynb").read_text(encoding="utf-8") == "my own runs"
    original = locations.notebooks_dir() / "log.ipynb"
    assert original.read_text(encoding="utf-8") != "my own runs"


def test_notebook_and_reading_workbooks(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(locations.WORKBOOK_ENV, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    mine = tmp_path / "share" / "networking-workbook" / "workbook.db"
    demo = locations.PROJECT_ROOT / "data" / "demo.db"
    # writing never falls back to the demo, whatever exists
    assert locations.notebook_workbook(None) == mine
    with pytest.raises(locations.NoWorkbook):
        locations.writable_workbook(locations.notebook_workbook(None))
    if demo.exists():
        assert locations.reading_workbook(None) == demo
    assert locations.reading_workbook("x.db") == Path("x.db")
    Workbook.open(mine, create=True).close()  # the folder is made on the way
    assert locations.notebook_workbook(None) == mine
    assert locations.reading_workbook(None) == mine
    assert locations.writable_workbook(None) == mine


def test_workbook_lab_copies_without_starting(tmp_path: Path) -> None:
    target = tmp_path / "w.db"
    first = run("lab", "--folder", str(tmp_path / "space"), "--no-start", "--workbook", str(target))
    assert first.exit_code == 0, first.output
    assert f"{len(locations.LAB_NOTEBOOKS)} copied" in first.output
    assert "workbook init" in first.output  # no workbook there yet
    again = run("lab", "--folder", str(tmp_path / "space"), "--no-start", "--workbook", str(target))
    assert "already there" in again.output
    assert not target.exists()
