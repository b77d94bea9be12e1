"""The forms a person uses in JupyterLab (SPEC §7, issue 3): ipywidgets, logic all here.

Five forms, each a small object around a store file:

* :class:`EncounterForm` — log who I met (an existing person, or a new one typed in),
  where, what I learned, their needs, my offer, and when to follow up;
* :class:`TouchpointForm` — log a follow-up, a give, an ask, an introduction …;
* :class:`OpportunityForm` — record an opportunity that came out of a relationship;
* :class:`PurposeForm` — set a period's purpose (the five questions) and its targets;
* :class:`DebriefForm` — debrief an event and set a follow-up due date for each person
  met there, in the same save.

Every form has:

* ``form.widget`` — the container to display (use :func:`show`);
* ``form.save()`` — what the Save button calls. It validates what was typed through the
  pydantic models (:meth:`workbook.store.Workbook.put`), writes it in **one**
  transaction, and returns the records written (or ``None`` when nothing was saved);
* ``form.message`` — an :class:`ipywidgets.HTML` showing, escaped, either what was saved
  (every field) or one clear error (which field, what is wrong). On an error nothing is
  written;
* ``form.on_saved(callback)`` — ``callback(records)`` runs after each successful save,
  so a notebook can refresh the lists the save affects;
* ``form.refresh()`` — reload the people (and events) offered by the pickers;
* the field widgets as attributes (``form.person``, ``form.learned``,
  ``form.save_button`` …), so tests can fill them in and click.

Text fields are saved exactly as typed; a field left blank (or only spaces) is saved as
null. Each save opens the workbook file and closes it again, so a report can run on the
same workbook while the notebook is open (SPEC §9).

**Headless runs.** :func:`show` displays a form only in an interactive session: when the
environment variable ``WORKBOOK_HEADLESS`` is ``"1"`` (set by ``workbook run`` /
``workbook report`` for the papermill kernel, see :data:`workbook.reports.HEADLESS_ENV`)
it displays nothing. Forms built in a headless kernel are also built without a comm to a
front end, so no widget state reaches the executed notebook or its HTML export.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pandas as pd
from IPython.display import HTML, display

from workbook.errors import RecordError, WorkbookError, WorkbookInputError
from workbook.models import (
    CHANNELS,
    DIRECTIONS,
    OPPORTUNITY_KINDS,
    PURPOSE_MET,
    TARGET_METRICS,
    TOUCH_KINDS,
    Record,
)
from workbook.reports import HEADLESS_ENV
from workbook.store import Workbook

__all__ = [
    "DEFAULT_FOLLOW_UP_DAYS",
    "DebriefForm",
    "EncounterForm",
    "FormError",
    "OpportunityForm",
    "PurposeForm",
    "TouchpointForm",
    "display_form",
    "follow_up_board",
    "is_headless",
    "link",
    "show",
    "show_follow_ups",
]

#: A new encounter's follow-up is due this many days after the meeting, unless changed.
DEFAULT_FOLLOW_UP_DAYS = 3
NEW_PERSON_SEPARATOR = " — "
EVERYDAY = "— everyday place —"
#: The value of a Dropdown's "nothing chosen" option ("— everyday place —", no quality…).
#: Not None: a Dropdown whose value is None shows as blank in the browser.
NOTHING = ""
NONE_LABEL = "—"

DIRECTION_LABELS = {"out": "I reached out", "in": "They reached out to me"}
TOUCH_KIND_LABELS = {
    "follow_up": "Follow-up",
    "nurture": "Keeping in touch (nurture)",
    "give": "A give (help, share, refer)",
    "ask": "An ask",
    "intro_made": "An introduction I made",
    "intro_received": "An introduction I received",
}
CHANNEL_LABELS = {
    "email": "E-mail",
    "call": "Call",
    "message": "Message",
    "meeting": "Meeting",
    "visit": "Visit",
    "social": "Social media",
    "other": "Other",
}
OPPORTUNITY_KIND_LABELS = {
    "referral": "Referral",
    "introduction": "Introduction",
    "collaboration": "Collaboration",
    "client": "Client",
    "job": "Job",
    "friendship": "Friendship",
    "other": "Other",
}
PURPOSE_MET_LABELS = {"yes": "Yes", "partly": "Partly", "no": "No"}
QUALITY_LABELS = {1: "1 · brief", 2: "2", 3: "3 · good", 4: "4", 5: "5 · great"}
ENERGY_LABELS = {1: "1 · drained", 2: "2", 3: "3 · fine", 4: "4", 5: "5 · energised"}

#: The five questions of SPEC §1, as the purpose form asks them.
PURPOSE_QUESTIONS = {
    "why": (
        "1. Why am I doing it?",
        "In your own words — to grow a business, find a job, learn… or simply for fun.",
    ),
    "intended_outcome": (
        "2. What is the intended result or outcome?",
        "e.g. meet 10 people in complementary businesses; two referrals by the end.",
    ),
    "follow_up_plan": (
        "3. How will I follow up?",
        "e.g. an e-mail within 3 days of every meeting, with something useful for them.",
    ),
    "nurture_plan": (
        "4. How will I nurture and nourish that first encounter into a relationship?",
        "e.g. a coffee within a month; share what fits their needs; introduce them.",
    ),
    "opportunity_note": (
        "5. Where will I see opportunity that I don't currently see or take advantage of?",
        "e.g. the hockey rink, the grocery store, the check-out line, the auto shop.",
    ),
}

#: SPEC §4.4 target names, as the purpose form shows them.
TARGET_LABELS = {
    "encounters": "People met (encounters)",
    "new_people": "New people met",
    "everyday_encounters": "Encounters in everyday places",
    "events_attended": "Events attended",
    "touches": "Touchpoints",
    "gives": "Gives & introductions",
    "intros_made": "Introductions made",
    "debriefs_done": "Event debriefs",
    "opportunities": "Opportunities",
    "follow_up_rate": "Follow-up rate (%)",
    "median_follow_up_days": "Median days to follow up (at most)",
}

#: How confirmations show coded values.
VALUE_LABELS: dict[str, dict[Any, str]] = {
    "direction": DIRECTION_LABELS,
    "kind": {**OPPORTUNITY_KIND_LABELS, **TOUCH_KIND_LABELS},
    "channel": CHANNEL_LABELS,
    "purpose_met": PURPOSE_MET_LABELS,
    "quality": QUALITY_LABELS,
    "energy": ENERGY_LABELS,
}

#: How error messages and confirmations name the fields of the records.
FIELD_LABELS = {
    "person": "Person",
    "name": "Name",
    "organisation": "Organisation",
    "email": "E-mail",
    "date": "Date",
    "event": "Event",
    "place": "Place",
    "learned": "What I learned",
    "their_needs": "Their needs",
    "my_offer": "My offer (WIIFT)",
    "card_exchanged": "Card exchanged",
    "follow_up_planned": "Follow-up planned",
    "follow_up_due": "Follow-up due",
    "quality": "Quality",
    "direction": "Direction",
    "kind": "Kind",
    "channel": "Channel",
    "note": "Note",
    "start": "Start",
    "end": "End",
    "why": "Why",
    "intended_outcome": "Intended outcome",
    "follow_up_plan": "Follow-up plan",
    "nurture_plan": "Nurture plan",
    "opportunity_note": "Where to look for opportunity",
    "targets": "Targets",
    "purpose_met": "Purpose met",
    "highlights": "Highlights",
    "wiift": "What's in it for them (WIIFT)",
    "next_steps": "Next steps",
    "energy": "Energy",
    **{f"targets.{name}": label for name, label in TARGET_LABELS.items()},
}

STYLE = {"description_width": "initial"}
OK_STYLE = "color:#1b5e20;border-left:4px solid #2e7d32;padding:4px 10px;margin:6px 0"
ERROR_STYLE = "color:#8e0000;border-left:4px solid #c62828;padding:4px 10px;margin:6px 0"
HINT_STYLE = "font-size:90%;margin:0 0 4px 0"


def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)


# ---------------------------------------------------------------------------- headless


def is_headless() -> bool:
    """Whether this kernel runs with no human (``WORKBOOK_HEADLESS=1``: papermill runs)."""
    return os.environ.get(HEADLESS_ENV) == "1"


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


def show(form: Any) -> None:
    """Display a form (or any widget) — only in an interactive session.

    Under papermill, and so in every HTML export, ``WORKBOOK_HEADLESS`` is ``"1"`` and
    nothing is displayed: the notebook shows its tables and charts instead.
    """
    if is_headless():
        return
    display(getattr(form, "widget", form))


display_form = show


def show_debrief_form(
    path: str | Path, event_id: str | None, today: dt.date | str | None = None
) -> DebriefForm | None:
    """The debrief form of ``event_id`` — or, with no event to debrief, a word on what to
    do first. Headless, nothing is displayed (and no form is built)."""
    if is_headless():
        return None
    if not event_id:
        display(
            HTML(
                '<p class="note">There is no event to debrief yet: log one first '
                "(an event is where you met people on purpose).</p>"
            )
        )
        return None
    form = DebriefForm(path, event_id, today=today)
    show(form)
    return form


# ---------------------------------------------------------------------------- helpers


class FormError(Exception):
    """What is wrong with what was typed: the field and the problem, for one message."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


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


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


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
        return ", ".join(f"{_label_field(f'targets.{k}')} {v}" for k, v in value.items())
    return str(value)


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


