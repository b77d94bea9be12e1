"""Pickers that replace editing code: an event from a list, a period from a list, a record
by a line that says what it is (the notebook pages and the light app alike)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from workbook.forms.labels import OPPORTUNITY_KIND_LABELS, TOUCH_KIND_LABELS
from workbook.periods import Period, month, quarter

#: What the Records lists offer, in this order: collection -> what the list is called.
RECORD_KINDS = {
    "encounters": "Encounters",
    "touchpoints": "Touchpoints",
    "events": "Events",
    "opportunities": "Opportunities",
}
#: At most this many records are listed at once (type in the filter to find others).
MAX_LISTED = 200


def event_choices(events: list[dict[str, Any]], today: dt.date) -> list[tuple[str, str]]:
    """Events as (label, id), latest first; events still to come after the past ones."""
    past = sorted(
        (e for e in events if e["date"] <= today.isoformat()),
        key=lambda e: (e["date"], e["id"]),
        reverse=True,
    )
    coming = sorted(
        (e for e in events if e["date"] > today.isoformat()), key=lambda e: (e["date"], e["id"])
    )
    return [(f"{e['name']} ({e['date']})", e["id"]) for e in [*past, *coming]]


def period_choices(
    purposes: list[dict[str, Any]], today: dt.date
) -> list[tuple[str, tuple[dt.date, dt.date]]]:
    """Periods to set a purpose for: this and next month, this and next quarter, this
    year, then the periods of the purposes already set (latest first), without repeats."""
    this_month = month(today.year, today.month)
    next_day = this_month.end + dt.timedelta(days=1)
    next_month = month(next_day.year, next_day.month)
    q = (today.month - 1) // 3 + 1
    this_quarter = quarter(today.year, q)
    following = this_quarter.end + dt.timedelta(days=1)
    next_quarter = quarter(following.year, (following.month - 1) // 3 + 1)
    year = Period(str(today.year), dt.date(today.year, 1, 1), dt.date(today.year, 12, 31))
    named = [
        ("This month", this_month),
        ("Next month", next_month),
        ("This quarter", this_quarter),
        ("Next quarter", next_quarter),
        ("This year", year),
    ]
    choices: list[tuple[str, tuple[dt.date, dt.date]]] = []
    seen: set[tuple[dt.date, dt.date]] = set()
    for name, period in named:
        span = (period.start, period.end)
        seen.add(span)
        choices.append((f"{name} ({period.start.isoformat()} – {period.end.isoformat()})", span))
    for purpose in sorted(purposes, key=lambda p: (p["start"], p["id"]), reverse=True):
        span = (dt.date.fromisoformat(purpose["start"]), dt.date.fromisoformat(purpose["end"]))
        if span in seen:
            continue
        seen.add(span)
        choices.append((f"Set before: {purpose['start']} – {purpose['end']}", span))
    return choices


def record_label(
    collection: str, record: dict[str, Any], names: dict[str, str], events: dict[str, str]
) -> str:
    """One line saying what a record is, in words (no ids)."""
    who = names.get(record.get("person") or "", "")
    if collection == "encounters":
        where = events.get(record["event"] or "") or record["place"] or "an everyday place"
        return f"{record['date']} · met {who} · {where}"
    if collection == "touchpoints":
        arrow = "→" if record["direction"] == "out" else "←"
        return f"{record['date']} · {arrow} {who} · {TOUCH_KIND_LABELS[record['kind']]}"
    if collection == "opportunities":
        return f"{record['date']} · {OPPORTUNITY_KIND_LABELS[record['kind']]} through {who}"
    return f"{record['date']} · {record['name']}"
