"""The start-here page: which workbook is in use, what it holds, and the next step."""

from __future__ import annotations

import pandas as pd
from IPython.display import HTML

from workbook import display as show
from workbook import locations, metrics, words
from workbook.context import Context
from workbook.walks.debrief import event_record, latest_event


def _showing_the_demo(ctx: Context) -> bool:
    """Whether the notebooks fell back to the demo because there is no workbook of one's own."""
    demo = locations.PROJECT_ROOT / locations.DEMO_WORKBOOK
    mine = locations.notebook_workbook(None)
    return not mine.is_file() and ctx.workbook.resolve() == demo.resolve()


def workbook_status(ctx: Context) -> HTML:
    """Which workbook the notebooks are using, what it holds, and the next step to take."""
    f = ctx.frames
    day = pd.Timestamp(ctx.as_of)
    counts = show.kpis(
        [
            ("People", len(f.people), None),
            ("Encounters", int((f.encounters["date"] <= day).sum()), None),
            ("Events", int((f.events["date"] <= day).sum()), None),
            ("Purposes set", int((f.purposes["start"] <= day).sum()), None),
        ]
    ).data
    where = show.prose(
        f"You are using the workbook “{ctx.workbook.name}” of {ctx.owner}, "
        f"as of {words.day(ctx.as_of)}."
    ).data
    current = f.purposes[(f.purposes["start"] <= day) & (f.purposes["end"] >= day)]
    steps = []
    if _showing_the_demo(ctx):
        steps.append(
            "These are the demo workbook's made-up figures: the forms never write to it. "
            f"Start your own with “Start my workbook” below, or `{locations.init_command()}` "
            "in a terminal."
        )
    if current.empty:
        steps.append("No purpose covers today: start with purpose setting.")
    event_id = latest_event(f, ctx.as_of)
    if event_id is not None and not (f.debriefs["event"] == event_id).any():
        name = event_record(f, event_id)["name"]
        steps.append(f"Your latest event, {name}, is not debriefed yet: open the event debrief.")
    overdue = int(metrics.follow_up_details(f, None, None, ctx.as_of, ctx.window)["overdue"].sum())
    if overdue:
        steps.append(
            f"{words.count(overdue, 'follow-up is', 'follow-ups are')} overdue: open the "
            "follow-up analysis for the list."
        )
    if f.encounters.empty:
        steps.append("Nobody logged yet: log the next person you meet, wherever it is.")
    return HTML(
        show.lab_css()
        + where
        + counts
        + show.bullets(steps, empty="You are up to date: keep logging as you go.").data
    )