def _question(question: str, placeholder: str, cls: str) -> tuple[widgets.Textarea, widgets.VBox]:
    """A Textarea under its question (long questions do not fit a description)."""
    area = widgets.Textarea(
        placeholder=placeholder, rows=2, layout=widgets.Layout(width="100%", max_width="760px")
    )
    area.add_class(cls)
    label = widgets.HTML(f"<strong>{_esc(question)}</strong>")
    return area, widgets.VBox([label, area], layout=widgets.Layout(margin="4px 0"))


def _set_options(drop: widgets.Dropdown, options: list[tuple[str, Any]]) -> None:
    """Replace a Dropdown's options, keeping its value when it is still offered."""
    value = drop.value
    drop.options = options  # resets the value to the first option
    if value in [v for _, v in options]:
        drop.value = value


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


# ---------------------------------------------------------------------------- base


class _Form:
    """What every form shares: message, Save button, one-transaction save, callbacks."""

    record_name = "record"
    save_label = "Save"

    def __init__(self, path: str | Path, today: dt.date | str | None = None) -> None:
        self.path = Path(path)
        # The only "today" of a form: its default dates. Empty (a notebook's as_of = ""): today.
        self.today: dt.date = _as_date(today or None, "today") or dt.date.today()
        self.last_saved: list[Record] | None = None
        self.last_error: FormError | None = None
        self._callbacks: list[Callable[[list[Record]], Any]] = []
        self._names_shown: dict[str, str] = {}  # person / event ids -> names, for messages
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
        """Check what was typed (no store access); return what :meth:`_write` needs."""
        raise NotImplementedError  # pragma: no cover

    def _write(self, wb: Workbook, plan: Any) -> tuple[list[Record], str]:
        """Write inside the open transaction; return the records and a one-line summary."""
        raise NotImplementedError  # pragma: no cover

    def _after_save(self, records: list[Record]) -> None:
        """Reset what should be reset for the next entry."""

    def refresh(self) -> None:
        """Reload the choices the form offers (people, events) from the workbook."""

    # -- the save --------------------------------------------------------------------------
    def on_saved(self, callback: Callable[[list[Record]], Any]) -> None:
        """Call ``callback(records)`` after every successful save."""
        self._callbacks.append(callback)

    def save(self) -> list[Record] | None:
        """Validate and write in one transaction; show what was saved or what is wrong."""
        self.last_error = None
        try:
            plan = self._validate()
            with Workbook.open(self.path) as wb, wb.transaction():
                records, summary = self._write(wb, plan)
        except FormError as error:
            return self._fail(error)
        except RecordError as error:
            field = error.field.split(".")[0] if error.field else None
            if error.field and error.field.startswith("targets."):
                field = error.field
            return self._fail(FormError(_label_field(field), error.problem))
        except WorkbookError as error:
            return self._fail(FormError("Workbook", str(error)))
        except sqlite3.Error as error:
            return self._fail(FormError("Workbook", f"could not be written ({error})"))
        self.last_saved = records
        self.message.value = self._confirmation(records, summary)
        self._after_save(records)
        problems = []
        for callback in self._callbacks:
            try:
                callback(records)
            except Exception as error:  # a broken list must not hide that the save worked
                problems.append(f"{type(error).__name__}: {error}")
        if problems:
            self.message.value += (
                f'<div style="{HINT_STYLE}">(Saved, but a list could not refresh: '
                f"{_esc('; '.join(problems))})</div>"
            )
        return records

    def _clicked(self, _button: widgets.Button) -> None:
        try:
            self.save()
        except Exception as error:  # never a silent failure behind a button
            self._fail(
                FormError(
                    "Save",
                    f"something went wrong: {type(error).__name__}: {error}. Nothing was saved.",
                )
            )

    def _fail(self, error: FormError) -> None:
        self.last_error = error
        self.message.value = (
            f'<div class="nop-form-error" style="{ERROR_STYLE}">✗ Not saved — '
            f"<strong>{_esc(error.field)}</strong>: {_esc(error.problem)}</div>"
        )
        return None

    def _confirmation(self, records: list[Record], summary: str) -> str:
        parts = [
            f'<div class="nop-form-saved" style="{OK_STYLE}">'
            f"<strong>✓ Saved</strong> {_esc(summary)}"
        ]
        for record in records:
            collection = type(record).__name__.lower()
            rows = []
            for name, value in record.model_dump().items():
                if name == "id" or value in (None, "", [], {}):
                    continue
                shown = _shown(value)
                if name in ("person", "event") and value in self._names_shown:
                    shown = f"{self._names_shown[value]} ({value})"
                elif name in VALUE_LABELS and value in VALUE_LABELS[name]:
                    shown = str(VALUE_LABELS[name][value])
                rows.append(f"<li><strong>{_esc(_label_field(name))}</strong>: {_esc(shown)}</li>")
            parts.append(
                f'<div style="margin-top:4px">{_esc(collection)} '
                f"<code>{_esc(record.id)}</code>"  # type: ignore[attr-defined]
                f'<ul style="margin:2px 0">{"".join(rows)}</ul></div>'
            )
        parts.append("</div>")
        return "".join(parts)

    def _buttons(self) -> widgets.HBox:
        return widgets.HBox([self.save_button], layout=widgets.Layout(margin="6px 0 0 0"))


