"""The forms about someone already in the workbook: a touchpoint, an opportunity."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from workbook import capture
from workbook.errors import CaptureError
from workbook.forms.base import Records
from workbook.forms.fields import _date_picker, _dropdown, _text, _textarea, element
from workbook.forms.labels import (
    CHANNEL_LABELS,
    DIRECTION_LABELS,
    OPPORTUNITY_KIND_LABELS,
    TOUCH_KIND_LABELS,
)
from workbook.forms.people import _PersonForm
from workbook.schema import CHANNELS, DIRECTIONS, OPPORTUNITY_KINDS, TOUCH_KINDS
from workbook.store import Workbook


class TouchpointForm(_PersonForm):
    """Log a touchpoint with someone already in the workbook: direction, kind, channel."""

    record_name = "touchpoint"
    save_label = "Save touchpoint"

    def _build(self) -> None:
        self.person = self._person_picker()
        self.date = _date_picker("When", self.today, "nop-date")
        self.direction = _dropdown(
            "Direction",
            [(DIRECTION_LABELS[d], d) for d in DIRECTIONS],
            "out",
            "nop-direction",
        )
        self.kind = _dropdown(
            "Kind", [(TOUCH_KIND_LABELS[k], k) for k in TOUCH_KINDS], "follow_up", "nop-kind"
        )
        self.channel = _dropdown(
            "How", [(CHANNEL_LABELS[c], c) for c in CHANNELS], "email", "nop-channel"
        )
        self.note = _textarea("Note", "What you sent, said or gave — optional", "nop-note")
        row = widgets.Layout(flex_flow="row wrap", align_items="center", grid_gap="4px 16px")
        self.widget = widgets.VBox(
            [
                widgets.HTML(element("strong", "Log a touchpoint")),
                self.person,
                widgets.HBox([self.date, self.direction], layout=row),
                widgets.HBox([self.kind, self.channel], layout=row),
                self.note,
                self._buttons(),
                self.message,
            ],
            layout=widgets.Layout(width="100%", max_width="780px", padding="4px"),
        )
        self.widget.add_class("nop-form")
        self.widget.add_class("nop-touchpoint-form")

    def _validate(self) -> dict[str, Any]:
        self._check_person_typed()
        if self.date.value is None:
            raise CaptureError("Date", "choose the day of the touchpoint")
        return {
            "date": self.date.value,
            "direction": self.direction.value,
            "kind": self.kind.value,
            "channel": self.channel.value,
            "note": _text(self.note),
        }

    def _write(self, wb: Workbook, plan: dict[str, Any]) -> capture.Saved:
        person = self._chosen_person(wb)
        return capture.log_touch(
            wb, person["name"], person_id=person["id"], today=self.today, **plan
        )

    def _after_save(self, records: Records) -> None:
        self.person.value = ""
        self.note.value = ""


class OpportunityForm(_PersonForm):
    """Record an opportunity that came through someone in the workbook."""

    record_name = "opportunity"
    save_label = "Save opportunity"

    def _build(self) -> None:
        self.person = self._person_picker()
        self.date = _date_picker("When", self.today, "nop-date")
        self.kind = _dropdown(
            "Kind",
            [(OPPORTUNITY_KIND_LABELS[k], k) for k in OPPORTUNITY_KINDS],
            "referral",
            "nop-kind",
        )
        self.note = _textarea("Note", "What the opportunity is — optional", "nop-note")
        row = widgets.Layout(flex_flow="row wrap", align_items="center", grid_gap="4px 16px")
        self.widget = widgets.VBox(
            [
                widgets.HTML(element("strong", "Record an opportunity")),
                self.person,
                widgets.HBox([self.date, self.kind], layout=row),
                self.note,
                self._buttons(),
                self.message,
            ],
            layout=widgets.Layout(width="100%", max_width="780px", padding="4px"),
        )
        self.widget.add_class("nop-form")
        self.widget.add_class("nop-opportunity-form")

    def _validate(self) -> dict[str, Any]:
        self._check_person_typed()
        if self.date.value is None:
            raise CaptureError("Date", "choose the day of the opportunity")
        return {"date": self.date.value, "kind": self.kind.value, "note": _text(self.note)}

    def _write(self, wb: Workbook, plan: dict[str, Any]) -> capture.Saved:
        person = self._chosen_person(wb)
        return capture.log_opportunity(wb, person["id"], today=self.today, **plan)

    def _after_save(self, records: Records) -> None:
        self.person.value = ""
        self.note.value = ""
