"""What every form shares: one message, a Save button, a one-transaction save, callbacks,
and widgets built without a comm to a front end when the kernel is headless."""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from workbook.capture import CaptureError, Saved, writing
from workbook.errors import WorkbookError
from workbook.forms.fields import _as_date, element, message
from workbook.forms.labels import (
    ERROR_STYLE,
    FIELD_LABELS,
    HINT_STYLE,
    NONE_LABEL,
    OK_STYLE,
    VALUE_LABELS,
)
from workbook.parameters import is_headless
from workbook.periods import resolve_as_of
from workbook.schema import RECORD_NAMES
from workbook.store import Workbook
from workbook.templating import render

Records = list[tuple[str, dict[str, Any]]]


@contextlib.contextmanager
def _frontend_comms() -> Iterator[None]:
    """Build widgets; when headless, without a comm to a front end.

    papermill (nbclient) records the state of every widget the kernel opens a comm for in
    the executed notebook's metadata — even one never displayed. Headless, the widgets are
    given a :class:`comm.DummyComm` instead: they work in Python, and leave no trace.
    """
    if not is_headless():
        yield
        return
    import comm

    original = comm.create_comm
    comm.create_comm = lambda *args, **kwargs: comm.DummyComm(*args, **kwargs)
    try:
        yield
    finally:
        comm.create_comm = original


def _label_field(field: str | None) -> str:
    if not field:
        return "Record"
    return FIELD_LABELS.get(field, field.replace("_", " ").capitalize())


def _shown(value: object) -> str:
    if value is None:
        return NONE_LABEL
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return ", ".join(
            f"{_label_field(f'targets.{k}')} {_target(k, v)}" for k, v in value.items()
        )
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _target(name: str, value: Any) -> str:
    """A target as typed: the follow-up rate as a percentage (0.8 → 80)."""
    if name == "follow_up_rate":
        return f"{value * 100:g}"
    return f"{value:g}" if isinstance(value, float) else str(value)


#: Called after any form in this kernel saves (see :func:`workbook.forms.live`).
AFTER_ANY_SAVE: list[Callable[[], Any]] = []


class _Form:
    """What every form shares: message, Save button, one-transaction save, callbacks."""

    record_name = "record"
    save_label = "Save"

    def __init__(self, path: str | Path, today: dt.date | str | None = None) -> None:
        self.path = Path(path)
        # The only "today" of a form: its default dates. Empty (a notebook's as_of = ""): today.
        self.today: dt.date = _as_date(today or None, "today") or resolve_as_of(None)
        self.last_saved: Records | None = None
        self.last_error: CaptureError | None = None
        self._callbacks: list[Callable[[Records], Any]] = []
        with _frontend_comms():
            self.message = widgets.HTML(value="")
            self.message.add_class("nop-form-message")
            self.save_button = widgets.Button(
                description=self.save_label,
                button_style="success",
                icon="check",
                tooltip=f"Save this {self.record_name} to your workbook",
                layout=widgets.Layout(width="auto", min_width="160px"),
            )
            self.save_button.add_class("nop-save")
            self._build()
        self.save_button.on_click(self._clicked)

    # -- to implement ---------------------------------------------------------------------
    def _build(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def _validate(self) -> Any:
        """Read what was typed (no store access); return what :meth:`_write` needs."""
        raise NotImplementedError  # pragma: no cover

    def _write(self, wb: Workbook, plan: Any) -> Saved:
        """Write inside the open transaction, through :mod:`workbook.capture`."""
        raise NotImplementedError  # pragma: no cover

    def _after_save(self, records: Records) -> None:
        """Reset what should be reset for the next entry."""

    def refresh(self) -> None:
        """Reload the choices the form offers (people, events) from the workbook."""

    # -- the save --------------------------------------------------------------------------
    def on_saved(self, callback: Callable[[Records], Any]) -> None:
        """Call ``callback(records)`` after every successful save."""
        self._callbacks.append(callback)

    def save(self) -> Records | None:
        """Validate and write in one transaction; show what was saved or what is wrong.

        Returns the records written, as ``(collection, record)`` pairs, or None.
        """
        self.last_error = None
        try:
            plan = self._validate()
            with writing(self.path) as wb:
                saved = self._write(wb, plan)
                names = _names(wb, saved.records)
        except CaptureError as error:
            self._fail(error)
            return None
        except WorkbookError as error:
            self._fail(CaptureError("Workbook", str(error)))
            return None
        except sqlite3.Error as error:
            self._fail(CaptureError("Workbook", f"could not be written ({error})"))
            return None
        records = saved.records
        self.last_saved = records
        self.message.value = self._confirmation(records, saved.summary, names)
        self._after_save(records)
        problems = []
        calls = [lambda c=c: c(records) for c in self._callbacks] + list(AFTER_ANY_SAVE)
        for call in calls:
            try:
                call()
            except Exception as error:  # a broken list must not hide that the save worked
                problems.append(f"{type(error).__name__}: {error}")
        if problems:
            self.message.value += element(
                "div",
                f"(Saved, but a list could not refresh: {'; '.join(problems)})",
                style=HINT_STYLE,
            )
        return records

    def _clicked(self, _button: widgets.Button) -> None:
        try:
            self.save()
        except Exception as error:  # never a silent failure behind a button
            self._fail(
                CaptureError(
                    "Save",
                    f"something went wrong: {type(error).__name__}: {error}. Nothing was saved.",
                )
            )

    def _fail(self, error: CaptureError) -> None:
        self.last_error = error
        self.message.value = message(
            False, error.problem, error.field, ERROR_STYLE, cls="nop-form-error"
        )

    def _confirmation(self, records: Records, summary: str, names: dict[str, str]) -> str:
        """What was saved, field by field, in words: names, not internal ids."""
        shown_records = []
        for collection, record in records:
            rows = []
            for name, value in record.items():
                if name == "id" or value in (None, "", [], {}):
                    continue
                shown = _shown(value)
                if name in ("person", "event", "introduced_by"):
                    shown = names.get(str(value), shown)
                elif name in VALUE_LABELS and value in VALUE_LABELS[name]:
                    shown = str(VALUE_LABELS[name][value])
                rows.append((_label_field(name), shown))
            shown_records.append((RECORD_NAMES[collection][0].capitalize(), rows))
        return render("form_saved.html.j2", style=OK_STYLE, summary=summary, records=shown_records)

    def _buttons(self) -> widgets.HBox:
        return widgets.HBox([self.save_button], layout=widgets.Layout(margin="6px 0 0 0"))


#: How a confirmation names each kind of record.
def _names(wb: Workbook, records: Records) -> dict[str, str]:
    """The names of the people and events the records refer to, by id."""
    names: dict[str, str] = {}
    for _collection, record in records:
        for field, collection in (
            ("person", "people"),
            ("introduced_by", "people"),
            ("event", "events"),
        ):
            ref = record.get(field)
            if ref and ref not in names:
                found = wb.get(collection, ref)
                if found is not None:
                    names[ref] = found["name"]
    return names
