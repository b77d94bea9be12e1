"""The reflection walks of SPEC §7: purpose setting, event debrief, follow-up analysis.

Like :mod:`workbook.sections`, every function here takes the notebook's
:class:`~workbook.sections.Context` and returns something to display — escaped HTML from
:mod:`workbook.display` or a plotly figure — or is a pure helper (a number, a sentence, a
DataFrame) that the display functions use and the tests check. Every number comes from
:mod:`workbook.metrics`; where a report section already does the job it is called, not
copied.

The sentences speak to the person reflecting ("You followed up 7 of 9 people met at
events …"). Rates count only closed windows (followed + missed, SPEC §4.2): a follow-up
whose window is still open is neither a success nor a failure yet.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from html import escape
from typing import Any

import pandas as pd
from IPython.display import HTML

from workbook import display as show
from workbook import metrics, sections
from workbook.errors import WorkbookInputError
from workbook.frames import Frames
from workbook.periods import Period, month
from workbook.sections import METRIC_LABELS, Context

AVERAGE_MONTH_DAYS = 365.25 / 12
STRETCH = 1.25  # a stretch target: a quarter more than your own recent average
RATE_STEP = 0.10  # suggested follow-up rate: your recent rate + 10 points …
RATE_CEILING = 0.90  # … but no more than 90%
FIRST_RATE_TARGET = 0.8  # with no follow-up history yet
FIRST_MEDIAN_DAYS = 3
SUGGESTED_METRICS = (
    "new_people",
    "everyday_encounters",
    "events_attended",
    "debriefs_done",
    "gives",
    "follow_up_rate",
    "median_follow_up_days",
)

# The five questions of SPEC §1, each with the purpose field that holds its answer.
FIVE_QUESTIONS: tuple[tuple[str, str, str], ...] = (
    (
        "why",
        "Why am I doing it?",
        "Say it in your own words. Sometimes the purpose is simply fun — that is a valid "
        "purpose too.",
    ),
    (
        "intended_outcome",
        "What is the intended result or outcome?",
        "Make it something you could count at the end of the period: “meet 10 people in "
        "complementary businesses”.",
    ),
    (
        "follow_up_plan",
        "How will I follow up?",
        "Most contacts made are never followed up. When will you reach out after meeting "
        "someone, and how?",
    ),
    (
        "nurture_plan",
        "How will I nurture and nourish that first encounter into a relationship?",
        "What's in it for them? What will you give, share or introduce before you ask for "
        "anything?",
    ),
    (
        "opportunity_note",
        "Where will I see opportunity that I don't currently see or take advantage of?",
        "Networking happens everywhere: the grocery store, the hockey rink, the auto shop, the "
        "check-out line.",
    ),
)


class EventNotFound(WorkbookInputError):
    """An ``event`` parameter that names no event of the workbook (bad input: exit 2)."""


# ---------------------------------------------------------------------------- helpers


def _pct(value: float | None) -> str:
    return "—" if value is None or pd.isna(value) else f"{value:.0%}"


def _number(value: float) -> str:
    """6 → "6", 5.666 → "5.7"."""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _plural(count: float, one: str, many: str) -> str:
    return one if count == 1 else many


def _count(count: float, one: str, many: str) -> str:
    return f"{_number(count)} {_plural(count, one, many)}"


def _day(value: dt.date | pd.Timestamp) -> str:
    return f"{value:%-d %b %Y}"


def _span(start: dt.date | pd.Timestamp, end: dt.date | pd.Timestamp) -> str:
    """1–30 Nov 2026, 28 Sep – 4 Oct 2026, 29 Dec 2025 – 4 Jan 2026."""
    if (start.year, start.month) == (end.year, end.month):
        return f"{start:%-d}–{end:%-d %b %Y}"
    if start.year == end.year:
        return f"{start:%-d %b} – {end:%-d %b %Y}"
    return f"{_day(start)} – {_day(end)}"


def period_name(period: Period) -> str:
    """A period as a person says it: "October 2026", "Q3 2026", "the week of 26 Oct 2026"."""
    if "-W" in period.label:
        return f"the week of {_day(period.start)}"
    if "-Q" in period.label:
        return f"Q{period.label[-1]} {period.start.year}"
    return f"{period.start:%B %Y}"


def _months_name(first: Period, last: Period) -> str:
    """ "October 2026", "August to October 2026", "November 2025 to January 2026"."""
    if first == last:
        return period_name(first)
    if first.start.year == last.start.year:
        return f"{first.start:%B} to {period_name(last)}"
    return f"{period_name(first)} to {period_name(last)}"


def _text_html(text: object) -> str:
    """User text as escaped HTML, line breaks kept."""
    return "<br>".join(escape(line) for line in str(text).strip().splitlines())


def finding(sentence: str) -> HTML:
    """A sentence that tells the reader what a chart or list means for them."""
    return show.note(sentence)


def _with_table(sentence: str, table: HTML | None) -> HTML:
    return HTML(finding(sentence).data + (table.data if table is not None else ""))


def period_context(ctx: Context, period: Period) -> Context:
    """The same workbook, as-of date and window over another period (fresh caches)."""
    return dataclasses.replace(ctx, period=period, cache={})


# ========================================================================= purpose setting


def last_purpose(ctx: Context) -> pd.Series | None:
    """The most recent purpose the person has set: the latest by start (then id) among
    those starting on or before both the as-of date and the end of the period."""
    purposes = ctx.frames.purposes
    limit = pd.Timestamp(min(ctx.as_of, ctx.period.end))
    started = purposes[purposes["start"] <= limit].sort_values(["start", "id"], kind="stable")
    return None if started.empty else started.iloc[-1]


def five_questions(ctx: Context) -> HTML:
    """The five questions of SPEC §1, each with the person's answer from their last purpose."""
    previous = last_purpose(ctx)
    items = []
    for field_name, question, prompt in FIVE_QUESTIONS:
        answer = ""
        if previous is not None:
            span = escape(_span(previous["start"], previous["end"]))
            when = "this period" if previous["start"].date() >= ctx.period.start else "last time"
            text = previous[field_name]
            answer = (
                f'<div class="purpose"><p class="muted">What you wrote {when} ({span}):</p>'
                f"<p>{_text_html(text)}</p></div>"
                if isinstance(text, str) and text.strip()
                else f'<p class="muted">You left this open {when} ({span}).</p>'
            )
        items.append(f"<li><strong>{escape(question)}</strong><br>{escape(prompt)}{answer}</li>")
    intro = (
        ""
        if previous is not None
        else '<p class="muted">You have not set a purpose before: this will be your first. '
        "Take your time with each question.</p>"
    )
    return HTML(f'{intro}<ol class="questions">{"".join(items)}</ol>')


