"""The sections of the notebooks' reports: each a call that a notebook cell makes.

A notebook opens its context with :func:`open_context` (the parameters cell's values,
validated; see :mod:`workbook.context`), then each cell calls one function here, which
returns something to display: HTML from the autoescaping templates of ``workbook/html/``
(through :mod:`workbook.display` and :mod:`workbook.templating`) or a plotly figure from
:mod:`workbook.charts`. Numbers come from :mod:`workbook.metrics`; words from
:mod:`workbook.words`; nothing is computed in a notebook.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import pandas as pd
from IPython.display import HTML

from workbook import charts, metrics, trends, words
from workbook import display as show
from workbook.context import Context
from workbook.notes import render_markdown
from workbook.schema import FIGURE_LABELS, FIVE_QUESTIONS, METRIC_LABELS
from workbook.templating import Markup, render

MAX_ROWS = 20
LOWER_IS_BETTER = ("median_follow_up_days",)
NOTHING_TO_JUDGE = "nothing to judge yet"


# ---------------------------------------------------------------------------- header


def title(ctx: Context) -> HTML:
    """Whose report, which period, as of when; a redacted report says so on its face."""
    period = ctx.period
    subtitle = (
        f"{period.label}: {words.day(period.start)} – {words.day(period.end)} · as of "
        f"{words.day(ctx.as_of)} · follow-up window {words.count(ctx.window, 'day')}"
    )
    return HTML(
        render(
            "title.html.j2",
            lab_css=Markup(show.lab_css()),
            owner=ctx.owner,
            subtitle=subtitle,
            redacted=ctx.redact,
        )
    )


def coach_note(ctx: Context) -> HTML:
    """The coach's note for this period ("From your coach"), Markdown rendered safely.

    Nothing when there is no note. A redacted report leaves the note's words out (a note
    may name people) and says so.
    """
    notes = ctx.coach_notes
    if notes.empty:
        return HTML("")
    if ctx.redact:
        bodies = [
            Markup(
                show.paragraphs(
                    "Your coach wrote a note for this period; it is left out of this "
                    "redacted report."
                )
            )
        ]
    else:
        bodies = [Markup(render_markdown(text)) for text in notes["text"] if text]
    return HTML(render("coach_note.html.j2", notes=bodies))


def _trend_line(ctx: Context) -> trends.FigureHistory:
    return trends.figure_history(ctx.frames, ctx.period, ctx.as_of, ctx.window)


def follow_up_rate_note(follow_up: dict[str, Any], window: int) -> str:
    """What the follow-up rate is made of, in words: "3 of 4 followed up within 7 days;
    1 still open" (docs/metrics.md); the report's card and the e-mailed figures say it so."""
    f = follow_up
    closed = f["followed"] + f["missed"]
    within = f"within {words.count(window, 'day')}"
    if closed:
        note = f"{f['followed']} of {closed} followed up {within}"
    elif f["planned"]:
        note = "no follow-up window has closed yet"
    else:
        note = "nobody to follow up in this period"
    if f["pending"]:
        note += f"; {f['pending']} still open"
    return note


