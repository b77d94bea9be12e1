"""Display helpers the notebooks call (README.md, "The HTML report").

Every helper returns (or displays) an IPython object whose HTML uses the CSS classes of
the report template (``templates/report/static/report.css``).  The HTML comes from the
autoescaping jinja2 templates of ``workbook/html/`` (:mod:`workbook.templating`): a note
containing ``<script>`` shows as text.  No pandas ``Styler`` is used.

Charts go through :func:`show_figure`, which bypasses plotly's renderers (never set
``plotly.io.renderers.default``): it publishes both the plotly mimetype (JupyterLab's
native renderer) and a small ``text/html`` div that nbconvert picks for the report, where
plotly.js is embedded once by the template.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import json
import math
import numbers
import re
from collections.abc import Iterable, Sequence
from typing import Any, cast

import numpy as np
import pandas as pd
from IPython.display import HTML, display

from workbook.parameters import is_headless
from workbook.templating import Markup, render
from workbook.terminal import has_bidi_control
from workbook.wording import DASH

__all__ = [
    "bullets",
    "chart_html",
    "figure_bundle",
    "heading",
    "kpis",
    "note",
    "prose",
    "show_figure",
    "table",
]

PLOTLY_MIMETYPE = "application/vnd.plotly.v1+json"
DEFAULT_CHART_HEIGHT = 420
CHART_FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
# No mode bar: on a phone it covers the chart titles, and a report is read, not edited.
PLOTLY_CONFIG: dict[str, Any] = {
    "displaylogo": False,
    "displayModeBar": False,
    "responsive": True,
}


# The report's stylesheet is not there in live JupyterLab: the first output of each
# notebook carries the report stylesheet's own rules for the classes of workbook/html/
# (read from report.css, never copied by hand), in the colours of the Lab's theme. Never
# in a report, which has the whole stylesheet.
LAB_CLASSES = (
    "kpi",
    "note",
    "purpose",
    "report-meta",
    "muted",
    "table-more",
    "coach-note",
    "redacted-banner",
    "homework",
)
#: report.css's colours, as JupyterLab's theme names them (light and dark alike).
LAB_THEME = {
    "--ink": "var(--jp-content-font-color1, #1f2933)",
    "--ink-soft": "var(--jp-content-font-color2, #52606d)",
    "--ink-muted": "var(--jp-content-font-color3, #7b8794)",
    "--paper": "transparent",
    "--canvas": "var(--jp-layout-color1, #f5f6f8)",
    "--line": "var(--jp-border-color2, #e1e5ea)",
}


def _top_level_rules(css: str) -> list[tuple[str, str]]:
    """The (selector, declarations) of a stylesheet's top-level rules (not @media)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    rules, depth, start, selector = [], 0, 0, ""
    for i, char in enumerate(css):
        if char == "{":
            if depth == 0:
                selector, start = css[:i][css.rfind("}", 0, i) + 1 :].strip(), i + 1
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0 and not selector.startswith("@"):
                rules.append((selector, css[start:i].strip()))
    return rules


def _minified(text: str) -> str:
    text = re.sub(r"\s+", " ", text)
    return re.sub(r"\s*([{};,>])\s*", r"\1", text).replace(": ", ":")


@functools.cache
def lab_stylesheet() -> str:
    """The rules of report.css for :data:`LAB_CLASSES`, with its colour variables set
    from the Lab's theme on those elements (see the comment above)."""
    from workbook import resources

    css = (resources.templates_dir() / "report" / "static" / "report.css").read_text("utf-8")
    ours = re.compile(r"\.(" + "|".join(map(re.escape, LAB_CLASSES)) + r")\b")
    root = dict(re.findall(r"(--[\w-]+)\s*:\s*([^;]+);", dict(_top_level_rules(css))[":root"]))
    variables = ";".join(f"{name}:{LAB_THEME.get(name, value)}" for name, value in root.items())
    kept = [(sel, body) for sel, body in _top_level_rules(css) if ours.search(sel)]
    scope = ",".join(f".{name}" for name in LAB_CLASSES)
    return _minified(f"{scope}{{{variables}}}" + "".join(f"{s}{{{b}}}" for s, b in kept))


def lab_css() -> str:
    """The Lab's copy of the sections' styles (:func:`lab_stylesheet`) in an interactive
    session; nothing under papermill (the report has its own stylesheet, see
    ``templates/report``)."""
    if is_headless():
        return ""
    return render("lab_style.html.j2", css=Markup(lab_stylesheet()))


# ---------------------------------------------------------------------------- charts


def _prepared(fig: Any) -> dict[str, Any]:
    """A copy of ``fig`` as a plain dict, fitted to the report: page width, tighter
    margins, system font. (A dict: re-validating a whole figure costs more than drawing.)"""
    # A deep copy either way: the caller's figure is left as it is.
    spec = fig.to_dict() if hasattr(fig, "to_dict") else copy.deepcopy(dict(fig))
    layout = spec.setdefault("layout", {})
    layout.pop("width", None)  # charts follow the page width
    if not layout.get("margin"):  # plotly's default margins are wide
        has_title = bool((layout.get("title") or {}).get("text"))
        layout["margin"] = {"l": 48, "r": 16, "t": 56 if has_title else 24, "b": 40}
    font = layout.setdefault("font", {})
    font.setdefault("family", CHART_FONT)  # no web fonts: use the page's system font
    return spec


