"""The purpose form: a period's answers to the five questions, and its targets."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from workbook import capture
from workbook.errors import CaptureError
from workbook.forms.base import Records, _Form
from workbook.forms.fields import _as_date, _date_picker, _question, _text, element
from workbook.forms.labels import PURPOSE_QUESTIONS, TARGET_LABELS
from workbook.schema import TARGET_METRICS
from workbook.store import Workbook


class PurposeForm(_Form):
    """Set the purpose of a period: the five questions and the targets
    (``docs/metrics.md``).

    ``start`` / ``end`` prefill the period. If the workbook already has a purpose for
    exactly that period, the form opens it and saving updates it; otherwise the first save
    creates a purpose (a new ``g`` id) and later saves update that one.

    Targets: tick "set" (typing a number ticks it) for each target to keep; unticked ones
    are not saved. The follow-up rate is typed as a percentage (0–100) and stored as a
    fraction (80 → 0.8); median days to follow up is an upper bound (lower is better).
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
            area, box = _question(
                f"{index}. {question}", placeholder, f"nop-{name.replace('_', '-')}"
            )
            if existing and existing.get(name):
                area.value = existing[name]
            setattr(self, name, area)
            boxes.append(box)

        self.target_set: dict[str, widgets.Checkbox] = {}
        self.target_value: dict[str, widgets.IntText | widgets.FloatText] = {}
        rows = []
        targets = existing["targets"] if existing else {}
        for name in TARGET_METRICS:
            # Not Bounded*: those clamp silently; a value out of range is an error on save.
            if name in ("follow_up_rate", "median_follow_up_days"):
                number: widgets.IntText | widgets.FloatText = widgets.FloatText(
                    value=0.0, step=1.0, layout=widgets.Layout(width="110px")
                )
            else:
                number = widgets.IntText(value=0, layout=widgets.Layout(width="110px"))
            number.add_class(f"nop-target-{name.replace('_', '-')}")
            check = widgets.Checkbox(
                value=False, description="set", indent=False, layout=widgets.Layout(width="60px")
            )
            if name in targets:
                shown = targets[name] * 100 if name == "follow_up_rate" else targets[name]
                number.value = (
                    round(shown, 2) if isinstance(number, widgets.FloatText) else int(shown)
                )
                check.value = True
            number.observe(lambda _c, check=check: setattr(check, "value", True), names="value")
            self.target_set[name] = check
            self.target_value[name] = number
            label = widgets.HTML(
                element("span", TARGET_LABELS[name], cls="nop-target-label"),
                layout=widgets.Layout(flex="1 1 220px", min_width="0"),
            )
            rows.append(
                widgets.HBox(
                    [label, number, check],
                    layout=widgets.Layout(
                        align_items="center", flex_flow="row wrap", grid_gap="0 8px", width="100%"
                    ),
                )
            )

        self.widget = widgets.VBox(
            [
                widgets.HTML("<strong>Your purpose for this period</strong>"),
                widgets.HBox(
                    [self.start, self.end],
                    layout=widgets.Layout(flex_flow="row wrap", grid_gap="4px 16px"),
                ),
                *boxes,
                widgets.HTML(
                    "<strong>Targets</strong> — what you will measure yourself "
                    "against (tick “set” for the ones you want)"
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
        targets: dict[str, int | float] = {}
        for name in TARGET_METRICS:
            if not self.target_set[name].value:
                continue
            value = self.target_value[name].value
            label = TARGET_LABELS[name]
            if value is None or value != value:  # NaN
                raise CaptureError(label, "enter a number")
            if name == "follow_up_rate":
                if not 0 <= value <= 100:
                    raise CaptureError(
                        label, f"enter a percentage between 0 and 100, not {value:g}"
                    )
                targets[name] = round(value / 100, 6)
            elif value < 0:
                raise CaptureError(label, f"a target cannot be negative ({value:g})")
            elif isinstance(value, float):
                targets[name] = int(value) if value.is_integer() else value
            else:
                targets[name] = int(value)
        return targets

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
