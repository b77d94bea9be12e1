"""The sections of the notebooks' reports: each a call that a notebook cell makes.

A notebook opens its context with :func:`open_context` (the parameters cell's values,
validated), then each cell calls one function here, which returns something to display:
escaped HTML from :mod:`workbook.display` or a plotly figure from :mod:`workbook.charts`.
Numbers come from :mod:`workbook.metrics`; nothing is computed in a notebook.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from functools import cached_property
from html import escape
from pathlib import Path
from typing import Any

import pandas as pd
from IPython.display import HTML

from workbook import charts, metrics
from workbook import display as show
from workbook.dates import day_label, day_month_label
from workbook.frames import Frames
from workbook.periods import DEFAULT_PERIOD, DEFAULT_WINDOW, Period, parse_period, resolve_as_of
from workbook.redact import redact_frames
from workbook.schema import FIGURE_LABELS, FIVE_QUESTIONS, METRIC_LABELS
from workbook.store import Workbook

MAX_ROWS = 20


@dataclass
class Context:
    """What every section needs: the workbook's frames, the period, as-of and window."""

    workbook: Path
    frames: Frames
    period: Period
    as_of: dt.date
    window: int
    redact: bool = False

    @property
    def owner(self) -> str:
        return self.frames.owner or self.workbook.stem

    @cached_property
    def follow_up(self) -> dict[str, Any]:
        return metrics.follow_up_summary(
            self.frames, self.period.start, self.period.end, self.as_of, self.window
        )

    @cached_property
    def activity(self) -> dict[str, int]:
        return metrics.activity(self.frames, self.period.start, self.period.end, self.as_of)

    @cached_property
    def targets(self) -> list[dict[str, Any]]:
        return metrics.target_progress(
            self.frames, self.as_of, self.window, self.period.start, self.period.end
        )

    @cached_property
    def stages(self) -> dict[str, int]:
        return metrics.stages(self.frames, self.as_of)

    # The tables behind both a chart or list and the sentence about it: computed once.
    @cached_property
    def settings(self) -> pd.DataFrame:
        return metrics.rates_by_setting(
            self.frames, self.period.start, self.period.end, self.as_of, self.window
        )

    @cached_property
    def days_curve(self) -> pd.DataFrame:
        return metrics.days_to_follow_up_curve(
            self.frames,
            self.period.start,
            self.period.end,
            self.as_of,
            self.window,
            max_days=max(30, self.window),
        )

    @cached_property
    def overdue(self) -> pd.DataFrame:
        return metrics.overdue_list(
            self.frames, self.period.start, self.period.end, self.as_of, self.window
        )

    @cached_property
    def never_followed(self) -> pd.DataFrame:
        return metrics.never_followed_list(
            self.frames, self.period.start, self.period.end, self.as_of, self.window
        )

    @cached_property
    def going_cold(self) -> pd.DataFrame:
        return metrics.going_cold(self.frames, self.as_of)


PROJECT_ROOT = Path(__file__).resolve().parent.parent


def default_workbook() -> Path:
    """``$WORKBOOK``, else ``data/workbook.db``, else the demo ``data/demo.db``.

    Relative paths are taken from the project folder, so a notebook opened from
    ``notebooks/`` in JupyterLab finds the same workbook as the command line.
    """
    if os.environ.get("WORKBOOK"):
        return Path(os.environ["WORKBOOK"])
    mine = PROJECT_ROOT / "data" / "workbook.db"
    return mine if mine.exists() else PROJECT_ROOT / "data" / "demo.db"


def resolve_workbook(workbook: str | Path | None) -> Path:
    """The workbook a notebook parameter names (empty: :func:`default_workbook`)."""
    if not workbook:
        return default_workbook()
    path = Path(workbook)
    if not path.is_absolute() and not path.exists() and (PROJECT_ROOT / path).exists():
        return PROJECT_ROOT / path
    return path


def open_context(
    workbook: str | Path | None = None,
    as_of: str | dt.date | None = None,
    period: str = DEFAULT_PERIOD,
    window: int = DEFAULT_WINDOW,
    redact: bool = False,
) -> Context:
    """Read the workbook once and resolve the parameters (an empty ``as_of`` is today)."""
    workbook = resolve_workbook(workbook)
    day = resolve_as_of(as_of, "as_of")
    with Workbook.open(workbook) as opened:
        frames = opened.frames()
    if redact:
        frames = redact_frames(frames)
    return Context(
        Path(workbook), frames, parse_period(period, day), day, int(window), bool(redact)
    )


