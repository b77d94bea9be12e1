"""End-to-end: papermill-execute a small notebook, export it, check the HTML (README.md).

The static checks read the exported file; the ``browser`` checks open it in headless
Chromium with every non-file request aborted and recorded.
Screenshots land in the test's own tmp_path.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # make `tests.helpers` importable without a conftest
    sys.path.insert(0, str(ROOT))

from tests.helpers.browser import open_offline, screenshot, skip_without_browser  # noqa: E402
from workbook.export import export_html, partial_plotly_js, plotly_js  # noqa: E402

pytestmark = pytest.mark.slow

EVIL = "<script>alert(1)</script>"
EVIL_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
TITLE = "Ada <Lovelace> — 2025-Q1"


def _notebook() -> nbformat.NotebookNode:
    params = new_code_cell('owner = "nobody"\nrows = 3')
    params.metadata["tags"] = ["parameters"]
    kernel_probe = new_code_cell("import sys\nprint('KERNEL-PYTHON=' + sys.executable)")
    kernel_probe.metadata["tags"] = ["remove"]
    cells = [
        params,
        new_code_cell(
            "import logging, sys, warnings\n"
            "import pandas as pd\n"
            "import plotly.graph_objects as go\n"
            "from workbook.display import bullets, heading, kpis, note, prose, show_figure, table"
        ),
        kernel_probe,
        new_markdown_cell("## Charts\n\nHow the follow-ups went this quarter."),
        new_code_cell("heading('Report for ' + owner)\n"),
        new_code_cell(
            "kpis([('Encounters', str(rows * 4), None), ('Followed up', '62%', 'target 70%'),\n"
            "      ('Median days', '3', 'to first follow-up'), ('Going cold', '5', None)])"
        ),
        new_code_cell(
            "fig = go.Figure(go.Bar(x=['Jan', 'Feb', 'Mar'], y=[rows, 5, 8], name='met'))\n"
            "fig.update_layout(title='Encounters per month', template='plotly_white')\n"
            "show_figure(fig)\n"
            "show_figure(fig)"
        ),
        new_code_cell(
            "import numpy as np\n"
            "fig3 = go.Figure(go.Scatter(x=np.arange(6), y=np.arange(6) ** 2, mode='lines'))\n"
            "fig3.show(renderer='plotly_mimetype')  # not via show_figure: export re-renders it"
        ),
        new_code_cell(
            "df = pd.DataFrame({'name': ['" + EVIL + "'] + [f'Person {i}' for i in range(39)],\n"
            "                   'met_on': pd.date_range('2025-01-01', periods=40, freq='D'),\n"
            "                   'touches': [i % 4 for i in range(40)],\n"
            "                   'note': [None] * 40})\n"
            "table(df, caption='People met')"
        ),
        new_code_cell(
            "warnings.warn('NOISY-WARNING-TEXT')\n"
            "print('NOISY-STDERR-TEXT', file=sys.stderr)\n"
            "logging.getLogger('noisy').warning('NOISY-LOG-TEXT')\n"
            "prose('Quiet output after the noise.')"
        ),
        new_code_cell("note('Next period: follow up within 48 hours.')\n"),
        new_code_cell("bullets(['Call Sam', '" + EVIL + "'])"),
    ]
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    return nb


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    import papermill as pm

    tmp = tmp_path_factory.mktemp("export")
    src = tmp / "report.ipynb"
    out = tmp / "report.out.ipynb"
    nbformat.write(_notebook(), src)
    pm.execute_notebook(
        str(src),
        str(out),
        kernel_name="python3",
        parameters={"owner": "Ada <b>Lovelace</b>", "rows": 40},
        cwd=str(tmp),
        progress_bar=False,
    )
    executed = nbformat.read(out, as_version=4)
    html_path = export_html(executed, tmp / "report.html", TITLE)
    html = html_path.read_text(encoding="utf-8")
    return {"nb": executed, "path": html_path, "html": html}


def _without_plotly(html: str) -> str:
    return html.replace(plotly_js(), "").replace(partial_plotly_js() or "", "")


def test_kernel_is_the_venv_python(exported: dict[str, Any]) -> None:
    probe = [
        out.get("text", "")
        for cell in exported["nb"].cells
        for out in cell.get("outputs", [])
        if "KERNEL-PYTHON=" in out.get("text", "")
    ]
    assert probe, "kernel probe cell printed nothing"
    assert Path(probe[0].split("=", 1)[1].strip()).resolve() == Path(sys.executable).resolve()


def test_plotly_js_embedded_exactly_once(exported: dict[str, Any]) -> None:
    html = exported["html"]
    assert html.count("* plotly.js") == 1  # one bundle's banner
    # Bars and lines only: the partial bundle draws them (docs/report.md, "Size").
    partial = partial_plotly_js()
    assert partial is not None
    assert html.count(partial) == 1
    assert plotly_js() not in html
    head = html.split("</head>", 1)[0]
    assert "* plotly.js (finance - minified) v" in head
    assert html.count("Plotly.newPlot(") == 3


def test_loads_nothing_from_the_network(exported: dict[str, Any]) -> None:
    rest = _without_plotly(exported["html"])
    for pattern in (
        r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""",
        r"@import",
        r"url\(\s*[\"']?\s*(?:https?:)?//",
        r"require(?:\.min)?\.js",
        r"mathjax",
        r"cdn\.",
    ):
        assert not re.search(pattern, rest, re.IGNORECASE), pattern


