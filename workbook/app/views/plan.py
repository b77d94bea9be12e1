"""Plan an event (docs/capture.md): name, date, kind, place, and the five questions before
going, with the number of people to meet as a number. ``plan?event=<id>`` corrects one."""

from __future__ import annotations

from typing import Any, ClassVar

from workbook import capture
from workbook.app.handlers import AppHandler, Form
from workbook.app.saving import Answer
from workbook.app.views import common
from workbook.errors import CaptureError
from workbook.schema import FIELDS
from workbook.store import Workbook

#: The questions, worded once (:data:`workbook.capture.EVENT_QUESTIONS`), in order.
QUESTIONS = [
    (name, question, example)
    for name, (question, example) in capture.EVENT_QUESTIONS.items()
    if name != "target_people"
]
TARGET_PEOPLE_LABEL = capture.EVENT_QUESTIONS["target_people"][0]


class PlanPage(AppHandler):
    template = "plan.html.j2"
    menu = "Plan an event"
    forms = ("event",)
    fields: ClassVar[dict[str, dict[str, str]]] = {
        "event": {
            "Name": "name",
            "Event name": "name",
            "Date": "date",
            "Kind": "kind",
            "People to meet": "target_people",
            TARGET_PEOPLE_LABEL: "target_people",
            "Event": "name",
        }
    }

    def show(self, *args: str, code: int = 200, **values: Any) -> None:
        today = self.today()
        event_id = self.get_query_argument("event", "")
        with self.open_workbook() as wb:
            event = wb.get("events", event_id) if event_id else None
            coming = sorted(
                (e for e in wb.records("events") if e["date"] >= today.isoformat()),
                key=lambda e: (e["date"], e["id"]),
            )
        self.render_page(
            code,
            event=event or dict.fromkeys(FIELDS["events"]),
            coming=coming,
            kinds=common.EVENT_KINDS,
            questions=QUESTIONS,
            target_label=TARGET_PEOPLE_LABEL,
            typed=values.pop("typed", {}),
            failed=values.pop("form", None),
            **values,
        )

    def save_event(self, wb: Workbook, form: Form) -> Answer:
        target = form.number("target_people", "People to meet")
        event_id = form.optional("event_id")
        if event_id is not None and wb.get("events", event_id) is None:
            raise CaptureError("Event", "that event is no longer in your workbook")
        saved = capture.plan_event(
            wb,
            name=form.get("name"),
            date=form.optional("date"),
            kind=form.get("kind") or "other",
            location=form.optional("location"),
            target_people=target,
            event_id=event_id,
            today=self.today(),
            **{name: form.optional(name) for name, _q, _e in QUESTIONS},
        )
        event = saved.records[0][1]
        return Answer(saved.summary, redirect=self.url("plan", event=event["id"]))