def previous_period(ctx: Context) -> Period:
    """The period just before the one being set (same kind: month, week or quarter)."""
    return ctx.period.previous()


def what_happened_sentence(ctx: Context) -> str:
    """What actually happened in the context's period, in one sentence."""
    a, f = ctx.activity, ctx.follow_up
    label = period_name(ctx.period)
    if not (a["encounters"] or a["touches"] or a["events_attended"]):
        return f"Nothing was logged in {label}: no encounters, events or touchpoints."
    closed = f["followed"] + f["missed"]
    follow = (
        f"followed up {f['followed']} of {closed} within {ctx.window} days ({_pct(f['rate'])})"
        if closed
        else "had no follow-up window close yet"
    )
    return (
        f"In {label} you met {_count(a['new_people'], 'new person', 'new people')} "
        f"({_count(a['encounters'], 'encounter', 'encounters')}, "
        f"{a['everyday_encounters']} in everyday places), went to "
        f"{_count(a['events_attended'], 'event', 'events')} and {follow}."
    )


def targets_sentence(ctx: Context) -> str:
    """How the targets of the purposes overlapping the context's period came out."""
    targets = ctx.targets
    label = period_name(ctx.period)
    if not targets:
        return f"You set no targets for {label}."
    hit = sum(t["on_track"] for t in targets)
    finished = ctx.period.end <= ctx.as_of
    verb = "met" if finished else "are on track with"
    behind = [
        METRIC_LABELS.get(t["metric"], t["metric"]).lower() for t in targets if not t["on_track"]
    ]
    tail = f"; behind on {', '.join(behind)}" if behind else " — every one"
    return f"You {verb} {hit} of the {len(targets)} targets you set for {label}{tail}."