def test_user_text_is_escaped(exported: dict[str, Any]) -> None:
    html = exported["html"]
    assert EVIL not in html
    assert EVIL_ESCAPED in html
    assert "Ada &lt;b&gt;Lovelace&lt;/b&gt;" in html
    assert "<title>Ada &lt;Lovelace&gt; — 2025-Q1</title>" in html


def test_no_code_prompts_or_noise(exported: dict[str, Any]) -> None:
    rest = _without_plotly(exported["html"])
    for leaked in (
        "show_figure(",
        "import pandas",
        "warnings.warn",
        "pd.DataFrame(",
        "owner = ",  # the parameters and papermill's injected-parameters cells
        "In&nbsp;[",
        "In [",
        "Out[",
        "NOISY-WARNING-TEXT",
        "NOISY-STDERR-TEXT",
        "NOISY-LOG-TEXT",
        "UserWarning",
        "KERNEL-PYTHON",
        "Traceback",
        "<chart>",
    ):
        assert leaked not in rest, leaked
    assert "Quiet output after the noise." in rest


def test_long_tables_are_cut_with_a_count(exported: dict[str, Any]) -> None:
    html = exported["html"]
    assert "… and 15 more not shown" in html
    assert "Person 23" in html
    assert "Person 24" not in html  # row 25 (the 26th) is cut
    assert "2025-01-01" in html


def test_size_does_not_carry_lab_css(exported: dict[str, Any]) -> None:
    size = len(exported["html"].encode("utf-8"))
    without = len(_without_plotly(exported["html"]).encode("utf-8"))
    print(f"report size: {size} bytes, without plotly.js: {without} bytes")
    assert without < 150_000


def test_no_plotly_js_without_charts(tmp_path: Path) -> None:
    nb = new_notebook(cells=[new_markdown_cell("## Purpose\n\nMeet three people who build tools.")])
    html = export_html(nb, tmp_path / "plain.html", "Plain").read_text(encoding="utf-8")
    assert "* plotly.js" not in html
    assert "<script" not in html
    assert "Meet three people who build tools." in html
    assert len(html.encode("utf-8")) < 20_000


def test_missing_template_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import workbook.export as export
    from workbook import resources

    monkeypatch.setattr(resources, "templates_dir", lambda: tmp_path / "nowhere")
    export._exporter.cache_clear()
    try:
        with pytest.raises(export.TemplateMissingError, match="report template not found"):
            export_html(new_notebook(), tmp_path / "x.html", "X")
    finally:
        export._exporter.cache_clear()
    assert not (tmp_path / "x.html").exists()


browser = skip_without_browser()


@pytest.mark.browser
@browser
def test_renders_offline_in_chromium(exported: dict[str, Any], tmp_path: Path) -> None:
    result = open_offline(exported["path"], screenshot_path=tmp_path / "export_desktop.png")
    assert result["external_requests"] == []
    assert result["page_errors"] == []
    assert result["console_errors"] == []
    assert result["chart_divs"] == 3
    assert result["plotly_charts"] == 3
    assert EVIL in result["text"]  # shown as text, not run
    assert "… and 15 more not shown" in result["text"]
    assert result["title"] == "Ada <Lovelace> — 2025-Q1"


@pytest.mark.browser
@browser
def test_renders_on_a_phone(exported: dict[str, Any], tmp_path: Path) -> None:
    result = screenshot(exported["path"], tmp_path / "export_phone.png", width=390)
    assert result["external_requests"] == []
    assert result["page_errors"] == []
    assert result["plotly_charts"] == 3


def test_the_lab_stylesheet_is_for_jupyterlab_only(monkeypatch) -> None:
    from workbook import display

    monkeypatch.delenv("WORKBOOK_HEADLESS", raising=False)
    assert display.lab_css().startswith("<style>")
    assert ".kpi-grid{" in display.lab_css()
    monkeypatch.setenv("WORKBOOK_HEADLESS", "1")
    assert display.lab_css() == ""
