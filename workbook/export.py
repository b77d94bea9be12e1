"""Export an executed notebook to the self-contained HTML report (README.md, "The HTML report").

The report is rendered in-process with nbconvert's ``HTMLExporter`` and the project's
``templates/report`` template:

- no code, no prompts, no stderr (warnings, logging), no tracebacks;
- cells tagged ``remove`` (and papermill's ``parameters`` / ``injected-parameters`` cells)
  are left out; ``remove-input`` / ``remove-output`` tags are honoured too;
- plotly.js is inlined once in ``<head>`` when (and only when) the notebook holds a plotly
  chart — its smaller "finance" bundle when that draws every chart (docs/report.md);
  nothing is loaded from the network.

The template directory is found by :mod:`workbook.resources` (package data in a wheel,
``templates/`` in a source checkout).
"""

from __future__ import annotations

import copy
import functools
import os
import threading
from pathlib import Path
from typing import Any

import markupsafe
import nbformat
from nbconvert import HTMLExporter
from nbconvert.preprocessors import Preprocessor, TagRemovePreprocessor
from traitlets.config import Config

from workbook import resources
from workbook.display import PLOTLY_MIMETYPE
from workbook.errors import ReportFailed
from workbook.files import write_text_atomic

TEMPLATE_NAME = "report"

#: Cells with one of these tags are left out of the report entirely.
REMOVE_CELL_TAGS = frozenset({"remove", "parameters", "injected-parameters"})

#: Output mimetypes the report may render, best first.  No widgets, no raw JavaScript,
#: no LaTeX (would need MathJax); the plotly mimetype is not listed on purpose, so a
#: ``show_figure`` bundle is rendered from its ``text/html``.
DISPLAY_PRIORITY = [
    "text/html",
    "text/markdown",
    "image/svg+xml",
    "image/png",
    "image/jpeg",
    "text/plain",
]


class TemplateMissingError(ReportFailed):
    """The report template directory cannot be found (a broken installation)."""


class _DropNoise(Preprocessor):
    """Drop stderr streams (warnings, logging) and stdin echoes from every code cell."""

    def preprocess_cell(self, cell: Any, resources: Any, index: int) -> tuple[Any, Any]:
        if cell.get("cell_type") == "code" and cell.get("outputs"):
            cell.outputs = [
                out
                for out in cell.outputs
                if not (out.get("output_type") == "stream" and out.get("name") != "stdout")
            ]
        return cell, resources


class _PlotlyAsHTML(Preprocessor):
    """Give every plotly output our offline ``text/html``.

    Outputs from :func:`workbook.display.show_figure` already have it.  A chart shown
    another way (``fig.show()`` with the ``plotly_mimetype`` or ``notebook`` renderer) has
    only the plotly mimetype, or an HTML part that loads plotly.js/MathJax from a CDN or
    needs require.js: it is re-rendered from its JSON.
    """

    def preprocess_cell(self, cell: Any, resources: Any, index: int) -> tuple[Any, Any]:
        for out in cell.get("outputs", []) or []:
            data = out.get("data") or {}
            fig_json = data.get(PLOTLY_MIMETYPE)
            if not isinstance(fig_json, dict):
                continue
            html = data.get("text/html", "")
            if isinstance(html, str) and html.startswith('<div class="chart">'):
                continue
            from workbook.display import chart_html

            fig_dict = {k: v for k, v in fig_json.items() if k in ("data", "layout", "frames")}
            data["text/html"] = chart_html(fig_dict)
            data.pop("application/javascript", None)
        return cell, resources


def templates_dir() -> Path:
    """The directory holding ``report/conf.json``; raises if the install lacks it."""
    folder = resources.templates_dir()
    conf = folder / TEMPLATE_NAME / "conf.json"
    if not conf.is_file():
        raise TemplateMissingError(
            f"report template not found: {conf} is missing (a broken installation: "
            "reinstall the package)."
        )
    return folder


_lock = threading.Lock()


@functools.cache
def _exporter() -> HTMLExporter:
    """One configured exporter per process (building it loads templates and filters)."""
    exporter = HTMLExporter(
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(templates_dir())],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
        sanitize_html=False,  # display helpers escape user text themselves
        config=Config({"NbConvertBase": {"display_data_priority": list(DISPLAY_PRIORITY)}}),
    )
    exporter.register_preprocessor(
        TagRemovePreprocessor(
            remove_cell_tags=set(REMOVE_CELL_TAGS),
            remove_input_tags={"remove-input", "remove_input"},
            remove_all_outputs_tags={"remove-output", "remove_output"},
            enabled=True,
        ),
        enabled=True,
    )
    exporter.register_preprocessor(_DropNoise(enabled=True), enabled=True)
    exporter.register_preprocessor(_PlotlyAsHTML(enabled=True), enabled=True)
    return exporter


