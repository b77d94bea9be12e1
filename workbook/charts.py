"""Figures: plotly charts of the aggregated tables :mod:`workbook.metrics` computes.

Charts only draw: every number comes from a metrics function, so they know nothing of
SQLite and their size does not grow with the workbook (one point per month, day, setting
or stage). Each chart is a plotly figure *spec* — a plain ``{"data": [...], "layout":
{...}}`` dict, which plotly.js, JupyterLab and :func:`workbook.display.show_figure` draw
as they would a ``plotly.graph_objects.Figure`` (``go.Figure(spec)`` makes one). Building
dicts skips plotly's property validation, which costs more than the rest of a report's
charts together; the tests check the specs instead.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from workbook.schema import FIGURE_LABELS

Figure = dict[str, Any]

GREEN = "#2e7d5b"
RED = "#c0504d"
GREY = "#b8bec6"
BLUE = "#3b6ea8"
AMBER = "#d49a2a"
INK = "#2b2f36"
GRID = "#ebf0f8"
FONT = "system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif"

# The look of plotly's "plotly_white" template, written out: a template by name would
# make plotly load and validate the whole template for every chart.
AXIS: dict[str, Any] = {
    "gridcolor": GRID,
    "linecolor": GRID,
    "zerolinecolor": GRID,
    "automargin": True,
    "ticks": "",
    "title": {"standoff": 12},
}


def _values(series: pd.Series | Sequence[Any]) -> list[Any]:
    """Plain JSON values: NaN and NA become null (a gap in a line, not a zero)."""
    return [
        None
        if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA
        else (v.item() if hasattr(v, "item") else v)
        for v in list(series)
    ]


def _axis(title: str | None = None, **settings: Any) -> dict[str, Any]:
    axis = {**AXIS, **settings}
    if title:
        axis["title"] = {**AXIS["title"], "text": title}
    return axis


def _count_axis(title: str, top: float) -> dict[str, Any]:
    """A y axis of whole things (encounters, touchpoints): ticks at whole numbers only —
    with a few, plotly would otherwise label 0.2, 0.4 … of an encounter."""
    settings: dict[str, Any] = {"rangemode": "tozero", "tickformat": ",d"}
    if top <= 5:
        settings["dtick"] = 1
    return _axis(title, **settings)


def _table_names(category: str, value: str | None = None) -> dict[str, Any]:
    """``layout.meta`` naming the columns of the chart's table (:func:`figure_table`):
    its categories, and the values of a chart whose one trace has no name."""
    return {"table": {"category": category, "value": value}}


def _figure(
    data: list[dict[str, Any]],
    title: str,
    height: int = 360,
    empty: str | None = None,
    **layout: Any,
) -> Figure:
    """A figure spec with the house style; ``empty`` says why a chart has nothing to show."""
    spec: dict[str, Any] = {
        "title": {"text": title, "x": 0, "xanchor": "left", "font": {"size": 16}},
        "font": {"family": FONT, "size": 13, "color": INK},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "height": height,
        "margin": {"l": 48, "r": 16, "t": 56, "b": 40},
        # Below everything, measured from the bottom of the figure: never over the tick
        # labels, however many lines those take on a phone.
        "legend": {"orientation": "h", "x": 0, "y": 0, "yref": "container", "yanchor": "bottom"},
        "hoverlabel": {"font": {"family": FONT}},
        "xaxis": _axis(),
        "yaxis": _axis(),
        **layout,
    }
    if empty:  # an empty chart says why, instead of showing bare axes
        spec.setdefault("annotations", []).append(
            {
                "text": empty,
                "showarrow": False,
                "xref": "paper",
                "yref": "paper",
                "x": 0.5,
                "y": 0.5,
                "font": {"size": 14, "color": "#6b7280"},
            }
        )
    return {"data": data, "layout": spec}


def follow_up_rate_by_month(monthly: pd.DataFrame, target: float | None = None) -> Figure:
    """Stacked followed / missed / pending encounters per month, with the rate as a line."""
    months = _values(monthly["month"])
    data: list[dict[str, Any]] = [
        {
            "type": "bar",
            "x": months,
            "y": _values(monthly[column]),
            "name": name,
            "marker": {"color": colour},
            "hovertemplate": "%{x}: %{y} " + name.lower() + "<extra></extra>",
        }
        for column, colour, name in (
            ("followed", GREEN, FIGURE_LABELS["followed"]),
            ("missed", RED, FIGURE_LABELS["missed"]),
            ("pending", GREY, FIGURE_LABELS["pending"]),
        )
    ]
    data.append(
        {
            "type": "scatter",
            "x": months,
            "y": _values(monthly["rate"]),
            "name": FIGURE_LABELS["follow_up_rate"],
            "yaxis": "y2",
            "mode": "lines+markers",
            "line": {"color": BLUE, "width": 3},
            "connectgaps": False,
            "hovertemplate": "%{x}: %{y:.0%} followed up<extra></extra>",
        }
    )
    if target is not None:
        data.append(
            {
                "type": "scatter",
                "x": months,
                "y": [target] * len(months),
                "name": f"Target {target:.0%}",
                "yaxis": "y2",
                "mode": "lines",
                "line": {"color": AMBER, "dash": "dash"},
                "hoverinfo": "skip",
            }
        )
    empty = None if monthly["planned"].sum() else "No encounters to follow up in these months yet"
    return _figure(
        data,
        "Follow-up rate, month by month",
        empty=empty,
        meta=_table_names("Month"),
        barmode="stack",
        xaxis=_axis(type="category"),
        yaxis=_count_axis(
            "encounters",
            float((monthly["followed"] + monthly["missed"] + monthly["pending"]).max()),
        ),
        yaxis2=_axis(
            overlaying="y",
            side="right",
            range=[0, 1.05],
            tickformat=".0%",
            tickvals=[0, 0.25, 0.5, 0.75, 1],
            showgrid=False,
        ),
    )


def days_to_follow_up(curve: pd.DataFrame, window: int) -> Figure:
    """Share of encounters followed up by day d (open ones censored, not counted as misses)."""
    data = []
    if not curve.empty:
        data.append(
            {
                "type": "scatter",
                "x": _values(curve["day"]),
                "y": _values(curve["share"]),
                "mode": "lines",
                "line": {"color": BLUE, "width": 3, "shape": "hv"},
                "name": "Followed up by this day",
                "customdata": [[v] for v in _values(curve["at_risk"])],
                "hovertemplate": "day %{x}: %{y:.0%} followed up (%{customdata[0]} still open)"
                "<extra></extra>",
            }
        )
    xaxis = _axis("days after meeting", rangemode="tozero")
    if curve.empty:  # keep the window line in view
        xaxis["range"] = [0, window + 3]
    return _figure(
        data,
        "How fast you follow up",
        meta=_table_names("Days after meeting"),
        showlegend=False,
        xaxis=xaxis,
        yaxis=_axis("followed up", tickformat=".0%", range=[0, 1.05]),
        empty="No encounters to follow up in this period" if curve.empty else None,
        shapes=[
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": window,
                "x1": window,
                "y0": 0,
                "y1": 1,
                "line": {"color": AMBER, "dash": "dash"},
            }
        ],
        annotations=[
            {
                "text": f"{window}-day window",
                "xref": "x",
                "yref": "paper",
                "x": window,
                "y": 1,
                "xanchor": "right",
                "yanchor": "bottom",
                "showarrow": False,
            }
        ],
    )


def follow_up_by_setting(rates: pd.DataFrame) -> Figure:
    """Follow-up rate by where people were met: everyday places vs each kind of event."""
    shown = rates.iloc[::-1]  # plotly draws bars bottom-up: first row on top
    labels = [f"{r:.0%}" if pd.notna(r) else "no data yet" for r in shown["rate"]]
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "x": _values(shown["rate"].fillna(0)),
            "y": _values(shown["setting"]),
            "text": labels,
            "textposition": "auto",
            "marker": {"color": [GREEN if k == "everyday" else BLUE for k in shown["kind"]]},
            "customdata": shown[["encounters", "followed", "missed", "pending"]]
            .astype("int64")
            .to_numpy()
            .tolist(),
            "hovertemplate": "%{y}: %{text} — %{customdata[0]} met, %{customdata[1]} followed, "
            "%{customdata[2]} missed, %{customdata[3]} open<extra></extra>",
        }
    ]
    return _figure(
        data,
        "Events vs everyday places",
        meta=_table_names("Where you met", FIGURE_LABELS["follow_up_rate"]),
        height=max(260, 70 + 44 * len(rates)),
        showlegend=False,
        xaxis=_axis("follow-up rate", tickformat=".0%", range=[0, 1.05]),
        empty=None if len(rates) else "Nobody met in this period yet",
    )


STAGE_LABELS = {
    "met": "Met",
    "followed_up": "Followed up",
    "conversing": "Conversing",
    "relationship": "Relationship",
    "opportunity": "Opportunity",
}


def stage_funnel(stages: Mapping[str, int]) -> Figure:
    """The relationship funnel: met → followed up → conversing → relationship → opportunity."""
    names = list(STAGE_LABELS)
    data = [
        {
            "type": "funnel",
            "y": [STAGE_LABELS[n] for n in names],
            "x": [int(stages.get(n, 0)) for n in names],
            "textinfo": "value+percent initial",
            "marker": {"color": [GREY, BLUE, BLUE, GREEN, AMBER]},
            "hovertemplate": "%{y}: %{x} people<extra></extra>",
        }
    ]
    empty = None if stages.get("met") else "Nobody met yet: the funnel starts with a first meeting"
    return _figure(
        data,
        "From first meeting to relationship",
        height=340,
        empty=empty,
        meta=_table_names("Stage", "People"),
    )


def give_ask_balance(balance: pd.DataFrame) -> Figure:
    """Gives (incl. introductions made) vs asks per month: are you giving first?"""
    months = _values(balance["month"])
    data = [
        {
            "type": "bar",
            "x": months,
            "y": _values(balance["gives"]),
            "name": FIGURE_LABELS["gives"],
            "marker": {"color": GREEN},
        },
        {
            "type": "bar",
            "x": months,
            "y": _values(balance["asks"]),
            "name": FIGURE_LABELS["asks"],
            "marker": {"color": AMBER},
        },
    ]
    quiet = not (balance["gives"].sum() or balance["asks"].sum())
    return _figure(
        data,
        "Give before you ask",
        meta=_table_names("Month"),
        barmode="group",
        xaxis=_axis(type="category"),
        yaxis=_count_axis("touchpoints", float(max(balance["gives"].max(), balance["asks"].max()))),
        empty="No gives or asks logged in these months yet" if quiet else None,
    )


# ---------------------------------------------------------------- the figures of a chart

#: The column of a chart's table holding its categories when its axis has no title.
CATEGORY_HEADER = "Value"


def _title_text(spec: Mapping[str, Any] | str | None) -> str:
    if isinstance(spec, Mapping):
        return str(spec.get("text") or "")
    return str(spec or "")


def _axis_name(trace: Mapping[str, Any], letter: str) -> str:
    """The layout key of the trace's ``letter`` axis: ``yaxis``, ``yaxis2`` …"""
    ref = str(trace.get(f"{letter}axis") or letter)
    return f"{letter}axis{ref[1:]}"


