"""Shared fixtures: the example document of docs/json-format.md and fresh workbooks made from it."""

from __future__ import annotations

import copy
import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
WORKBOOK_CLI = [sys.executable, "-m", "workbook"]

EXAMPLE_DOCUMENT: dict[str, Any] = {
    "format": "networking-workbook",
    "version": 1,
    "owner": {"name": "Ada Example"},
    "people": [
        {
            "id": "p1",
            "name": "Jane Roe",
            "organisation": None,
            "role": None,
            "email": None,
            "phone": None,
            "url": None,
            "tags": [],
            "needs": None,
            "cadence_days": None,
            "introduced_by": None,
            "notes": None,
        },
    ],
    "events": [
        {
            "id": "e1",
            "name": "Chamber breakfast",
            "kind": "meetup",
            "date": "2026-10-02",
            "location": None,
            "purpose": None,
            "intended_outcome": None,
            "target_people": None,
        },
    ],
    "encounters": [
        {
            "id": "n1",
            "person": "p1",
            "date": "2026-10-02",
            "event": "e1",
            "place": None,
            "learned": None,
            "their_needs": None,
            "my_offer": None,
            "card_exchanged": True,
            "follow_up_planned": True,
            "follow_up_due": None,
            "quality": None,
        },
    ],
    "touchpoints": [
        {
            "id": "t1",
            "person": "p1",
            "date": "2026-10-03",
            "direction": "out",
            "kind": "follow_up",
            "channel": "email",
            "note": None,
        },
    ],
    "purposes": [
        {
            "id": "g1",
            "start": "2026-10-01",
            "end": "2026-10-31",
            "why": "...",
            "intended_outcome": "...",
            "follow_up_plan": None,
            "nurture_plan": None,
            "opportunity_note": None,
            "targets": {"new_people": 10, "follow_up_rate": 0.8},
        },
    ],
    "debriefs": [
        {
            "id": "d1",
            "event": "e1",
            "date": "2026-10-03",
            "purpose_met": "partly",
            "highlights": None,
            "learned": None,
            "wiift": None,
            "next_steps": None,
            "energy": 4,
        },
    ],
    "opportunities": [
        {"id": "o1", "person": "p1", "date": "2026-11-20", "kind": "referral", "note": None},
    ],
}


@pytest.fixture
def spec_document() -> dict[str, Any]:
    """A fresh deep copy of the docs/json-format.md example, safe to modify."""
    return copy.deepcopy(EXAMPLE_DOCUMENT)


@pytest.fixture
def write_json(tmp_path: Path):
    """Write a document (or raw text) to a file in tmp_path and return its path."""

    def write(content: Any, name: str = "input.json") -> Path:
        path = tmp_path / name
        text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def browser_ready() -> None:
    """Skip a browser test where there is no Chromium — but never in CI, which installs it."""
    from tests.helpers.browser import browser_available

    if not browser_available():
        if os.environ.get("CI"):
            pytest.fail("CI must have Chromium and Playwright (see .ci/run)")
        pytest.skip("needs Debian's chromium and the playwright package")