# ---------------------------------------------------------------------------- encounter


class EncounterForm(_Form):
    """Log an encounter, with an existing person or a new one, in one save.

    The person box offers everyone in the workbook as "Name — Organisation". Typing a name
    that is not in the list adds a **new person** (a hint says so, and asks for an
    optional organisation and e-mail). Text with " — " that matches nobody is an error
    (a mistyped existing person), as is an empty name or a follow-up due date before the
    encounter. The follow-up is due :data:`DEFAULT_FOLLOW_UP_DAYS` days after the meeting
    by default (it moves with the date until changed); with "Follow up" unticked no due
    date is saved.

    After a save the fields about the person are cleared for the next one; the occasion
    (date, event, place) stays, for logging several people met at the same place.
    """

    record_name = "encounter"
    save_label = "Save encounter"

    def _build(self) -> None:
        with Workbook.open(self.path) as wb:
            self._people = _People(wb.records("people"))
            events = wb.records("events")
        self.person = widgets.Combobox(
            description="Who",
            placeholder="Type a name: pick someone you know, or add someone new",
            options=self._people.labels,
            ensure_option=False,
            continuous_update=True,
            style=STYLE,
            layout=widgets.Layout(width="100%", max_width="520px"),
        )
        self.person.add_class("nop-person")
        self.person_hint = widgets.HTML(value="")
        self.person_hint.add_class("nop-person-hint")
        self.organisation = widgets.Text(
            description="Organisation",
            placeholder="optional",
            style=STYLE,
            layout=widgets.Layout(width="auto"),
        )
        self.organisation.add_class("nop-organisation")
        self.email = widgets.Text(
            description="E-mail",
            placeholder="optional",
            style=STYLE,
            layout=widgets.Layout(width="auto"),
        )
        self.email.add_class("nop-email")
        self.new_person_box = widgets.HBox(
            [self.organisation, self.email],
            layout=widgets.Layout(display="none", flex_flow="row wrap"),
        )

        self.date = _date_picker("When", self.today, "nop-date")
        today_events = [e["id"] for e in events if e["date"] == self.today.isoformat()]
        self.event = _dropdown(
            "Where",
            self._event_options(events),
            today_events[-1] if today_events else NOTHING,
            "nop-event",
        )
        self.place = widgets.Text(
            description="Place",
            placeholder="e.g. hockey rink, grocery store",
            style=STYLE,
            layout=widgets.Layout(width="auto"),
        )
        self.place.add_class("nop-place")

        self.learned = _textarea(
            "What I learned", "About them: work, family, interests…", "nop-learned"
        )
        self.their_needs = _textarea(
            "Their needs", "What they care about or need", "nop-their-needs"
        )
        self.my_offer = _textarea(
            "My offer", "What's in it for them: what I can give", "nop-my-offer"
        )

        self.card_exchanged = widgets.Checkbox(
            description="Card exchanged",
            value=False,
            indent=False,
            layout=widgets.Layout(width="auto"),
        )
        self.card_exchanged.add_class("nop-card")
        self.follow_up_planned = widgets.Checkbox(
            description="Follow up", value=True, indent=False, layout=widgets.Layout(width="auto")
        )
        self.follow_up_planned.add_class("nop-follow-up-planned")
        self.follow_up_due = _date_picker("by", self._default_due(self.today), "nop-follow-up-due")
        self.quality = _dropdown(
            "Quality",
            [(NONE_LABEL, NOTHING), *((v, k) for k, v in QUALITY_LABELS.items())],
            NOTHING,
            "nop-quality",
        )

        self.person.observe(self._person_changed, names="value")
        self.date.observe(self._date_changed, names="value")
        self.event.observe(self._event_changed, names="value")
        self.follow_up_planned.observe(self._planned_changed, names="value")
        self._event_changed()

        row = widgets.Layout(flex_flow="row wrap", align_items="center", grid_gap="4px 16px")
        self.widget = widgets.VBox(
            [
                widgets.HTML("<strong>Log an encounter</strong>"),
                self.person,
                self.person_hint,
                self.new_person_box,
                widgets.HBox([self.date, self.event, self.place], layout=row),
                self.learned,
                self.their_needs,
                self.my_offer,
                widgets.HBox(
                    [self.card_exchanged, self.follow_up_planned, self.follow_up_due, self.quality],
                    layout=row,
                ),
                self._buttons(),
                self.message,
            ],
            layout=widgets.Layout(width="100%", max_width="780px", padding="4px"),
        )
        self.widget.add_class("nop-form")
        self.widget.add_class("nop-encounter-form")

    @staticmethod
    def _event_options(events: list[dict[str, Any]]) -> list[tuple[str, Any]]:
        latest_first = sorted(events, key=lambda e: (e["date"], e["id"]), reverse=True)
        return [(EVERYDAY, NOTHING)] + [
            (f"{e['name']} ({e['date']})", e["id"]) for e in latest_first
        ]

    @staticmethod
    def _default_due(day: dt.date | None) -> dt.date | None:
        return None if day is None else day + dt.timedelta(days=DEFAULT_FOLLOW_UP_DAYS)

    # -- reactions -------------------------------------------------------------------------
    def _person_changed(self, _change: Any = None) -> None:
        text = self.person.value or ""
        if not text.strip() or self._people.find(text) is not None:
            self.person_hint.value = ""
            self.new_person_box.layout.display = "none"
            return
        if NEW_PERSON_SEPARATOR.strip() in text:
            self.person_hint.value = (
                f'<div style="{HINT_STYLE};color:#8e0000">Nobody called “{_esc(text.strip())}” '
                "is in your workbook: pick them from the list, or type just a name to add "
                "someone new.</div>"
            )
            self.new_person_box.layout.display = "none"
            return
        same = self._people.same_name(text)
        also = ""
        if same:
            also = (
                " You already know "
                + ", ".join(f"“{_esc(s)}”" for s in same)
                + ": pick from the list if that is them."
            )
        self.person_hint.value = (
            f'<div style="{HINT_STYLE}">✚ <strong>New person:</strong> '
            f"“{_esc(text.strip())}” will be added to your people.{also}</div>"
        )
        self.new_person_box.layout.display = "flex"

    def _date_changed(self, change: Any) -> None:
        old, new = change["old"], change["new"]
        if new is None:
            return
        due = self.follow_up_due.value
        if due is None or due == self._default_due(old):
            self.follow_up_due.value = self._default_due(new)

    def _event_changed(self, _change: Any = None) -> None:
        self.place.layout.display = "flex" if _chosen(self.event) is None else "none"

    def _planned_changed(self, _change: Any = None) -> None:
        self.follow_up_due.disabled = not self.follow_up_planned.value

    # -- the save --------------------------------------------------------------------------
    def _validate(self) -> dict[str, Any]:
        text = self.person.value or ""
        if not text.strip():
            raise FormError(
                "Person",
                "enter a name: pick someone you know from the list, "
                "or type the name of someone new",
            )
        day = self.date.value
        if day is None:
            raise FormError("Date", "choose the day you met")
        planned = bool(self.follow_up_planned.value)
        due = self.follow_up_due.value if planned else None
        if due is not None and due < day:
            raise FormError(
                "Follow-up due",
                "the follow-up due date is before the encounter "
                f"({due.isoformat()} is before {day.isoformat()})",
            )
        event = _chosen(self.event)
        return {
            "text": text,
            "encounter": {
                "date": day.isoformat(),
                "event": event,
                "place": _text(self.place) if event is None else None,
                "learned": _text(self.learned),
                "their_needs": _text(self.their_needs),
                "my_offer": _text(self.my_offer),
                "card_exchanged": bool(self.card_exchanged.value),
                "follow_up_planned": planned,
                "follow_up_due": None if due is None else due.isoformat(),
                "quality": _chosen(self.quality),
            },
        }

    def _write(self, wb: Workbook, plan: dict[str, Any]) -> tuple[list[Record], str]:
        text = plan["text"]
        people = _People(wb.records("people"))  # as of now: someone may have added people
        person = people.find(text)
        written: list[Record] = []
        if person is None:
            if NEW_PERSON_SEPARATOR.strip() in text:
                raise FormError(
                    "Person",
                    f"unknown person “{text.strip()}”: pick them from "
                    "the list, or type just a name to add someone new",
                )
            new = wb.put(
                "people",
                {
                    "id": wb.next_id("people", "p"),
                    "name": text.strip(),
                    "organisation": _text(self.organisation),
                    "email": _text(self.email),
                },
            )
            written.append(new)
            person_id, name, how = new.id, new.name, "new person"  # type: ignore[attr-defined]
        else:
            person_id, name, how = person["id"], person["name"], None
        self._names_shown = {person_id: name}
        if plan["encounter"]["event"] is not None:
            event = wb.get("events", plan["encounter"]["event"])
            if event is not None:
                self._names_shown[event["id"]] = event["name"]
        encounter = wb.put(
            "encounters",
            {"id": wb.next_id("encounters", "n"), "person": person_id, **plan["encounter"]},
        )
        written.append(encounter)
        summary = f"your encounter with {name}" + (f" ({how}, {person_id})" if how else "")
        return written, summary

    def _after_save(self, records: list[Record]) -> None:
        for field in (
            self.person,
            self.organisation,
            self.email,
            self.learned,
            self.their_needs,
            self.my_offer,
        ):
            field.value = ""
        self.card_exchanged.value = False
        self.follow_up_planned.value = True
        self.follow_up_due.value = self._default_due(self.date.value)
        self.quality.value = NOTHING
        self.refresh()

    def refresh(self) -> None:
        with Workbook.open(self.path) as wb:
            self._people = _People(wb.records("people"))
            events = wb.records("events")
        self.person.options = self._people.labels
        _set_options(self.event, self._event_options(events))
        self._person_changed()


