"""What every page shares: its heading, the line naming the workbook written to, and the
message shown instead of the forms when there is no workbook yet."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import ipywidgets as widgets

from workbook.errors import WorkbookError
from workbook.forms.fields import element, no_workbook
from workbook.locations import NoWorkbook
from workbook.templating import render


def workbook_line(path: Path) -> widgets.HTML:
    """ "Writing to …": which workbook this page saves into."""
    line = widgets.HTML(render("workbook_line.html.j2", path=str(path)))
    line.add_class("nop-workbook-line")
    return line


def page(
    path: Path, title: str, help_text: str, body: Callable[[Path], list[widgets.Widget]]
) -> widgets.VBox:
    """A page: its title, one sentence of help, the workbook line, then ``body(path)`` —
    or, when there is no workbook at ``path``, the message saying how to start one."""
    head = [
        widgets.HTML(element("h2", title, cls="nop-page-title")),
        widgets.HTML(element("p", help_text, cls="nop-page-help")),
    ]
    try:
        if not Path(path).is_file():
            raise NoWorkbook(Path(path))
        parts = body(Path(path))
    except WorkbookError as error:
        parts = [no_workbook(error)]
    box = widgets.VBox(
        [*head, workbook_line(Path(path)), *parts],
        layout=widgets.Layout(width="100%", max_width="780px"),
    )
    box.add_class("nop-page")
    return box