def _number_text(value: Any, tickformat: str) -> str:
    """A value as its chart's axis shows it: 33%, 4, 1.5; nothing → "—"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if not isinstance(value, int | float) or isinstance(value, bool):
        return str(value)
    if tickformat.endswith("%"):
        return f"{value:.0%}"
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def figure_table(figure: Mapping[str, Any]) -> dict[str, Any]:
    """The values a chart draws, as a small table for whoever cannot see the chart (no
    JavaScript, a screen reader; docs/report.md): one row per category (month, setting,
    stage, day; of a step curve only the days it moves, and its last) in the order the
    chart shows them top to bottom or left to right, one
    column per trace that carries data (a dashed target line, drawn with ``hoverinfo:
    skip``, is a guide, not a figure). Works on any plotly figure spec; the names of the
    columns come from ``layout.meta.table`` when the chart gives them (:func:`_table_names`).

    Returns ``{"title", "columns", "rows", "empty"}``: cells are text as the chart's axis
    shows them (percentages on a percent axis, a bar's own label), "—" where there is no
    value; ``empty`` is what the chart says when it has nothing to show.
    """
    layout = figure.get("layout") or {}
    meta = layout.get("meta")
    names = (meta.get("table") if isinstance(meta, Mapping) else None) or {}
    header = str(names.get("category") or "")
    order: list[str] = []
    columns: list[str] = []
    values: list[dict[str, str]] = []
    reverse = False
    for trace in figure.get("data") or []:
        if trace.get("visible") is False or trace.get("hoverinfo") == "skip":
            continue
        funnel = trace.get("type") == "funnel"
        horizontal = trace.get("orientation") == "h" or (funnel and trace.get("orientation") != "v")
        reverse = reverse or (horizontal and not funnel)  # bars are drawn bottom-up
        keys, amounts = ("y", "x") if horizontal else ("x", "y")
        categories, numbers = trace.get(keys), trace.get(amounts)
        if numbers is None or categories is None:
            continue
        axis = layout.get(_axis_name(trace, amounts)) or {}
        texts = trace.get("text")
        shown = {}
        for index, (category, number) in enumerate(zip(categories, numbers, strict=False)):
            key = str(category)
            if key not in order:
                order.append(key)
            if isinstance(texts, list) and index < len(texts) and texts[index]:
                shown[key] = str(texts[index])
            else:
                shown[key] = _number_text(number, str(axis.get("tickformat") or ""))
        if not header:
            header = _title_text((layout.get(_axis_name(trace, keys)) or {}).get("title"))
        name = trace.get("name") or names.get("value") or _title_text(axis.get("title"))
        columns.append(str(name or CATEGORY_HEADER))
        values.append(shown)
    if reverse:
        order.reverse()
    steps = [t.get("line", {}).get("shape") == "hv" for t in figure.get("data") or []]
    if steps and all(steps):  # a step curve: only the days it moves (and its last) say much
        rows = [[key, *(column.get(key, "—") for column in values)] for key in order]
        order = [
            key
            for index, (key, row) in enumerate(zip(order, rows, strict=True))
            if index in (0, len(rows) - 1) or row[1:] != rows[index - 1][1:]
        ]
    said = [_title_text(a) for a in layout.get("annotations") or [] if a.get("xref") == "paper"]
    return {
        "title": _title_text(layout.get("title")),
        "columns": [header or CATEGORY_HEADER, *columns] if order else [],
        "rows": [[key, *(column.get(key, "—") for column in values)] for key in order],
        "empty": " ".join(t for t in said if t) or "Nothing to show yet.",
    }
