"""The follow-up-analysis walk: one sentence per chart or list, saying what it means for
the person — the rate against last period, how fast, where follow-up slips, who waits."""

from __future__ import annotations

import pandas as pd
from IPython.display import HTML

from workbook import metrics, sections, words
from workbook.context import Context
from workbook.walks.common import (
    _with_table,
    finding,
    period_context,
    period_name,
)


def rate_sentence(ctx: Context) -> str:
    """The follow-up rate of the period, against the period before."""
    f, label = ctx.follow_up, period_name(ctx.period)
    closed = f["followed"] + f["missed"]
    still = (
        f"; {words.count(f['pending'], 'more is', 'more are')} still in the window"
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
            compare = f", {move} {words.pct(before)} in {period_name(prev.period)}"
    people = words.count(closed, "person", "people")
    return (
        f"In {label} you followed up {f['followed']} of {people} within "
        f"{words.count(ctx.window, 'day', 'days')} ({words.pct(f['rate'])}){compare}{still}."
    )


def rate_finding(ctx: Context) -> HTML:
    return finding(rate_sentence(ctx))


def timed_follow_ups(ctx: Context) -> int:
    """Planned encounters of the period that have a follow-up (in time or late): the ones
    the median of days to follow up is taken over."""
    details = metrics.follow_up_details(
        ctx.frames, ctx.period.start, ctx.period.end, ctx.as_of, ctx.window
    )
    return int((details["follow_up_planned"].astype(bool) & details["days"].notna()).sum())


def days_sentence(ctx: Context) -> str:
    """How fast follow-ups happen: the censored curve at the window, and the median."""
    curve = ctx.days_curve
    if curve.empty:
        return f"You planned no follow-ups for people met in {period_name(ctx.period)}."
    share = float(curve.loc[curve["day"] == ctx.window, "share"].iloc[0])
    f = ctx.follow_up
    median = (
        ""
        if f["median_days"] is None
        else f" and {words.median_took(f['median_days'], timed_follow_ups(ctx))}"
    )
    opened = (
        f" ({words.count(f['pending'], 'person', 'people')} still in the window "
        "counted as open, not as missed)"
        if f["pending"]
        else ""
    )
    return (
        f"By day {ctx.window} you had reached {words.pct(share)} of the people you meant to "
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
        return (
            f"you planned no follow-up for the {words.count(met, 'person', 'people')} met {where}"
        )
    pending = int(rows["pending"].sum())
    who = words.count(pending, "person", "people")
    return f"the {who} met {where} {words.plural(pending, 'is', 'are')} still in the window"


def setting_sentence(ctx: Context) -> str:
    """Events vs everyday places (and the weakest kind of event), closed windows only."""
    rates = ctx.settings
    everyday = rates[rates["kind"] == metrics.EVERYDAY]
    events = rates[rates["kind"] != metrics.EVERYDAY]
    df, dc = int(everyday["followed"].sum()), int((everyday["followed"] + everyday["missed"]).sum())
    ef, ec = int(events["followed"].sum()), int((events["followed"] + events["missed"]).sum())
    if not dc and not ec:
        return (
            f"Nothing to compare yet: no follow-up window closed for people met in "
            f"{period_name(ctx.period)}."
        )
    at_events = f"{ef} of {words.count(ec, 'person', 'people')} met at events"
    everyday_places = f"{df} of {dc} met in everyday places"
    if dc and ec:
        gap = round(ef / ec - df / dc, 9)  # 0.4 - 0.5 must be a 10-point gap
        if gap >= 0.1:
            sentence = f"You followed up {at_events} but only {everyday_places}"
        elif gap <= -0.1:
            sentence = (
                f"You followed up {df} of {words.count(dc, 'person', 'people')} met in everyday "
                f"places but only {ef} of {ec} met at events"
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
            f"You followed up {df} of {words.count(dc, 'person', 'people')} met in everyday "
            f"places; {_not_counted(events, 'at events')}"
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
    cards = sections.closed_cards(ctx)
    never = ctx.follow_up["never_followed"]
    label = period_name(ctx.period)
    if not cards:
        return f"No card you exchanged in {label} has reached the end of its window yet."
    if not never:
        every = "The one card" if cards == 1 else f"Every one of the {cards} cards"
        return (
            f"{every} you exchanged in {label} was followed up — the commonly quoted figure "
            "is that 80–88% of cards never are."
        )
    if cards == 1:
        said = f"The one card you exchanged in {label} was never followed up"
    else:
        said = (
            f"{never} of the {cards} cards you exchanged in {label} ({words.pct(never / cards)}) "
            f"{words.plural(never, 'was', 'were')} never followed up"
        )
    return (
        f"{said} — the commonly quoted figure is 80–88%; a short, generous note still counts today."
    )


def never_followed_finding(ctx: Context) -> HTML:
    return finding(never_followed_sentence(ctx))


def never_followed_list(ctx: Context) -> HTML:
    """The sentence, then the cards never followed up (when there are any)."""
    table = sections.never_followed_table(ctx) if ctx.follow_up["never_followed"] else None
    return _with_table(never_followed_sentence(ctx), table)


def overdue_sentence(ctx: Context) -> str:
    rows = ctx.overdue
    if rows.empty and not ctx.follow_up["planned"]:
        return f"Nobody met in {period_name(ctx.period)} was to be followed up."
    if rows.empty:
        return "Nobody is waiting on you: every follow-up is done or still in time."
    first = rows.iloc[0]
    waiting = words.count(len(rows), "person is", "people are")
    return (
        f"{waiting} waiting to hear from you; {first['name']} has waited longest, "
        f"{words.count(int(first['days_overdue']), 'day', 'days')} past the due date."
    )


def overdue_finding(ctx: Context) -> HTML:
    return finding(overdue_sentence(ctx))


def overdue_list(ctx: Context) -> HTML:
    """The sentence, then the overdue follow-ups, most overdue first (when there are any)."""
    table = sections.overdue_table(ctx) if ctx.follow_up["overdue"] else None
    return _with_table(overdue_sentence(ctx), table)


def going_cold_sentence(ctx: Context) -> str:
    rows = ctx.going_cold
    if rows.empty and not sections.with_cadence(ctx):
        return sections.NO_CADENCE
    if rows.empty:
        return "Nobody is going cold: everyone with a keep-in-touch cadence heard from you in time."
    first = rows.iloc[0]
    by = words.count(int(first["days_overdue"]), "day", "days")
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
    table = sections.going_cold_table(ctx) if len(ctx.going_cold) else None
    return _with_table(going_cold_sentence(ctx), table)


def funnel_sentence(ctx: Context) -> str:
    s = ctx.stages
    if not s["met"]:
        return "You haven't logged anyone you met yet."
    met = "the one person" if s["met"] == 1 else f"the {s['met']} people"
    grown, opportunity = s["relationship"], s["opportunity"]
    grew = (
        f"{grown} grew into {words.plural(grown, 'a relationship', 'relationships')}"
        if grown
        else "none has grown into a relationship yet"
    )
    opportunities = (
        f"{opportunity} brought {words.plural(opportunity, 'an opportunity', 'opportunities')}"
        if opportunity
        else "none has brought an opportunity yet"
    )
    conversing = (
        "none is in conversation"
        if not s["conversing"]
        else f"{s['conversing']} {words.plural(s['conversing'], 'is', 'are')} in conversation"
    )
    return (
        f"Of {met} you have met, {s['followed_up']} heard from you "
        f"({words.pct(s['followed_up'] / s['met'])}), {conversing} and {grew}; "
        f"{opportunities}."
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
        f"{over} you gave {words.count(gives, 'time', 'times')} and asked "
        f"{words.count(asks, 'time', 'times')}"
    )
    if gives > asks:
        return f"{said}: you give before you ask."
    if gives == asks:
        return f"{said}: try giving first — what's in it for them?"
    return f"{said}: you ask more than you give — what's in it for them?"


def give_ask_finding(ctx: Context, months: int = 12) -> HTML:
    return finding(give_ask_sentence(ctx, months))


def what_now_sentence(ctx: Context) -> str:
    """What to do next, from what the analysis found: the overdue list first, then the
    cards never followed up, then the follow-ups that slipped (nothing asked of an empty
    period)."""
    f = ctx.follow_up
    rows = ctx.overdue
    steps: list[str] = []
    if len(rows) == 1:
        steps.append(f"Write to {rows.iloc[0]['name']} today — a short note about them, not you")
    elif len(rows):
        steps.append(
            f"Write to the {len(rows)} people on your overdue list today, starting at the top "
            "— a short note about them, not you"
        )
    elif f["never_followed"]:
        whose = (
            "the person whose card"
            if f["never_followed"] == 1
            else f"the {f['never_followed']} people whose cards"
        )
        steps.append(f"Send a short, generous note to {whose} you never followed up")
    if f["missed"]:
        steps.append(
            "pick the one place where your follow-up slips most, and decide how you will "
            "follow up there next period"
        )
    if steps:
        return ". Then ".join(steps) + "."
    if not f["planned"]:
        return (
            f"Nobody met in {period_name(ctx.period)} was to be followed up. Log the people "
            "you meet — at events and in everyday places — and this page will show how your "
            "follow-up holds up."
        )
    return (
        "Nobody is waiting on you. Keep reaching out within "
        f"{words.count(ctx.window, 'day', 'days')} of every meeting, and give before you ask."
    )


def what_now(ctx: Context) -> HTML:
    return finding(what_now_sentence(ctx))