def last_period_review(ctx: Context) -> HTML:
    """Last period's intended outcome and targets against what actually happened."""
    prev = period_context(ctx, previous_period(ctx))
    parts = [
        show.heading(
            f"Last period: {period_name(prev.period)} "
            f"({_span(prev.period.start, prev.period.end)})",
            3,
        ).data
    ]
    purposes = ctx.frames.purposes
    overlapping = purposes[
        (purposes["start"] <= pd.Timestamp(prev.period.end))
        & (purposes["end"] >= pd.Timestamp(prev.period.start))
    ]
    outcomes = [
        text
        for text in overlapping.sort_values(["start", "id"])["intended_outcome"]
        if isinstance(text, str) and text.strip()
    ]
    for outcome in outcomes:
        parts.append(
            f'<div class="purpose"><p class="muted">The outcome you intended:</p>'
            f"<p>{_text_html(outcome)}</p></div>"
        )
    parts.append(show.prose(what_happened_sentence(prev)).data)
    parts.append(show.prose(targets_sentence(prev)).data)
    if prev.targets:
        parts.append(sections.targets_table(prev).data)
    return HTML("".join(parts))


def _history_months(
    frames: Frames, as_of: dt.date, months: int, before: dt.date | None = None
) -> list[Period]:
    """The last ``months`` complete calendar months before ``before`` (default: A), no
    earlier than the first month with anything logged."""
    ref = min(as_of, before) if before is not None else as_of
    last = month(ref.year, ref.month)
    if ref != last.end:  # the month of ref is not over yet
        last = last.previous()
    firsts = [
        frame.loc[frame["date"] <= pd.Timestamp(ref), "date"].min()
        for frame in (frames.encounters, frames.touchpoints, frames.events)
    ]
    firsts = [d for d in firsts if not pd.isna(d)]
    if not firsts:
        return []
    first = min(firsts).date()
    first_month = month(first.year, first.month)
    chosen: list[Period] = []
    current = last
    while len(chosen) < months and current.start >= first_month.start:
        chosen.append(current)
        current = current.previous()
    return chosen[::-1]


def _unit(period: Period | None) -> tuple[str, float]:
    """How to say "per period" and the period's length in months."""
    if period is None or ("-W" not in period.label and "-Q" not in period.label):
        return "a month", 1.0
    if "-W" in period.label:
        return "a week", 7 / AVERAGE_MONTH_DAYS
    return "a quarter", period.days / AVERAGE_MONTH_DAYS


def _stretch(average: float) -> int:
    """A quarter more than the average (rounded half up), and more than the average."""
    return max(math.floor(average * STRETCH + 0.5), math.floor(average) + 1)


COUNT_PHRASES = {
    "new_people": ("You met {n} {noun} {unit} on average", "new person", "new people"),
    "everyday_encounters": (
        "You met {n} {noun} in everyday places {unit} on average",
        "person",
        "people",
    ),
    "events_attended": ("You went to {n} {noun} {unit} on average", "event", "events"),
    "gives": (
        "You gave {n} {noun} {unit} on average (help, a referral, an introduction)",
        "time",
        "times",
    ),
    "encounters": ("You had {n} {noun} {unit} on average", "encounter", "encounters"),
    "touches": ("You had {n} {noun} {unit} on average", "touchpoint", "touchpoints"),
    "intros_made": ("You made {n} {noun} {unit} on average", "introduction", "introductions"),
    "opportunities": ("You had {n} {noun} {unit} on average", "opportunity", "opportunities"),
}


