"""Capture reads and checks before the write lock, and checks again under it when another
writer committed in between (docs/capture.md, Speed and the write lock); "today" is
workbook.periods.today(), so ``$WORKBOOK_AS_OF`` holds for ``workbook log`` too."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from workbook import capture
from workbook.capture import writes
from workbook.store import Workbook


@pytest.fixture
def path(tmp_path: Path) -> Path:
    file = tmp_path / "w.db"
    with Workbook.open(file, create=True) as wb:
        wb.put("people", {"id": "p1", "name": "Ana Silva"})
    return file


def test_the_checks_hold_no_lock_and_run_again_after_another_writer(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While "Nina" is being matched (nobody: a new person), another process adds Nina and
    commits — possible only because no write lock is held yet. Under the lock the match
    runs again and finds her: one Nina, the encounter hers."""
    original = writes._match
    calls: list[str] = []

    def match_then_someone_writes(wb: Workbook, text: str, *args: Any) -> Any:
        found = original(wb, text, *args)
        calls.append("new" if found.person is None else found.person["id"])
        if len(calls) == 1:
            with Workbook.open(path) as other:
                other.connection.execute("PRAGMA busy_timeout = 100")  # a held lock: fail fast
                other.put("people", {"id": "p2", "name": "Nina"})
        return found

    monkeypatch.setattr(writes, "_match", match_then_someone_writes)
    with capture.writing(path) as wb:
        saved = capture.log_encounter(wb, "nina", date="2026-10-05", today=dt.date(2026, 10, 6))
    assert calls == ["new", "p2"]
    assert [r["person"] for c, r in saved.records if c == "encounters"] == ["p2"]
    with Workbook.open(path) as wb:
        assert [p["name"] for p in wb.records("people")] == ["Ana Silva", "Nina"]
        assert [e["person"] for e in wb.records("encounters")] == ["p2"]


def test_no_second_look_when_nobody_else_wrote(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    original = writes._match
    calls: list[str] = []

    def counted(wb: Workbook, text: str, *args: Any) -> Any:
        calls.append(text)
        return original(wb, text, *args)

    monkeypatch.setattr(writes, "_match", counted)
    with capture.writing(path) as wb:
        capture.log_touch(wb, "ana silva", direction="out", date="2026-10-05",
                          today=dt.date(2026, 10, 6))  # fmt: skip
    assert calls == ["ana silva"]


def test_an_error_in_the_action_writes_nothing(path: Path) -> None:
    """Two captures in one action: the second fails, so the first is rolled back too."""

    def two_touches() -> None:
        with capture.writing(path) as wb:
            capture.log_touch(wb, "Ben New", direction="out", date="2026-10-05",
                              today=dt.date(2026, 10, 6))  # fmt: skip
            capture.log_touch(wb, "Ana Silva", direction="out", date="1800-01-01")

    with pytest.raises(capture.CaptureError, match="before 1900"):
        two_touches()
    with Workbook.open(path) as wb:
        assert [p["name"] for p in wb.records("people")] == ["Ana Silva"]
        assert wb.records("touchpoints") == []


def test_today_is_the_as_of_date_when_set(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBOOK_AS_OF", "2026-03-04")
    with capture.writing(path) as wb:
        saved = capture.log_touch(wb, "Ana Silva", direction="out")
    assert saved.records[0][1]["date"] == "2026-03-04"
    # a year ahead of that "today", not of the clock's
    assert capture.latest_date() == dt.date(2027, 3, 5)


def test_labels_tell_twins_apart_in_one_pass() -> None:
    people = [
        {"id": "p1", "name": "Sam  Lee", "organisation": "Acme", "email": "sam@acme.test"},
        {"id": "p2", "name": "Sam Lee", "organisation": "Acme ", "email": None},
        {"id": "p3", "name": "Sam Lee", "organisation": "Beta", "email": None},
    ]
    assert capture.person_labels(people) == {
        "p1": "Sam Lee — Acme (sam@acme.test)",
        "p2": "Sam Lee — Acme (p2)",
        "p3": "Sam Lee — Beta",
    }
    index = capture.PeopleIndex(people)
    assert [p["id"] for p in index.find("sam lee — acme (p2)")] == ["p2"]
    assert [p["id"] for p in index.find("Sam Lee — Acme")] == ["p1", "p2"]
    assert [p["id"] for p in index.find("sam lee")] == ["p1", "p2", "p3"]
    assert [p["id"] for p in index.find(" p3 ")] == ["p3"]
    assert index.find("") == [] and index.find("Samantha") == []


def test_one_look_up_finds_what_the_whole_index_finds() -> None:
    """find_person indexes only the people whose name could begin the typed text: it
    answers every query as the index of everyone does (namesakes, labels, ids)."""
    import itertools
    import random

    rng = random.Random(7)
    names = ["Zoë Ålund", "Zoe Alund", "Sam Lee", "Sam", "Samantha Lee", "José", "Jose  "]
    people = [
        {
            "id": f"p{i}",
            "name": rng.choice(names),
            "organisation": rng.choice([None, "", "Acme", "Beta", " acme "]),
            "email": rng.choice([None, f"x{i}@example.test"]),
        }
        for i in range(60)
    ]
    index = capture.PeopleIndex(people)
    queries = {*(index.labels.values()), "p7", " p12 ", "sam", "zoe alund — acme", "jose", ""}
    queries |= {f"{a} — {b}" for a, b in itertools.product(["sam lee", "zoë ålund"], ["acme"])}
    for query in sorted(queries):
        assert capture.find_person(people, query) == index.find(query), query
