"""What several pages show: people's names for the Who box, the events to pick, the
labels of coded values."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from workbook import capture
from workbook.forms.labels import (
    CHANNEL_LABELS,
    DIRECTION_LABELS,
    EVENT_KIND_LABELS,
    NONE_LABEL,
    QUALITY_LABELS,
    TOUCH_KIND_LABELS,
)
from workbook.pages import pickers
from workbook.schema import EVERYDAY
from workbook.store import Workbook

if TYPE_CHECKING:
    from workbook.app.handlers import Form

#: How many names the Who box suggests (the people met most recently): the page stays
#: light however many people the workbook holds; any name can still be typed.
SUGGESTED_NAMES = 60
#: Events offered in the encounter form: those from this many days ago to a week ahead.
RECENT_EVENT_DAYS = 60


def options(labels: dict[Any, str]) -> list[tuple[str, str]]:
    return [(str(key), label) for key, label in labels.items()]


CHANNELS = options(CHANNEL_LABELS)
QUICK_CHANNELS = [(c, CHANNEL_LABELS[c]) for c in capture.QUICK_FOLLOW_UP_CHANNELS]
DIRECTIONS = options(DIRECTION_LABELS)
TOUCH_KINDS = options(TOUCH_KIND_LABELS)
EVENT_KINDS = options(EVENT_KIND_LABELS)
QUALITIES = [("", NONE_LABEL), *options(QUALITY_LABELS)]


def labels(people: list[dict[str, Any]]) -> dict[str, str]:
    """Every person's label (:func:`workbook.capture.person_label`: "Name — Organisation",
    told apart from a twin by e-mail or id), by id — in one pass: a person's twins are
    among those with the same plain label."""
    twins: dict[str, list[dict[str, Any]]] = {}
    for person in people:
        twins.setdefault(capture.person_label(person), []).append(person)
    return {p["id"]: capture.person_label(p, group) for group in twins.values() for p in group}


def people_names(wb: Workbook, limit: int = SUGGESTED_NAMES) -> list[str]:
    """The labels ("Name — Organisation") of the people met most recently."""
    people = wb.records("people")
    last: dict[str, str] = {}
    for encounter in wb.records("encounters"):
        if encounter["date"] > last.get(encounter["person"], ""):
            last[encounter["person"]] = encounter["date"]
    named = labels(people)
    people.sort(key=lambda p: last.get(p["id"], ""), reverse=True)
    return sorted((named[p["id"]] for p in people[:limit]), key=lambda label: label.casefold())


def recent_events(wb: Workbook, today: dt.date) -> list[tuple[str, str]]:
    """The events to pick from (recent and the week ahead), latest first, after the
    "everyday place" choice."""
    first = (today - dt.timedelta(days=RECENT_EVENT_DAYS)).isoformat()
    last = (today + dt.timedelta(days=7)).isoformat()
    events = [e for e in wb.records("events") if first <= e["date"] <= last]
    events.sort(key=lambda e: (e["date"], e["id"]), reverse=True)
    return [("", EVERYDAY), *((e["id"], f"{e['name']} · {e['date']}") for e in events)]


def event_choices(events: list[dict[str, Any]], today: dt.date) -> list[tuple[str, str]]:
    """The events to pick (:func:`workbook.pages.pickers.event_choices`), as (id, label)."""
    return [(event_id, label) for label, event_id in pickers.event_choices(events, today)]


def log_touch_form(
    wb: Workbook, form: Form, person: dict[str, Any], today: dt.date
) -> capture.Saved:
    """A touchpoint form (direction, kind, channel, date, note) logged with ``person``, who
    is already in the workbook (Today's form and a person's page alike)."""
    return capture.log_touch(
        wb,
        person["name"],
        person_id=person["id"],
        direction=form.get("direction"),
        kind=form.get("kind"),
        channel=form.get("channel"),
        date=form.optional("date"),
        note=form.optional("note"),
        today=today,
        create=False,
    )
