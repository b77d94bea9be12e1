"""A page of :data:`workbook.pages.PAGES` (being built: a placeholder for now)."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets

from workbook.pages.common import page


def build(path: Path) -> widgets.Widget:
    from workbook.pages import PAGES

    spec = PAGES["records"]

    def body(p: Path) -> list[widgets.Widget]:
        return [widgets.HTML("<p>This page is being built.</p>")]

    return page(path, spec.title, spec.help, body)
