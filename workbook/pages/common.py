"""What every page shares: its heading, the line naming the workbook written to, and the
message shown instead of the forms when there is no workbook yet."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

import ipywidgets as widgets

from workbook.errors import WorkbookError
from workbook.locations import NoWorkbook


def workbook_line(path: Path) -> widgets.HTML:
    """ "Writing to …": which workbook this page saves into."""
    line = widgets.HTML(
        f'<div class="nop-workbook-path">Writing to <code>{html.escape(str(path))}</code></div>'
    )
    line.add_class("nop-workbook-line")
    return line


def no_workbook(error: WorkbookError) -> widgets.HTML:
    """The message shown instead of a page's forms: nothing can be saved."""
    box = widgets.HTML(
        '<div class="nop-no-workbook" role="alert" '
        'style="color:#8e0000;border-left:4px solid #c62828;padding:4px 10px">'
        f"{html.escape(str(error))}</div>"
    )
    box.add_class("nop-no-workbook")
    return box


def page(
    path: Path, title: str, help_text: str, body: Callable[[Path], list[widgets.Widget]]
) -> widgets.VBox:
    """A page: its title, one sentence of help, the workbook line, then ``body(path)`` —
    or, when there is no workbook at ``path``, the message saying how to start one."""
    head = [
        widgets.HTML(f"<h2 class='nop-page-title'>{html.escape(title)}</h2>"),
        widgets.HTML(f"<p class='nop-page-help'>{html.escape(help_text)}</p>"),
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
