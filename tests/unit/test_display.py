"""The display helpers render through autoescaping jinja2 templates: markup and accents
typed by anyone show as text, and the templates ship inside the package."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from workbook import display as show
from workbook.templating import ENV, render

EVIL = '<script>alert("x")</script>'
EVIL_TEXT = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;"
ACCENTS = "Zoë Ünïcode — «déjà vu» 東京"


def test_the_environment_autoescapes_and_templates_are_package_data() -> None:
    assert ENV.autoescape("anything.html.j2") is True
    templates = Path(__file__).resolve().parents[2] / "workbook" / "html"
    assert {p.name for p in templates.glob("*.j2")} >= {"table.html.j2", "kpis.html.j2"}
    assert render("heading.html.j2", text=EVIL, level=2) == f"<h2>{EVIL_TEXT}</h2>"


def test_table_escapes_every_cell_and_header_and_labels_cells_for_phones() -> None:
    frame = pd.DataFrame(
        {EVIL: [ACCENTS, None], "Met": [dt.date(2026, 10, 2), dt.date(2026, 10, 3)], "n": [1, 2]}
    )
    html = show.table(frame, max_rows=1).data
    assert "<script>" not in html
    assert f'<th scope="col">{EVIL_TEXT}</th>' in html
    assert f'<td data-label="{EVIL_TEXT}">{ACCENTS}</td>' in html
    assert '<td data-label="Met" class="date">2026-10-02</td>' in html
    assert '<td data-label="n" class="num">1</td>' in html
    assert '<p class="table-more">… and 1 more not shown</p>' in html


def test_empty_table_shows_the_empty_sentence_escaped() -> None:
    html = show.table(pd.DataFrame(), empty=f"Nothing {EVIL}").data
    assert html == f'<p class="muted table-empty">Nothing {EVIL_TEXT}</p>'


def test_kpis_with_and_without_trend() -> None:
    html = show.kpis(
        [
            (EVIL, 3, ACCENTS, {"direction": "up", "text": "↑ 2 on the month before (1)"}),
            ("Rate", None, None),
        ]
    ).data
    assert f'<div class="kpi-label">{EVIL_TEXT}</div>' in html
    assert f'<div class="kpi-note">{ACCENTS}</div>' in html
    assert '<div class="kpi-trend kpi-trend-up">↑ 2 on the month before (1)</div>' in html
    assert '<div class="kpi-value">—</div>' in html
    assert html.count('<div class="kpi-trend ') == 1


def test_text_helpers_escape() -> None:
    assert show.prose(f"{EVIL}\n{ACCENTS}\n\nsecond").data == (
        f"<p>{EVIL_TEXT}<br>{ACCENTS}</p><p>second</p>"
    )
    assert show.note(EVIL).data == f'<div class="note"><p>{EVIL_TEXT}</p></div>'
    assert show.bullets([EVIL, ACCENTS]).data == f"<ul><li>{EVIL_TEXT}</li><li>{ACCENTS}</li></ul>"
    assert show.bullets([], empty=EVIL).data == f'<p class="muted">{EVIL_TEXT}</p>'
    assert show.heading(ACCENTS, 9).data == f"<h6>{ACCENTS}</h6>"


def test_html_data_stays_a_plain_string_callers_can_join() -> None:
    """Walks concatenate sections' HTML with their own: nothing is escaped twice."""
    joined = show.heading("A").data + "<p>b</p>"
    assert joined == "<h2>A</h2><p>b</p>"
    assert type(show.lab_css()) is str
