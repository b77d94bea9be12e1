"""The event-debrief walk: which event, whom you met there and where each follow-up
stands today, what you intended against what happened, and the debriefs written."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from IPython.display import HTML

from workbook import display as show
from workbook import metrics, words
from workbook.context import Context
from workbook.errors import EventNotFound as EventNotFound
from workbook.frames import Frames
from workbook.metrics.common import FOLLOWED, MISSED, NOT_PLANNED, OVERDUE, PENDING
from workbook.schema import FIGURE_LABELS
from workbook.templating import Markup, render

STATUS_LABELS = {
    FOLLOWED: "✓ followed up",
    PENDING: "◷ pending",
    OVERDUE: "✗ overdue",
    MISSED: "✗ missed",
    NOT_PLANNED: "– not planned",
}


def _events_by_date(frames: Frames, as_of: dt.date) -> pd.DataFrame:
    events = frames.events
    dated = events[events["date"] <= pd.Timestamp(as_of)]
    return dated.sort_values(["date", "id"], kind="stable")


def latest_event(frames: Frames, as_of: dt.date) -> str | None:
    """The id of the latest event dated on or before A (ties: the greatest id)."""
    events = _events_by_date(frames, as_of)
    return None if events.empty else str(events.iloc[-1]["id"])


def resolve_event(ctx: Context, event: str | None = None) -> str | None:
    """The event a debrief is about: ``event`` if given (it must exist and be dated on or
    before A), else the latest event dated on or before A; None when there is none."""
    if not event:
        return latest_event(ctx.frames, ctx.as_of)
    events = ctx.frames.events
    match = events[events["id"] == event]
    if match.empty:
        recent = list(_events_by_date(ctx.frames, ctx.as_of)["id"].iloc[::-1][:5])
        hint = f"; the latest are: {', '.join(recent)}" if recent else "; it has no events yet"
        raise EventNotFound(f"event {event!r}: no such event in {ctx.workbook.name}{hint}")
    day = match.iloc[0]["date"].date()
    if day > ctx.as_of:
        raise EventNotFound(
            f"event {event!r} is dated {day}, after the as-of date "
            f"{ctx.as_of}: nothing after it counts"
        )
    return event


def event_record(frames: Frames, event_id: str) -> pd.Series:
    events = frames.events
    return events[events["id"] == event_id].iloc[0]


def _status_of(row: Any, window: int) -> tuple[str, str]:
    """One encounter's follow-up status today and a few words of detail, written to follow
    the status's label ("✓ followed up" + " on day 2")."""
    days = None if pd.isna(row.days) else int(row.days)
    when = "the same day" if days == 0 else f"on day {days}"
    if not row.follow_up_planned:
        return NOT_PLANNED, (f"(followed up {when})" if days is not None else "")
    if row.status == metrics.FOLLOWED:
        return FOLLOWED, when
    if row.overdue:
        return OVERDUE, f"— was due {words.day(row.due)}"
    if row.status == metrics.PENDING:
        return PENDING, f"— due {words.day(row.due)}"
    if days is not None:
        return MISSED, f"— followed up late, {when}"
    return MISSED, f"— the {window}-day window closed; due {words.day(row.due)}"


def event_people(
    frames: Frames, event_id: str, as_of: dt.date, window: int = metrics.DEFAULT_WINDOW
) -> pd.DataFrame:
    """Each encounter at the event (dated <= A), with what was learned, WIIFT, and the
    follow-up status today.

    ``status`` is one of ``followed`` (an ``out`` touchpoint within the window),
    ``overdue`` (no follow-up and the due date has passed), ``pending`` (the window is
    still open), ``missed`` (the window closed: followed up late, or not yet due because
    a later due date was set) or ``not planned`` — from :func:`metrics.follow_up_details`.
    Columns: ``encounter``, ``person``, ``name``, ``organisation``, ``learned``,
    ``their_needs``, ``my_offer``, ``status``, ``detail``; in order of meeting, then name.
    """
    details = metrics.follow_up_details(frames, None, None, as_of, window)
    details = details[details["event"] == event_id]
    people = frames.people.set_index("id")
    encounters = frames.encounters.set_index("id")
    statuses = [_status_of(row, window) for row in details.itertuples(index=False)]
    out = pd.DataFrame(
        {
            "encounter": details["id"].to_numpy(),
            "person": details["person"].to_numpy(),
            "name": details["name"].to_numpy(),
            "organisation": [people["organisation"].get(p) for p in details["person"]],
            "learned": [encounters["learned"].get(e) for e in details["id"]],
            "their_needs": [encounters["their_needs"].get(e) for e in details["id"]],
            "my_offer": [encounters["my_offer"].get(e) for e in details["id"]],
            "status": [s for s, _ in statuses],
            "detail": [d for _, d in statuses],
        }
    )
    return out.reset_index(drop=True)


