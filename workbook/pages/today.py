"""The Today page: the follow-ups due now (one tap each), then log an encounter, then a
touchpoint. Overdue and due come from :mod:`workbook.metrics`; writing from
:mod:`workbook.capture`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pandas as pd

from workbook import capture, forms, metrics, periods
from workbook.forms.fields import element, message
from workbook.forms.labels import CHANNEL_LABELS, STYLE
from workbook.metrics.common import DEFAULT_WINDOW
from workbook.pages.common import page
from workbook.pages.titles import TITLES
from workbook.store import Workbook
from workbook.templating import render


def due_follow_ups(
    path: Path, today: dt.date, window: int = DEFAULT_WINDOW
) -> list[dict[str, Any]]:
    """The follow-ups due today or overdue, most overdue first: each encounter's id, the
    person's name and id, when and where you met, the due date, the days overdue (0: due
    today), what you learned and their needs.

    "Overdue" and "due" are the metrics' own columns; due today is an open follow-up
    (planned, no outgoing touchpoint since) whose due date is today.
    """
    with Workbook.open(path) as wb:
        frames = wb.frames()
    details = metrics.follow_up_details(frames, None, None, today, window)
    day = pd.Timestamp(today)
    open_ = details["follow_up_planned"].astype(bool) & details["first_out"].isna()
    due = details[details["overdue"] | (open_ & (details["due"] == day))]
    notes = frames.encounters.set_index("id")[["learned", "their_needs"]]
    rows = []
    for row in due.to_dict("records"):
        due_day = pd.Timestamp(row["due"])
        rows.append(
            {
                "encounter": row["id"],
                "person": row["person"],
                "name": row["name"],
                "met": pd.Timestamp(row["date"]).date(),
                "where": row["where"],
                "due": due_day.date(),
                "days_overdue": int((day - due_day).days),
                "learned": notes.at[row["id"], "learned"],
                "their_needs": notes.at[row["id"], "their_needs"],
            }
        )
    rows.sort(key=lambda r: (-r["days_overdue"], r["met"], r["name"], r["encounter"]))
    return rows


def _when(days: int) -> str:
    if days <= 0:
        return "due today"
    return f"{days} day{'s' if days != 1 else ''} overdue"


class FollowUps:
    """The list of follow-ups due, each with a one-tap "I followed up" (an outgoing
    follow-up touchpoint today, by the channel chosen beside it)."""

    def __init__(self, path: Path, today: dt.date | None = None) -> None:
        self.path = path
        self.today = today or periods.today()
        self.message = widgets.HTML("")
        self.list = widgets.VBox([])
        self.widget = widgets.VBox(
            [
                widgets.HTML(element("h3", "Follow up now", cls="nop-section")),
                self.message,
                self.list,
            ]
        )
        self.widget.add_class("nop-follow-ups")
        self.buttons: dict[str, widgets.Button] = {}
        self.channels: dict[str, widgets.Dropdown] = {}
        self._callbacks: list[Callable[[], Any]] = []
        self.refresh()

    def on_saved(self, callback: Callable[[], Any]) -> None:
        self._callbacks.append(callback)

    def refresh(self, _records: Any = None) -> None:
        self.rows = due_follow_ups(self.path, self.today)
        self.buttons, self.channels = {}, {}
        items: list[widgets.Widget] = []
        for row in self.rows:
            notes = [
                (label, row[key])
                for label, key in (("What you learned", "learned"), ("Their needs", "their_needs"))
                if row[key]
            ]
            said = render(
                "follow_up_item.html.j2",
                person=row["name"],
                when=_when(row["days_overdue"]),
                met=row["met"].isoformat(),
                where=str(row["where"]) if row["where"] else "",
                notes=notes,
            )
            channel = widgets.Dropdown(
                description="How",
                options=[(CHANNEL_LABELS[c], c) for c in capture.QUICK_FOLLOW_UP_CHANNELS],
                value=capture.QUICK_FOLLOW_UP_CHANNELS[0],
                style=STYLE,
                layout=widgets.Layout(width="auto"),
            )
            button = widgets.Button(
                description="I followed up",
                icon="check",
                tooltip=f"Record that you followed up {row['name']} today",
                layout=widgets.Layout(width="auto"),
            )
            button.add_class("nop-followed-up")
            button.on_click(lambda _b, encounter=row["encounter"]: self.followed_up(encounter))
            self.buttons[row["encounter"]] = button
            self.channels[row["encounter"]] = channel
            item = widgets.VBox(
                [
                    widgets.HTML(said),
                    widgets.HBox(
                        [channel, button],
                        layout=widgets.Layout(flex_flow="row wrap", grid_gap="4px 8px"),
                    ),
                ],
                layout=widgets.Layout(border_bottom="1px solid #ddd", padding="4px 0"),
            )
            item.add_class("nop-follow-up")
            items.append(item)
        if not items:
            items.append(
                widgets.HTML(element("p", "Nobody to follow up today: you are up to date."))
            )
        self.list.children = items

    def followed_up(self, encounter: str) -> None:
        """The tap: an outgoing follow-up today; the list refreshes."""
        channel = self.channels[encounter].value
        try:
            with capture.writing(self.path) as wb:
                saved = capture.followed_up(wb, encounter, channel, self.today)
        except capture.CaptureError as error:
            self.message.value = message(False, str(error))
            return
        except Exception as error:  # never a silent failure behind a button
            self.message.value = message(False, f"{type(error).__name__}: {error}")
            return
        self.message.value = message(True, f"Saved {saved.summary}")
        self.refresh()
        from workbook.forms.base import AFTER_ANY_SAVE

        for callback in [*self._callbacks, *AFTER_ANY_SAVE]:
            callback()


def build(path: Path) -> widgets.Widget:
    title, help_text = TITLES["today"]

    def body(p: Path) -> list[widgets.Widget]:
        follow_ups = FollowUps(p)
        encounter = forms.EncounterForm(p)
        touchpoint = forms.TouchpointForm(p)
        forms.link(encounter, touchpoint)
        encounter.on_saved(follow_ups.refresh)
        touchpoint.on_saved(follow_ups.refresh)
        follow_ups.on_saved(touchpoint.refresh)
        return [follow_ups.widget, encounter.widget, touchpoint.widget]

    return page(path, title, help_text, body)
