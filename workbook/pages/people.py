"""The People page: find someone; correct their details; merge two entries that are the
same person; delete."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import ipywidgets as widgets

from workbook import capture, periods
from workbook.errors import WorkbookError
from workbook.forms.editor import RecordEditor, _msg
from workbook.forms.fields import element
from workbook.forms.labels import NOTHING, STYLE
from workbook.pages.common import page
from workbook.pages.titles import TITLES
from workbook.store import Workbook


class PeoplePage:
    """A search box ("Find a person"), then the person found: their details to correct
    (:class:`RecordEditor`), and "Same person as" with a Merge button that asks once."""

    def __init__(self, path: Path, today: dt.date | None = None) -> None:
        self.path = path
        self.today = today or periods.today()
        self.find = widgets.Combobox(
            description="Find a person",
            placeholder="Type a name",
            ensure_option=False,
            style=STYLE,
            layout=widgets.Layout(width="100%", max_width="520px", flex_flow="column"),
        )
        self.find.add_class("nop-find-person")
        self.hint = widgets.HTML("")
        self.holder = widgets.VBox([])
        self.editor: RecordEditor | None = None
        self.person_id: str | None = None
        self.find.observe(lambda _c: self.found(), names="value")
        self.widget = widgets.VBox([self.find, self.hint, self.holder])
        self.reload()

    def reload(self) -> None:
        with Workbook.open(self.path) as wb:
            self.people = wb.records("people")
        self.labels = {p["id"]: capture.person_label(p, self.people) for p in self.people}
        self.find.options = sorted(self.labels.values(), key=capture.name_key)

    def found(self) -> None:
        """Show the person the search names (one), or say who it could be."""
        text = self.find.value or ""
        matches = capture.find_person(self.people, text) if text.strip() else []
        if len(matches) != 1:
            self.person_id = None
            self.holder.children = []
            if len(matches) > 1:
                names = ", ".join(f"“{self.labels[p['id']]}”" for p in matches)
                self.hint.value = element("p", f"Which one? {names}")
            elif text.strip():
                self.hint.value = element("p", "Nobody by that name yet.")
            else:
                self.hint.value = ""
            return
        self.hint.value = ""
        self.open(matches[0]["id"])

    def open(self, person_id: str) -> None:
        self.person_id = person_id
        self.editor = RecordEditor(
            self.path, "people", person_id, on_change=self._changed, today=self.today
        )
        others = [(NONE_CHOICE, NOTHING)] + [
            (label, pid) for pid, label in sorted(self.labels.items(), key=lambda x: x[1])
            if pid != person_id
        ]  # fmt: skip
        self.same_as = widgets.Dropdown(
            description="Same person as",
            options=others,
            value=NOTHING,
            style=STYLE,
            layout=widgets.Layout(width="100%", max_width="520px", flex_flow="column"),
        )
        self.same_as.add_class("nop-merge-with")
        self.merge_button = widgets.Button(description="Merge", button_style="warning")
        self.merge_confirm = widgets.VBox([])
        self.merge_message = widgets.HTML("")
        self.merge_button.on_click(lambda _b: self.ask_merge())
        self.holder.children = [
            widgets.HTML(element("h3", self.labels[person_id], cls="nop-section")),
            self.editor.widget,
            widgets.HTML(element("h4", "Entered twice?", cls="nop-section")),
            widgets.HTML(
                element(
                    "p",
                    "Pick the other entry: its encounters, touchpoints, opportunities and "
                    "introductions move here, and it is deleted.",
                )
            ),
            widgets.HBox(
                [self.same_as, self.merge_button],
                layout=widgets.Layout(flex_flow="row wrap", grid_gap="4px 8px"),
            ),
            self.merge_confirm,
            self.merge_message,
        ]

    def ask_merge(self) -> None:
        other = self.same_as.value
        if other == NOTHING or self.person_id is None:
            self.merge_message.value = _msg(False, "Same person as: pick the other entry")
            return
        with Workbook.open(self.path) as wb:
            moves = capture.merge_consequences(wb, self.person_id, other)
        yes = widgets.Button(description="Yes, merge", button_style="warning")
        no = widgets.Button(description="Cancel")
        yes.on_click(lambda _b: self.merge(other))
        no.on_click(lambda _b: setattr(self.merge_confirm, "children", []))
        question = (
            f"Merge “{self.labels[other]}” into “{self.labels[self.person_id]}”? "
            f"Moves {moves}; “{self.labels[other]}” is deleted."
        )
        self.merge_confirm.children = [
            widgets.HTML(element("p", question, role="alert")),
            widgets.HBox([yes, no]),
        ]

    def merge(self, other: str) -> bool:
        assert self.person_id is not None
        try:
            with capture.writing(self.path) as wb:
                saved = capture.merge_people(wb, self.person_id, other)
        except WorkbookError as error:
            self.merge_message.value = _msg(False, str(error))
            return False
        kept = self.person_id
        self.reload()
        self.open(kept)
        self.merge_message.value = _msg(True, f"Saved: {saved.summary}.")
        return True

    def _changed(self) -> None:
        self.reload()


NONE_CHOICE = "— pick the other entry —"


def build(path: Path) -> widgets.Widget:
    title, help_text = TITLES["people"]
    return page(path, title, help_text, lambda p: [PeoplePage(p).widget])
