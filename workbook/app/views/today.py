"""Today (docs/capture.md): the first lines of the coach's note for this period (docs/hub.md),
the reminders due (done / snooze / undo), then log an encounter and a touchpoint."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from workbook import capture, reminders
from workbook.app.handlers import AppHandler, Form
from workbook.app.reports_page import coach_notes, note_start
from workbook.app.saving import Answer
from workbook.app.views import common
from workbook.errors import CaptureError
from workbook.forms.labels import DEFAULT_FOLLOW_UP_DAYS
from workbook.search import known_person
from workbook.store import Workbook

#: How the snooze choice is offered: the fixed lengths, then "the date below".
UNTIL_DATE = "until"
SNOOZE_CHOICES = [*((k, k) for k in reminders.SNOOZE_DAYS), (UNTIL_DATE, "until the date below")]
#: Reminders listed at once (most overdue first); ``?all=1`` lists every one. The page
#: stays light on a phone however far behind one is.
REMINDERS_SHOWN = 12


class TodayPage(AppHandler):
    template = "today.html.j2"
    menu = "Today"
    forms = ("encounter", "touchpoint", "done", "snooze", "undo")
    fields: ClassVar[dict[str, dict[str, str]]] = {
        "encounter": {
            "Who": "who",
            "Event": "event",
            "Place": "place",
            "Date": "date",
            "Follow up by": "follow_up_by",
            "Quality": "quality",
            "Organisation": "organisation",
            "E-mail": "email",
        },
        "touchpoint": {"Who": "who", "Person": "who", "Date": "date"},
        "done": {"Date": "date"},
        "snooze": {"Snooze": "until"},
    }

    def show(self, *args: str, code: int = 200, **values: Any) -> None:
        today = self.today()
        with self.open_workbook() as wb, wb.snapshot():
            due = reminders.reminders(wb.frames(), today, wb.snoozes())
            names = common.people_names(wb)
            events = common.recent_events(wb, today)
            notes = coach_notes(wb)
        everything = bool(self.get_query_argument("all", ""))
        shown = due if everything else due[:REMINDERS_SHOWN]
        self.render_page(
            code,
            coach_note=note_start(notes, today),
            reminders=shown,
            more=len(due) - len(shown),
            people_names=names,
            events=events,
            channels=common.QUICK_CHANNELS,
            all_channels=common.CHANNELS,
            directions=common.DIRECTIONS,
            touch_kinds=common.TOUCH_KINDS,
            qualities=common.QUALITIES,
            snooze_choices=SNOOZE_CHOICES,
            who=self.get_query_argument("who", ""),  # from a person's page
            follow_up_days=DEFAULT_FOLLOW_UP_DAYS,
            typed=values.pop("typed", {}),
            failed=values.pop("form", None),
            **values,
        )

    # -- the forms ---------------------------------------------------------------------
    def save_encounter(self, wb: Workbook, form: Form) -> Answer:
        today = self.today()
        follow_up = form.checked("follow_up")
        due = form.optional("follow_up_by")
        if follow_up and due is None:
            day = capture.check_date(form.optional("date") or today, "Date", today)
            assert day is not None
            due = (day + dt.timedelta(days=DEFAULT_FOLLOW_UP_DAYS)).isoformat()
        quality = form.number("quality", "Quality")
        saved = capture.log_encounter(
            wb,
            form.get("who"),
            date=form.optional("date"),
            event=form.optional("event"),
            place=form.optional("place"),
            learned=form.optional("learned"),
            needs=form.optional("needs"),
            offer=form.optional("offer"),
            card=form.checked("card"),
            follow_up=follow_up,
            follow_up_by=due,
            quality=quality,
            organisation=form.optional("organisation"),
            email=form.optional("email"),
            today=today,
        )
        return Answer(saved.summary)

    def save_touchpoint(self, wb: Workbook, form: Form) -> Answer:
        person = known_person(wb, form.get("who"), "Person")
        saved = common.log_touch_form(wb, form, person, self.today())
        return Answer(saved.summary)

    def save_done(self, wb: Workbook, form: Form) -> Answer:
        today = self.today()
        what, person = _reminder(wb, form.get("reminder"))
        day = capture.check_date(form.optional("date") or today, "Date", today)
        met = _met(wb, form.get("reminder"))
        if day is not None and met is not None and day.isoformat() < met:
            raise CaptureError("Date", f"{day.isoformat()} is before you met ({met})")
        saved = capture.log_touch(
            wb,
            person["name"],
            person_id=person["id"],
            direction="out",
            kind=reminders.DONE_KINDS[what],
            channel=form.get("channel") or "other",
            date=form.optional("date") or today,
            today=today,
            create=False,
        )
        touchpoint = saved.records[-1][1]
        return Answer(saved.summary, undo=f"touchpoints:{touchpoint['id']}")

    def save_snooze(self, wb: Workbook, form: Form) -> Answer:
        today = self.today()
        key = form.get("reminder")
        _what, person = _reminder(wb, key)
        choice = form.get("snooze")
        chosen = capture.check_date(form.optional("until"), "Snooze", today, required=False)
        if chosen is not None or choice not in reminders.SNOOZE_DAYS:  # a date typed wins
            if chosen is None:
                raise CaptureError("Snooze", "choose the date it comes back")
            if chosen <= today:
                raise CaptureError("Snooze", "choose a date after today")
            choice = UNTIL_DATE
        until = reminders.snooze_until(choice, today, chosen)
        wb.set_snooze(key, until.isoformat())
        return Answer(f"{person['name']} snoozed until {until.isoformat()}", undo=f"snooze:{key}")

    def save_undo(self, wb: Workbook, form: Form) -> Answer:
        kind, _, target = form.get("undo").partition(":")
        if kind == "touchpoints":
            record = wb.get("touchpoints", target)
            if record is None:
                raise CaptureError("Undo", "that touchpoint is no longer in your workbook")
            capture.delete(wb, "touchpoints", target)
            return Answer(f"undone: the touchpoint of {record['date']} is deleted")
        if kind == "snooze":
            wb.set_snooze(target, None)
            return Answer("undone: the reminder is back")
        raise CaptureError("Undo", "there is nothing to undo")


def _met(wb: Workbook, key: str) -> str | None:
    """The day of a follow-up's encounter (a follow-up done before it would not count)."""
    kind, _, target = key.partition(":")
    encounter = wb.get("encounters", target) if kind == "follow-up" else None
    return encounter["date"] if encounter else None


def _reminder(wb: Workbook, key: str) -> tuple[str, dict[str, Any]]:
    """What a reminder key names: (FOLLOW_UP or CHECK_IN, the person)."""
    kind, _, target = key.partition(":")
    person = None
    if kind == "follow-up":
        encounter = wb.get("encounters", target)
        person = wb.get("people", encounter["person"]) if encounter else None
        what = reminders.FOLLOW_UP
    elif kind == "check-in":
        person = wb.get("people", target)
        what = reminders.CHECK_IN
    if person is None:
        raise CaptureError("Reminder", "that reminder is no longer in your workbook")
    return what, person
