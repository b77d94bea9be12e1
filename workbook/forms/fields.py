"""The widgets the forms are built from, and how what was typed in them is read back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import ipywidgets as widgets

from workbook.errors import WorkbookInputError
from workbook.forms.labels import NOTHING, STYLE
from workbook.templating import render


def element(
    tag: str,
    text: object = "",
    *,
    cls: str = "",
    role: str = "",
    style: str = "",
    mark: str = "",
    lead: str = "",
    small: str = "",
) -> str:
    """One HTML element of a form (``workbook/html/form_element.html.j2``): ``mark``,
    a bold ``lead``, the ``text`` and a ``small`` note, every one escaped."""
    values = {"cls": cls, "role": role, "style": style, "mark": mark, "lead": lead}
    return render("form_element.html.j2", tag=tag, text=str(text), small=small, **values)


# The red bar of a page that cannot save (no workbook), as the pages have always shown it.
NO_WORKBOOK_STYLE = "color:#8e0000;border-left:4px solid #c62828;padding:4px 10px"


def no_workbook(error: Exception) -> widgets.HTML:
    """The message shown instead of a page's forms (or a notebook's form): nothing can be
    saved, and how to start a workbook (``docs/capture.md``)."""
    box = widgets.HTML(
        element("div", str(error), cls="nop-no-workbook", role="alert", style=NO_WORKBOOK_STYLE)
    )
    box.add_class("nop-no-workbook")
    return box


def message(ok: bool, text: str, field: str = "", style: str = "", cls: str = "") -> str:
    """What a save did: "✓ text", or "✗ Not saved — field: text" (one wording)."""
    from workbook.forms.labels import ERROR_STYLE, OK_STYLE

    shown = style or (OK_STYLE if ok else ERROR_STYLE)
    return render("form_message.html.j2", ok=ok, text=text, field=field, style=shown, cls=cls)


def _text(widget: widgets.Text | widgets.Textarea | widgets.Combobox) -> str | None:
    """The text exactly as typed, or None when blank."""
    value = widget.value
    return value if value and value.strip() else None


def _as_date(value: str | dt.date | None, what: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise WorkbookInputError(f"{what} {value!r} is not a date: write it YYYY-MM-DD") from None


def _chosen(drop: widgets.Dropdown) -> Any:
    """A Dropdown's value, None for the "nothing chosen" option."""
    return None if drop.value in (NOTHING, None) else drop.value


def _date_picker(description: str, value: dt.date | None, cls: str) -> widgets.DatePicker:
    picker = widgets.DatePicker(
        description=description,
        value=value,
        style=STYLE,
        layout=widgets.Layout(width="auto"),
    )
    picker.add_class(cls)
    return picker


def _textarea(description: str, placeholder: str, cls: str, rows: int = 2) -> widgets.Textarea:
    area = widgets.Textarea(
        description=description,
        placeholder=placeholder,
        rows=rows,
        style=STYLE,
        layout=widgets.Layout(width="100%", max_width="760px"),
    )
    area.add_class(cls)
    return area


def _dropdown(
    description: str, options: Sequence[tuple[str, Any]], value: Any, cls: str
) -> widgets.Dropdown:
    drop = widgets.Dropdown(
        description=description,
        options=list(options),
        value=value,
        style=STYLE,
        layout=widgets.Layout(width="auto"),
    )
    drop.add_class(cls)
    return drop


def _labelled_area(description: str, placeholder: str, cls: str, rows: int = 2) -> widgets.Textarea:
    """A Textarea with its label above it (a column), so that a question of a few words
    stays readable at phone width and names the field for a screen reader."""
    area = widgets.Textarea(
        description=description,
        placeholder=placeholder,
        rows=rows,
        style=STYLE,
        layout=widgets.Layout(
            width="100%", max_width="760px", flex_flow="column", align_items="stretch"
        ),
    )
    area.add_class(cls)
    area.add_class("nop-labelled-above")
    return area


def _set_options(drop: widgets.Dropdown, options: list[tuple[str, Any]]) -> None:
    """Replace a Dropdown's options, keeping its value when it is still offered."""
    value = drop.value
    drop.options = options  # resets the value to the first option
    if value in [v for _, v in options]:
        drop.value = value
