"""The follow-up board shown under the log forms: who to follow up next, who was met."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
from IPython.display import HTML

from workbook.forms.fields import element
from workbook.periods import DEFAULT_WINDOW
from workbook.store import Workbook


def _relative(days: int) -> str:
    if days > 0:
        return f"{days} day{'s' if days != 1 else ''} overdue"
    if days == 0:
        return "due today"
    return f"in {-days} day{'s' if days != -1 else ''}"


def follow_up_board(
    path: str | Path, as_of: dt.date, window: int = DEFAULT_WINDOW, max_rows: int = 10
) -> HTML:
    """Who to follow up next, and whom you met most recently — escaped HTML tables.

    "Follow up next": encounters with a follow-up planned and no outgoing touchpoint with
    that person since (see ``docs/metrics.md``), the earliest due first. Due is ``follow_up_due`` if
    set, else the meeting date + ``window`` days.
    """
    from workbook import display as show_
    from workbook import metrics

    with Workbook.open(path) as wb:
        frames = wb.frames()
    details = metrics.follow_up_details(frames, None, None, as_of, window)
    todo = details[details["follow_up_planned"].astype(bool) & details["first_out"].isna()]
    todo = todo.sort_values(["due", "date", "id"], kind="stable")
    a = pd.Timestamp(as_of)
    next_up = pd.DataFrame(
        {
            "Who": todo["name"],
            "Met": todo["date"],
            "Where": todo["where"],
            "Follow up by": todo["due"],
            "When": [_relative((a - due).days) for due in todo["due"]],
        }
    )
    recent = details.sort_values(["date", "id"], ascending=[False, False], kind="stable")
    met = pd.DataFrame(
        {
            "Who": recent["name"],
            "Met": recent["date"],
            "Where": recent["where"],
            "Card": recent["card_exchanged"].astype(bool),
            "Followed up": recent["first_out"].notna(),
        }
    )
    parts = [
        element("h4", "Waiting for your follow-up"),
        show_.table(
            next_up, max_rows=max_rows, empty="Nobody waiting: every planned follow-up is done."
        ).data,
        element("h4", "Recently met"),
        show_.table(met, max_rows=max_rows, empty="Nobody logged yet.").data,
    ]
    return HTML("".join(parts))
