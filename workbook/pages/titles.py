"""Each page's menu label and its one sentence of help, in menu order (what
:data:`workbook.pages.PAGES` and every page's heading show; see ``docs/capture.md``).

Here, not in :mod:`workbook.pages`, so that a page module reads its own heading without
importing the registry that builds it."""

from __future__ import annotations

TITLES: dict[str, tuple[str, str]] = {
    "today": (
        "Today",
        "Who to follow up now, and what happened today: log who you met and each touch.",
    ),
    "plan_event": (
        "Plan an event",
        "Before you go: why you are going, what you want from it, and whom to meet.",
    ),
    "debrief": (
        "Debrief",
        "After an event: what went well, what you learned, and when to follow up each person.",
    ),
    "purpose": (
        "Purpose",
        "For a period: why you network, what you aim for, and the targets you measure.",
    ),
    "people": (
        "People",
        "Find someone; correct their details, merge two entries for one person, or delete.",
    ),
    "records": (
        "Records",
        "Every encounter, touchpoint, event and opportunity: correct or delete it here.",
    ),
}