def target_suggestions(
    frames: Frames,
    as_of: dt.date,
    months: int = 3,
    window: int = metrics.DEFAULT_WINDOW,
    period: Period | None = None,
) -> pd.DataFrame:
    """Targets suggested from the person's own recent history, with a sentence each.

    History is the last ``months`` complete calendar months before ``period`` starts (and
    on or before A), never earlier than the first month with anything logged. For the
    counts, the average per month (scaled to a week or a quarter when ``period`` is one)
    and a stretch of a quarter more (rounded half up, at least one more): "You met 6 new
    people a month on average; 8 is a stretch." ``debriefs_done`` suggests debriefing
    every event of the ``events_attended`` suggestion. ``follow_up_rate``: the recent rate
    + 10 points, rounded up to 5 points, at most 90% (80% with nothing to measure yet).
    ``median_follow_up_days``: a day faster than the recent median (at least 1, at most
    the window; 3 days with none yet).

    Columns: ``metric``, ``label``, ``recent`` (average or rate, NaN if none),
    ``suggested``, ``sentence``. Empty when nothing was logged before (no history yet).
    """
    columns = ["metric", "label", "recent", "suggested", "sentence"]
    history = _history_months(
        frames, as_of, months, period.start - dt.timedelta(days=1) if period is not None else None
    )
    if not history:
        return pd.DataFrame(columns=columns)
    unit, scale = _unit(period)
    per_month = pd.DataFrame([metrics.activity(frames, m.start, m.end, as_of) for m in history])
    rows: list[dict[str, Any]] = []

    def add(metric: str, recent: float | None, suggested: float, sentence: str) -> None:
        rows.append(
            {
                "metric": metric,
                "label": METRIC_LABELS[metric],
                "recent": math.nan if recent is None else recent,
                "suggested": suggested,
                "sentence": sentence,
            }
        )

    for metric, (phrase, one, many) in COUNT_PHRASES.items():
        average = round(float(per_month[metric].mean()) * scale, 1)
        suggested = _stretch(average)
        said = phrase.format(n=_number(average), noun=_plural(average, one, many), unit=unit)
        add(metric, average, suggested, f"{said}; {suggested} is a stretch.")
    events = next(r["suggested"] for r in rows if r["metric"] == "events_attended")
    debriefs = round(float(per_month["debriefs_done"].mean()) * scale, 1)
    add(
        "debriefs_done",
        debriefs,
        events,
        f"You debriefed {_count(debriefs, 'event', 'events')} {unit} on average; debrief "
        f"every event you go to: {events}.",
    )

    follow = metrics.follow_up_summary(frames, history[0].start, history[-1].end, as_of, window)
    rate, closed = follow["rate"], follow["followed"] + follow["missed"]
    if rate is None:
        add(
            "follow_up_rate",
            None,
            FIRST_RATE_TARGET,
            f"No follow-up window has closed yet; following up {_pct(FIRST_RATE_TARGET)} of "
            f"the people you meet within {window} days is a good first aim.",
        )
    else:
        aim = min(RATE_CEILING, math.ceil(round((rate + RATE_STEP) * 20, 6)) / 20)
        tail = f"{_pct(aim)} is a stretch" if aim > rate else f"keep it at {_pct(aim)} or better"
        add(
            "follow_up_rate",
            rate,
            aim,
            f"You followed up {follow['followed']} of {closed} people within {window} days "
            f"({_pct(rate)}); {tail}.",
        )
    median = follow["median_days"]
    if median is None:
        first = max(1, min(FIRST_MEDIAN_DAYS, window))
        add(
            "median_follow_up_days",
            None,
            first,
            f"No follow-ups yet to time; reaching out within {_count(first, 'day', 'days')} "
            "of meeting someone is a good first aim.",
        )
    else:
        faster = max(1, math.ceil(median) - 1) if median > 1 else median
        faster = min(faster, window) if window >= 1 else faster
        said = f"Half of your follow-ups took {_count(median, 'day', 'days')} or less"
        add(
            "median_follow_up_days",
            median,
            faster,
            f"{said}; aim for {_number(faster)}." if faster < median else f"{said}; keep it there.",
        )
    order = {m: i for i, m in enumerate(dict.fromkeys((*SUGGESTED_METRICS, *COUNT_PHRASES)))}
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values("metric", key=lambda s: s.map(order), kind="stable").reset_index(
        drop=True
    )


