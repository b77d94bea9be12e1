"""A purpose's targets as typed into boxes (docs/capture.md, Purpose): a target is set
by typing a number into its box and cleared by emptying the box — no separate tick. The
follow-up rate is typed as a percentage (80) and stored as a fraction (0.8). The app's
Purpose page and the JupyterLab purpose form both read and show targets here."""

from __future__ import annotations

from collections.abc import Mapping

from workbook.errors import CaptureError
from workbook.forms.labels import TARGET_LABELS
from workbook.limits import decimal_number
from workbook.schema import TARGET_METRICS

#: The target typed as a percentage (0–100) and stored as a fraction.
PERCENT_TARGETS = ("follow_up_rate",)
#: Targets that may have a fraction (the others are whole numbers).
FRACTIONAL_TARGETS = ("follow_up_rate", "median_follow_up_days")


def shown_target(name: str, value: float | None) -> str:
    """A stored target as its box shows it ("" when not set)."""
    if value is None:
        return ""
    number = float(value) * 100 if name in PERCENT_TARGETS else float(value)
    number = round(number, 4)
    return str(int(number)) if number.is_integer() else f"{number:g}"


def parse_targets(typed: Mapping[str, str | None]) -> dict[str, int | float]:
    """The targets typed (target name → the box's text): a box with a number sets that
    target, an empty box none. A :class:`CaptureError` names the box of a bad number."""
    targets: dict[str, int | float] = {}
    for name in TARGET_METRICS:
        text = (typed.get(name) or "").strip().replace(",", ".")
        if not text:
            continue
        label = TARGET_LABELS[name]
        value = decimal_number(text)
        if value is None:
            raise CaptureError(label, f"“{text}” is not a number")
        if name in PERCENT_TARGETS:
            if not 0 <= value <= 100:
                raise CaptureError(label, f"enter a percentage between 0 and 100, not {value:g}")
            targets[name] = round(value / 100, 6)
        elif value < 0:
            raise CaptureError(label, f"a target cannot be negative ({value:g})")
        elif name in FRACTIONAL_TARGETS:
            targets[name] = int(value) if value.is_integer() else value
        elif not value.is_integer():
            raise CaptureError(label, f"enter a whole number, not {value:g}")
        else:
            targets[name] = int(value)
    return targets


__all__ = ["FRACTIONAL_TARGETS", "PERCENT_TARGETS", "parse_targets", "shown_target"]
