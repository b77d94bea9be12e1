"""The encounter form: log who I met — someone known or someone new — where, and when to
follow up. What is checked and written is :func:`workbook.capture.log_encounter`."""

from __future__ import annotations

import datetime as dt
from typing import Any

import ipywidgets as widgets

from workbook import capture
from workbook.forms.base import Records, _Form
from workbook.forms.fields import (
    _chosen,
    _date_picker,
    _dropdown,
    _set_options,
    _text,
    _textarea,
    element,
)
from workbook.forms.labels import (
    DEFAULT_FOLLOW_UP_DAYS,
    EVERYDAY_CHOICE,
    HINT_STYLE,
    NAME_SEPARATOR,
    NONE_LABEL,
    NOTHING,
    QUALITY_LABELS,
    STYLE,
    WARNING_HINT,
)
from workbook.forms.people import _People
from workbook.store import Workbook


class EncounterForm(_Form):
    """Log an encounter, with an existing person or a new one, in one save.

    The person box (labelled "Who") offers everyone in the workbook as "Name —
    Organisation". Typing a known name is enough — case, accents and spacing do not
    matter; a name two people share asks which one (the hint lists them). A name that is
    nobody's adds a **new person** (a hint says so, and asks for an optional organisation
    and e-mail). Picking an event sets the date to the event's date; "Place" is for an
    everyday place. The follow-up is due :data:`DEFAULT_FOLLOW_UP_DAYS` days after the
    meeting by default (it moves with the date until changed); with "Follow up" unticked
    no due date is saved.

    After a save the fields about the person are cleared for the next one; the event
    stays chosen (several people met at the same event), and the date is the event's date
    — or, at an everyday place, today again.
    """

    record_name = "encounter"
    save_label = "Save encounter"

    def _build(self) -> None:
        with Workbook.open(self.path) as wb:
            self._people = _People(wb.records("people"))
            events = wb.records("events")
        self._event_dates = {e["id"]: e["date"] for e in events}
        self.person = widgets.Combobox(
            description="Who",
            placeholder="Type a name: someone you know, or someone new",
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

        self.date = _date_picker("Date", self.today, "nop-date")
        # Everyday place first, even on the day of an event: the Place field is always
        # there to type into, and picking the event is one choice away.
        self.event = _dropdown("Event", self._event_options(events), NOTHING, "nop-event")
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
        self.follow_up_due = _date_picker(
            "Follow up by", self._default_due(self.today), "nop-follow-up-due"
        )
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
                widgets.HTML(element("h3", "Log an encounter", cls="nop-section")),
                self.person,
                self.person_hint,
                self.new_person_box,
                widgets.HBox([self.event, self.place, self.date], layout=row),
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
        return [(EVERYDAY_CHOICE, NOTHING)] + [
            (f"{e['name']} ({e['date']})", e["id"]) for e in latest_first
        ]

    @staticmethod
    def _default_due(day: dt.date | None) -> dt.date | None:
        return None if day is None else day + dt.timedelta(days=DEFAULT_FOLLOW_UP_DAYS)

    # -- reactions -------------------------------------------------------------------------
    def _person_changed(self, _change: Any = None) -> None:
        text = self.person.value or ""
        found = self._people.find_all(text)
        if not text.strip() or len(found) == 1:
            self.person_hint.value = ""
            self.new_person_box.layout.display = "none"
            return
        if len(found) > 1:
            which = ", ".join(f"“{label}”" for label in self._people.labels_of(found))
            self.person_hint.value = element(
                "div", f"Which one? {which}: pick from the list.", style=WARNING_HINT
            )
            self.new_person_box.layout.display = "none"
            return
        if NAME_SEPARATOR.strip() in text:
            self.person_hint.value = element(
                "div",
                f"Nobody called “{text.strip()}” is in your workbook: pick them from the list, "
                "or type just a name to add someone new.",
                style=WARNING_HINT,
            )
            self.new_person_box.layout.display = "none"
            return
        self.person_hint.value = element(
            "div",
            f"“{text.strip()}” will be added to your people.",
            style=HINT_STYLE,
            mark="✚",
            lead="New person:",
        )
        self.new_person_box.layout.display = "flex"

    def _date_changed(self, change: Any) -> None:
        old, new = change["old"], change["new"]
        if new is None:
            return
        due = self.follow_up_due.value
        if due is None or due == self._default_due(old):
            self.follow_up_due.value = self._default_due(new)

    def _event_changed(self, change: Any = None) -> None:
        event = _chosen(self.event)
        self.place.layout.display = "flex" if event is None else "none"
        if change is not None and event in self._event_dates:
            self.date.value = dt.date.fromisoformat(self._event_dates[event])

    def _planned_changed(self, _change: Any = None) -> None:
        self.follow_up_due.disabled = not self.follow_up_planned.value

    # -- the save --------------------------------------------------------------------------
    def _validate(self) -> dict[str, Any]:
        planned = bool(self.follow_up_planned.value)
        event = _chosen(self.event)
        if self.date.value is None:
            raise capture.CaptureError("Date", "choose the day you met")
        return {
            "who": self.person.value or "",
            "date": self.date.value,
            "event": event,
            "place": _text(self.place) if event is None else None,
            "learned": _text(self.learned),
            "needs": _text(self.their_needs),
            "offer": _text(self.my_offer),
            "card": bool(self.card_exchanged.value),
            "follow_up": planned,
            "follow_up_by": self.follow_up_due.value if planned else None,
            "quality": _chosen(self.quality),
            "organisation": _text(self.organisation),
            "email": _text(self.email),
        }

    def _write(self, wb: Workbook, plan: dict[str, Any]) -> capture.Saved:
        return capture.log_encounter(wb, plan.pop("who"), today=self.today, **plan)

    def _after_save(self, records: Records) -> None:
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
        event = _chosen(self.event)
        day = self._event_dates.get(event) if event else None
        self.date.value = dt.date.fromisoformat(day) if day else self.today
        self.follow_up_due.value = self._default_due(self.date.value)
        self.quality.value = NOTHING
        self.refresh()

    def refresh(self) -> None:
        with Workbook.open(self.path) as wb:
            self._people = _People(wb.records("people"))
            events = wb.records("events")
        self._event_dates = {e["id"]: e["date"] for e in events}
        self.person.options = self._people.labels
        _set_options(self.event, self._event_options(events))
        self._person_changed()