@functools.cache
def plotly_js() -> str:
    """The plotly.js bundle shipped with the installed plotly, safe to inline in <script>."""
    from plotly.offline import get_plotlyjs

    return get_plotlyjs().replace("</script", "<\\/script")


#: plotly.js's "finance" partial bundle (npm ``plotly.js-finance-dist-min``, MIT licence
#: beside it): a quarter of the full bundle's size, and it draws every trace type of the
#: report's charts (docs/report.md, "Size"). Updating it: docs/report.md.
PARTIAL_BUNDLE = Path(__file__).parent / "vendor" / "plotly-finance.min.js"
#: The trace types the partial bundle has (its README); a chart of any other type gets
#: the full bundle.
PARTIAL_TRACES = frozenset(
    {"bar", "candlestick", "funnel", "funnelarea", "histogram", "indicator", "ohlc", "pie",
     "scatter", "waterfall"}
)  # fmt: skip


def bundle_version(source: str) -> str:
    """The version a plotly.js bundle's banner names (``4.1.0``), or "" if none."""
    import re

    found = re.search(r"\* plotly\.js (?:\([^)]*\) )?v(\d+\.\d+\.\d+)", source[:400])
    return found.group(1) if found else ""


@functools.cache
def partial_plotly_js() -> str | None:
    """The partial bundle, safe to inline; None when it is missing or of another major
    version than the installed plotly expects (figures could then use what it lacks)."""
    from plotly.offline import get_plotlyjs_version

    try:
        source = PARTIAL_BUNDLE.read_text(encoding="utf-8")
    except OSError:
        return None
    expected = get_plotlyjs_version().split(".")[0]
    if bundle_version(source).split(".")[0] != expected:
        return None
    return source.replace("</script", "<\\/script")


def trace_types(nb: nbformat.NotebookNode) -> set[str] | None:
    """Every trace type the notebook's charts use; None when a chart's types cannot be
    told (a plotly chart present only as HTML)."""
    types: set[str] = set()
    for cell in nb.get("cells", []):
        for out in cell.get("outputs", []) or []:
            data = out.get("data") or {}
            figure = data.get(PLOTLY_MIMETYPE)
            if isinstance(figure, dict):
                types.update(str(t.get("type") or "scatter") for t in figure.get("data") or [])
            elif _is_plotly(out):
                return None
    return types


def report_plotly_js(nb: nbformat.NotebookNode) -> str:
    """The plotly.js a report of ``nb`` embeds: the partial bundle when it draws every
    chart of the notebook, else the full one."""
    types = trace_types(nb)
    partial = partial_plotly_js()
    if partial is not None and types is not None and types <= PARTIAL_TRACES:
        return partial
    return plotly_js()


def _is_plotly(output: Any) -> bool:
    """Whether one output is a plotly chart (its JSON, or plotly's own HTML)."""
    data = output.get("data") or {}
    if PLOTLY_MIMETYPE in data:
        return True
    html = data.get("text/html", "")
    if isinstance(html, list):
        html = "".join(html)
    return "Plotly.newPlot" in html or "plotly-graph-div" in html


def has_plotly(nb: nbformat.NotebookNode) -> bool:
    """Whether any output of ``nb`` is a plotly chart (so plotly.js must be embedded)."""
    return any(
        _is_plotly(out) for cell in nb.get("cells", []) for out in cell.get("outputs", []) or []
    )


def render_html(
    notebook: nbformat.NotebookNode | Path, title: str, full_plotly: bool = False
) -> str:
    """The report HTML for ``notebook`` (a node or a ``.ipynb`` path) as a string.

    ``full_plotly``: embed the full plotly.js even where the partial bundle would do
    (what reports weighed before; ``benchmarks/bench_report_size.py`` compares them).
    """
    if isinstance(notebook, (str, os.PathLike)):
        nb = nbformat.read(os.fspath(notebook), as_version=4)
        name = Path(notebook).stem
    else:
        nb = copy.deepcopy(notebook)
        name = "report"
    nb.metadata["title"] = title
    resources: dict[str, Any] = {"metadata": {"name": name}}
    if has_plotly(nb):
        bundle = plotly_js() if full_plotly else report_plotly_js(nb)
        resources["plotly_js"] = markupsafe.Markup(bundle)  # trusted bundle
    exporter = _exporter()
    with _lock:  # the exporter registers per-call filters: keep one render at a time
        body, _ = exporter.from_notebook_node(nb, resources=resources)
    return body


def export_html(notebook: nbformat.NotebookNode | Path, out_path: Path, title: str) -> Path:
    """Render ``notebook`` to the offline HTML report at ``out_path``; returns the path.

    ``title`` (e.g. "Alex Doe — 2025-Q1") becomes the page ``<title>`` and the header.
    The file is written atomically (a temporary file renamed over ``out_path``).
    """
    return write_text_atomic(render_html(notebook, title), out_path)
