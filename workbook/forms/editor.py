"""Correcting and deleting one record: an editor built from the record's fields, and a
delete that asks once and says what goes with it. Writing is :func:`workbook.capture.update`
and :func:`workbook.capture.delete`, one transaction each."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from workbook import capture
from workbook.errors import WorkbookError
from workbook.forms.fields import element, message
from workbook.forms.labels import (
    CHANNEL_LABELS,
    DIRECTION_LABELS,
    ERROR_STYLE,
    EVENT_KIND_LABELS,
    EVERYDAY_CHOICE,
    FIELD_LABELS,
    NONE_LABEL,
    NOTHING,
    OK_STYLE,
    OPPORTUNITY_KIND_LABELS,
    QUALITY_LABELS,
    STYLE,
    TOUCH_KIND_LABELS,
)
from workbook.periods import today as read_today
from workbook.schema import DATE_FIELDS, FIELDS
from workbook.store import Workbook

#: The fields an editor offers, per collection (ids and references to the record's owner
#: are not edited here: a person's records move with a merge).
EDITABLE: dict[str, tuple[str, ...]] = {
    "people": capture.PERSON_FIELDS,
    # Every other field of the record, as the data model lists them.
    **{
        collection: tuple(name for name in FIELDS[collection] if name not in ("id", "person"))
        for collection in ("encounters", "touchpoints", "opportunities", "events")
    },
}
CHOICES: dict[str, dict[str, dict[Any, str]]] = {
    "touchpoints": {
        "direction": DIRECTION_LABELS,
        "kind": TOUCH_KIND_LABELS,
        "channel": CHANNEL_LABELS,
    },
    "opportunities": {"kind": OPPORTUNITY_KIND_LABELS},
    "events": {"kind": EVENT_KIND_LABELS},
    "encounters": {"quality": {NOTHING: NONE_LABEL, **QUALITY_LABELS}},
}
LONG_TEXT = {"learned", "their_needs", "my_offer", "needs", "note", "purpose", "intended_outcome"}
INTEGERS = {"cadence_days", "target_people"}
BOOLEANS = {"card_exchanged", "follow_up_planned"}


def _msg(ok: bool, text: str) -> str:
    return message(ok, text, style=OK_STYLE if ok else ERROR_STYLE)


class RecordEditor:
    """Edit the fields of one record and save the corrections, or delete it.

    ``on_change()`` runs after a save or a delete (to refresh the lists). Labels are the
    field names of :data:`~workbook.forms.labels.FIELD_LABELS`; the buttons are "Save
    changes" and "Delete", and a delete asks once ("Yes, delete" / "Cancel"), saying what
    else goes with it.
    """

    def __init__(
        self,
        path: Path,
        collection: str,
        record_id: str,
        on_change: Callable[[], Any] | None = None,
        today: dt.date | None = None,
    ) -> None:
        self.path = path
        self.collection = collection
        self.record_id = record_id
        self.today = today or read_today()
        self.on_change = on_change
        with Workbook.open(path) as wb:
            record = wb.get(collection, record_id)
            self._people = sorted(wb.records("people"), key=lambda p: capture.name_key(p["name"]))
            self._events = wb.records("events")
        if record is None:
            raise capture.CaptureError("Record", "it is no longer in your workbook")
        self.record = record
        self.fields: dict[str, widgets.Widget] = {}
        for name in EDITABLE[collection]:
            self.fields[name] = self._field(name, record.get(name))
        self.message = widgets.HTML("")
        self.save_button = widgets.Button(
            description="Save changes", button_style="success", icon="check"
        )
        self.delete_button = widgets.Button(description="Delete", button_style="danger")
        self.confirm_button = widgets.Button(description="Yes, delete", button_style="danger")
        self.cancel_button = widgets.Button(description="Cancel")
        self.confirm = widgets.VBox([])
        self.save_button.on_click(lambda _b: self.save())
        self.delete_button.on_click(lambda _b: self.ask_delete())
        self.confirm_button.on_click(lambda _b: self.delete())
        self.cancel_button.on_click(lambda _b: self._cancel())
        self.widget = widgets.VBox(
            [
                *self.fields.values(),
                widgets.HBox(
                    [self.save_button, self.delete_button],
                    layout=widgets.Layout(flex_flow="row wrap", grid_gap="4px 8px"),
                ),
                self.confirm,
                self.message,
            ],
            layout=widgets.Layout(width="100%", max_width="780px", padding="4px"),
        )
        self.widget.add_class("nop-form")
        self.widget.add_class("nop-record-editor")

    # -- fields ------------------------------------------------------------------------------
    def _field(self, name: str, value: Any) -> widgets.Widget:
        label = FIELD_LABELS.get(name, name.replace("_", " ").capitalize())
        layout = widgets.Layout(width="100%", max_width="520px", flex_flow="column")
        choices = CHOICES.get(self.collection, {}).get(name)
        widget: widgets.Widget
        if name in DATE_FIELDS.get(self.collection, ()):
            widget = widgets.DatePicker(
                description=label,
                value=dt.date.fromisoformat(value) if value else None,
                style=STYLE,
                layout=widgets.Layout(width="auto"),
            )
        elif name in BOOLEANS:
            widget = widgets.Checkbox(description=label, value=bool(value), indent=False)
        elif choices is not None:
            widget = widgets.Dropdown(
                description=label,
                options=[(text, key) for key, text in choices.items()],
                value=NOTHING if value is None else value,
                style=STYLE,
                layout=widgets.Layout(width="auto"),
            )
        elif name == "event":
            options = [(EVERYDAY_CHOICE, NOTHING)] + [
                (f"{e['name']} ({e['date']})", e["id"])
                for e in sorted(self._events, key=lambda e: (e["date"], e["id"]), reverse=True)
            ]
            widget = widgets.Dropdown(
                description=label, options=options, value=value or NOTHING, style=STYLE,
                layout=layout,
            )  # fmt: skip
        elif name == "introduced_by":
            labels = capture.person_labels(self._people)  # one pass, not one per person
            options = [(NONE_LABEL, NOTHING)] + [
                (labels[p["id"]], p["id"]) for p in self._people if p["id"] != self.record_id
            ]
            widget = widgets.Dropdown(
                description=label, options=options, value=value or NOTHING, style=STYLE,
                layout=layout,
            )  # fmt: skip
        elif name == "tags":
            widget = widgets.Text(
                description=label,
                value=", ".join(value or []),
                placeholder="comma-separated, e.g. accountant, hockey",
                style=STYLE,
                layout=layout,
            )
        elif name in INTEGERS:
            widget = widgets.Text(
                description=label,
                value="" if value is None else str(value),
                placeholder="a whole number, or blank",
                style=STYLE,
                layout=layout,
            )
        elif name in LONG_TEXT:
            widget = widgets.Textarea(
                description=label, value=value or "", rows=2, style=STYLE, layout=layout
            )
        else:
            widget = widgets.Text(description=label, value=value or "", style=STYLE, layout=layout)
        widget.add_class(f"nop-edit-{name.replace('_', '-')}")
        return widget

    def changes(self) -> dict[str, Any]:
        """What the fields now hold, as record values (a CaptureError for a bad number)."""
        out: dict[str, Any] = {}
        for name, widget in self.fields.items():
            value = widget.value
            label = widget.description
            if name in DATE_FIELDS.get(self.collection, ()):
                out[name] = value
            elif name in BOOLEANS:
                out[name] = bool(value)
            elif name == "tags":
                out[name] = [t.strip() for t in (value or "").split(",") if t.strip()]
            elif name in INTEGERS:
                out[name] = capture.check_whole(value, label)
            elif isinstance(widget, widgets.Dropdown):
                out[name] = None if value == NOTHING else value
            elif name == "name":
                out[name] = value
            else:
                out[name] = value if value and value.strip() else None
        return out

    # -- actions -----------------------------------------------------------------------------
    def save(self) -> bool:
        try:
            changes = self.changes()
            with capture.writing(self.path) as wb:
                capture.update(wb, self.collection, self.record_id, changes, today=self.today)
        except WorkbookError as error:
            self.message.value = _msg(False, str(error))
            return False
        self.message.value = _msg(True, "Saved your corrections.")
        if self.on_change:
            self.on_change()
        return True

    def ask_delete(self) -> None:
        with Workbook.open(self.path) as wb:
            also = capture.delete_consequences(wb, self.collection, self.record_id)
        noun = capture.noun(self.collection)
        question = f"Delete this {noun}?" + (f" This also {also}." if also else "")
        self.confirm.children = [
            widgets.HTML(element("p", question, role="alert")),
            widgets.HBox([self.confirm_button, self.cancel_button]),
        ]

    def _cancel(self) -> None:
        self.confirm.children = []

    def delete(self) -> bool:
        try:
            with capture.writing(self.path) as wb:
                saved = capture.delete(wb, self.collection, self.record_id)
        except WorkbookError as error:
            self.message.value = _msg(False, str(error))
            return False
        self.confirm.children = []
        self.save_button.disabled = self.delete_button.disabled = True
        self.message.value = _msg(True, saved.summary[:1].upper() + saved.summary[1:] + ".")
        if self.on_change:
            self.on_change()
        return True


__all__ = ["EDITABLE", "RecordEditor"]