def suggest_targets(
    frames: Frames,
    as_of: dt.date,
    months: int = 3,
    window: int = metrics.DEFAULT_WINDOW,
    period: Period | None = None,
) -> dict[str, int | float]:
    """Suggested targets (SPEC §4.4 names → number) from the person's own history; empty
    when there is no history yet. See :func:`target_suggestions` for the rules."""
    frame = target_suggestions(frames, as_of, months, window, period)
    return {
        row.metric: int(row.suggested) if float(row.suggested).is_integer() else row.suggested
        for row in frame.itertuples()
    }


def suggested_targets(ctx: Context, months: int = 3) -> HTML:
    """The suggestions for the period being set, as sentences the person can act on."""
    frame = target_suggestions(ctx.frames, ctx.as_of, months, ctx.window, ctx.period)
    if frame.empty:
        return show.note(
            "No history yet: nothing was logged before this period, so there is nothing to "
            "base a suggestion on. A first purpose can be simple — meet a few new people and "
            f"follow up every one within {ctx.window} days. After a month of logging, this "
            "page will suggest targets from your own numbers."
        )
    history = _history_months(
        ctx.frames, ctx.as_of, months, ctx.period.start - dt.timedelta(days=1)
    )
    span = _months_name(history[0], history[-1])
    count = _count(len(history), "complete month", "complete months")
    shown = frame[frame["metric"].isin(SUGGESTED_METRICS)]
    intro = show.prose(f"Based on your last {count} ({span}):").data
    return HTML(intro + show.bullets(shown["sentence"]).data)


# ========================================================================= event debrief


FOLLOWED, PENDING, OVERDUE, MISSED, NOT_PLANNED = (
    "followed",
    "pending",
    "overdue",
    "missed",
    "not planned",
)
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
        return OVERDUE, f"— was due {_day(row.due)}"
    if row.status == metrics.PENDING:
        return PENDING, f"— due {_day(row.due)}"
    if days is not None:
        return MISSED, f"— followed up late, {when}"
    return MISSED, f"— the {window}-day window closed; due {_day(row.due)}"


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
    people = _count(met, "person", "people")
    if target is None:
        first = (
            f"You met {people}; you set no target for this event — next time, decide "
            "before you go how many people you want to meet"
        )
    elif met >= target:
        first = (
            f"You aimed to meet {_count(target, 'person', 'people')} and met {met} "
            f"({_pct(outcome['pct'])})"
        )
    else:
        first = (
            f"You aimed to meet {_count(target, 'person', 'people')} and met {met} "
            f"({_pct(outcome['pct'])}): {target - met} short"
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
        return HTML(
            f'<p class="report-meta"><strong>{escape(ctx.owner)}</strong> · as of '
            f"{escape(_day(ctx.as_of))}</p>"
        )
    event = event_record(ctx.frames, event_id)
    kind = str(event["kind"] or "other").replace("_", " ")
    facts = [kind.capitalize(), _day(event["date"])]
    if isinstance(event["location"], str) and event["location"].strip():
        facts.append(event["location"])
    facts.append(f"as of {_day(ctx.as_of)}")
    return HTML(
        f"<h2>{escape(str(event['name']))}</h2>"
        f'<p class="report-meta">{escape(" · ".join(facts))}</p>'
    )


def event_purpose(ctx: Context, event_id: str | None) -> HTML:
    """Why you went and what you intended, against what happened."""
    if event_id is None:
        return _no_event()
    event = event_record(ctx.frames, event_id)
    outcome = event_outcome(ctx.frames, event_id, ctx.as_of, ctx.window)
    listed = "".join(
        f"<dt>{escape(label)}</dt><dd>{_text_html(text)}</dd>"
        for label, text in (
            ("Why I went", event["purpose"]),
            ("The outcome I intended", event["intended_outcome"]),
        )
        if isinstance(text, str) and text.strip()
    )
    intent = (
        f'<div class="purpose"><dl>{listed}</dl></div>'
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
            ("Still open", outcome[PENDING], "window not closed yet"),
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
    for row in d.sort_values(["date", "id"]).itertuples(index=False):
        items = [
            ("Was the purpose met?", met.get(row.purpose_met)),
            ("Highlights", row.highlights),
            ("What I learned", row.learned),
            ("What's in it for them", row.wiift),
            ("Next steps", row.next_steps),
            ("Energy (1–5)", None if pd.isna(row.energy) else str(int(row.energy))),
        ]
        listed = "".join(
            f"<dt>{escape(label)}</dt><dd>{_text_html(text)}</dd>"
            for label, text in items
            if isinstance(text, str) and text.strip()
        )
        blocks.append(
            f'<div class="purpose"><p class="muted">Debriefed {escape(_day(row.date))}</p>'
            f"<dl>{listed}</dl></div>"
        )
    return HTML("".join(blocks))


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
            "Date": events["date"],
            "Event": events["name"],
            "Kind": [str(k).replace("_", " ") for k in events["kind"]],
            "Id": events["id"],
            "People met": [int(met.get(e, 0)) for e in events["id"]],
            "Debriefed": ["yes" if e in debriefed else "not yet" for e in events["id"]],
        }
    )
    return show.table(shown, max_rows=max_rows, empty="No events yet.")


