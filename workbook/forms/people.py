"""Choosing a person: the "Name — Organisation" labels a picker offers, their look-up,
and the base of the forms about one person already in the workbook."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ipywidgets as widgets

from workbook import capture
from workbook.errors import CaptureError
from workbook.forms.base import _Form
from workbook.forms.labels import STYLE
from workbook.store import Workbook


class _People:
    """The people a picker offers, as "Name — Organisation" labels, and their look-up
    (:func:`workbook.capture.find_person`: case, accents and spacing do not matter)."""

    def __init__(self, people: list[dict[str, Any]]) -> None:
        self.people = sorted(people, key=lambda p: (capture.name_key(p["name"]), p["id"]))
        self._index = capture.PeopleIndex(self.people)  # labelled and indexed once
        self._labels = self._index.labels
        self.labels = list(self._labels.values())

    def label(self, person: dict[str, Any]) -> str:
        return self._labels.get(person["id"]) or capture.person_label(person)

    def labels_of(self, people: list[dict[str, Any]]) -> list[str]:
        return [self.label(p) for p in people]

    def find_all(self, text: str) -> list[dict[str, Any]]:
        """Everyone ``text`` could mean (none: a new name; several: ambiguous)."""
        return self._index.find(text)

    def find(self, text: str) -> dict[str, Any] | None:
        """The one person ``text`` names, or None (nobody, or more than one)."""
        found = self.find_all(text)
        return found[0] if len(found) == 1 else None


def _read_people(path: Path) -> _People:
    with Workbook.open(path) as wb:
        return _People(wb.records("people"))


class _PersonForm(_Form):
    """A form about one existing person: the picker accepts only people in the workbook.

    The picker is a Combobox with ``ensure_option=False`` on purpose: with ``True`` the
    browser silently keeps the last valid value while showing what was typed, so a typo
    could log against the wrong person. Here the typed text is checked on save instead.
    """

    def _person_picker(self) -> widgets.Combobox:
        self._people = _read_people(self.path)
        picker = widgets.Combobox(
            description="Person",
            placeholder="Start typing a name",
            options=self._people.labels,
            ensure_option=False,
            continuous_update=True,
            style=STYLE,
            layout=widgets.Layout(width="100%", max_width="520px"),
        )
        picker.add_class("nop-person")
        return picker

    def _chosen_person(self, wb: Workbook) -> dict[str, Any]:
        text = self.person.value or ""  # type: ignore[attr-defined]
        try:
            return capture.resolve_person(wb, text, create=False)[0]
        except capture.AmbiguousPerson as error:
            raise CaptureError("Person", error.problem) from None
        except capture.CaptureError:
            raise CaptureError(
                "Person",
                f"unknown person “{text.strip()}”: pick someone from "
                "the list (log an encounter to add someone new)",
            ) from None

    def _check_person_typed(self) -> None:
        if not (self.person.value or "").strip():  # type: ignore[attr-defined]
            raise CaptureError("Person", "pick someone from the list")

    def refresh(self) -> None:
        self._people = _read_people(self.path)
        self.person.options = self._people.labels  # type: ignore[attr-defined]
