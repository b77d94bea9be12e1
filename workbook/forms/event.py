"""The plan-an-event form: name, date, kind, location, and the questions before you go."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from workbook import capture
from workbook.errors import CaptureError
from workbook.forms.base import Records, _Form
from workbook.forms.fields import _date_picker, _dropdown, _labelled_area, _text, element
from workbook.forms.labels import EVENT_KIND_LABELS, EVENT_QUESTIONS, STYLE
from workbook.schema import EVENT_KINDS
from workbook.store import Workbook


class EventForm(_Form):
    """Plan an event (or, with ``event_id``, correct one): what
    :func:`workbook.capture.plan_event` saves.

    The questions asked before going are :data:`~workbook.forms.labels.EVENT_QUESTIONS`.
    "How many people" is a whole number or blank. After a save of a new event the form is
    cleared for the next one; an event being corrected stays shown.
    """

    record_name = "event"
    save_label = "Save event"

    def __init__(
        self, path: str | Path, event_id: str | None = None, today: dt.date | str | None = None
    ) -> None:
        self.event_id = event_id
        super().__init__(path, today)

    def _build(self) -> None:
        existing: dict[str, Any] | None = None
        if self.event_id:
            with Workbook.open(self.path) as wb:
                existing = wb.get("events", self.event_id)
            if existing is None:
                raise CaptureError("Event", "that event is no longer in your workbook")
        self.name = widgets.Text(
            description="Event name",
            placeholder="e.g. Chamber of Commerce mixer",
            style=STYLE,
            layout=widgets.Layout(width="100%", max_width="520px"),
        )
        self.name.add_class("nop-event-name")
        self.date = _date_picker("Date", self.today, "nop-date")
        self.kind = _dropdown(
            "Kind", [(EVENT_KIND_LABELS[k], k) for k in EVENT_KINDS], "meetup", "nop-kind"
        )
        self.location = widgets.Text(
            description="Location",
            placeholder="e.g. Union Hall, 12 Main St",
            style=STYLE,
            layout=widgets.Layout(width="100%", max_width="520px"),
        )
        self.location.add_class("nop-location")
        boxes = []
        self.answers: dict[str, widgets.Textarea] = {}
        for name, (question, example) in EVENT_QUESTIONS.items():
            if name == "target_people":
                self.target_people = widgets.Text(
                    description=question,
                    placeholder="e.g. 5",
                    style=STYLE,
                    layout=widgets.Layout(width="100%", max_width="520px", flex_flow="column"),
                )
                self.target_people.add_class("nop-target-people")
                boxes.append(self.target_people)
                continue
            area = _labelled_area(question, example, f"nop-{name.replace('_', '-')}")
            self.answers[name] = area
            boxes.append(area)
        if existing is not None:
            self._fill(existing)
        row = widgets.Layout(flex_flow="row wrap", align_items="center", grid_gap="4px 16px")
        title = "Correct this event" if existing else "Plan an event"
        self.widget = widgets.VBox(
            [
                widgets.HTML(element("h3", title, cls="nop-section")),
                self.name,
                widgets.HBox([self.date, self.kind], layout=row),
                self.location,
                widgets.HTML(element("strong", "Before you go")),
                *boxes,
                self._buttons(),
                self.message,
            ],
            layout=widgets.Layout(width="100%", max_width="780px", padding="4px"),
        )
        self.widget.add_class("nop-form")
        self.widget.add_class("nop-event-form")

    def _fill(self, event: dict[str, Any]) -> None:
        self.name.value = event["name"]
        self.date.value = dt.date.fromisoformat(event["date"])
        self.kind.value = event["kind"]
        self.location.value = event["location"] or ""
        self.target_people.value = (
            "" if event["target_people"] is None else str(event["target_people"])
        )
        for name, area in self.answers.items():
            area.value = event.get(name) or ""

    def _validate(self) -> dict[str, Any]:
        target = capture.check_whole(self.target_people.value, EVENT_QUESTIONS["target_people"][0])
        return {
            "name": self.name.value or "",
            "date": self.date.value,
            "kind": self.kind.value,
            "location": _text(self.location),
            "target_people": target,
            **{name: _text(area) for name, area in self.answers.items()},
        }

    def _write(self, wb: Workbook, plan: dict[str, Any]) -> capture.Saved:
        return capture.plan_event(wb, event_id=self.event_id, today=self.today, **plan)

    def _after_save(self, records: Records) -> None:
        if self.event_id:
            return
        for field in (self.name, self.location, self.target_people, *self.answers.values()):
            field.value = ""
        self.date.value = self.today