# ====================================================================== follow-up analysis


def rate_sentence(ctx: Context) -> str:
    """The follow-up rate of the period, against the period before."""
    f, label = ctx.follow_up, period_name(ctx.period)
    closed = f["followed"] + f["missed"]
    still = (
        f"; {_count(f['pending'], 'more is', 'more are')} still in the window"
        if f["pending"]
        else ""
    )
    if not closed:
        return f"No follow-up window closed in {label} yet{still}."
    prev = period_context(ctx, ctx.period.previous())
    before = prev.follow_up["rate"]
    compare = ""
    if before is not None:
        if f["rate"] == before:
            compare = f", the same as in {period_name(prev.period)}"
        else:
            move = "up from" if f["rate"] > before else "down from"
            compare = f", {move} {_pct(before)} in {period_name(prev.period)}"
    return (
        f"In {label} you followed up {f['followed']} of {closed} people within "
        f"{ctx.window} days ({_pct(f['rate'])}){compare}{still}."
    )


def rate_finding(ctx: Context) -> HTML:
    return finding(rate_sentence(ctx))


def days_sentence(ctx: Context) -> str:
    """How fast follow-ups happen: the censored curve at the window, and the median."""
    curve = metrics.days_to_follow_up_curve(
        ctx.frames,
        ctx.period.start,
        ctx.period.end,
        ctx.as_of,
        ctx.window,
        max_days=max(30, ctx.window),
    )
    if curve.empty:
        return f"You planned no follow-ups for people met in {period_name(ctx.period)}."
    share = float(curve.loc[curve["day"] == ctx.window, "share"].iloc[0])
    f = ctx.follow_up
    median = (
        ""
        if f["median_days"] is None
        else f" and half of your follow-ups took {_count(f['median_days'], 'day', 'days')} or less"
    )
    opened = (
        f" ({_count(f['pending'], 'person', 'people')} still in the window "
        "counted as open, not as missed)"
        if f["pending"]
        else ""
    )
    return (
        f"By day {ctx.window} you had reached {_pct(share)} of the people you meant to "
        f"follow up{opened}{median}."
    )


def days_finding(ctx: Context) -> HTML:
    return finding(days_sentence(ctx))


KIND_PLURALS = {
    "conference": "conferences",
    "meetup": "meetups",
    "trade_show": "trade shows",
    "social": "social events",
    "workshop": "workshops",
    "online": "online events",
    "other": "other events",
}


def _not_counted(rows: pd.DataFrame, where: str) -> str:
    """Why a setting has no closed follow-up window to compare with."""
    met, planned = int(rows["encounters"].sum()), int(rows["planned"].sum())
    if not met:
        extra = " — the rink and the check-out line count too" if "everyday" in where else ""
        return f"you logged nobody met {where}{extra}"
    if not planned:
        return f"you planned no follow-up for the {_count(met, 'person', 'people')} met {where}"
    pending = int(rows["pending"].sum())
    who = _count(pending, "person", "people")
    return f"the {who} met {where} {_plural(pending, 'is', 'are')} still in the window"


