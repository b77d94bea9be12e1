"""An import that reports success is never undone by another one that failed
(docs/robustness.md, Several writers at once).

Two real ``workbook import`` processes race to create the same new workbook; one fails
its reference check. Whatever the timing, the one that printed "added 5 people" finds
its people in the file afterwards, and the failed one leaves nothing of its own.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import WORKBOOK_CLI
from workbook.store import Workbook

pytestmark = pytest.mark.slow  # every test here starts processes

ROUNDS = 24  # before the fix, about one round in eight lost (or broke) the successful import


def good_document() -> dict[str, Any]:
    people = [
        {"id": f"p{i}", "name": f"Person {i}", "email": f"person{i}@example.com"}
        for i in range(1, 6)
    ]
    return {"format": "networking-workbook", "version": 1, "people": people}


def broken_document() -> dict[str, Any]:
    """Refers to a person no workbook has: fails its reference check."""
    touch = {
        "id": "t1",
        "person": "p99",
        "date": "2026-10-02",
        "direction": "out",
        "kind": "follow_up",
        "channel": "email",
    }
    return {"format": "networking-workbook", "version": 1, "touchpoints": [touch]}


def start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*WORKBOOK_CLI, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def test_a_failed_import_never_removes_a_workbook_another_import_created(tmp_path: Path) -> None:
    good, broken = tmp_path / "good.json", tmp_path / "broken.json"
    good.write_text(json.dumps(good_document()), encoding="utf-8")
    broken.write_text(json.dumps(broken_document()), encoding="utf-8")
    lost = []
    for round_ in range(ROUNDS):
        target = tmp_path / f"round{round_}.db"
        # Alternate who starts first: either may win the race to create the file.
        order = [("good", good), ("broken", broken)][:: 1 if round_ % 2 else -1]
        running = {
            name: start("import", "json", str(path), "--workbook", str(target))
            for name, path in order
        }
        outcomes = {name: (p.wait(120), *p.communicate()) for name, p in running.items()}
        code, out, err = outcomes["good"]
        if code != 0 or not target.exists():  # its file removed under it, or after it
            lost.append((round_, err.strip()))
            continue
        assert "added 5 people" in out, out
        assert outcomes["broken"][0] == 2, outcomes["broken"]
        assert "p99" in outcomes["broken"][2]
        with Workbook.open(target) as workbook:
            assert len(workbook.ids("people")) == 5
            assert workbook.ids("touchpoints") == set()
    assert lost == [], f"the successful import's workbook was gone in rounds {lost}"
    # The failed import left no file of its own (its private workbook is removed).
    assert sorted(p.name for p in tmp_path.glob(".*")) == []
