"""The coach's words: a note for a period, shown near the top of that period's report.

``workbook note --period 2026-10 --text "..."`` stores one note per period label (writing
again replaces it). The note is Markdown; the report renders it with markdown-it-py with
raw HTML turned off (so markup a coach or anyone else types shows as text), no images (a
report loads nothing from the network) and only ``http``, ``https`` and ``mailto`` links.
A note may carry homework: suggested targets for the next period, shown in the report's
"next period" section. See ``docs/cli.md``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

from workbook.errors import WorkbookInputError
from workbook.files import size_text
from workbook.limits import MAX_NOTE_BYTES, decimal_number
from workbook.periods import Period, parse_period, today
from workbook.schema import RATE_TARGETS, TARGET_METRICS

COLLECTION = "coach_notes"
LINK_SCHEMES = ("http://", "https://", "mailto:")


def _safe_link(url: str) -> bool:
    return url.strip().lower().startswith(LINK_SCHEMES)


def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable(["image", "html_block", "html_inline"])
    md.validateLink = _safe_link  # type: ignore[method-assign]  # others stay plain text
    md.core.ruler.push("link_rel", _no_opener)
    return md


def _no_opener(state: StateCore) -> None:
    """Links open outside the report without handing it to the page they open."""
    for token in state.tokens:
        for child in token.children or ():
            if child.type == "link_open":
                child.attrs = {"rel": "noopener noreferrer", **child.attrs}


_MD = _markdown()


def render_markdown(text: str) -> str:
    """A note's Markdown as HTML: every tag typed in it escaped, only safe links kept."""
    return _MD.render(str(text))


def target_value(metric: str, typed: str | float) -> int | float:
    """A suggested target as it is stored: counts are whole numbers."""
    if metric not in TARGET_METRICS:
        raise WorkbookInputError(
            f"--target {metric!r}: not a metric a target can be set for "
            f"(known: {', '.join(TARGET_METRICS)})"
        )
    value = decimal_number(typed)
    if value is None:
        raise WorkbookInputError(
            f"--target {metric} {str(typed)[:20]!r} is not a number (like 12 or 0.8)"
        )
    if metric in RATE_TARGETS:  # a fraction and a number of days: not whole counts
        return float(value)
    if not float(value).is_integer():
        raise WorkbookInputError(f"--target {metric} {value:g}: a count must be a whole number")
    return int(value)


def parse_targets(
    pairs: list[tuple[str, str | float]] | tuple[tuple[str, str | float], ...],
) -> dict[str, Any]:
    """``--target NAME VALUE`` pairs as a targets dict (names checked, counts whole)."""
    return {metric: target_value(metric, value) for metric, value in pairs}


@dataclass(frozen=True)
class SavedNote:
    period: Period
    note_id: str
    replaced: bool

    def describe(self, path: Path) -> str:
        verb = "replaced" if self.replaced else "saved"
        return f"{verb} the coach's note for {self.period.label} in {path}"


def save_note(
    path: str | Path,
    period: str,
    text: str,
    targets: dict[str, Any] | None = None,
    as_of: dt.date | None = None,
) -> SavedNote:
    """Store the note for ``period`` (resolved against ``as_of``, default today)."""
    from workbook.store import ID_PREFIXES, Workbook

    resolved = parse_period(period, as_of or today())
    if not str(text).strip():
        raise WorkbookInputError("the note is empty: give --text or a --file with some words")
    if len(str(text).encode("utf-8")) > MAX_NOTE_BYTES:
        raise WorkbookInputError(
            f"the note is larger than {size_text(MAX_NOTE_BYTES)}; "
            "a coach's note is a page or two of Markdown"
        )
    with Workbook.open(path) as workbook, workbook.transaction():
        same = workbook.referring(COLLECTION, "period", resolved.label)
        note_id = same[0] if same else workbook.next_id(COLLECTION, ID_PREFIXES[COLLECTION])
        workbook.put(
            COLLECTION,
            {"id": note_id, "period": resolved.label, "text": text, "targets": targets or {}},
        )
    return SavedNote(resolved, note_id, replaced=bool(same))
