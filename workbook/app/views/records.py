"""Records (docs/capture.md): every encounter, touchpoint, event and opportunity, latest
first, filtered by any of their text (what I learned included); pick one to correct or
delete it. ``records?show=<collection>&id=<id>`` opens one; ``&delete=1`` asks first."""

from __future__ import annotations

from typing import Any, ClassVar

from workbook import capture
from workbook.app.handlers import AppHandler, Form
from workbook.app.saving import Answer
from workbook.app.views.editor import changes, editor_fields, field_names
from workbook.errors import CaptureError
from workbook.pages.pickers import MAX_LISTED, RECORD_KINDS, record_label
from workbook.store import Workbook


def listing(wb: Workbook, collection: str, text: str = "") -> list[tuple[str, str]]:
    """(id, label) of the records of ``collection``, latest first: those whose label or
    any of whose text (what I learned, their needs, a note, an event's answers…) contains
    ``text`` — case, accents and spacing ignored — at most :data:`MAX_LISTED`."""
    names = {p["id"]: p["name"] for p in wb.records("people")}
    events = {e["id"]: e["name"] for e in wb.records("events")}
    rows = sorted(wb.records(collection), key=lambda r: (r["date"], r["id"]), reverse=True)
    key = capture.name_key(text)
    out = []
    for row in rows:
        label = record_label(collection, row, names, events)
        if key:
            texts = [label, *(v for v in row.values() if isinstance(v, str))]
            if not any(key in capture.name_key(t) for t in texts):
                continue
        out.append((row["id"], label))
        if len(out) >= MAX_LISTED:
            break
    return out


class RecordsPage(AppHandler):
    template = "records.html.j2"
    menu = "Records"
    forms = ("edit", "delete")
    fields: ClassVar[dict[str, dict[str, str]]] = {
        "edit": {
            **{k: v for c in RECORD_KINDS for k, v in field_names(c).items()},
            "Follow up by": "follow_up_due",
        }
    }

    def _collection(self, value: str) -> str:
        return value if value in RECORD_KINDS else next(iter(RECORD_KINDS))

    def show(self, *args: str, code: int = 200, **values: Any) -> None:
        collection = self._collection(self.get_query_argument("show", ""))
        text = self.get_query_argument("filter", "")
        record_id = self.get_query_argument("id", "")
        with self.open_workbook() as wb, wb.snapshot():
            rows = listing(wb, collection, text)
            record = wb.get(collection, record_id) if record_id else None
            fields = editor_fields(wb, collection, record) if record else []
            names = {p["id"]: p["name"] for p in wb.records("people")}
            events = {e["id"]: e["name"] for e in wb.records("events")}
            label = record_label(collection, record, names, events) if record else ""
            delete = None
            if record and self.get_query_argument("delete", ""):
                delete = capture.delete_consequences(wb, collection, record_id)
        self.render_page(
            code,
            kinds=list(RECORD_KINDS.items()),
            collection=collection,
            noun=capture.noun(collection),
            filter=text,
            rows=rows,
            record=record,
            label=label,
            fields=fields,
            delete=delete,
            typed=values.pop("typed", {}),
            failed=values.pop("form", None),
            **values,
        )

    def _record(self, wb: Workbook, form: Form) -> tuple[str, str]:
        collection = form.get("collection")
        if collection not in RECORD_KINDS or wb.get(collection, form.get("id")) is None:
            raise CaptureError("Record", "it is no longer in your workbook")
        return collection, form.get("id")

    def save_edit(self, wb: Workbook, form: Form) -> Answer:
        collection, record_id = self._record(wb, form)
        saved = capture.update(
            wb, collection, record_id, changes(wb, collection, record_id, form), self.today()
        )
        return Answer(saved.summary)

    def save_delete(self, wb: Workbook, form: Form) -> Answer:
        collection, record_id = self._record(wb, form)
        saved = capture.delete(wb, collection, record_id)
        return Answer(saved.summary, redirect=self.url("records", show=collection))
