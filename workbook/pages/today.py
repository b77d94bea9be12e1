"""The Today page: follow-ups due, log an encounter, log a touchpoint."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets

from workbook import forms
from workbook.pages.common import page


def build(path: Path) -> widgets.Widget:
    from workbook.pages import PAGES

    spec = PAGES["today"]

    def body(p: Path) -> list[widgets.Widget]:
        encounter = forms.EncounterForm(p)
        touchpoint = forms.TouchpointForm(p)
        forms.link(encounter, touchpoint)
        return [encounter.widget, touchpoint.widget]

    return page(path, spec.title, spec.help, body)