# ---------------------------------------------------------------------------- touchpoint


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


class TouchpointForm(_PersonForm):
    """Log a touchpoint with someone already in the workbook: direction, kind, channel."""

    record_name = "touchpoint"
    save_label = "Save touchpoint"

    def _build(self) -> None:
        self.person = self._person_picker()
        self.date = _date_picker("When", self.today, "nop-date")
        self.direction = _dropdown(
            "Who reached out",
            [(DIRECTION_LABELS[d], d) for d in DIRECTIONS],
            "out",
            "nop-direction",
        )
        self.kind = _dropdown(
            "Kind", [(TOUCH_KIND_LABELS[k], k) for k in TOUCH_KINDS], "follow_up", "nop-kind"
        )
        self.channel = _dropdown(
            "How", [(CHANNEL_LABELS[c], c) for c in CHANNELS], "email", "nop-channel"
        )
        self.note = _textarea("Note", "What you sent, said or gave — optional", "nop-note")
        row = widgets.Layout(flex_flow="row wrap", align_items="center", grid_gap="4px 16px")
        self.widget = widgets.VBox(
            [
                widgets.HTML("<strong>Log a touchpoint</strong>"),
                self.person,
                widgets.HBox([self.date, self.direction], layout=row),
                widgets.HBox([self.kind, self.channel], layout=row),
                self.note,
                self._buttons(),
                self.message,
            ],
            layout=widgets.Layout(width="100%", max_width="780px", padding="4px"),
        )
        self.widget.add_class("nop-form")
        self.widget.add_class("nop-touchpoint-form")

    def _validate(self) -> dict[str, Any]:
        self._check_person_typed()
        if self.date.value is None:
            raise FormError("Date", "choose the day of the touchpoint")
        return {
            "date": self.date.value.isoformat(),
            "direction": self.direction.value,
            "kind": self.kind.value,
            "channel": self.channel.value,
            "note": _text(self.note),
        }

    def _write(self, wb: Workbook, plan: dict[str, Any]) -> tuple[list[Record], str]:
        person = self._chosen_person(wb)
        record = wb.put(
            "touchpoints", {"id": wb.next_id("touchpoints", "t"), "person": person["id"], **plan}
        )
        kind = TOUCH_KIND_LABELS[plan["kind"]].lower()
        self._names_shown = {person["id"]: person["name"]}
        return [record], f"{kind} with {person['name']}"

    def _after_save(self, records: list[Record]) -> None:
        self.person.value = ""
        self.note.value = ""


