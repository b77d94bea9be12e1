"""Choosing a person: the "Name — Organisation" labels a picker offers, their look-up,
and the base of the forms about one person already in the workbook."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ipywidgets as widgets

from workbook.forms.base import FormError, _Form
from workbook.forms.labels import NEW_PERSON_SEPARATOR, STYLE
from workbook.store import Workbook


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


class _People:
    """The people a picker offers: "Name — Organisation" labels, and their look-up."""

    def __init__(self, people: list[dict[str, Any]]) -> None:
        labels: dict[str, dict[str, Any]] = {}
        counts: dict[str, int] = {}
        for person in people:
            base = self.label(person)
            counts[base] = counts.get(base, 0) + 1
        for person in sorted(people, key=lambda p: (_key(p["name"]), p["id"])):
            base = self.label(person)
            label = base if counts[base] == 1 else f"{base} ({person['id']})"
            labels[label] = person
        self.labels = list(labels)
        self._by_key = {_key(label): person for label, person in labels.items()}
        self._by_name: dict[str, list[str]] = {}
        for label, person in labels.items():
            self._by_name.setdefault(_key(person["name"]), []).append(label)

    @staticmethod
    def label(person: dict[str, Any]) -> str:
        organisation = (person.get("organisation") or "").strip()
        name = " ".join(str(person["name"]).split())
        return f"{name}{NEW_PERSON_SEPARATOR}{organisation}" if organisation else name

    def find(self, text: str) -> dict[str, Any] | None:
        """The person whose label this is (case and spacing do not matter), or None."""
        return self._by_key.get(_key(text))

    def same_name(self, text: str) -> list[str]:
        """Labels of people with this name (to warn before adding a second one)."""
        return self._by_name.get(_key(text), [])


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
            description="Who",
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
        person = _People(wb.records("people")).find(text)
        if person is None:
            raise FormError(
                "Person",
                f"unknown person “{text.strip()}”: pick someone from "
                "the list (log an encounter to add someone new)",
            )
        return person

    def _check_person_typed(self) -> None:
        if not (self.person.value or "").strip():  # type: ignore[attr-defined]
            raise FormError("Person", "pick someone from the list")

    def refresh(self) -> None:
        self._people = _read_people(self.path)
        self.person.options = self._people.labels  # type: ignore[attr-defined]
