"""Imports and ``workbook log`` at once, as real processes, on a workbook of thousands of
people: every one of them succeeds (docs/robustness.md, Concurrent writers).

Capture checks and matches before it takes the write lock and holds it only for its
writes (docs/capture.md), so writers queue for milliseconds, well inside the busy
timeout: none fails with "database is locked".
"""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

import pytest

from tests.conftest import WORKBOOK_CLI
from tests.helpers.importing import many_cards
from workbook.models import Person
from workbook.store import Workbook

pytestmark = pytest.mark.slow  # starts processes

PEOPLE = 3000
IMPORTS = 3  # contact files of 150 cards each
LOGS = 6  # three with people already there, three with new people


def test_imports_and_logs_at_once_all_succeed(tmp_path: Path) -> None:
    target = tmp_path / "w.db"
    with Workbook.open(target, create=True) as wb, wb.transaction():
        wb.insert_many(
            "people", [Person(id=f"p{i}", name=f"Known Person {i}") for i in range(1, PEOPLE + 1)]
        )
    commands = []
    for n in range(IMPORTS):
        contacts = tmp_path / f"file{n}.vcf"
        contacts.write_text(many_cards(f"File{n}", 150), encoding="utf-8")
        commands.append(["import", "vcard", str(contacts)])
    for n in range(LOGS):
        who = f"known person {n + 1}" if n % 2 == 0 else f"Newcomer {n}"
        commands.append(["log", "encounter", who, "--date", "2026-10-05", "--place", "rink"])
    processes = [
        subprocess.Popen(
            [*WORKBOOK_CLI, *command, "--workbook", str(target)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for command in commands
    ]
    outputs = [p.communicate(timeout=600) for p in processes]
    failed = [
        (command, out + err)
        for command, p, (out, err) in zip(commands, processes, outputs, strict=True)
        if p.returncode != 0
    ]
    assert failed == []
    assert not any("locked" in out + err for out, err in outputs)
    with sqlite3.connect(target) as con:
        people = con.execute("SELECT count(*) FROM person").fetchone()[0]
        met = {
            row[0]
            for row in con.execute(
                "SELECT person.name FROM encounter JOIN person ON person.id = encounter.person"
            )
        }
        ids = [row[0] for row in con.execute("SELECT id FROM person")]
    # every import's 150 contacts and the three newcomers added, nobody twice
    assert people == PEOPLE + IMPORTS * 150 + 3
    assert len(set(ids)) == len(ids)
    assert met == {"Known Person 1", "Newcomer 1", "Known Person 3", "Newcomer 3",
                   "Known Person 5", "Newcomer 5"}  # fmt: skip