class OpportunityForm(_PersonForm):
    """Record an opportunity that came through someone in the workbook."""

    record_name = "opportunity"
    save_label = "Save opportunity"

    def _build(self) -> None:
        self.person = self._person_picker()
        self.date = _date_picker("When", self.today, "nop-date")
        self.kind = _dropdown(
            "Kind",
            [(OPPORTUNITY_KIND_LABELS[k], k) for k in OPPORTUNITY_KINDS],
            "referral",
            "nop-kind",
        )
        self.note = _textarea("Note", "What the opportunity is — optional", "nop-note")
        row = widgets.Layout(flex_flow="row wrap", align_items="center", grid_gap="4px 16px")
        self.widget = widgets.VBox(
            [
                widgets.HTML("<strong>Record an opportunity</strong>"),
                self.person,
                widgets.HBox([self.date, self.kind], layout=row),
                self.note,
                self._buttons(),
                self.message,
            ],
            layout=widgets.Layout(width="100%", max_width="780px", padding="4px"),
        )
        self.widget.add_class("nop-form")
        self.widget.add_class("nop-opportunity-form")

    def _validate(self) -> dict[str, Any]:
        self._check_person_typed()
        if self.date.value is None:
            raise FormError("Date", "choose the day of the opportunity")
        return {
            "date": self.date.value.isoformat(),
            "kind": self.kind.value,
            "note": _text(self.note),
        }

    def _write(self, wb: Workbook, plan: dict[str, Any]) -> tuple[list[Record], str]:
        person = self._chosen_person(wb)
        record = wb.put(
            "opportunities",
            {"id": wb.next_id("opportunities", "o"), "person": person["id"], **plan},
        )
        kind = OPPORTUNITY_KIND_LABELS[plan["kind"]].lower()
        self._names_shown = {person["id"]: person["name"]}
        return [record], f"a {kind} opportunity through {person['name']}"

    def _after_save(self, records: list[Record]) -> None:
        self.person.value = ""
        self.note.value = ""


