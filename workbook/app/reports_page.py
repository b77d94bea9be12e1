"""Reports (docs/hub.md): the periods whose report is in the person's space, latest
first, each opening its report, with the coach's note for that period. The coach's notes
are read here for Today too, which shows the first lines of the current period's note.

The reports are those the hub writes beside the workbook (:func:`workbook.hub.reports_folder`:
``reports/<workbook stem>/<period>/report.html``). A report opens at ``reports/<period>``
as a sandboxed page: its own scripts (the charts) run, but in an origin of their own,
away from the app's cookies and forms.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import tornado.web

from workbook.app.handlers import AppHandler
from workbook.errors import WorkbookInputError
from workbook.hub import HUB_PERIOD
from workbook.periods import parse_period

if TYPE_CHECKING:
    from workbook.store import Workbook

REPORT_FILE = "report.html"
#: A period's folder name: ``2026-11``, ``2026-W44``, ``2026-Q3`` (a redacted one too).
LABEL = re.compile(r"^\d{4}-(?:\d{2}|W\d{2}|Q[1-4])(?:-redacted)?$")
#: A report is a page of its own: its inline scripts and styles run, sandboxed.
REPORT_POLICY = "; ".join(
    [
        "sandbox allow-scripts",
        "default-src 'none'",
        "script-src 'unsafe-inline' 'unsafe-eval'",
        "style-src 'unsafe-inline'",
        "img-src data:",
        "font-src data:",
    ]
)

#: The periods whose note is "the current one" on Today, first found wins: the month (the
#: hub's reports and the coach's page are monthly), else a note written for the week or
#: the quarter (``workbook note --period this-week``).
CURRENT_PERIODS = (HUB_PERIOD, "this-week", "this-quarter")
#: Today shows a note's first lines only (a phone's screen is for the reminders).
NOTE_LINES = 3
NOTE_CHARACTERS = 280


@dataclass(frozen=True)
class ReportEntry:
    label: str
    name: str  # the period as a person says it
    note: str  # the coach's note for the period ("" when none)


def _period_name(label: str) -> str:
    from workbook import words
    from workbook.periods import resolve_as_of

    try:
        return words.period_name(parse_period(label, resolve_as_of(None)))
    except WorkbookInputError:
        return label


@dataclass(frozen=True)
class NoteStart:
    """The beginning of the coach's note for the current period, as Today shows it."""

    period: str  # the period as a person says it ("December 2026")
    text: str  # the first lines, Markdown (rendered as the Reports page renders the note)
    more: bool  # whether the note goes on (the whole of it is on the Reports page)


def coach_notes(wb: Workbook) -> dict[str, str]:
    """The coach's notes by period label: what the Reports page lists and Today shows."""
    return {n["period"]: n["text"] for n in wb.records("coach_notes")}


def note_start(notes: dict[str, str], today: dt.date) -> NoteStart | None:
    """The first lines of the note for the period ``today`` is in (None: no note).

    At most :data:`NOTE_LINES` non-blank lines (a blank line between two kept: the
    Markdown's paragraphs stay) and :data:`NOTE_CHARACTERS` characters, cut after a whole
    word.
    """
    for spec in CURRENT_PERIODS:
        label = parse_period(spec, today).label
        text = notes.get(label, "").strip()
        if text:
            break
    else:
        return None
    start = _first_lines(text, NOTE_LINES)
    if len(start) > NOTE_CHARACTERS:
        start = start[:NOTE_CHARACTERS].rsplit(None, 1)[0]
    more = start != _first_lines(text, None)
    if more:
        start = start.rstrip(" ,;:.") + "…"
    return NoteStart(_period_name(label), start, more)


def _first_lines(text: str, most: int | None) -> str:
    """The first ``most`` non-blank lines of ``text`` (all with None), one blank line
    wherever the text had any between them."""
    kept: list[str] = []
    count = 0
    for line in text.splitlines():
        if not line.strip():
            if kept and kept[-1]:
                kept.append("")
            continue
        if most is not None and count == most:
            break
        kept.append(line.rstrip())
        count += 1
    return "\n".join(kept).strip("\n")


def report_entries(folder: Path, notes: dict[str, str]) -> list[ReportEntry]:
    """The periods with a report in ``folder``, latest first."""
    if not folder.is_dir():
        return []
    entries = []
    for sub in folder.iterdir():
        if not (LABEL.match(sub.name) and (sub / REPORT_FILE).is_file()):
            continue
        label = sub.name.removesuffix("-redacted")
        name = _period_name(label)
        if sub.name != label:
            name += " (redacted)"
        entries.append(ReportEntry(sub.name, name, notes.get(label, "")))
    return sorted(entries, key=lambda e: e.label, reverse=True)


class ReportsPage(AppHandler):
    template = "reports.html.j2"
    menu = "Reports"

    def show(self, *args: str, **values: Any) -> None:
        from workbook.hub import reports_folder

        with self.open_workbook() as wb:
            notes = coach_notes(wb)
        entries = report_entries(reports_folder(self.state.path), notes)
        reported = {e.label for e in entries}
        # a note for a period not reported yet (this one, usually) is shown on its own
        waiting = [
            (_period_name(p), text)
            for p, text in sorted(notes.items(), reverse=True)
            if p not in reported
        ]
        self.render_page(entries=entries, waiting=waiting, **values)


class ReportFile(AppHandler):
    """One period's report, as the person's own page (signed in, like every page)."""

    @property
    def content_security_policy(self) -> str:
        return REPORT_POLICY

    @tornado.web.authenticated
    def get(self, label: str, *args: str) -> None:
        from workbook.hub import reports_folder

        path = reports_folder(self.state.path) / label / REPORT_FILE
        if not LABEL.match(label) or not path.is_file():
            raise tornado.web.HTTPError(404, reason="No report for that period")
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(path.read_bytes())
