"""Figures: plotly charts of the aggregated tables :mod:`workbook.metrics` computes.

Charts only draw: every number comes from a metrics function, so they know nothing of
SQLite and their size does not grow with the workbook (one point per month, day, setting
or stage). They use ``plotly.graph_objects`` only (no plotly express: faster to import).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

GREEN = "#2e7d5b"
RED = "#c0504d"
GREY = "#b8bec6"
BLUE = "#3b6ea8"
AMBER = "#d49a2a"
FONT = "system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif"


def _layout(fig: go.Figure, title: str, height: int = 360, empty: str | None = None) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 16}},
        template="plotly_white",
        font={"family": FONT, "size": 13, "color": "#2b2f36"},
        height=height,
        margin={"l": 48, "r": 16, "t": 56, "b": 40},
        legend={"orientation": "h", "y": -0.18, "x": 0},
        hoverlabel={"font": {"family": FONT}},
    )
    if empty:  # an empty chart says why, instead of showing bare axes
        fig.add_annotation(
            text=empty,
            showarrow=False,
            xref="paper",
            yref="paper",
            x=0.5,
            y=0.5,
            font={"size": 14, "color": "#6b7280"},
        )
    return fig


def _percent(value: float | None) -> str:
    return "—" if value is None or pd.isna(value) else f"{value:.0%}"


def follow_up_rate_by_month(monthly: pd.DataFrame, target: float | None = None) -> go.Figure:
    """Stacked followed / missed / pending encounters per month, with the rate as a line."""
    fig = go.Figure()
    for column, colour, name in (
        ("followed", GREEN, "Followed up in time"),
        ("missed", RED, "Missed"),
        ("pending", GREY, "Still open"),
    ):
        fig.add_bar(
            x=monthly["month"],
            y=monthly[column],
            name=name,
            marker_color=colour,
            hovertemplate="%{x}: %{y} " + name.lower() + "<extra></extra>",
        )
    fig.add_scatter(
        x=monthly["month"],
        y=monthly["rate"],
        name="Follow-up rate",
        yaxis="y2",
        mode="lines+markers",
        line={"color": BLUE, "width": 3},
        connectgaps=False,
        hovertemplate="%{x}: %{y:.0%} followed up<extra></extra>",
    )
    if target is not None:
        fig.add_scatter(
            x=monthly["month"],
            y=[target] * len(monthly),
            name=f"Target {target:.0%}",
            yaxis="y2",
            mode="lines",
            line={"color": AMBER, "dash": "dash"},
            hoverinfo="skip",
        )
    fig.update_layout(
        barmode="stack",
        yaxis={"title": "encounters", "rangemode": "tozero"},
        yaxis2={
            "tickvals": [0, 0.25, 0.5, 0.75, 1],
            "overlaying": "y",
            "side": "right",
            "range": [0, 1.05],
            "tickformat": ".0%",
            "showgrid": False,
        },
        xaxis={"type": "category"},
    )
    empty = None if monthly["planned"].sum() else "No encounters to follow up in these months yet"
    return _layout(fig, "Follow-up rate, month by month", empty=empty)


def days_to_follow_up(curve: pd.DataFrame, window: int) -> go.Figure:
    """Share of encounters followed up by day d (open ones censored, not counted as misses)."""
    fig = go.Figure()
    if not curve.empty:
        fig.add_scatter(
            x=curve["day"],
            y=curve["share"],
            mode="lines",
            line_shape="hv",
            line={"color": BLUE, "width": 3},
            name="Followed up by this day",
            customdata=curve[["at_risk"]],
            hovertemplate="day %{x}: %{y:.0%} followed up (%{customdata[0]} still open)"
            "<extra></extra>",
        )
    fig.add_vline(
        x=window,
        line={"color": AMBER, "dash": "dash"},
        annotation_text=f"{window}-day window",
        annotation_position="top left",
    )
    fig.update_layout(
        xaxis={"title": "days after meeting", "rangemode": "tozero"},
        yaxis={"title": "followed up", "tickformat": ".0%", "range": [0, 1.05]},
        showlegend=False,
    )
    empty = "No encounters to follow up in this period" if curve.empty else None
    if curve.empty:  # keep the window line in view
        fig.update_xaxes(range=[0, window + 3])
    return _layout(fig, "How fast you follow up", empty=empty)


def follow_up_by_setting(rates: pd.DataFrame) -> go.Figure:
    """Follow-up rate by where people were met: everyday places vs each kind of event."""
    shown = rates.iloc[::-1]  # first row on top
    labels = [f"{r:.0%}" if pd.notna(r) else "no data yet" for r in shown["rate"]]
    fig = go.Figure(
        go.Bar(
            x=shown["rate"].fillna(0),
            y=shown["setting"],
            orientation="h",
            text=labels,
            textposition="auto",
            marker_color=[GREEN if k == "everyday" else BLUE for k in shown["kind"]],
            customdata=shown[["encounters", "followed", "missed", "pending"]],
            hovertemplate="%{y}: %{text} — %{customdata[0]} met, %{customdata[1]} followed, "
            "%{customdata[2]} missed, %{customdata[3]} open<extra></extra>",
        )
    )
    fig.update_layout(
        xaxis={"tickformat": ".0%", "range": [0, 1.05], "title": "follow-up rate"}, showlegend=False
    )
    return _layout(
        fig,
        "Events vs everyday places",
        height=max(260, 70 + 44 * len(rates)),
        empty=None if len(rates) else "Nobody met in this period yet",
    )


STAGE_LABELS = {
    "met": "Met",
    "followed_up": "Followed up",
    "conversing": "Conversing",
    "relationship": "Relationship",
    "opportunity": "Opportunity",
}


def stage_funnel(stages: Mapping[str, int]) -> go.Figure:
    """The relationship funnel: met → followed up → conversing → relationship → opportunity."""
    names = list(STAGE_LABELS)
    fig = go.Figure(
        go.Funnel(
            y=[STAGE_LABELS[n] for n in names],
            x=[int(stages.get(n, 0)) for n in names],
            textinfo="value+percent initial",
            marker={"color": [GREY, BLUE, BLUE, GREEN, AMBER]},
            hovertemplate="%{y}: %{x} people<extra></extra>",
        )
    )
    empty = None if stages.get("met") else "Nobody met yet: the funnel starts with a first meeting"
    return _layout(fig, "From first meeting to relationship", height=340, empty=empty)


def give_ask_balance(balance: pd.DataFrame) -> go.Figure:
    """Gives (incl. introductions made) vs asks per month: are you giving first?"""
    fig = go.Figure()
    fig.add_bar(
        x=balance["month"], y=balance["gives"], name="Gives & introductions", marker_color=GREEN
    )
    fig.add_bar(x=balance["month"], y=balance["asks"], name="Asks", marker_color=AMBER)
    fig.update_layout(
        barmode="group",
        xaxis={"type": "category"},
        yaxis={"title": "touchpoints", "rangemode": "tozero"},
    )
    quiet = not (balance["gives"].sum() or balance["asks"].sum())
    empty = "No gives or asks logged in these months yet" if quiet else None
    return _layout(fig, "Give before you ask", empty=empty)


def targets_progress(targets: pd.DataFrame) -> go.Figure:
    """Each target's progress as a share of the target (100% = met)."""
    pct = targets["pct"].astype("float64").fillna(0).clip(upper=1.5)
    colours = [GREEN if ok else AMBER for ok in targets["on_track"]]
    fig = go.Figure(
        go.Bar(
            x=pct,
            y=targets["label"],
            orientation="h",
            marker_color=colours,
            text=[_percent(p) for p in targets["pct"]],
            textposition="auto",
            hovertemplate="%{y}: %{text} of target<extra></extra>",
        )
    )
    fig.add_vline(x=1, line={"color": "#555", "dash": "dot"})
    fig.update_layout(
        xaxis={"tickformat": ".0%", "range": [0, 1.55]},
        showlegend=False,
        yaxis={"autorange": "reversed"},
    )
    return _layout(fig, "Targets: how far along", height=max(240, 80 + 36 * len(targets)))
