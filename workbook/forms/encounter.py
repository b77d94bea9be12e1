"""The encounter form: log who I met — someone known or someone new — where, and when to
follow up."""

from __future__ import annotations

import datetime as dt
from typing import Any

import ipywidgets as widgets

from workbook.forms.base import FormError, _Form
from workbook.forms.fields import (
    _chosen,
    _date_picker,
    _dropdown,
    _esc,
    _set_options,
    _text,
    _textarea,
)
from workbook.forms.labels import (
    DEFAULT_FOLLOW_UP_DAYS,
    EVERYDAY,
    HINT_STYLE,
    NEW_PERSON_SEPARATOR,
    NONE_LABEL,
    NOTHING,
    QUALITY_LABELS,
    STYLE,
)
from workbook.forms.people import _People
from workbook.models import Record
from workbook.store import Workbook


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