def event_outcome(
    frames: Frames, event_id: str, as_of: dt.date, window: int = metrics.DEFAULT_WINDOW
) -> dict[str, Any]:
    """People met at the event vs ``target_people``, and how many are in each status."""
    people = event_people(frames, event_id, as_of, window)
    target = event_record(frames, event_id)["target_people"]
    counts = people["status"].value_counts()
    met = int(people["person"].nunique())
    target = None if pd.isna(target) else int(target)
    return {
        "met": met,
        "target_people": target,
        "pct": None if not target else met / target,
        **{
            status: int(counts.get(status, 0))
            for status in (FOLLOWED, PENDING, OVERDUE, MISSED, NOT_PLANNED)
        },
    }


def event_outcome_sentence(outcome: dict[str, Any]) -> str:
    """ "You aimed to meet 5 people and met 4 (80%); 2 have heard from you, …"."""
    met, target = outcome["met"], outcome["target_people"]
    people = words.count(met, "person", "people")
    if target is None:
        first = (
            f"You met {people}; you set no target for this event — next time, decide "
            "before you go how many people you want to meet"
        )
    elif met >= target:
        first = (
            f"You aimed to meet {words.count(target, 'person', 'people')} and met {met} "
            f"({words.pct(outcome['pct'])})"
        )
    else:
        first = (
            f"You aimed to meet {words.count(target, 'person', 'people')} and met {met} "
            f"({words.pct(outcome['pct'])}): {target - met} short"
        )
    if not met:
        return first + "."
    parts = [f"{outcome[FOLLOWED]} followed up in time"]
    if outcome[PENDING]:
        parts.append(f"{outcome[PENDING]} still in their window")
    if outcome[OVERDUE]:
        parts.append(f"{outcome[OVERDUE]} overdue")
    if outcome[MISSED]:
        parts.append(f"{outcome[MISSED]} missed the window")
    return f"{first}. Follow-up today: {', '.join(parts)}."


def _no_event() -> HTML:
    return show.note(
        "There is no event in this workbook yet (on or before the as-of date). "
        "Log an event and the people you met there, then come back to debrief it."
    )


def event_title(ctx: Context, event_id: str | None) -> HTML:
    """The event debriefed (the page header carries the notebook's title): its name, then
    its kind, date and place, and the as-of date."""
    if event_id is None:
        return _title(owner=ctx.owner, facts=f"as of {words.day(ctx.as_of)}")
    event = event_record(ctx.frames, event_id)
    kind = str(event["kind"] or "other").replace("_", " ")
    facts = [kind.capitalize(), words.day(event["date"])]
    if isinstance(event["location"], str) and event["location"].strip():
        facts.append(event["location"])
    facts.append(f"as of {words.day(ctx.as_of)}")
    return _title(name=str(event["name"]), facts=" · ".join(facts))


def _title(facts: str, name: str | None = None, owner: str | None = None) -> HTML:
    return HTML(
        render(
            "event_title.html.j2",
            lab_css=Markup(show.lab_css()),
            event=name,
            owner=owner,
            facts=facts,
        )
    )


