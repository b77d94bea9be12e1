"""Purpose (docs/capture.md): a period's answers to the five questions and its targets.

A target is set by typing a number into its box and cleared by emptying the box: no
separate tick. The follow-up rate is typed as a percentage (stored as a fraction)."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from workbook import capture
from workbook.app.handlers import AppHandler, Form
from workbook.app.saving import Answer
from workbook.errors import CaptureError
from workbook.forms.labels import TARGET_LABELS
from workbook.periods import Period, month, quarter
from workbook.schema import TARGET_METRICS
from workbook.store import Workbook

#: The target typed as a percentage (0–100) and stored as a fraction.
PERCENT_TARGETS = ("follow_up_rate",)
#: Targets that may have a fraction (the others are whole numbers).
FRACTIONAL_TARGETS = ("follow_up_rate", "median_follow_up_days")


def target_field(name: str) -> str:
    """The input name of a target's box."""
    return f"target-{name}"


def period_choices(purposes: list[dict[str, Any]], today: dt.date) -> list[tuple[str, str]]:
    """Periods to set a purpose for, as (``START..END``, label): this and next month, this
    and next quarter, this year, then the periods of purposes already set (latest first)."""
    this_month = month(today.year, today.month)
    after = this_month.end + dt.timedelta(days=1)
    q = (today.month - 1) // 3 + 1
    this_quarter = quarter(today.year, q)
    following = this_quarter.end + dt.timedelta(days=1)
    named = [
        ("This month", this_month),
        ("Next month", month(after.year, after.month)),
        ("This quarter", this_quarter),
        ("Next quarter", quarter(following.year, (following.month - 1) // 3 + 1)),
        (
            "This year",
            Period(str(today.year), dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)),
        ),
    ]
    choices, seen = [], set()
    for name, period in named:
        key = f"{period.start.isoformat()}..{period.end.isoformat()}"
        seen.add(key)
        choices.append((key, f"{name} ({period.start.isoformat()} – {period.end.isoformat()})"))
    for purpose in sorted(purposes, key=lambda p: (p["start"], p["id"]), reverse=True):
        key = f"{purpose['start']}..{purpose['end']}"
        if key not in seen:
            seen.add(key)
            choices.append((key, f"Set before: {purpose['start']} – {purpose['end']}"))
    return choices


def shown_target(name: str, value: float | int | None) -> str:
    """A stored target as its box shows it ("" when not set)."""
    if value is None:
        return ""
    if name in PERCENT_TARGETS:
        value = round(value * 100, 2)
    number = float(value)
    return str(int(number)) if number.is_integer() else f"{number:g}"


def read_targets(form: Form) -> dict[str, int | float]:
    """The targets typed: a box with a number sets that target, an empty box none."""
    targets: dict[str, int | float] = {}
    for name in TARGET_METRICS:
        text = form.get(target_field(name)).strip().replace(",", ".")
        if not text:
            continue
        label = TARGET_LABELS[name]
        try:
            value = float(text)
        except ValueError:
            raise CaptureError(label, f"“{text}” is not a number") from None
        if value != value or value in (float("inf"), float("-inf")):
            raise CaptureError(label, f"“{text}” is not a number")
        if value < 0:
            raise CaptureError(label, f"a target cannot be negative ({value:g})")
        if name in PERCENT_TARGETS:
            if value > 100:
                raise CaptureError(label, f"enter a percentage between 0 and 100, not {value:g}")
            targets[name] = round(value / 100, 6)
        elif name in FRACTIONAL_TARGETS:
            targets[name] = int(value) if value.is_integer() else value
        else:
            if not value.is_integer():
                raise CaptureError(label, f"enter a whole number, not {value:g}")
            targets[name] = int(value)
    return targets


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
