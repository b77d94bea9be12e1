"""People (docs/capture.md): find someone by any part of what you know of them; a
person's page with everything about them in time order, and the actions from there (log,
follow up, edit, merge, delete)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import tornado.web

from workbook import capture, search
from workbook.app.handlers import AppHandler, Form
from workbook.app.saving import Answer
from workbook.app.views import common
from workbook.app.views.editor import changes, editor_fields, field_names
from workbook.errors import CaptureError
from workbook.forms.labels import (
    CHANNEL_LABELS,
    DIRECTION_LABELS,
    OPPORTUNITY_KIND_LABELS,
    TOUCH_KIND_LABELS,
)
from workbook.store import Workbook

OPPORTUNITY_KINDS = common.options(OPPORTUNITY_KIND_LABELS)


class PeoplePage(AppHandler):
    """``people?q=…``: the search box and the people it finds (recently met without a
    search)."""

    template = "people.html.j2"
    menu = "People"

    def show(self, *args: str, code: int = 200, **values: Any) -> None:
        query = self.get_query_argument("q", "").strip()
        with self.open_workbook() as wb, wb.snapshot():
            people = wb.records("people")
            found = search.search_people(wb, query) if query else _recent(wb, people)
            labels = common.labels(people)
            close = search.closest_names(people, query) if query and not found else []
        self.render_page(
            code,
            query=query,
            found=[(p, labels[p["id"]]) for p in found],
            closest=close,
            total=len(people),
            **values,
        )


def _recent(wb: Workbook, people: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The people met most recently (the list before a search)."""
    last: dict[str, str] = {}
    for encounter in wb.records("encounters"):
        if encounter["date"] > last.get(encounter["person"], ""):
            last[encounter["person"]] = encounter["date"]
    ordered = sorted(people, key=lambda p: (last.get(p["id"], ""), p["name"]), reverse=True)
    return ordered[: search.MAX_RESULTS]


@dataclass(frozen=True)
class Entry:
    """One line of a person's history."""

    date: str
    what: str  # "Encounter", "Touchpoint", "Opportunity"
    summary: str
    details: list[tuple[str, str]]
    collection: str
    record_id: str


def history(wb: Workbook, person_id: str) -> list[Entry]:
    """Everything with ``person_id`` in time order (oldest first): encounters (where,
    what I learned, their needs, my offer, follow-up), touchpoints and opportunities."""
    events = {e["id"]: e["name"] for e in wb.records("events")}
    entries = []
    for e in wb.records("encounters"):
        if e["person"] != person_id:
            continue
        where = events.get(e["event"] or "") or e["place"] or "an everyday place"
        details = [
            (label, e[key])
            for label, key in (
                ("What I learned", "learned"),
                ("Their needs", "their_needs"),
                ("My offer", "my_offer"),
                ("Follow up by", "follow_up_due"),
            )
            if e.get(key)
        ]
        entries.append(
            Entry(e["date"], "Encounter", f"met at {where}", details, "encounters", e["id"])
        )
    for t in wb.records("touchpoints"):
        if t["person"] != person_id:
            continue
        summary = (
            f"{TOUCH_KIND_LABELS[t['kind']]} · {DIRECTION_LABELS[t['direction']]} · "
            f"{CHANNEL_LABELS.get(t['channel'], t['channel'])}"
        )
        details = [("Note", t["note"])] if t.get("note") else []
        entries.append(Entry(t["date"], "Touchpoint", summary, details, "touchpoints", t["id"]))
    for o in wb.records("opportunities"):
        if o["person"] != person_id:
            continue
        details = [("Note", o["note"])] if o.get("note") else []
        summary = OPPORTUNITY_KIND_LABELS.get(o["kind"], o["kind"])
        entries.append(Entry(o["date"], "Opportunity", summary, details, "opportunities", o["id"]))
    order = {"Encounter": 0, "Touchpoint": 1, "Opportunity": 2}
    entries.sort(key=lambda x: (x.date, order[x.what], x.record_id))
    return entries