def key_figures(ctx: Context) -> HTML:
    """The figures that matter most, follow-up rate first, each with how it moved."""
    f, a = ctx.follow_up, ctx.activity
    history = _trend_line(ctx)
    trend = partial(trends.trend, history)
    rate_note = follow_up_rate_note(f, ctx.window)
    encounters = words.count(a["encounters"], "encounter")
    everyday = a["everyday_encounters"]
    if not a["encounters"]:
        met_note = "no encounters logged"
    elif a["encounters"] == 1:
        met_note = f"{encounters}, {'in an everyday place' if everyday else 'at an event'}"
    else:
        met_note = f"{encounters}, {everyday} in everyday places"
    debriefed = a["debriefs_done"]
    return show.kpis(
        [
            (
                FIGURE_LABELS["follow_up_rate"],
                words.pct(f["rate"]),
                rate_note,
                trend("follow_up_rate", words.pct),
            ),
            (
                FIGURE_LABELS["median_follow_up_days"],
                words.days(f["median_days"]),
                "late follow-ups included; lower is better",
                trend("median_days", words.days, ("day", "days")),
            ),
            (FIGURE_LABELS["new_people"], a["new_people"], met_note, trend("new_people")),
            (
                FIGURE_LABELS["events_attended"],
                a["events_attended"],
                "none debriefed"
                if a["events_attended"] and not debriefed
                else f"{debriefed} debriefed"
                if a["events_attended"]
                else None,
                trend("events_attended"),
            ),
            (
                FIGURE_LABELS["never_followed"],
                f["never_followed"],
                "card exchanged, no follow-up",
                trend("never_followed"),
            ),
            (
                FIGURE_LABELS["overdue"],
                f["overdue"],
                "your to-do list below" if f["overdue"] else None,
            ),
            (
                "Gives vs asks",
                f"{a['gives']} : {a['asks']}",
                words.count(a["intros_made"], "introduction", zero="no introductions") + " made",
                trend("gives"),
            ),
            (FIGURE_LABELS["going_cold"], len(ctx.going_cold), "past their keep-in-touch cadence"),
        ]
    )


# ---------------------------------------------------------------------------- purpose


def _purposes(ctx: Context) -> pd.DataFrame:
    p = ctx.frames.purposes
    start, end = pd.Timestamp(ctx.period.start), pd.Timestamp(ctx.period.end)
    return p[(p["start"] <= end) & (p["end"] >= start)].sort_values(["start", "id"])


def purpose(ctx: Context) -> HTML:
    """Each purpose that overlaps the period, in the person's own words."""
    purposes = _purposes(ctx)
    if purposes.empty:
        return show.note(
            "No purpose was set for this period. Networking on purpose starts with one: "
            "why you are doing it, what outcome you want, and how you will follow up. "
            "Open the purpose-setting notebook to set the next one."
        )
    shown = []
    spans = [words.span(a, b) for a, b in zip(purposes["start"], purposes["end"], strict=True)]
    for row, span in zip(purposes.itertuples(index=False), spans, strict=True):
        items = [
            ("Why", row.why),
            ("Intended outcome", row.intended_outcome),
            ("How I will follow up", row.follow_up_plan),
            ("How I will nurture", row.nurture_plan),
            ("Where I will look for opportunity", row.opportunity_note),
        ]
        shown.append(
            {
                "span": span,
                "items": [(label, text) for label, text in items if text],
            }
        )
    return HTML(render("purposes.html.j2", purposes=shown))


def _purpose_spans(ctx: Context) -> dict[str, str]:
    p = ctx.frames.purposes
    return {str(i): words.span(a, b) for i, a, b in zip(p["id"], p["start"], p["end"], strict=True)}


def _target_format(metric: str) -> Any:
    if metric == "follow_up_rate":
        return words.pct
    if metric in LOWER_IS_BETTER:
        return words.days
    return lambda v: words.DASH if v is None else words.number(v)


def progress_words(metric: str, target: float, actual: float | None, pct: float | None) -> str:
    """How far a target has come, in words: "70% of target", "1 day under the aim"."""
    if actual is None:
        return NOTHING_TO_JUDGE
    if metric in LOWER_IS_BETTER:  # a share of a "lower is better" aim reads wrongly
        gap = round(float(actual) - float(target), 9)
        if gap == 0:
            return "right on the aim"
        side = "over" if gap > 0 else "under"
        return f"{words.count(abs(gap), 'day')} {side} the aim"
    return words.DASH if pct is None else f"{words.pct(pct)} of target"


def status_words(actual: float | None, on_track: bool) -> str:
    """✓ on track, ✗ behind, or nothing to judge yet (no data is not behind)."""
    if actual is None:
        return NOTHING_TO_JUDGE
    return "✓ on track" if on_track else "✗ behind"