def _pct(value: float | None) -> str:
    return "—" if value is None or pd.isna(value) else f"{value:.0%}"


def _day(value: dt.date) -> str:
    return day_label(value)


def _days(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:g} day" + ("" if value == 1 else "s")


# ---------------------------------------------------------------------------- header


def title(ctx: Context) -> HTML:
    """Whose report, which period, as of when (the page header carries the title)."""
    period = ctx.period
    subtitle = (
        f"{period.label}: {_day(period.start)} – {_day(period.end)} · as of "
        f"{_day(ctx.as_of)} · follow-up window {ctx.window} days"
    )
    if ctx.redact:
        subtitle += " · names replaced by pseudonyms"
    return HTML(
        show.lab_css()
        + f'<p class="report-meta"><strong>{escape(ctx.owner)}</strong> · {escape(subtitle)}</p>'
    )


def key_figures(ctx: Context) -> HTML:
    """The figures that matter most, follow-up rate first."""
    f, a = ctx.follow_up, ctx.activity
    closed = f["followed"] + f["missed"]
    rate_note = (
        f"{f['followed']} of {closed} followed up within {ctx.window} days"
        if closed
        else "nothing to measure yet"
    )
    if f["pending"]:
        rate_note += f"; {f['pending']} still open"
    everyday = a["everyday_encounters"]
    return show.kpis(
        [
            (FIGURE_LABELS["follow_up_rate"], _pct(f["rate"]), rate_note),
            (
                FIGURE_LABELS["median_follow_up_days"],
                _days(f["median_days"]),
                "late follow-ups included",
            ),
            (
                FIGURE_LABELS["new_people"],
                a["new_people"],
                f"{a['encounters']} encounters, {everyday} in everyday places",
            ),
            (
                FIGURE_LABELS["events_attended"],
                a["events_attended"],
                f"{a['debriefs_done']} debriefed",
            ),
            (FIGURE_LABELS["never_followed"], f["never_followed"], "card exchanged, no follow-up"),
            (FIGURE_LABELS["overdue"], f["overdue"], "your to-do list below"),
            (
                "Gives vs asks",
                f"{a['gives']} : {a['asks']}",
                f"{a['intros_made']} introductions made",
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
    parts = []
    row: Any  # a purpose: its text fields, start and end (Timestamps)
    for row in purposes.itertuples(index=False):
        items = [
            ("Why", row.why),
            ("Intended outcome", row.intended_outcome),
            ("How I will follow up", row.follow_up_plan),
            ("How I will nurture", row.nurture_plan),
            ("Where I will look for opportunity", row.opportunity_note),
        ]
        listed = "".join(
            f"<dt>{escape(label)}</dt><dd>{escape(text)}</dd>" for label, text in items if text
        )
        span = f"{_day(row.start.date())} – {_day(row.end.date())}"
        parts.append(
            f'<div class="purpose"><p class="muted">{escape(span)}</p><dl>{listed}</dl></div>'
        )
    return HTML("".join(parts))


def _purpose_spans(ctx: Context) -> dict[str, str]:
    p = ctx.frames.purposes
    return {
        str(pid): f"{day_month_label(start)} – {day_label(end)}"
        for pid, start, end in zip(p["id"], p["start"], p["end"], strict=True)
    }


def targets_frame(ctx: Context) -> pd.DataFrame:
    spans = _purpose_spans(ctx)
    rows = []
    for t in ctx.targets:
        metric = t["metric"]
        fmt = (
            _pct
            if metric == "follow_up_rate"
            else (_days if metric == "median_follow_up_days" else lambda v: "—" if v is None else v)
        )
        rows.append(
            {
                "label": METRIC_LABELS.get(metric, metric),
                "purpose": spans.get(t["purpose"], t["purpose"]),
                "target": fmt(t["target"]),
                "actual": fmt(t["actual"]),
                "pct": t["pct"],
                "on_track": t["on_track"],
            }
        )
    return pd.DataFrame(rows, columns=["label", "purpose", "target", "actual", "pct", "on_track"])


def targets_table(ctx: Context) -> HTML:
    """Targets of the purposes overlapping the period: actual, % of target, on track."""
    frame = targets_frame(ctx)
    shown = pd.DataFrame(
        {
            "Target": frame["label"],
            "Purpose": frame["purpose"],
            "Aim": frame["target"],
            "Actual": frame["actual"],
            "% of target": [_pct(p) for p in frame["pct"]],
            "On track": ["✓ on track" if ok else "✗ behind" for ok in frame["on_track"]],
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
            "Rate": [_pct(r) for r in rates["rate"]],
        }
    )
    return show.table(shown, empty="Nobody met in this period.")


def funnel_chart(ctx: Context) -> Any:
    return charts.stage_funnel(ctx.stages)


def give_ask_chart(ctx: Context, months: int = 12) -> Any:
    return charts.give_ask_balance(metrics.give_ask_balance(ctx.frames, ctx.as_of, months))


# ---------------------------------------------------------------------------- to-do lists


def overdue_table(ctx: Context) -> HTML:
    """Follow-ups past their due date with no follow-up yet: the to-do list."""
    rows = ctx.overdue
    shown = pd.DataFrame(
        {
            "Who": rows["name"],
            "Met": rows["date"],
            "Where": rows["where"],
            "Was due": rows["due"],
            "Days overdue": rows["days_overdue"],
        }
    )
    return show.table(
        shown,
        max_rows=MAX_ROWS,
        empty="Nothing overdue — every follow-up is done or still in time.",
    )


def never_followed_table(ctx: Context) -> HTML:
    rows = ctx.never_followed
    shown = pd.DataFrame(
        {
            "Who": rows["name"],
            "Met": rows["date"],
            "Where": rows["where"],
            "Days since": rows["days_since"],
        }
    )
    return show.table(
        shown, max_rows=MAX_ROWS, empty="No card left behind: every card exchanged was followed up."
    )


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
    return show.table(
        shown, max_rows=MAX_ROWS, empty="Nobody is going cold: everyone with a cadence is in touch."
    )


def debrief_highlights(ctx: Context, max_rows: int = 8) -> HTML:
    """Debriefs written in the period: was the purpose met, highlights, WIIFT, next steps."""
    d = ctx.frames.debriefs
    start, end = pd.Timestamp(ctx.period.start), pd.Timestamp(ctx.period.end)
    d = d[(d["date"] >= start) & (d["date"] <= end) & (d["date"] <= pd.Timestamp(ctx.as_of))]
    d = d.sort_values(["date", "id"], ascending=[False, True])
    names = ctx.frames.events.set_index("id")["name"]
    met = {"yes": "✓ yes", "partly": "◐ partly", "no": "✗ no"}
    shown = pd.DataFrame(
        {
            "Event": [names.get(e, e) for e in d["event"]],
            "Debriefed": d["date"],
            "Purpose met": [met.get(p, "—") for p in d["purpose_met"]],
            "Highlights": d["highlights"],
            "What's in it for them": d["wiift"],
            "Next steps": d["next_steps"],
        }
    )
    return show.table(
        shown, max_rows=max_rows, max_chars=200, empty="No event debriefs in this period."
    )


def next_period_prompts(ctx: Context) -> HTML:
    """The five questions for the next period, each with a nudge from this period's data."""
    f, a = ctx.follow_up, ctx.activity
    behind = [t for t in targets_frame(ctx).itertuples() if not t.on_track]
    cold = len(ctx.going_cold)
    questions = [
        (
            FIVE_QUESTIONS["why"],
            "Look back at this period's purpose. Is it still the reason you go out and meet "
            "people — or is the purpose now simply fun? Both are valid; write it down.",
        ),
        (
            FIVE_QUESTIONS["intended_outcome"],
            f"{len(behind)} target(s) are behind. Which one matters most next period?"
            if behind
            else "Every target is on track. Is it time to stretch one?",
        ),
        (
            FIVE_QUESTIONS["follow_up_plan"],
            f"{f['overdue']} follow-up(s) are overdue and {f['never_followed']} card(s) were "
            f"never followed up. Block time within {ctx.window} days of every meeting.",
        ),
        (
            FIVE_QUESTIONS["nurture_plan"],
            f"{cold} relationship(s) are going cold. You gave {a['gives']} time(s) and asked "
            f"{a['asks']} time(s): what's in it for them?",
        ),
        (
            FIVE_QUESTIONS["opportunity_note"],
            f"{a['everyday_encounters']} of your {a['encounters']} encounters were in everyday "
            "places — the grocery store, the rink, the check-out line. Who will you talk to "
            "there next?",
        ),
    ]
    items = "".join(f"<li><strong>{escape(q)}</strong><br>{escape(n)}</li>" for q, n in questions)
    return HTML(f'<ol class="questions">{items}</ol>')