class PersonPage(AppHandler):
    """``people/<id>``: who they are, their history, and what to do next.

    ``?merge=<other id>`` and ``?delete=1`` ask before a merge or a delete (a page that
    writes nothing; the "Yes" button posts)."""

    template = "person.html.j2"
    menu = "People"
    forms = ("edit", "touch", "followed", "opportunity", "merge", "delete")
    fields: ClassVar[dict[str, dict[str, str]]] = {
        "edit": field_names("people"),
        "touch": {"Date": "date"},
        "followed": {"Date": "date"},
        "opportunity": {"Date": "date"},
        "merge": {"Merge": "other", "Same person as": "other"},
    }

    def show(self, *args: str, code: int = 200, **values: Any) -> None:
        (record_id,) = args
        with self.open_workbook() as wb, wb.snapshot():
            person = wb.get("people", record_id)
            if person is None:
                raise tornado.web.HTTPError(404, "That person is not in your workbook.")
            people = wb.records("people")
            named = common.labels(people)
            label = named[record_id]
            merge_id = self.get_query_argument("merge", "")
            same_as = self.get_query_argument("same_as", "").strip()
            candidates: list[tuple[str, str]] = []
            if same_as and not merge_id:
                matches = [p for p in capture.find_person(people, same_as) if p["id"] != record_id]
                if len(matches) == 1:
                    merge_id = matches[0]["id"]
                else:
                    close = set(search.closest_names(people, same_as))
                    shown = matches or [
                        p for p in people if named[p["id"]] in close and p["id"] != record_id
                    ]
                    candidates = [(p["id"], named[p["id"]]) for p in shown]
            other = wb.get("people", merge_id) if merge_id and merge_id != record_id else None
            merge = None
            if other is not None:
                merge = {
                    "id": other["id"],
                    "label": named[other["id"]],
                    "moves": capture.merge_consequences(wb, record_id, other["id"]),
                }
            delete = None
            if self.get_query_argument("delete", ""):
                delete = capture.delete_consequences(wb, "people", record_id) or "nothing else"
            entries = history(wb, record_id)
            fields = editor_fields(wb, "people", person)
            introducer = wb.get("people", person.get("introduced_by") or "")
        self.render_page(
            code,
            person=person,
            label=label,
            introducer=introducer,
            entries=entries,
            fields=fields,
            merge=merge,
            same_as=same_as,
            candidates=candidates,
            delete=delete,
            channels=common.QUICK_CHANNELS,
            all_channels=common.CHANNELS,
            directions=common.DIRECTIONS,
            touch_kinds=common.TOUCH_KINDS,
            opportunity_kinds=OPPORTUNITY_KINDS,
            typed=values.pop("typed", {}),
            failed=values.pop("form", None),
            **values,
        )

    def _person(self, wb: Workbook, record_id: str) -> dict[str, Any]:
        person = wb.get("people", record_id)
        if person is None:
            raise CaptureError("Person", "they are no longer in your workbook")
        return person

    def save_edit(self, wb: Workbook, form: Form, record_id: str) -> Answer:
        self._person(wb, record_id)
        saved = capture.update(
            wb, "people", record_id, changes(wb, "people", record_id, form), self.today()
        )
        return Answer(saved.summary)

    def save_touch(self, wb: Workbook, form: Form, record_id: str) -> Answer:
        person = self._person(wb, record_id)
        saved = common.log_touch_form(wb, form, person, self.today())
        return Answer(saved.summary)

    def save_followed(self, wb: Workbook, form: Form, record_id: str) -> Answer:
        person = self._person(wb, record_id)
        saved = capture.log_touch(
            wb,
            person["name"],
            person_id=record_id,
            direction="out",
            kind="follow_up",
            channel=form.get("channel") or "other",
            date=form.optional("date"),
            today=self.today(),
            create=False,
        )
        touchpoint = saved.records[-1][1]
        return Answer(saved.summary, undo=f"touchpoints:{touchpoint['id']}")

    def save_opportunity(self, wb: Workbook, form: Form, record_id: str) -> Answer:
        self._person(wb, record_id)
        saved = capture.log_opportunity(
            wb,
            record_id,
            date=form.optional("date") or self.today(),
            kind=form.get("kind") or "other",
            note=form.optional("note"),
            today=self.today(),
        )
        return Answer(saved.summary)

    def save_merge(self, wb: Workbook, form: Form, record_id: str) -> Answer:
        saved = capture.merge_people(wb, record_id, form.get("other"))
        return Answer(saved.summary, redirect=self.url(f"people/{record_id}"))

    def save_delete(self, wb: Workbook, form: Form, record_id: str) -> Answer:
        person = self._person(wb, record_id)
        saved = capture.delete(wb, "people", record_id)
        return Answer(f"{saved.summary}: {person['name']}", redirect=self.url("people"))
