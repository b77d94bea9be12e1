"""The purpose form: a period's answers to the five questions, and its targets."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from workbook import capture
from workbook.errors import CaptureError
from workbook.forms.base import Records, _Form
from workbook.forms.fields import _as_date, _date_picker, _labelled_area, _text, element
from workbook.forms.labels import PURPOSE_QUESTIONS, STYLE, TARGET_LABELS
from workbook.forms.targets import parse_targets, shown_target
from workbook.schema import TARGET_METRICS
from workbook.store import Workbook


class PurposeForm(_Form):
    """Set the purpose of a period: the five questions and the targets
    (``docs/metrics.md``).

    ``start`` / ``end`` prefill the period. If the workbook already has a purpose for
    exactly that period, the form opens it and saving updates it; otherwise the first save
    creates a purpose (a new ``g`` id) and later saves update that one.

    Targets: a number typed into a target's box sets it; an empty box sets none
    (:mod:`workbook.forms.targets`). The follow-up rate is typed as a percentage (0–100)
    and stored as a fraction (80 → 0.8); median days to follow up is an upper bound (lower
    is better).
    """

    record_name = "purpose"
    save_label = "Save purpose"

    def __init__(
        self,
        path: str | Path,
        start: str | dt.date | None = None,
        end: str | dt.date | None = None,
        today: dt.date | str | None = None,
    ) -> None:
        self._start = _as_date(start, "start")
        self._end = _as_date(end, "end")
        super().__init__(path, today)

    def _build(self) -> None:
        existing = None
        if self._start is not None and self._end is not None:
            with Workbook.open(self.path) as wb:
                existing = next(
                    (
                        p
                        for p in reversed(wb.records("purposes"))
                        if p["start"] == self._start.isoformat()
                        and p["end"] == self._end.isoformat()
                    ),
                    None,
                )
        self.purpose_id: str | None = existing["id"] if existing else None

        self.start = _date_picker("From", self._start, "nop-start")
        self.end = _date_picker("to", self._end, "nop-end")
        boxes = []
        for index, (name, (question, _why, placeholder)) in enumerate(
            PURPOSE_QUESTIONS.items(), start=1
        ):
            # The question is the box's own label (a screen reader names the box by it).
            area = _labelled_area(
                f"{index}. {question}", placeholder, f"nop-{name.replace('_', '-')}"
            )
            if existing and existing.get(name):
                area.value = existing[name]
            setattr(self, name, area)
            boxes.append(area)

        # A target is set by typing a number into its box, cleared by emptying it.
        self.target_value: dict[str, widgets.Text] = {}
        targets = existing["targets"] if existing else {}
        rows = []
        for name in TARGET_METRICS:
            box = widgets.Text(
                description=TARGET_LABELS[name],
                value=shown_target(name, targets.get(name)),
                placeholder="not set",
                style=STYLE,
                layout=widgets.Layout(width="100%", max_width="520px"),
            )
            box.add_class(f"nop-target-{name.replace('_', '-')}")
            self.target_value[name] = box
            rows.append(box)

        self.widget = widgets.VBox(
            [
                widgets.HTML(element("strong", "Your purpose for this period")),
                widgets.HBox(
                    [self.start, self.end],
                    layout=widgets.Layout(flex_flow="row wrap", grid_gap="4px 16px"),
                ),
                *boxes,
                widgets.HTML(
                    element(
                        "span",
                        "— what you will measure yourself against: type a number to set "
                        "one, empty its box to clear it",
                        lead="Targets",
                    )
                ),
                *rows,
                self._buttons(),
                self.message,
            ],
            layout=widgets.Layout(width="100%", max_width="780px", padding="4px"),
        )
        self.widget.add_class("nop-form")
        self.widget.add_class("nop-purpose-form")

    def _targets(self) -> dict[str, int | float]:
        return parse_targets({name: box.value for name, box in self.target_value.items()})

    def _validate(self) -> dict[str, Any]:
        if self.start.value is None:
            raise CaptureError("Start", "choose the first day of the period")
        if self.end.value is None:
            raise CaptureError("End", "choose the last day of the period")
        record: dict[str, Any] = {"start": self.start.value, "end": self.end.value}
        for name in PURPOSE_QUESTIONS:
            record[name] = _text(getattr(self, name))
        record["targets"] = self._targets()
        return record

    def _write(self, wb: Workbook, plan: dict[str, Any]) -> capture.Saved:
        return capture.save_purpose(wb, purpose_id=self.purpose_id, today=self.today, **plan)

    def _after_save(self, records: Records) -> None:
        self.purpose_id = records[0][1]["id"]