def targets_frame(ctx: Context) -> pd.DataFrame:
    spans = _purpose_spans(ctx)
    rows = []
    for t in ctx.targets:
        metric = t["metric"]
        fmt = _target_format(metric)
        rows.append(
            {
                "label": METRIC_LABELS.get(metric, metric),
                "purpose": spans.get(t["purpose"], t["purpose"]),
                "target": fmt(t["target"]),
                "actual": fmt(t["actual"]),
                "pct": t["pct"],
                "on_track": t["on_track"],
                "judged": t["actual"] is not None,
                "progress": progress_words(metric, t["target"], t["actual"], t["pct"]),
                "status": status_words(t["actual"], t["on_track"]),
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "label",
            "purpose",
            "target",
            "actual",
            "pct",
            "on_track",
            "judged",
            "progress",
            "status",
        ],
    )


def targets_table(ctx: Context) -> HTML:
    """Targets of the purposes overlapping the period: actual, progress, on track."""
    frame = targets_frame(ctx)
    shown = pd.DataFrame(
        {
            "Target": frame["label"],
            "Purpose": frame["purpose"],
            "Aim": frame["target"],
            "Actual": frame["actual"],
            "Progress": frame["progress"],
            "On track": frame["status"],
        }
    )
    return show.table(shown, max_rows=MAX_ROWS, empty="No targets set for this period.")


# ---------------------------------------------------------------------------- charts


def _rate_target(ctx: Context) -> float | None:
    rates = [t["target"] for t in ctx.targets if t["metric"] == "follow_up_rate"]
    return float(rates[-1]) if rates else None


def rate_chart(ctx: Context, months: int = 12) -> Any:
    monthly = metrics.monthly_follow_up(ctx.frames, ctx.as_of, ctx.window, months=months)
    return charts.follow_up_rate_by_month(monthly, target=_rate_target(ctx))


def days_chart(ctx: Context) -> Any:
    return charts.days_to_follow_up(ctx.days_curve, ctx.window)


def setting_chart(ctx: Context) -> Any:
    return charts.follow_up_by_setting(ctx.settings)


def setting_table(ctx: Context) -> HTML:
    rates = ctx.settings
    shown = pd.DataFrame(
        {
            "Where you met": rates["setting"],
            "Encounters": rates["encounters"],
            "Followed": rates["followed"],
            FIGURE_LABELS["missed"]: rates["missed"],
            FIGURE_LABELS["pending"]: rates["pending"],
            "Rate": [words.pct(r) for r in rates["rate"]],
        }
    )
    return show.table(shown, empty="Nobody met in this period.")


def funnel_chart(ctx: Context) -> Any:
    return charts.stage_funnel(ctx.stages)


def give_ask_chart(ctx: Context, months: int = 12) -> Any:
    return charts.give_ask_balance(metrics.give_ask_balance(ctx.frames, ctx.as_of, months))


# ---------------------------------------------------------------------------- to-do lists


def where_labels(rows: pd.DataFrame) -> list[str]:
    """The event's name, else the place typed, else "everyday place" (a redacted report
    has no places: they are free text about people)."""
    return [w if isinstance(w, str) and w else "everyday place" for w in rows["where"]]


def overdue_table(ctx: Context) -> HTML:
    """Follow-ups past their due date with no follow-up yet: the to-do list."""
    rows = ctx.overdue
    shown = pd.DataFrame(
        {
            "Who": rows["name"],
            "Met": rows["date"],
            "Where": where_labels(rows),
            "Was due": rows["due"],
            "Days overdue": rows["days_overdue"],
        }
    )
    return show.table(
        shown,
        max_rows=MAX_ROWS,
        empty=(
            "Nothing overdue — every follow-up is done or still in time."
            if ctx.follow_up["planned"]
            else "Nobody met in this period was to be followed up."
        ),
    )


def closed_cards(ctx: Context) -> int:
    """Cards exchanged at encounters of the period whose follow-up window has closed."""
    details = metrics.follow_up_details(
        ctx.frames, ctx.period.start, ctx.period.end, ctx.as_of, ctx.window
    )
    closed = pd.Timestamp(ctx.as_of) > details["date"] + pd.Timedelta(days=ctx.window)
    return int((details["card_exchanged"].astype(bool) & closed).sum())


