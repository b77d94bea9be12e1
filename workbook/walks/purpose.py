"""The purpose-setting walk: the five questions with last period's
answers, how last period went, and targets suggested from the person's own history."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pandas as pd
from IPython.display import HTML

from workbook import display as show
from workbook import metrics, sections, words
from workbook.context import Context
from workbook.frames import Frames
from workbook.periods import Period, month
from workbook.schema import METRIC_LABELS
from workbook.templating import render
from workbook.walks.common import (
    _months_name,
    period_context,
    period_name,
)
from workbook.wording import PURPOSE_QUESTIONS

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

#: The five questions (field, question, why it matters): one wording, shared with the form.
FIVE_QUESTIONS: tuple[tuple[str, str, str], ...] = tuple(
    (name, question, why) for name, (question, why, _example) in PURPOSE_QUESTIONS.items()
)


def last_purpose(ctx: Context) -> pd.Series | None:
    """The most recent purpose the person has set: the latest by start (then id) among
    those starting on or before both the as-of date and the end of the period."""
    purposes = ctx.frames.purposes
    limit = pd.Timestamp(min(ctx.as_of, ctx.period.end))
    started = purposes[purposes["start"] <= limit].sort_values(["start", "id"], kind="stable")
    return None if started.empty else started.iloc[-1]


def five_questions(ctx: Context) -> HTML:
    """The five questions, each with the person's answer from their last purpose."""
    previous = last_purpose(ctx)
    items = []
    for field_name, question, prompt in FIVE_QUESTIONS:
        item: dict[str, Any] = {
            "question": question,
            "prompt": prompt,
            "when": None,
            "answer": None,
        }
        if previous is not None:
            text = previous[field_name]
            item["span"] = words.span(previous["start"], previous["end"])
            item["when"] = (
                "this period" if previous["start"].date() >= ctx.period.start else "last time"
            )
            item["answer"] = text if isinstance(text, str) and text.strip() else None
        items.append(item)
    return HTML(render("five_questions.html.j2", items=items, first=previous is None))


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
    within = words.count(ctx.window, "day", "days")
    follow = (
        f"followed up {f['followed']} of {closed} within {within} ({words.pct(f['rate'])})"
        if closed
        else "had no follow-up window close yet"
    )
    everyday = a["everyday_encounters"]
    if a["encounters"] == 1:
        where = "in an everyday place" if everyday else "at an event"
    else:
        where = f"{everyday} in everyday places"
    events = (
        words.count(a["events_attended"], "event", "events")
        if a["events_attended"]
        else "no events"
    )
    return (
        f"In {label} you met {words.count(a['new_people'], 'new person', 'new people')} "
        f"({words.count(a['encounters'], 'encounter', 'encounters')}, {where}), went to "
        f"{events} and {follow}."
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
    if len(targets) == 1:
        if not behind:
            return f"You {verb} your one target for {label}."
        missed = "missed" if finished else "are behind on"
        return f"You {missed} your one target for {label}: {behind[0]}."
    tail = f"; behind on {words.join(behind)}" if behind else " — every one"
    return f"You {verb} {hit} of the {len(targets)} targets you set for {label}{tail}."


def last_period_review(ctx: Context) -> HTML:
    """Last period's intended outcome and targets against what actually happened."""
    prev = period_context(ctx, previous_period(ctx))
    parts = [
        show.heading(
            f"Last period: {period_name(prev.period)} "
            f"({words.span(prev.period.start, prev.period.end)})",
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
        parts.append(render("quoted.html.j2", intro="The outcome you intended:", text=outcome))
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
        said = phrase.format(
            n=words.number(average), noun=words.plural(average, one, many), unit=unit
        )
        add(metric, average, suggested, f"{said}; {suggested} is a stretch.")
    events = next(r["suggested"] for r in rows if r["metric"] == "events_attended")
    debriefs = round(float(per_month["debriefs_done"].mean()) * scale, 1)
    add(
        "debriefs_done",
        debriefs,
        events,
        f"You debriefed {words.count(debriefs, 'event', 'events')} {unit} on average; debrief "
        f"every event you go to: {events}.",
    )

    follow = metrics.follow_up_summary(frames, history[0].start, history[-1].end, as_of, window)
    rate, closed = follow["rate"], follow["followed"] + follow["missed"]
    if rate is None:
        add(
            "follow_up_rate",
            None,
            FIRST_RATE_TARGET,
            f"No follow-up window has closed yet; following up {words.pct(FIRST_RATE_TARGET)} of "
            f"the people you meet within {window} days is a good first aim.",
        )
    else:
        aim = min(RATE_CEILING, math.ceil(round((rate + RATE_STEP) * 20, 6)) / 20)
        tail = (
            f"{words.pct(aim)} is a stretch"
            if aim > rate
            else f"keep it at {words.pct(aim)} or better"
        )
        add(
            "follow_up_rate",
            rate,
            aim,
            f"You followed up {follow['followed']} of {words.count(closed, 'person', 'people')} "
            f"within {words.count(window, 'day', 'days')} ({words.pct(rate)}); {tail}.",
        )
    median = follow["median_days"]
    if median is None:
        first = max(1, min(FIRST_MEDIAN_DAYS, window))
        add(
            "median_follow_up_days",
            None,
            first,
            f"No follow-ups yet to time; reaching out within {words.count(first, 'day', 'days')} "
            "of meeting someone is a good first aim.",
        )
    else:
        faster = max(1, math.ceil(median) - 1) if median > 1 else median
        faster = min(faster, window) if window >= 1 else faster
        details = metrics.follow_up_details(
            frames, history[0].start, history[-1].end, as_of, window
        )
        timed = int((details["follow_up_planned"].astype(bool) & details["days"].notna()).sum())
        said = words.median_took(median, timed).capitalize()
        add(
            "median_follow_up_days",
            median,
            faster,
            f"{said}; aim for {words.number(faster)}."
            if faster < median
            else f"{said}; keep it there.",
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
    """Suggested targets (target names → number, see ``docs/metrics.md``) from the
    person's own history; empty when there is no history yet. See
    :func:`target_suggestions` for the rules."""
    frame = target_suggestions(frames, as_of, months, window, period)
    suggested: dict[str, int | float] = {}
    for metric, value in zip(frame["metric"], frame["suggested"], strict=True):
        number = float(value)
        suggested[str(metric)] = int(number) if number.is_integer() else number
    return suggested


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
    count = (
        "complete month"
        if len(history) == 1
        else words.count(len(history), "complete month", "complete months")
    )
    shown = frame[frame["metric"].isin(SUGGESTED_METRICS)]
    intro = show.prose(f"Based on your last {count} ({span}):").data
    return HTML(intro + show.bullets(shown["sentence"]).data)
