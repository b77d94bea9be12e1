"""The Purpose page: pick a period from the list; its purpose form opens below."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import ipywidgets as widgets

from workbook import forms, periods
from workbook.forms.labels import STYLE
from workbook.pages.common import page
from workbook.pages.pickers import period_choices
from workbook.pages.titles import TITLES
from workbook.store import Workbook


class PurposePicker:
    """A period picker and the purpose form of the period picked (an existing purpose for
    exactly that period opens for correction)."""

    def __init__(
        self, path: Path, start: dt.date | None = None, end: dt.date | None = None,
        today: dt.date | None = None,
    ) -> None:  # fmt: skip
        self.path = path
        self.today = today or periods.today()
        with Workbook.open(path) as wb:
            purposes = wb.records("purposes")
        choices = period_choices(purposes, self.today)
        wanted = (start, end) if start and end else None
        if wanted and wanted not in [span for _, span in choices]:
            choices.insert(0, (f"{start} – {end}", wanted))
        self.period = widgets.Dropdown(
            description="Period",
            options=choices,
            value=wanted or choices[0][1],
            style=STYLE,
            layout=widgets.Layout(width="100%", max_width="520px", flex_flow="column"),
        )
        self.period.add_class("nop-period-picker")
        self.holder = widgets.VBox([])
        self.period.observe(lambda _c: self.show(), names="value")
        self.widget = widgets.VBox([self.period, self.holder])
        self.form: forms.PurposeForm | None = None
        self.show()

    def show(self) -> None:
        start, end = self.period.value
        self.form = forms.PurposeForm(self.path, start, end, today=self.today)
        self.holder.children = [self.form.widget]


def build(
    path: Path, start: dt.date | str | None = None, end: dt.date | str | None = None
) -> widgets.Widget:
    title, help_text = TITLES["purpose"]
    first = dt.date.fromisoformat(start) if isinstance(start, str) else start
    last = dt.date.fromisoformat(end) if isinstance(end, str) else end
    return page(path, title, help_text, lambda p: [PurposePicker(p, first, last).widget])