# ---------------------------------------------------------------------------- purpose


class PurposeForm(_Form):
    """Set the purpose of a period: the five questions and the targets (SPEC §1, §4.4).

    ``start`` / ``end`` prefill the period. If the workbook already has a purpose for
    exactly that period, the form opens it and saving updates it; otherwise the first save
    creates a purpose (a new ``g`` id) and later saves update that one.

    Targets: tick "set" (typing a number ticks it) for each target to keep; unticked ones
    are not saved. The follow-up rate is typed as a percentage (0–100) and stored as a
    fraction (80 → 0.8); median days to follow up is an upper bound (lower is better).
    """

    record_name = "purpose"
    save_label = "Save purpose"

    def __init__(
        self,
        path: str | Path,
        start: str | dt.date | None = None,
        end: str | dt.date | None = None,
        today: dt.date | str | None = None,
    ) -> None:
        self._start = _as_date(start, "start")
        self._end = _as_date(end, "end")
        super().__init__(path, today)

    def _build(self) -> None:
        existing = None
        if self._start is not None and self._end is not None:
            with Workbook.open(self.path) as wb:
                existing = next(
                    (
                        p
                        for p in reversed(wb.records("purposes"))
                        if p["start"] == self._start.isoformat()
                        and p["end"] == self._end.isoformat()
                    ),
                    None,
                )
        self.purpose_id: str | None = existing["id"] if existing else None

        self.start = _date_picker("From", self._start, "nop-start")
        self.end = _date_picker("to", self._end, "nop-end")
        boxes = []
        for name, (question, placeholder) in PURPOSE_QUESTIONS.items():
            area, box = _question(question, placeholder, f"nop-{name.replace('_', '-')}")
            if existing and existing.get(name):
                area.value = existing[name]
            setattr(self, name, area)
            boxes.append(box)

        self.target_set: dict[str, widgets.Checkbox] = {}
        self.target_value: dict[str, widgets.IntText | widgets.FloatText] = {}
        rows = []
        targets = existing["targets"] if existing else {}
        for name in TARGET_METRICS:
            # Not Bounded*: those clamp silently; a value out of range is an error on save.
            if name in ("follow_up_rate", "median_follow_up_days"):
                number: widgets.IntText | widgets.FloatText = widgets.FloatText(
                    value=0.0, step=1.0, layout=widgets.Layout(width="110px")
                )
            else:
                number = widgets.IntText(value=0, layout=widgets.Layout(width="110px"))
            number.add_class(f"nop-target-{name.replace('_', '-')}")
            check = widgets.Checkbox(
                value=False, description="set", indent=False, layout=widgets.Layout(width="60px")
            )
            if name in targets:
                shown = targets[name] * 100 if name == "follow_up_rate" else targets[name]
                number.value = (
                    round(shown, 2) if isinstance(number, widgets.FloatText) else int(shown)
                )
                check.value = True
            number.observe(lambda _c, check=check: setattr(check, "value", True), names="value")
            self.target_set[name] = check
            self.target_value[name] = number
            label = widgets.Label(TARGET_LABELS[name], layout=widgets.Layout(width="300px"))
            rows.append(
                widgets.HBox([label, number, check], layout=widgets.Layout(align_items="center"))
            )

        self.widget = widgets.VBox(
            [
                widgets.HTML("<strong>Your purpose for this period</strong>"),
                widgets.HBox(
                    [self.start, self.end],
                    layout=widgets.Layout(flex_flow="row wrap", grid_gap="4px 16px"),
                ),
                *boxes,
                widgets.HTML(
                    "<strong>Targets</strong> — what you will measure yourself "
                    "against (tick “set” for the ones you want)"
                ),
                *rows,
                self._buttons(),
                self.message,
            ],
            layout=widgets.Layout(width="100%", max_width="780px", padding="4px"),
        )
        self.widget.add_class("nop-form")
        self.widget.add_class("nop-purpose-form")

    def _targets(self) -> dict[str, int | float]:
        targets: dict[str, int | float] = {}
        for name in TARGET_METRICS:
            if not self.target_set[name].value:
                continue
            value = self.target_value[name].value
            label = TARGET_LABELS[name]
            if value is None or value != value:  # NaN
                raise FormError(label, "enter a number")
            if name == "follow_up_rate":
                if not 0 <= value <= 100:
                    raise FormError(label, f"enter a percentage between 0 and 100, not {value:g}")
                targets[name] = round(value / 100, 6)
            elif value < 0:
                raise FormError(label, f"a target cannot be negative ({value:g})")
            elif isinstance(value, float):
                targets[name] = int(value) if value.is_integer() else value
            else:
                targets[name] = int(value)
        return targets

    def _validate(self) -> dict[str, Any]:
        start, end = self.start.value, self.end.value
        if start is None:
            raise FormError("Start", "choose the first day of the period")
        if end is None:
            raise FormError("End", "choose the last day of the period")
        if end < start:
            raise FormError(
                "End",
                f"the end date is before the start ({end.isoformat()} is "
                f"before {start.isoformat()})",
            )
        record: dict[str, Any] = {"start": start.isoformat(), "end": end.isoformat()}
        for name in PURPOSE_QUESTIONS:
            record[name] = _text(getattr(self, name))
        record["targets"] = self._targets()
        return record

    def _write(self, wb: Workbook, plan: dict[str, Any]) -> tuple[list[Record], str]:
        purpose_id = self.purpose_id
        if purpose_id is None or wb.get("purposes", purpose_id) is None:
            purpose_id = wb.next_id("purposes", "g")
        record = wb.put("purposes", {"id": purpose_id, **plan})
        return [record], f"your purpose for {plan['start']} – {plan['end']}"

    def _after_save(self, records: list[Record]) -> None:
        self.purpose_id = records[0].id  # type: ignore[attr-defined]


