"""The debrief form: debrief an event and set each person's follow-up date, in one save."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from workbook import capture
from workbook.errors import CaptureError, WorkbookInputError
from workbook.forms.base import Records, _Form
from workbook.forms.fields import (
    _chosen,
    _date_picker,
    _dropdown,
    _labelled_area,
    _text,
    element,
)
from workbook.forms.labels import ENERGY_LABELS, NONE_LABEL, NOTHING, PURPOSE_MET_LABELS
from workbook.schema import PURPOSE_MET
from workbook.store import Workbook
from workbook.wording import DEBRIEF_QUESTIONS


class DebriefForm(_Form):
    """Debrief an event and set a follow-up due date for each person met there.

    ``event_id`` empty or None: the latest event. If the event already has a debrief,
    the form opens the latest one and saving updates it; otherwise the first save creates
    one (a new ``d`` id). The follow-up dates start at each encounter's current due date
    (blank: none set — the follow-up window applies); only changed ones are written,
    together with the debrief, in one transaction. A due date before that encounter's
    date is an error and nothing is saved.
    """

    record_name = "debrief"
    save_label = "Save debrief"

    def __init__(
        self, path: str | Path, event_id: str | None = None, today: dt.date | str | None = None
    ) -> None:
        self._event_id = event_id
        super().__init__(path, today)

    def _build(self) -> None:
        with Workbook.open(self.path) as wb:
            events = wb.records("events")
            if not events:
                raise WorkbookInputError(f"{self.path}: no events yet — add an event first")
            if self._event_id:
                event = wb.get("events", self._event_id)
                if event is None:
                    raise WorkbookInputError(f"{self.path}: no event {self._event_id!r}")
            else:
                event = max(events, key=lambda e: (e["date"], e["id"]))
            encounters = sorted(
                (e for e in wb.records("encounters") if e["event"] == event["id"]),
                key=lambda e: (e["date"], e["id"]),
            )
            names = {p["id"]: p["name"] for p in wb.records("people")}
            debriefs = sorted(
                (d for d in wb.records("debriefs") if d["event"] == event["id"]),
                key=lambda d: (d["date"], d["id"]),
            )
        self.event_record = event
        self._person_names = names
        self.event_id: str = event["id"]
        existing = debriefs[-1] if debriefs else None
        self.debrief_id: str | None = existing["id"] if existing else None

        self.date = _date_picker(
            "Debrief date",
            dt.date.fromisoformat(existing["date"]) if existing else self.today,
            "nop-date",
        )
        self.purpose_met = _dropdown(
            "Purpose met?",
            [(NONE_LABEL, NOTHING), *((PURPOSE_MET_LABELS[p], p) for p in PURPOSE_MET)],
            (existing["purpose_met"] or NOTHING) if existing else NOTHING,
            "nop-purpose-met",
        )
        self.energy = _dropdown(
            "Energy",
            [(NONE_LABEL, NOTHING), *((v, k) for k, v in ENERGY_LABELS.items())],
            (existing["energy"] or NOTHING) if existing else NOTHING,
            "nop-energy",
        )
        boxes = []
        for name, (question, placeholder) in DEBRIEF_QUESTIONS.items():
            area = _labelled_area(question, placeholder, f"nop-{name.replace('_', '-')}")
            if existing and existing.get(name):
                area.value = existing[name]
            setattr(self, name, area)
            boxes.append(area)

        self.encounters = encounters
        self.follow_up_due: dict[str, widgets.DatePicker] = {}
        rows = []
        for enc in encounters:
            name = names.get(enc["person"], enc["person"])
            due = dt.date.fromisoformat(enc["follow_up_due"]) if enc["follow_up_due"] else None
            picker = _date_picker(f"Follow up {name} by", due, "nop-debrief-due")
            self.follow_up_due[enc["id"]] = picker
            rows.append(
                widgets.VBox(
                    [
                        widgets.HTML(
                            element(
                                "span", name, cls="nop-debrief-person", small=f"(met {enc['date']})"
                            )
                        ),
                        picker,
                    ],
                    layout=widgets.Layout(margin="2px 0"),
                )
            )
        self._names = {enc["id"]: names.get(enc["person"], enc["person"]) for enc in encounters}
        if not rows:
            rows.append(widgets.HTML(element("em", "Nobody logged as met at this event yet.")))

        self.widget = widgets.VBox(
            [
                widgets.HTML(element("strong", f"Debrief: {event['name']} ({event['date']})")),
                widgets.HBox(
                    [self.date, self.purpose_met, self.energy],
                    layout=widgets.Layout(flex_flow="row wrap", grid_gap="4px 16px"),
                ),
                *boxes,
                widgets.HTML(element("strong", "Follow up with each person you met")),
                *rows,
                self._buttons(),
                self.message,
            ],
            layout=widgets.Layout(width="100%", max_width="780px", padding="4px"),
        )
        self.widget.add_class("nop-form")
        self.widget.add_class("nop-debrief-form")

    def _validate(self) -> dict[str, Any]:
        if self.date.value is None:
            raise CaptureError("Debrief date", "choose the day of the debrief")
        return {
            "date": self.date.value,
            "dues": {enc["id"]: self.follow_up_due[enc["id"]].value for enc in self.encounters},
            "purpose_met": _chosen(self.purpose_met),
            "highlights": _text(self.highlights),  # type: ignore[attr-defined]
            "learned": _text(self.learned),  # type: ignore[attr-defined]
            "wiift": _text(self.wiift),  # type: ignore[attr-defined]
            "next_steps": _text(self.next_steps),  # type: ignore[attr-defined]
            "energy": _chosen(self.energy),
        }

    def _write(self, wb: Workbook, plan: dict[str, Any]) -> capture.Saved:
        return capture.save_debrief(
            wb, self.event_id, debrief_id=self.debrief_id, today=self.today, **plan
        )

    def _after_save(self, records: Records) -> None:
        self.debrief_id = records[0][1]["id"]
        for collection, record in records[1:]:
            for enc in self.encounters:
                if collection == "encounters" and enc["id"] == record["id"]:
                    enc["follow_up_due"] = record["follow_up_due"]
