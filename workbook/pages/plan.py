"""The Plan-an-event page: the event, and the questions to answer before going."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets

from workbook import forms
from workbook.pages.common import page
from workbook.pages.titles import TITLES


def build(path: Path) -> widgets.Widget:
    title, help_text = TITLES["plan_event"]

    def body(p: Path) -> list[widgets.Widget]:
        return [forms.EventForm(p).widget]

    return page(path, title, help_text, body)