# ---------------------------------------------------------------------------- debrief


class DebriefForm(_Form):
    """Debrief an event and set a follow-up due date for each person met there.

    ``event_id`` empty or None: the latest event. If the event already has a debrief,
    the form opens the latest one and saving updates it; otherwise the first save creates
    one (a new ``d`` id). The follow-up dates start at each encounter's current due date
    (blank: none set — the follow-up window applies); only changed ones are written,
    together with the debrief, in one transaction. A due date before that encounter's
    date is an error and nothing is saved.
    """

    record_name = "debrief"
    save_label = "Save debrief"

    def __init__(
        self, path: str | Path, event_id: str | None = None, today: dt.date | str | None = None
    ) -> None:
        self._event_id = event_id
        super().__init__(path, today)

    def _build(self) -> None:
        with Workbook.open(self.path) as wb:
            events = wb.records("events")
            if not events:
                raise WorkbookInputError(f"{self.path}: no events yet — add an event first")
            if self._event_id:
                event = wb.get("events", self._event_id)
                if event is None:
                    raise WorkbookInputError(f"{self.path}: no event {self._event_id!r}")
            else:
                event = max(events, key=lambda e: (e["date"], e["id"]))
            encounters = sorted(
                (e for e in wb.records("encounters") if e["event"] == event["id"]),
                key=lambda e: (e["date"], e["id"]),
            )
            names = {p["id"]: p["name"] for p in wb.records("people")}
            debriefs = sorted(
                (d for d in wb.records("debriefs") if d["event"] == event["id"]),
                key=lambda d: (d["date"], d["id"]),
            )
        self.event_record = event
        self._person_names = names
        self.event_id: str = event["id"]
        existing = debriefs[-1] if debriefs else None
        self.debrief_id: str | None = existing["id"] if existing else None

        self.date = _date_picker(
            "Debrief date",
            dt.date.fromisoformat(existing["date"]) if existing else self.today,
            "nop-date",
        )
        self.purpose_met = _dropdown(
            "Purpose met?",
            [(NONE_LABEL, NOTHING), *((PURPOSE_MET_LABELS[p], p) for p in PURPOSE_MET)],
            (existing["purpose_met"] or NOTHING) if existing else NOTHING,
            "nop-purpose-met",
        )
        self.energy = _dropdown(
            "Energy",
            [(NONE_LABEL, NOTHING), *((v, k) for k, v in ENERGY_LABELS.items())],
            (existing["energy"] or NOTHING) if existing else NOTHING,
            "nop-energy",
        )
        questions = {
            "highlights": ("Highlights", "What went well? Who or what stood out?"),
            "learned": ("What I learned", "About the people, the event, yourself"),
            "wiift": (
                "What's in it for them (WIIFT)",
                "What do the people you met need? What can you offer them?",
            ),
            "next_steps": ("Next steps", "Follow-ups, introductions, what to do differently"),
        }
        boxes = []
        for name, (question, placeholder) in questions.items():
            area, box = _question(question, placeholder, f"nop-{name.replace('_', '-')}")
            if existing and existing.get(name):
                area.value = existing[name]
            setattr(self, name, area)
            boxes.append(box)

        self.encounters = encounters
        self.follow_up_due: dict[str, widgets.DatePicker] = {}
        rows = []
        for enc in encounters:
            name = names.get(enc["person"], enc["person"])
            due = dt.date.fromisoformat(enc["follow_up_due"]) if enc["follow_up_due"] else None
            picker = _date_picker("follow up by", due, "nop-debrief-due")
            self.follow_up_due[enc["id"]] = picker
            label = widgets.Label(
                f"{name} (met {enc['date']})", layout=widgets.Layout(width="320px")
            )
            rows.append(widgets.HBox([label, picker], layout=widgets.Layout(align_items="center")))
        self._names = {enc["id"]: names.get(enc["person"], enc["person"]) for enc in encounters}
        if not rows:
            rows.append(widgets.HTML("<em>Nobody logged as met at this event yet.</em>"))

        self.widget = widgets.VBox(
            [
                widgets.HTML(
                    f"<strong>Debrief: {_esc(event['name'])} ({_esc(event['date'])})</strong>"
                ),
                widgets.HBox(
                    [self.date, self.purpose_met, self.energy],
                    layout=widgets.Layout(flex_flow="row wrap", grid_gap="4px 16px"),
                ),
                *boxes,
                widgets.HTML("<strong>Follow up with each person you met</strong>"),
                *rows,
                self._buttons(),
                self.message,
            ],
            layout=widgets.Layout(width="100%", max_width="780px", padding="4px"),
        )
        self.widget.add_class("nop-form")
        self.widget.add_class("nop-debrief-form")

    def _validate(self) -> dict[str, Any]:
        if self.date.value is None:
            raise FormError("Debrief date", "choose the day of the debrief")
        dues: dict[str, str | None] = {}
        for enc in self.encounters:
            due = self.follow_up_due[enc["id"]].value
            met = dt.date.fromisoformat(enc["date"])
            if due is not None and due < met:
                raise FormError(
                    f"Follow-up due for {self._names[enc['id']]}",
                    "the follow-up due date is before the encounter "
                    f"({due.isoformat()} is before {met.isoformat()})",
                )
            dues[enc["id"]] = None if due is None else due.isoformat()
        debrief = {
            "event": self.event_id,
            "date": self.date.value.isoformat(),
            "purpose_met": _chosen(self.purpose_met),
            "highlights": _text(self.highlights),  # type: ignore[attr-defined]
            "learned": _text(self.learned),  # type: ignore[attr-defined]
            "wiift": _text(self.wiift),  # type: ignore[attr-defined]
            "next_steps": _text(self.next_steps),  # type: ignore[attr-defined]
            "energy": _chosen(self.energy),
        }
        return {"debrief": debrief, "dues": dues}

    def _write(self, wb: Workbook, plan: dict[str, Any]) -> tuple[list[Record], str]:
        debrief_id = self.debrief_id
        if debrief_id is None or wb.get("debriefs", debrief_id) is None:
            debrief_id = wb.next_id("debriefs", "d")
        written = [wb.put("debriefs", {"id": debrief_id, **plan["debrief"]})]
        self._names_shown = {**self._person_names, self.event_id: self.event_record["name"]}
        changed = 0
        for encounter_id, due in plan["dues"].items():
            current = wb.get("encounters", encounter_id)
            if current is None or current["follow_up_due"] == due:
                continue
            written.append(wb.put("encounters", {**current, "follow_up_due": due}))
            changed += 1
        summary = f"your debrief of {self.event_record['name']}"
        if changed:
            summary += f" and {changed} follow-up date" + ("" if changed == 1 else "s")
        return written, summary

    def _after_save(self, records: list[Record]) -> None:
        self.debrief_id = records[0].id  # type: ignore[attr-defined]
        for record in records[1:]:
            for enc in self.encounters:
                if enc["id"] == record.id:  # type: ignore[attr-defined]
                    due = record.follow_up_due  # type: ignore[attr-defined]
                    enc["follow_up_due"] = None if due is None else due.isoformat()


