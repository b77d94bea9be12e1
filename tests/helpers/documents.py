"""Small native JSON documents built record by record, for hand-worked report tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from workbook.context import Context
from workbook.frames import frames_from_document
from workbook.periods import parse_period
from workbook.redact import redact_frames


def document(**collections: list[dict[str, Any]]) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "format": "networking-workbook",
        "version": 1,
        "owner": {"name": "Ada Example"},
    }
    doc.update(collections)
    return doc


def person(pid: str, name: str | None = None, **more: Any) -> dict[str, Any]:
    return {"id": pid, "name": name or f"Person {pid}"} | more


def encounter(nid: str, pid: str, date: str, **more: Any) -> dict[str, Any]:
    return {"id": nid, "person": pid, "date": date} | more


def touch(tid: str, pid: str, date: str, kind: str = "follow_up", **more: Any) -> dict[str, Any]:
    return {"id": tid, "person": pid, "date": date, "direction": "out", "kind": kind} | more


def context(
    doc: dict[str, Any],
    period: str = "2026-10",
    as_of: dt.date = dt.date(2026, 11, 1),
    window: int = 7,
    redact: bool = False,
) -> Context:
    from pathlib import Path

    frames = frames_from_document(doc)
    if redact:
        frames = redact_frames(frames)
    return Context(Path("ada.db"), frames, parse_period(period, as_of), as_of, window, redact)
