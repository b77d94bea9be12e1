"""Debrief (docs/capture.md): the plan beside what happened (people met against the
number planned, the intended outcome and the other answers), the debrief itself with a
follow-up date for each person met, and adding the people met right there."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from workbook import capture
from workbook.app.handlers import AppHandler, Form
from workbook.app.saving import Answer
from workbook.app.views import common
from workbook.errors import CaptureError
from workbook.forms.labels import (
    DEFAULT_FOLLOW_UP_DAYS,
    ENERGY_LABELS,
    NONE_LABEL,
    PURPOSE_MET_LABELS,
)
from workbook.schema import FIELDS
from workbook.store import Workbook
from workbook.wording import DEBRIEF_QUESTIONS

PURPOSE_MET = [("", NONE_LABEL), *common.options(PURPOSE_MET_LABELS)]
ENERGY = [("", NONE_LABEL), *common.options(ENERGY_LABELS)]
#: The plan's answers shown beside the debrief, in order (the target is shown as a count).
PLAN_SHOWN = [
    (name, question)
    for name, (question, _example) in capture.EVENT_QUESTIONS.items()
    if name != "target_people"
]


#: Events offered in the picker (the latest first, then those to come).
EVENTS_OFFERED = 40


def due_field(encounter_id: str) -> str:
    """The input name of an encounter's follow-up date in the debrief form."""
    return f"due-{encounter_id}"


class DebriefPage(AppHandler):
    template = "debrief.html.j2"
    menu = "Debrief"
    forms = ("debrief", "met")
    fields: ClassVar[dict[str, dict[str, str]]] = {
        "debrief": {"Debrief date": "date", "Event": "event"},
        "met": {
            "Who": "who",
            "Follow up by": "follow_up_by",
            "Date": "who",
            "Event": "who",
            "Place": "who",
        },
    }

    def show(self, *args: str, code: int = 200, **values: Any) -> None:
        today = self.today()
        with self.open_workbook() as wb, wb.snapshot():
            events = wb.records("events")
            choices = common.event_choices(events, today)
            chosen = self.get_query_argument("event", "") or (choices[0][0] if choices else "")
            event = wb.get("events", chosen) if chosen else None
            if len(choices) > EVENTS_OFFERED:  # the latest; an older one by its address
                offered = choices[:EVENTS_OFFERED]
                choices = offered + [c for c in choices[EVENTS_OFFERED:] if c[0] == chosen]
            met: list[dict[str, Any]] = []
            debrief = None
            if event is not None:
                names = {p["id"]: p["name"] for p in wb.records("people")}
                met = [
                    {**e, "name": names.get(e["person"], e["person"])}
                    for e in sorted(
                        (e for e in wb.records("encounters") if e["event"] == event["id"]),
                        key=lambda e: (e["date"], e["id"]),
                    )
                ]
                done = [d for d in wb.records("debriefs") if d["event"] == event["id"]]
                debrief = max(done, key=lambda d: (d["date"], d["id"])) if done else None
        self.render_page(
            code,
            choices=choices,
            event=event,
            met=met,
            debrief=debrief or dict.fromkeys(FIELDS["debriefs"]),
            questions=DEBRIEF_QUESTIONS,
            plan_shown=PLAN_SHOWN,
            purpose_met=PURPOSE_MET,
            energy=ENERGY,
            due_field=due_field,
            follow_up_days=DEFAULT_FOLLOW_UP_DAYS,
            typed=values.pop("typed", {}),
            failed=values.pop("form", None),
            **values,
        )

    def field_named(self, name: str, label: str, form: Form) -> str:
        """ "Follow up NAME by" names the follow-up date of the encounter with NAME."""
        if name == "debrief" and label.startswith("Follow up ") and label.endswith(" by"):
            who = label.removeprefix("Follow up ").removesuffix(" by")
            with self.open_workbook() as wb:
                names = {p["id"]: p["name"] for p in wb.records("people")}
                for encounter in wb.records("encounters"):
                    if (
                        encounter["event"] == form.get("event")
                        and names.get(encounter["person"]) == who
                        and due_field(encounter["id"]) in form.values
                    ):
                        return due_field(encounter["id"])
        return super().field_named(name, label, form)

    def _event(self, wb: Workbook, form: Form) -> dict[str, Any]:
        event = wb.get("events", form.get("event"))
        if event is None:
            raise CaptureError("Event", "that event is no longer in your workbook")
        return event

    def save_debrief(self, wb: Workbook, form: Form) -> Answer:
        event = self._event(wb, form)
        ids = [e["id"] for e in wb.records("encounters") if e["event"] == event["id"]]
        dues: dict[str, dt.date | str | None] = {
            i: form.optional(due_field(i)) for i in ids if due_field(i) in form.values
        }
        saved = capture.save_debrief(
            wb,
            event["id"],
            date=form.optional("date"),
            dues=dues,
            debrief_id=form.optional("debrief_id"),
            today=self.today(),
            purpose_met=form.optional("purpose_met"),
            energy=form.number("energy", "Energy"),
            **{name: form.optional(name) for name in DEBRIEF_QUESTIONS},
        )
        return Answer(saved.summary, redirect=self.url("debrief", event=event["id"]))

    def save_met(self, wb: Workbook, form: Form) -> Answer:
        event = self._event(wb, form)
        today = self.today()
        due = form.optional("follow_up_by")
        if due is None:
            met_on = dt.date.fromisoformat(event["date"])
            due = (met_on + dt.timedelta(days=DEFAULT_FOLLOW_UP_DAYS)).isoformat()
        saved = capture.log_encounter(
            wb,
            form.get("who"),
            event=event["id"],
            learned=form.optional("learned"),
            needs=form.optional("needs"),
            offer=form.optional("offer"),
            follow_up=True,
            follow_up_by=due,
            today=today,
        )
        return Answer(saved.summary, redirect=self.url("debrief", event=event["id"]))