# ---------------------------------------------------------------------------- lists


def link(*forms: _Form) -> None:
    """After any of ``forms`` saves, the others reload their people and events."""
    for form in forms:
        others = [other for other in forms if other is not form]
        form.on_saved(lambda _records, others=others: [o.refresh() for o in others])


def _relative(days: int) -> str:
    if days > 0:
        return f"{days} day{'s' if days != 1 else ''} overdue"
    if days == 0:
        return "due today"
    return f"in {-days} day{'s' if days != -1 else ''}"


def follow_up_board(path: str | Path, as_of: dt.date, window: int = 7, max_rows: int = 10) -> HTML:
    """Who to follow up next, and whom you met most recently — escaped HTML tables.

    "Follow up next": encounters with a follow-up planned and no outgoing touchpoint with
    that person since (SPEC §4.2), the earliest due first. Due is ``follow_up_due`` if
    set, else the meeting date + ``window`` days.
    """
    from workbook import display as show_
    from workbook import metrics

    with Workbook.open(path) as wb:
        frames = wb.frames()
    details = metrics.follow_up_details(frames, None, None, as_of, window)
    todo = details[details["follow_up_planned"].astype(bool) & details["first_out"].isna()]
    todo = todo.sort_values(["due", "date", "id"], kind="stable")
    a = pd.Timestamp(as_of)
    next_up = pd.DataFrame(
        {
            "Who": todo["name"],
            "Met": todo["date"],
            "Where": todo["where"],
            "Follow up by": todo["due"],
            "When": [_relative((a - due).days) for due in todo["due"]],
        }
    )
    recent = details.sort_values(["date", "id"], ascending=[False, False], kind="stable")
    met = pd.DataFrame(
        {
            "Who": recent["name"],
            "Met": recent["date"],
            "Where": recent["where"],
            "Card": recent["card_exchanged"].astype(bool),
            "Followed up": recent["first_out"].notna(),
        }
    )
    parts = [
        "<h4>Waiting for your follow-up</h4>",
        show_.table(
            next_up, max_rows=max_rows, empty="Nobody waiting: every planned follow-up is done."
        ).data,
        "<h4>Recently met</h4>",
        show_.table(met, max_rows=max_rows, empty="Nobody logged yet.").data,
    ]
    return HTML("".join(parts))


def show_follow_ups(
    path: str | Path,
    as_of: str | dt.date | None = None,
    refresh_on: Sequence[_Form] = (),
    window: int = 7,
) -> None:
    """Display :func:`follow_up_board`; interactive, it refreshes after each form's save.

    ``as_of`` empty or None: today. Headless, the tables are displayed once, as HTML (no
    widget).
    """
    day = _as_date(as_of or None, "as_of") or dt.date.today()
    if is_headless():
        display(follow_up_board(path, day, window))
        return
    out = widgets.Output()
    out.add_class("nop-follow-up-board")

    def render(_records: Any = None) -> None:
        out.clear_output(wait=True)
        with out:
            display(follow_up_board(path, day, window))

    render()
    for form in refresh_on:
        form.on_saved(render)
    display(out)
