"""The Records page: every encounter, touchpoint, event and opportunity, listed latest
first; pick one to correct or delete it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import ipywidgets as widgets

from workbook import capture, periods
from workbook.forms.editor import RecordEditor
from workbook.forms.labels import STYLE
from workbook.pages.common import page
from workbook.pages.pickers import MAX_LISTED, RECORD_KINDS, record_label
from workbook.pages.titles import TITLES
from workbook.store import Workbook


def listing(path: Path, collection: str, text: str = "") -> list[tuple[str, str]]:
    """(label, id) of the records of ``collection``, latest first, those whose label
    contains ``text`` (case and accents ignored), at most :data:`MAX_LISTED`."""
    with Workbook.open(path) as wb:
        names = {p["id"]: p["name"] for p in wb.records("people")}
        events = {e["id"]: e["name"] for e in wb.records("events")}
        rows = wb.records(collection)
    rows.sort(key=lambda r: (r["date"], r["id"]), reverse=True)
    key = capture.name_key(text)
    out = []
    for row in rows:
        label = record_label(collection, row, names, events)
        if key and key not in capture.name_key(label):
            continue
        out.append((label, row["id"]))
        if len(out) >= MAX_LISTED:
            break
    return out


class RecordsPage:
    """Pick what to list, filter, pick a record; its editor opens below."""

    def __init__(self, path: Path, today: dt.date | None = None) -> None:
        self.path = path
        self.today = today or periods.today()
        self.kind = widgets.Dropdown(
            description="Show",
            options=[(label, key) for key, label in RECORD_KINDS.items()],
            value="encounters",
            style=STYLE,
            layout=widgets.Layout(width="auto"),
        )
        self.filter = widgets.Text(
            description="Filter",
            placeholder="a name, a date, a place…",
            continuous_update=False,
            style=STYLE,
            layout=widgets.Layout(width="100%", max_width="520px", flex_flow="column"),
        )
        self.list = widgets.Select(
            description="Records",
            options=[],
            rows=8,
            style=STYLE,
            layout=widgets.Layout(width="100%", max_width="780px", flex_flow="column"),
        )
        self.list.add_class("nop-record-list")
        self.holder = widgets.VBox([])
        self.editor: RecordEditor | None = None
        self.kind.observe(lambda _c: self.reload(), names="value")
        self.filter.observe(lambda _c: self.reload(), names="value")
        self.list.observe(lambda _c: self.open(), names="value")
        self.widget = widgets.VBox([self.kind, self.filter, self.list, self.holder])
        self.reload()

    def reload(self) -> None:
        self.holder.children = []
        options = listing(self.path, self.kind.value, self.filter.value or "")
        self.list.options = options or [("Nothing listed here yet.", "")]
        self.list.value = None

    def open(self) -> None:
        record_id = self.list.value
        if not record_id:
            return
        self.editor = RecordEditor(
            self.path, self.kind.value, record_id, on_change=self._changed, today=self.today
        )
        self.holder.children = [self.editor.widget]

    def _changed(self) -> None:
        editor = self.editor
        options = listing(self.path, self.kind.value, self.filter.value or "")
        self.list.unobserve_all("value")
        self.list.options = options or [("Nothing listed here yet.", "")]
        self.list.value = None
        self.list.observe(lambda _c: self.open(), names="value")
        if editor is not None:
            self.holder.children = [editor.widget]  # keep the confirmation in view


def build(path: Path) -> widgets.Widget:
    title, help_text = TITLES["records"]
    return page(path, title, help_text, lambda p: [RecordsPage(p).widget])