def _chart_div(fig: Any) -> str:
    import plotly.io as pio

    height = fig.get("layout", {}).get("height") or DEFAULT_CHART_HEIGHT
    div = pio.to_html(
        fig,
        config=PLOTLY_CONFIG,
        include_plotlyjs=False,
        include_mathjax=False,
        full_html=False,
        default_width="100%",
        default_height=f"{int(height)}px",
        validate=False,
    )
    from workbook.charts import figure_table

    return str(render("chart.html.j2", div=Markup(div), table=figure_table(fig)))


def chart_html(fig: Any) -> str:
    """The report's ``text/html`` for a plotly figure (or figure dict): a div + a
    ``Plotly.newPlot`` call, no plotly.js, no MathJax, no URL."""
    return _chart_div(_prepared(fig))


def figure_bundle(fig: Any) -> dict[str, Any]:
    """The mimebundle :func:`show_figure` displays (useful in tests)."""
    import plotly.io as pio

    fig = _prepared(fig)
    fig_json = json.loads(pio.to_json(fig, validate=False, remove_uids=False))
    fig_json["config"] = dict(PLOTLY_CONFIG)
    return {
        PLOTLY_MIMETYPE: fig_json,
        "text/html": _chart_div(fig),
        "text/plain": "<chart>",
    }


def show_figure(fig: Any) -> None:
    """Display a plotly figure: native in JupyterLab, a plotly div in the HTML report."""
    display(figure_bundle(fig), raw=True)


# ---------------------------------------------------------------------------- tables


def _is_missing(value: object) -> bool:
    if value is None or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    try:
        return bool(pd.isna(cast(Any, value)))
    except (TypeError, ValueError):
        return False


def _format_cell(value: object, max_chars: int) -> str:
    if _is_missing(value):
        return DASH
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        number = float(value)
        if number.is_integer():
            return str(int(number))
        return f"{number:.2f}".rstrip("0").rstrip(".")
    if isinstance(value, (list, tuple, set, frozenset)):
        text = ", ".join(_format_cell(v, max_chars) for v in value)
    else:
        text = str(value)
    text = " ".join(text.split())  # one line per cell; newlines and runs of spaces collapse
    if len(text) > max_chars:
        text = text[: max_chars - 1].rstrip() + "…"
    return text


def _column_class(series: pd.Series) -> str:
    """``num`` (right-aligned), ``date`` (kept on one line) or ``""``."""
    if pd.api.types.is_bool_dtype(series):
        return ""
    if pd.api.types.is_numeric_dtype(series):
        return "num"
    if pd.api.types.is_datetime64_any_dtype(series):
        return "date"
    values = series.dropna()
    if len(values) and all(isinstance(v, dt.date) for v in values):
        return "date"
    return ""


def table(
    df: pd.DataFrame | Iterable[dict[str, Any]],
    max_rows: int = 25,
    empty: str = "Nothing here.",
    caption: str | None = None,
    max_chars: int = 280,
) -> HTML:
    """An escaped HTML table of at most ``max_rows`` rows, with a count of what was cut.

    Missing values show as "—", dates as YYYY-MM-DD, long texts are shortened to
    ``max_chars``.  The index is not shown.  An empty frame shows ``empty``.
    """
    frame = df if isinstance(df, pd.DataFrame) else pd.DataFrame(list(df))
    shown = frame.iloc[: max(0, max_rows)]
    columns = [
        {"name": str(name), "cls": _column_class(frame.iloc[:, i])}
        for i, name in enumerate(frame.columns)
    ]
    # A cell holding a bidi control is isolated (<bdi>): U+202E in a name turns only
    # that name around, never the rest of the row.
    rows = [
        [(text, has_bidi_control(text)) for text in (_format_cell(v, max_chars) for v in row)]
        for row in shown.itertuples(index=False, name=None)
    ]
    return HTML(
        render(
            "table.html.j2",
            columns=columns,
            rows=rows,
            caption=caption,
            empty=empty,
            left_out=len(frame) - len(shown),
        )
    )


# ---------------------------------------------------------------------------- text


def kpis(items: Sequence[tuple[Any, ...]]) -> HTML:
    """Key-figure cards: ``[(label, value, note_or_None[, trend_or_None]), ...]``.

    A trend is ``{"direction": "up" | "down" | "same" | "none", "text": ...}``.
    """
    cards = []
    for item in items:
        label, value, *rest = item
        cards.append(
            {
                "label": label,
                "value": DASH if _is_missing(value) else value,
                "note": rest[0] if rest else None,
                "trend": rest[1] if len(rest) > 1 else None,
            }
        )
    return HTML(render("kpis.html.j2", cards=cards))


def heading(text: str, level: int = 2) -> HTML:
    """An escaped heading (level clamped to 1..6)."""
    return HTML(render("heading.html.j2", text=text, level=min(6, max(1, int(level)))))


def paragraphs(text: object) -> Markup:
    """Escaped paragraphs: blank lines separate paragraphs, single newlines break lines."""
    blocks = [b.strip() for b in str(text).replace("\r\n", "\n").split("\n\n")]
    return Markup(render("paragraphs.html.j2", blocks=[b.split("\n") for b in blocks if b]))


def prose(text: str) -> HTML:
    """Escaped paragraphs: blank lines separate paragraphs, single newlines break lines."""
    return HTML(str(paragraphs(text)))


def bullets(items: Iterable[object], empty: str = "Nothing here.") -> HTML:
    """An escaped bulleted list; ``empty`` is shown when there are no items."""
    shown = [(str(item), has_bidi_control(str(item))) for item in items]
    return HTML(render("bullets.html.j2", items=shown, empty=empty))


def note(text: str, kind: str | None = None) -> HTML:
    """A callout box with escaped text (``kind``: e.g. ``"redacted"``, a CSS modifier)."""
    return HTML(render("note.html.j2", body=paragraphs(text), kind=kind))