def setting_sentence(ctx: Context) -> str:
    """Events vs everyday places (and the weakest kind of event), closed windows only."""
    rates = metrics.rates_by_setting(
        ctx.frames, ctx.period.start, ctx.period.end, ctx.as_of, ctx.window
    )
    everyday = rates[rates["kind"] == metrics.EVERYDAY]
    events = rates[rates["kind"] != metrics.EVERYDAY]
    df, dc = int(everyday["followed"].sum()), int((everyday["followed"] + everyday["missed"]).sum())
    ef, ec = int(events["followed"].sum()), int((events["followed"] + events["missed"]).sum())
    if not dc and not ec:
        return (
            f"Nothing to compare yet: no follow-up window closed for people met in "
            f"{period_name(ctx.period)}."
        )
    at_events = f"{ef} of {ec} people met at events"
    everyday_places = f"{df} of {dc} met in everyday places"
    if dc and ec:
        gap = round(ef / ec - df / dc, 9)  # 0.4 - 0.5 must be a 10-point gap
        if gap >= 0.1:
            sentence = f"You followed up {at_events} but only {everyday_places}"
        elif gap <= -0.1:
            sentence = (
                f"You followed up {df} of {dc} people met in everyday places but only "
                f"{ef} of {ec} met at events"
            )
        else:
            sentence = (
                f"You followed up {at_events} and {everyday_places}: your follow-up "
                "holds up wherever you meet people"
            )
    elif ec:
        sentence = f"You followed up {at_events}; {_not_counted(everyday, 'in everyday places')}"
    else:
        sentence = (
            f"You followed up {df} of {dc} people met in everyday places; "
            f"{_not_counted(events, 'at events')}"
        )
    closed = events.assign(closed=events["followed"] + events["missed"])
    closed = closed[closed["closed"] > 0]
    if len(closed) >= 2 and closed["rate"].min() < closed["rate"].max():
        weakest = closed.sort_values(["rate", "closed"], ascending=[True, False]).iloc[0]
        sentence += (
            f"; of the events, {KIND_PLURALS.get(weakest['kind'], 'other events')} "
            f"slip most ({int(weakest['followed'])} of {int(weakest['closed'])})"
        )
    return sentence + "."


def setting_finding(ctx: Context) -> HTML:
    return finding(setting_sentence(ctx))


def never_followed_sentence(ctx: Context) -> str:
    """Cards exchanged whose window closed, and how many were never followed up."""
    details = metrics.follow_up_details(
        ctx.frames, ctx.period.start, ctx.period.end, ctx.as_of, ctx.window
    )
    closed = pd.Timestamp(ctx.as_of) > details["date"] + pd.Timedelta(days=ctx.window)
    cards = int((details["card_exchanged"].astype(bool) & closed).sum())
    never = int(details["never_followed"].sum())
    label = period_name(ctx.period)
    if not cards:
        return f"No card you exchanged in {label} has reached the end of its window yet."
    if not never:
        every = "The one card" if cards == 1 else f"Every one of the {cards} cards"
        return (
            f"{every} you exchanged in {label} was followed up — the commonly quoted figure "
            "is that 80–88% of cards never are."
        )
    return (
        f"{never} of the {_count(cards, 'card', 'cards')} you exchanged in {label} "
        f"({_pct(never / cards)}) {_plural(never, 'was', 'were')} never followed up — the "
        "commonly quoted figure is 80–88%; a short, generous note still counts today."
    )


def never_followed_finding(ctx: Context) -> HTML:
    return finding(never_followed_sentence(ctx))


def never_followed_list(ctx: Context) -> HTML:
    """The sentence, then the cards never followed up (when there are any)."""
    table = sections.never_followed_table(ctx) if ctx.follow_up["never_followed"] else None
    return _with_table(never_followed_sentence(ctx), table)


def overdue_sentence(ctx: Context) -> str:
    rows = metrics.overdue_list(ctx.frames, ctx.period.start, ctx.period.end, ctx.as_of, ctx.window)
    if rows.empty:
        return "Nobody is waiting on you: every follow-up is done or still in time."
    first = rows.iloc[0]
    waiting = _count(len(rows), "person is", "people are")
    return (
        f"{waiting} waiting to hear from you; {first['name']} has waited longest, "
        f"{_count(int(first['days_overdue']), 'day', 'days')} past the due date."
    )