def with_cadence(ctx: Context) -> int:
    """People with a keep-in-touch cadence: the only ones who can go cold."""
    return int(ctx.frames.people["cadence_days"].notna().sum())


NO_CADENCE = (
    "Nobody has a keep-in-touch cadence yet: give one to the people who matter, and this "
    "list will show who is going cold."
)


def never_followed_table(ctx: Context) -> HTML:
    rows = ctx.never_followed
    shown = pd.DataFrame(
        {
            "Who": rows["name"],
            "Met": rows["date"],
            "Where": where_labels(rows),
            "Days since": rows["days_since"],
        }
    )
    empty = (
        "No card left behind: every card exchanged was followed up."
        if closed_cards(ctx)
        else "No card exchanged in this period has reached the end of its window yet."
    )
    return show.table(shown, max_rows=MAX_ROWS, empty=empty)


def going_cold_table(ctx: Context) -> HTML:
    rows = ctx.going_cold
    shown = pd.DataFrame(
        {
            "Who": rows["name"],
            "Last in touch": rows["last_interaction"],
            "Cadence (days)": rows["cadence_days"],
            "Days past cadence": rows["days_overdue"],
        }
    )
    empty = (
        "Nobody is going cold: everyone with a cadence is in touch."
        if with_cadence(ctx)
        else NO_CADENCE
    )
    return show.table(shown, max_rows=MAX_ROWS, empty=empty)


def debrief_highlights(ctx: Context, max_rows: int = 8) -> HTML:
    """Debriefs written in the period: was the purpose met, highlights, WIIFT, next steps.

    A redacted report shows whether each event's purpose was met, not what was written.
    """
    d = ctx.frames.debriefs
    start, end = pd.Timestamp(ctx.period.start), pd.Timestamp(ctx.period.end)
    d = d[(d["date"] >= start) & (d["date"] <= end) & (d["date"] <= pd.Timestamp(ctx.as_of))]
    d = d.sort_values(["date", "id"], ascending=[False, True])
    names = ctx.frames.events.set_index("id")["name"]
    met = {"yes": "✓ yes", "partly": "◐ partly", "no": "✗ no"}
    columns: dict[str, Any] = {
        "Event": [names.get(e, e) for e in d["event"]],
        "Debriefed": d["date"],
        "Purpose met": [met.get(p, words.DASH) for p in d["purpose_met"]],
    }
    if not ctx.redact:
        columns |= {
            "Highlights": d["highlights"],
            "What's in it for them": d["wiift"],
            "Next steps": d["next_steps"],
        }
    return show.table(
        pd.DataFrame(columns),
        max_rows=max_rows,
        max_chars=200,
        empty="No event debriefs in this period.",
    )


# ---------------------------------------------------------------------------- next period


def outcome_nudge(targets: pd.DataFrame) -> str:
    """The nudge under "What is the intended result or outcome?"."""
    if targets.empty:
        return (
            "You set no targets for this period. Which one result would you like to "
            "measure next period?"
        )
    judged = targets[targets["judged"]]
    unjudged = len(targets) - len(judged)
    behind = int((~judged["on_track"].astype(bool)).sum())
    waiting = (
        f" {words.count(unjudged, 'target has', 'targets have')} nothing to judge yet."
        if unjudged
        else ""
    )
    if behind:
        verb = words.plural(behind, "is", "are")
        which = "Is it the one that matters most" if behind == 1 else "Which one matters most"
        return f"{words.count(behind, 'target')} {verb} behind.{waiting} {which} next period?"
    if judged.empty:
        return f"{waiting.strip()} Log what happens, and the report will judge it next time."
    every = "Your one target is" if len(judged) == 1 else f"All {len(judged)} targets are"
    return f"{every} on track.{waiting} Is it time to stretch one?"