def event_purpose(ctx: Context, event_id: str | None) -> HTML:
    """Why you went and what you intended, against what happened."""
    if event_id is None:
        return _no_event()
    event = event_record(ctx.frames, event_id)
    outcome = event_outcome(ctx.frames, event_id, ctx.as_of, ctx.window)
    listed = _written(
        [
            ("Why I went", event["purpose"]),
            ("The outcome I intended", event["intended_outcome"]),
            ("How I meant to follow up", event["follow_up_plan"]),
            ("Where I thought the unseen opportunity might be", event["opportunity_note"]),
        ]
    )
    intent = (
        render("purposes.html.j2", purposes=[{"span": None, "items": listed}])
        if listed
        else show.note(
            "You didn't write down a purpose for this event. Before the next one, answer two "
            "questions: why am I going, and what do I want to come of it?"
        ).data
    )
    target = outcome["target_people"]
    figures = show.kpis(
        [
            (
                "People met",
                outcome["met"],
                f"target {target}" if target is not None else "no target set",
            ),
            ("Followed up", outcome[FOLLOWED], f"within {ctx.window} days"),
            (FIGURE_LABELS["pending"], outcome[PENDING], "window not closed yet"),
            ("Overdue", outcome[OVERDUE], "reach out today"),
        ]
    ).data
    return HTML(intent + figures + show.prose(event_outcome_sentence(outcome)).data)


def people_met_table(ctx: Context, event_id: str | None) -> HTML:
    """Each person met: what you learned, their needs and your offer, follow-up today."""
    if event_id is None:
        return _no_event()
    people = event_people(ctx.frames, event_id, ctx.as_of, ctx.window)
    who = [
        f"{name} ({org})" if isinstance(org, str) and org.strip() else name
        for name, org in zip(people["name"], people["organisation"], strict=True)
    ]
    shown = pd.DataFrame(
        {
            "Who": who,
            # second, so that it shows on a phone without scrolling the table
            "Follow-up today": [
                f"{STATUS_LABELS[s]} {d}".strip()
                for s, d in zip(people["status"], people["detail"], strict=True)
            ],
            "What you learned": people["learned"],
            "Their needs": people["their_needs"],
            "What you can offer": people["my_offer"],
        }
    )
    return show.table(
        shown, max_rows=40, max_chars=200, empty="You logged nobody you met at this event."
    )


def event_debriefs(ctx: Context, event_id: str | None) -> HTML:
    """Debriefs already written for the event (dated on or before A)."""
    if event_id is None:
        return _no_event()
    d = ctx.frames.debriefs
    d = d[(d["event"] == event_id) & (d["date"] <= pd.Timestamp(ctx.as_of))]
    if d.empty:
        return show.note(
            "You haven't debriefed this event yet. Use the debrief form at the "
            "end of this notebook while it is fresh."
        )
    met = {"yes": "yes", "partly": "partly", "no": "no"}
    blocks = []
    for row in d.sort_values(["date", "id"]).to_dict("records"):
        energy = row["energy"]
        items = [
            ("Was the purpose met?", met.get(str(row["purpose_met"]))),
            ("Highlights", row["highlights"]),
            ("What I learned", row["learned"]),
            ("What's in it for them", row["wiift"]),
            ("Next steps", row["next_steps"]),
            ("Energy (1–5)", None if pd.isna(energy) else str(int(energy))),
        ]
        blocks.append({"span": f"Debriefed {words.day(row['date'])}", "items": _written(items)})
    return HTML(render("purposes.html.j2", purposes=blocks))


def _written(items: list[tuple[str, object]]) -> list[tuple[str, str]]:
    """The (label, text) pairs whose text the person actually wrote."""
    return [(label, text) for label, text in items if isinstance(text, str) and text.strip()]


def recent_events(ctx: Context, max_rows: int = 8) -> HTML:
    """The latest events (on or before A): whom you met there and whether you debriefed."""
    events = _events_by_date(ctx.frames, ctx.as_of).iloc[::-1]
    enc = ctx.frames.encounters
    enc = enc[enc["date"] <= pd.Timestamp(ctx.as_of)]
    met = enc.groupby("event")["person"].nunique()
    debriefed = set(
        ctx.frames.debriefs.loc[ctx.frames.debriefs["date"] <= pd.Timestamp(ctx.as_of), "event"]
    )
    shown = pd.DataFrame(
        {
            "Date": [words.day(d) for d in events["date"]],
            "Event": events["name"],
            "Kind": [str(k).replace("_", " ") for k in events["kind"]],
            "Id": events["id"],
            "People met": [int(met.get(e, 0)) for e in events["id"]],
            "Debriefed": ["yes" if e in debriefed else "not yet" for e in events["id"]],
        }
    )
    return show.table(shown, max_rows=max_rows, empty="No events yet.")
