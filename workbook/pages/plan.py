"""The Plan-an-event page: the event, and the questions to answer before going."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets

from workbook import forms
from workbook.pages.common import page


def build(path: Path) -> widgets.Widget:
    from workbook.pages import PAGES

    spec = PAGES["plan_event"]

    def body(p: Path) -> list[widgets.Widget]:
        return [forms.EventForm(p).widget]

    return page(path, spec.title, spec.help, body)