def follow_up_nudge(overdue: int, never_followed: int, window: int, *, planned: int) -> str:
    """The nudge under "How will I follow up?" (``planned``: follow-ups planned for the
    encounters of the period)."""
    block = f"Block time within {words.count(window, 'day')} of every meeting."
    if not planned and not never_followed:
        return f"You had nobody to follow up this period. {block}"
    if not overdue and not never_followed:
        return f"Nothing is overdue and no card was left without a follow-up. {block}"
    parts = []
    if overdue:
        parts.append(words.count(overdue, "follow-up is overdue", "follow-ups are overdue"))
    if never_followed:
        parts.append(words.count(never_followed, "card was", "cards were") + " never followed up")
    return f"{words.join(parts).capitalize()}. {block}"


def nurture_nudge(cold: int, gives: int, asks: int, *, tracked: int) -> str:
    """The nudge under "How will I nurture … into a relationship?" (``tracked``: people
    with a keep-in-touch cadence)."""
    if cold:
        first = words.count(cold, "relationship is", "relationships are") + " going cold."
    elif tracked:
        first = "Nobody is going cold."
    else:
        first = "Whom do you want to keep in touch with, and how often?"
    if not gives and not asks:
        second = "You logged no gives or asks: what could you give first?"
    else:
        second = (
            f"You gave {words.count(gives, 'time')} and asked {words.count(asks, 'time')}: "
            "what's in it for them?"
        )
    return f"{first} {second}"


def opportunity_nudge(everyday: int, encounters: int) -> str:
    """The nudge under "Where will I see opportunity …?"."""
    places = "the grocery store, the rink, the check-out line"
    if not encounters:
        return (
            f"You logged no encounters this period. Everyday places count too — {places}. "
            "Who will you talk to there next?"
        )
    if encounters == 1:
        where = "in an everyday place" if everyday else "at an event"
        said = f"Your one encounter was {where}"
    elif not everyday:
        said = f"None of your {encounters} encounters were in everyday places"
    else:
        said = (
            f"{everyday} of your {encounters} encounters "
            f"{words.plural(everyday, 'was', 'were')} in everyday places"
        )
    return f"{said} — {places}. Who will you talk to there next?"


def homework(ctx: Context) -> list[str]:
    """The coach's suggested targets for the next period, as "Label: value" lines."""
    items: list[str] = []
    for targets in ctx.coach_notes["targets"]:
        for metric, value in (targets or {}).items():
            aim = _target_format(metric)(value)
            if metric in LOWER_IS_BETTER:
                aim = f"at most {aim}"
            items.append(f"{METRIC_LABELS.get(metric, metric)}: {aim}")
    return items


def next_period_prompts(ctx: Context) -> HTML:
    """The five questions for the next period, each with a nudge from this period's data,
    then the coach's suggested targets (when the note has any)."""
    f, a = ctx.follow_up, ctx.activity
    questions = [
        (
            FIVE_QUESTIONS["why"],
            "Look back at this period's purpose. Is it still the reason you go out and meet "
            "people — or is the purpose now simply fun? Both are valid; write it down."
            if not _purposes(ctx).empty
            else "You set no purpose for this period. Why do you go out and meet people — "
            "for your work, to learn, or simply for fun? All are valid; write it down.",
        ),
        (FIVE_QUESTIONS["intended_outcome"], outcome_nudge(targets_frame(ctx))),
        (
            FIVE_QUESTIONS["follow_up_plan"],
            follow_up_nudge(f["overdue"], f["never_followed"], ctx.window, planned=f["planned"]),
        ),
        (
            FIVE_QUESTIONS["nurture_plan"],
            nurture_nudge(len(ctx.going_cold), a["gives"], a["asks"], tracked=with_cadence(ctx)),
        ),
        (
            FIVE_QUESTIONS["opportunity_note"],
            opportunity_nudge(a["everyday_encounters"], a["encounters"]),
        ),
    ]
    return HTML(
        render(
            "questions.html.j2",
            questions=questions,
            homework=homework(ctx),
            next_name=words.period_name(words.next_period(ctx.period)),
        )
    )
