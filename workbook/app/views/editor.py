"""Correcting any record in a plain form (the People and Records pages): which fields,
how each is shown, and what a posted form changes. The fields, choices and labels are
the JupyterLab editor's (:mod:`workbook.forms.editor`, :mod:`workbook.forms.labels`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from workbook import capture
from workbook.app.handlers import Form
from workbook.errors import CaptureError
from workbook.forms.editor import BOOLEANS, CHOICES, EDITABLE, INTEGERS, LONG_TEXT
from workbook.forms.labels import FIELD_LABELS, NONE_LABEL
from workbook.schema import DATE_FIELDS, EVERYDAY
from workbook.search import known_person
from workbook.store import Workbook


@dataclass(frozen=True)
class Field:
    """One input of an editor: its name, visible label, kind and current value."""

    name: str
    label: str
    kind: str  # text, area, date, number, check, select
    value: str
    options: list[tuple[str, str]] = field(default_factory=list)
    hint: str = ""


def label(name: str) -> str:
    return FIELD_LABELS.get(name, name.replace("_", " ").capitalize())


def editor_fields(wb: Workbook, collection: str, record: dict[str, Any]) -> list[Field]:
    """The fields to correct ``record`` of ``collection`` with, filled in."""
    out = []
    people = {p["id"]: p for p in wb.records("people")} if collection == "people" else {}
    for name in EDITABLE[collection]:
        value = record.get(name)
        choices = CHOICES.get(collection, {}).get(name)
        if name in DATE_FIELDS.get(collection, ()):
            out.append(Field(name, label(name), "date", value or ""))
        elif name in BOOLEANS:
            out.append(Field(name, label(name), "check", "1" if value else ""))
        elif choices is not None:
            options = [(str(k), v) for k, v in choices.items()]
            shown = "" if value is None else str(value)
            out.append(Field(name, label(name), "select", shown, options))
        elif name == "event":
            events = sorted(wb.records("events"), key=lambda e: (e["date"], e["id"]), reverse=True)
            options = [("", EVERYDAY), *((e["id"], f"{e['name']} ({e['date']})") for e in events)]
            out.append(Field(name, label(name), "select", value or "", options))
        elif name == "introduced_by":
            who = people.get(value or "")
            shown = capture.person_label(who, list(people.values())) if who else ""
            out.append(Field(name, label(name), "text", shown, hint=f"A name, or {NONE_LABEL}"))
        elif name == "tags":
            shown = ", ".join(value or [])
            out.append(Field(name, label(name), "text", shown, hint="comma-separated"))
        elif name in INTEGERS:
            shown = "" if value is None else str(value)
            out.append(Field(name, label(name), "number", shown, hint="a whole number, or blank"))
        elif name in LONG_TEXT:
            out.append(Field(name, label(name), "area", value or ""))
        else:
            out.append(Field(name, label(name), "text", value or ""))
    return out


def field_names(collection: str) -> dict[str, str]:
    """Error label -> input name, for an editor of ``collection``."""
    return {label(name): name for name in EDITABLE[collection]}


def changes(wb: Workbook, collection: str, record_id: str, form: Form) -> dict[str, Any]:
    """What the posted editor of ``collection`` changes (every field it shows)."""
    out: dict[str, Any] = {}
    for name in EDITABLE[collection]:
        text = form.get(name)
        if name in DATE_FIELDS.get(collection, ()):
            out[name] = text or None
        elif name in BOOLEANS:
            out[name] = form.checked(name)
        elif name == "tags":
            out[name] = [t.strip() for t in text.split(",") if t.strip()]
        elif name in INTEGERS:
            out[name] = form.number(name, label(name))
            if out[name] is not None and out[name] < 0:
                raise CaptureError(label(name), "cannot be negative")
        elif name == "introduced_by":
            if not text.strip() or text.strip() == NONE_LABEL:
                out[name] = None
            else:
                out[name] = known_person(wb, text, label(name))["id"]
                if out[name] == record_id:
                    raise CaptureError(label(name), "a person cannot introduce themselves")
        elif name == "quality":
            out[name] = form.number(name, label(name))
        elif name == "name":
            out[name] = text
        else:
            out[name] = text if text.strip() else None
    return out
