"""The Debrief page: pick an event from the list; its debrief form opens below."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from workbook import forms, periods
from workbook.forms.fields import element
from workbook.forms.labels import STYLE
from workbook.pages.common import page
from workbook.pages.pickers import event_choices
from workbook.pages.titles import TITLES
from workbook.store import Workbook


class DebriefPicker:
    """An event picker, whether it is debriefed yet, and the debrief form of the event
    picked. The status line follows each save."""

    def __init__(self, path: Path, event_id: str | None = None, today: dt.date | None = None):
        self.path = path
        self.today = today or periods.today()
        with Workbook.open(path) as wb:
            events = wb.records("events")
        choices = event_choices(events, self.today)
        self.status = widgets.HTML("")
        self.status.add_class("nop-debrief-status")
        self.holder = widgets.VBox([])
        self.form: forms.DebriefForm | None = None
        if not choices:
            self.event = None
            self.widget = widgets.VBox(
                [
                    widgets.HTML(
                        element(
                            "p",
                            "No events yet: plan one first (Plan an event), or log whom you "
                            "met at one.",
                        )
                    )
                ]
            )
            return
        self.event = widgets.Dropdown(
            description="Event",
            options=choices,
            value=event_id if event_id in dict(choices).values() else choices[0][1],
            style=STYLE,
            layout=widgets.Layout(width="100%", max_width="520px", flex_flow="column"),
        )
        self.event.add_class("nop-event-picker")
        self.event.observe(lambda _c: self.show(), names="value")
        self.widget = widgets.VBox([self.event, self.status, self.holder])
        self.show()

    def show(self) -> None:
        """Open the debrief form of the event picked."""
        assert self.event is not None
        self.form = forms.DebriefForm(self.path, self.event.value, today=self.today)
        self.form.on_saved(self._status)
        self.holder.children = [self.form.widget]
        self._status()

    def _status(self, _records: Any = None) -> None:
        assert self.event is not None
        with Workbook.open(self.path) as wb:
            done = [d for d in wb.records("debriefs") if d["event"] == self.event.value]
        if done:
            latest = max(done, key=lambda d: (d["date"], d["id"]))
            self.status.value = element(
                "p", f"Debriefed on {latest['date']}: saving again updates it.", mark="✓"
            )
        else:
            self.status.value = element("p", "You haven't debriefed this event yet.")


def build(path: Path, event_id: str | None = None) -> widgets.Widget:
    title, help_text = TITLES["debrief"]
    return page(path, title, help_text, lambda p: [DebriefPicker(p, event_id).widget])