def overdue_finding(ctx: Context) -> HTML:
    return finding(overdue_sentence(ctx))


def overdue_list(ctx: Context) -> HTML:
    """The sentence, then the overdue follow-ups, most overdue first (when there are any)."""
    table = sections.overdue_table(ctx) if ctx.follow_up["overdue"] else None
    return _with_table(overdue_sentence(ctx), table)


def going_cold_sentence(ctx: Context) -> str:
    rows = sections.going_cold_frame(ctx)
    if rows.empty:
        return "Nobody is going cold: everyone with a keep-in-touch cadence heard from you in time."
    first = rows.iloc[0]
    by = _count(int(first["days_overdue"]), "day", "days")
    if len(rows) == 1:
        return (
            f"1 person you meant to keep in touch with is past their cadence: {first['name']}, "
            f"by {by}."
        )
    return (
        f"{len(rows)} people you meant to keep in touch with are past their cadence; "
        f"{first['name']} the most, by {by}."
    )


def going_cold_finding(ctx: Context) -> HTML:
    return finding(going_cold_sentence(ctx))


def going_cold_list(ctx: Context) -> HTML:
    """The sentence, then the people going cold (when there are any)."""
    table = sections.going_cold_table(ctx) if len(sections.going_cold_frame(ctx)) else None
    return _with_table(going_cold_sentence(ctx), table)


def funnel_sentence(ctx: Context) -> str:
    s = ctx.stages
    if not s["met"]:
        return "You haven't logged anyone you met yet."
    return (
        f"Of the {_count(s['met'], 'person', 'people')} you have met, {s['followed_up']} "
        f"heard from you ({_pct(s['followed_up'] / s['met'])}), {s['conversing']} "
        f"{_plural(s['conversing'], 'is', 'are')} in conversation and {s['relationship']} "
        f"grew into a relationship; {s['opportunity']} brought an opportunity."
    )


def funnel_finding(ctx: Context) -> HTML:
    return finding(funnel_sentence(ctx))


def give_ask_sentence(ctx: Context, months: int = 12) -> str:
    """Gives (incl. introductions made) vs asks over the months the chart shows."""
    balance = metrics.give_ask_balance(ctx.frames, ctx.as_of, months)
    gives, asks = int(balance["gives"].sum()), int(balance["asks"].sum())
    over = f"Over the last {months} months"
    if not gives and not asks:
        return (
            f"{over} you logged no gives or asks — what could you give first: help, a "
            "referral, an introduction?"
        )
    said = (
        f"{over} you gave {_count(gives, 'time', 'times')} and asked "
        f"{_count(asks, 'time', 'times')}"
    )
    if gives > asks:
        return f"{said}: you give before you ask."
    if gives == asks:
        return f"{said}: try giving first — what's in it for them?"
    return f"{said}: you ask more than you give — what's in it for them?"


def give_ask_finding(ctx: Context, months: int = 12) -> HTML:
    return finding(give_ask_sentence(ctx, months))


# ============================================================================ start here


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
        f"You are using the workbook “{ctx.workbook.name}” of {ctx.owner}, as of {_day(ctx.as_of)}."
    ).data
    current = f.purposes[(f.purposes["start"] <= day) & (f.purposes["end"] >= day)]
    steps = []
    if current.empty:
        steps.append("No purpose covers today: start with purpose setting.")
    event_id = latest_event(f, ctx.as_of)
    if event_id is not None and not (f.debriefs["event"] == event_id).any():
        name = event_record(f, event_id)["name"]
        steps.append(f"Your latest event, {name}, is not debriefed yet: open the event debrief.")
    overdue = int(metrics.follow_up_details(f, None, None, ctx.as_of, ctx.window)["overdue"].sum())
    if overdue:
        steps.append(
            f"{_count(overdue, 'follow-up is', 'follow-ups are')} overdue: open the "
            "follow-up analysis for the list."
        )
    if f.encounters.empty:
        steps.append("Nobody logged yet: log the next person you meet, wherever it is.")
    return HTML(
        where
        + counts
        + show.bullets(steps, empty="You are up to date: keep logging as you go.").data
    )
