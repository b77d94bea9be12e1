"""Which plotly.js a report embeds (docs/report.md, "Size"): the vendored partial bundle
when it draws every chart, of the major version the installed plotly expects; else the
full one."""

from __future__ import annotations

import nbformat
from nbformat.v4 import new_code_cell, new_notebook, new_output
from plotly.offline import get_plotlyjs_version

from workbook import charts
from workbook.export import (
    PARTIAL_BUNDLE,
    PARTIAL_TRACES,
    PLOTLY_MIMETYPE,
    bundle_version,
    partial_plotly_js,
    plotly_js,
    report_plotly_js,
    trace_types,
)


def notebook(*outputs: dict) -> nbformat.NotebookNode:
    cell = new_code_cell("")
    cell.outputs = [new_output("display_data", data=data) for data in outputs]
    return new_notebook(cells=[cell])


def test_the_vendored_bundle_matches_the_installed_plotly() -> None:
    source = PARTIAL_BUNDLE.read_text(encoding="utf-8")
    assert source.startswith("/**\n* plotly.js (finance - minified) v")
    # A new major plotly.js would need the bundle updated (docs/report.md says how).
    assert bundle_version(source).split(".")[0] == get_plotlyjs_version().split(".")[0]
    assert (PARTIAL_BUNDLE.parent / "plotly.js-LICENSE").read_text().startswith("MIT License")
    partial = partial_plotly_js()
    assert partial is not None
    assert len(partial) < len(plotly_js()) / 3


def test_every_trace_type_of_the_report_is_in_the_partial_bundle() -> None:
    import pandas as pd

    months = pd.DataFrame(
        {"month": ["2026-10"], "followed": [1], "missed": [0], "pending": [0], "planned": [1]}
    ).assign(rate=[1.0])
    figures = [
        charts.follow_up_rate_by_month(months, target=0.5),
        charts.days_to_follow_up(pd.DataFrame({"day": [0], "share": [1.0], "at_risk": [0]}), 7),
        charts.follow_up_by_setting(
            pd.DataFrame(
                {
                    "setting": ["Meetup"],
                    "kind": ["meetup"],
                    "rate": [1.0],
                    "encounters": [1],
                    "followed": [1],
                    "missed": [0],
                    "pending": [0],
                }
            )
        ),
        charts.stage_funnel({"met": 1}),
        charts.give_ask_balance(pd.DataFrame({"month": ["2026-10"], "gives": [1], "asks": [0]})),
    ]
    nb = notebook(*({PLOTLY_MIMETYPE: figure} for figure in figures))
    assert trace_types(nb) == {"bar", "scatter", "funnel"}
    assert trace_types(nb) <= PARTIAL_TRACES
    assert report_plotly_js(nb) == partial_plotly_js()


def test_a_chart_the_partial_bundle_cannot_draw_gets_the_full_one() -> None:
    heatmap = {PLOTLY_MIMETYPE: {"data": [{"type": "heatmap", "z": [[1, 2]]}], "layout": {}}}
    assert report_plotly_js(notebook(heatmap)) == plotly_js()
    # A trace without a type is a scatter (plotly's default).
    untyped = {PLOTLY_MIMETYPE: {"data": [{"x": [1], "y": [2]}], "layout": {}}}
    assert trace_types(notebook(untyped)) == {"scatter"}
    # A chart present only as plotly's HTML: its types are unknown, so the full bundle.
    html_only = {"text/html": '<div class="plotly-graph-div"></div><script>Plotly.newPlot()'}
    assert trace_types(notebook(html_only)) is None
    assert report_plotly_js(notebook(html_only)) == plotly_js()


def test_bundle_version_reads_either_banner() -> None:
    assert bundle_version("/**\n* plotly.js v4.1.1\n* Copyright") == "4.1.1"
    assert bundle_version("/**\n* plotly.js (finance - minified) v4.1.0\n") == "4.1.0"
    assert bundle_version("var x = 1;") == ""
