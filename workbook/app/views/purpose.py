"""Purpose (docs/capture.md): a period's answers to the five questions and its targets.

A target is set by typing a number into its box and cleared by emptying the box: no
separate tick. The follow-up rate is typed as a percentage (stored as a fraction)."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from workbook import capture
from workbook.app.handlers import AppHandler, Form
from workbook.app.saving import Answer
from workbook.forms.labels import TARGET_LABELS
from workbook.forms.targets import FRACTIONAL_TARGETS, parse_targets, shown_target
from workbook.pages import pickers
from workbook.schema import TARGET_METRICS
from workbook.store import Workbook


def target_field(name: str) -> str:
    """The input name of a target's box."""
    return f"target-{name}"


def period_choices(purposes: list[dict[str, Any]], today: dt.date) -> list[tuple[str, str]]:
    """The periods to pick (:func:`workbook.pages.pickers.period_choices`), as
    (``START..END``, label)."""
    return [
        (f"{start.isoformat()}..{end.isoformat()}", label)
        for label, (start, end) in pickers.period_choices(purposes, today)
    ]


def read_targets(form: Form) -> dict[str, int | float]:
    """The targets typed in the posted form (:func:`workbook.forms.targets.parse_targets`)."""
    return parse_targets({name: form.get(target_field(name)) for name in TARGET_METRICS})


class PurposePage(AppHandler):
    template = "purpose.html.j2"
    menu = "Purpose"
    forms = ("purpose",)
    fields: ClassVar[dict[str, dict[str, str]]] = {
        "purpose": {
            "Start": "start",
            "End": "end",
            **{TARGET_LABELS[name]: target_field(name) for name in TARGET_METRICS},
        }
    }

    def show(self, *args: str, code: int = 200, **values: Any) -> None:
        today = self.today()
        with self.open_workbook() as wb:
            purposes = wb.records("purposes")
        choices = period_choices(purposes, today)
        chosen = self.get_query_argument("period", "") or choices[0][0]
        start, _, end = chosen.partition("..")
        existing = next(
            (p for p in reversed(purposes) if p["start"] == start and p["end"] == end), None
        )
        targets = existing["targets"] if existing else {}
        self.render_page(
            code,
            choices=choices,
            period=chosen,
            start=start,
            end=end,
            purpose=existing or dict.fromkeys(capture.PURPOSE_QUESTIONS),
            questions=capture.PURPOSE_QUESTIONS,
            targets=[
                (
                    target_field(n),
                    TARGET_LABELS[n],
                    shown_target(n, targets.get(n)),
                    n in FRACTIONAL_TARGETS,
                )
                for n in TARGET_METRICS
            ],
            typed=values.pop("typed", {}),
            failed=values.pop("form", None),
            **values,
        )

    def save_purpose(self, wb: Workbook, form: Form) -> Answer:
        start, end = form.optional("start"), form.optional("end")
        existing = next(
            (
                p
                for p in reversed(wb.records("purposes"))
                if p["start"] == start and p["end"] == end
            ),
            None,
        )
        saved = capture.save_purpose(
            wb,
            start=start,
            end=end,
            targets=read_targets(form),
            purpose_id=existing["id"] if existing else None,
            today=self.today(),
            **{name: form.optional(name) for name in capture.PURPOSE_QUESTIONS},
        )
        record = saved.records[0][1]
        return Answer(
            saved.summary,
            redirect=self.url("purpose", period=f"{record['start']}..{record['end']}"),
        )
