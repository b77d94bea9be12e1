"""What a client reads, end to end: the coach's note, trends and history, redaction, and
the report on a phone and on paper (one shared set of papermill runs, module-scoped)."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.cli import Ran, invoke
from workbook.schema import METRIC_LABELS

pytestmark = pytest.mark.slow

AS_OF = "2026-11-01"
# Free text about people: none of it may appear in a redacted report.
PEOPLE_MARKERS = {
    "name": "MkName1",
    "organisation": "MkOrg1",
    "role": "MkRole1",
    "email": "mkmail1@example.com",
    "phone": "+1 555 01991",
    "url": "https://example.com/MkUrl1",
    "tags": "MkTag1",
    "needs": "MkNeeds1",
    "notes": "MkNotes1",
    "name2": "MkName2",
    "place": "MkPlaceYoricksHouseParty",
    "place2": "MkPlaceGrocery",
    "learned": "MkLearned",
    "their_needs": "MkTheirNeeds",
    "my_offer": "MkMyOffer",
    "touch_note": "MkTouchNote",
    "opportunity_note": "MkOpportunityNote",
    "location": "MkEventLocation",
    "highlights": "MkHighlights",
    "debrief_learned": "MkDebriefLearned",
    "wiift": "MkWiift",
    "next_steps": "MkNextSteps",
    "coach": "MkCoachNote",
}
# The owner's own words stay in a redacted report.
OWNER_MARKERS = {"event": "MkEventName", "why": "MkPurposeWhy"}
COACH_NOTE = (
    "Well done! **Keep going**. <script>alert(1)</script> [bad](javascript:alert(1)) "
    + PEOPLE_MARKERS["coach"]
)


def marker_document() -> dict[str, Any]:
    m = PEOPLE_MARKERS
    return {
        "format": "networking-workbook",
        "version": 1,
        "owner": {"name": "Ada Example"},
        "people": [
            {
                "id": "p1",
                "name": m["name"],
                "organisation": m["organisation"],
                "role": m["role"],
                "email": m["email"],
                "phone": m["phone"],
                "url": m["url"],
                "tags": [m["tags"]],
                "needs": m["needs"],
                "cadence_days": 10,
                "notes": m["notes"],
            },
            {"id": "p2", "name": m["name2"]},
            {"id": "p3", "name": "Someone Else"},
        ],
        "events": [
            {
                "id": "e1",
                "name": OWNER_MARKERS["event"],
                "kind": "meetup",
                "date": "2026-09-10",
                "location": m["location"],
            }
        ],
        "encounters": [
            {"id": "n0", "person": "p3", "date": "2026-09-10", "event": "e1"},
            {
                "id": "n1",
                "person": "p1",
                "date": "2026-10-05",
                "place": m["place"],
                "learned": m["learned"],
                "their_needs": m["their_needs"],
                "my_offer": m["my_offer"],
                "card_exchanged": True,
            },
            {
                "id": "n2",
                "person": "p2",
                "date": "2026-10-12",
                "place": m["place2"],
                "card_exchanged": True,
            },
        ],
        "touchpoints": [
            {
                "id": "t0",
                "person": "p3",
                "date": "2026-09-11",
                "direction": "out",
                "kind": "follow_up",
                "channel": "email",
            },
            {
                "id": "t1",
                "person": "p3",
                "date": "2026-10-20",
                "direction": "out",
                "kind": "give",
                "channel": "email",
                "note": m["touch_note"],
            },
        ],
        "purposes": [
            {
                "id": "g1",
                "start": "2026-10-01",
                "end": "2026-10-31",
                "why": OWNER_MARKERS["why"],
                "targets": {"follow_up_rate": 0.8, "median_follow_up_days": 3},
            }
        ],
        "debriefs": [
            {
                "id": "d1",
                "event": "e1",
                "date": "2026-10-02",
                "purpose_met": "partly",
                "highlights": m["highlights"],
                "learned": m["debrief_learned"],
                "wiift": m["wiift"],
                "next_steps": m["next_steps"],
            }
        ],
        "opportunities": [
            {"id": "o1", "person": "p1", "date": "2026-10-25", "note": m["opportunity_note"]}
        ],
    }


def run(*args: str) -> Ran:
    """``workbook ARGS`` in this process: what is read here is the files a report writes,
    the same from a separate process (tests/e2e/test_report.py runs the real script)."""
    return invoke(*args)


def _outputs(out: Path) -> dict[str, Path]:
    (html,) = out.rglob("report.html")
    return {
        "html": html,
        "ipynb": html.with_name("report.ipynb"),
        "summary": html.with_name("summary.json"),
    }


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("content")
    source = folder / "ada.json"
    source.write_text(json.dumps(marker_document()), encoding="utf-8")
    workbook = folder / "ada.db"
    assert run("import", "json", str(source), "--workbook", str(workbook)).returncode == 0
    noted = run(
        "note",
        "--workbook",
        str(workbook),
        "--period",
        "2026-10",
        "--text",
        COACH_NOTE,
        "--target",
        "follow_up_rate",
        "0.9",
        "--target",
        "everyday_encounters",
        "3",
    )
    assert noted.returncode == 0, noted.stderr
    found: dict[str, Any] = {"folder": folder}
    for name, extra in (
        ("plain", []),
        ("redacted", ["--redact"]),
        ("september", ["--period", "2026-09"]),
    ):
        out = folder / name
        period = [] if "--period" in extra else ["--period", "2026-10"]
        done = run(
            "report",
            "--workbook",
            str(workbook),
            "--as-of",
            AS_OF,
            *period,
            *extra,
            "--out",
            str(out),
        )
        assert done.returncode == 0, done.stderr
        found[name] = _outputs(out)
    return found


def test_history_equals_the_separate_report_of_that_period(reports) -> None:
    summary = json.loads(reports["plain"]["summary"].read_text(encoding="utf-8"))
    september = json.loads(reports["september"]["summary"].read_text(encoding="utf-8"))
    entry = summary["history"][-1]
    m = september["metrics"]
    assert entry == {
        "period": "2026-09",
        "start": "2026-09-01",
        "end": "2026-09-30",
        "encounters": m["encounters"],
        "new_people": m["new_people"],
        "follow_up_rate": m["follow_up"]["rate"],
        "followed": m["follow_up"]["followed"],
        "planned": m["follow_up"]["planned"],
    }
    # By hand: September had n0 (p3, new), followed up the next day.
    assert (entry["encounters"], entry["new_people"], entry["follow_up_rate"]) == (1, 1, 1.0)
    assert [h["period"] for h in summary["history"]] == [
        "2026-03",
        "2026-04",
        "2026-05",
        "2026-06",
        "2026-07",
        "2026-08",
        "2026-09",
    ][1:]
    assert summary["history"][0] == {
        "period": "2026-04",
        "start": "2026-04-01",
        "end": "2026-04-30",
        "encounters": 0,
        "new_people": 0,
        "follow_up_rate": None,
        "followed": 0,
        "planned": 0,
    }


def test_the_coach_note_shows_near_the_top_as_safe_text(reports) -> None:
    html = reports["plain"]["html"].read_text(encoding="utf-8")
    start = re.search(r'<section[^>]*class="coach-note"', html).start()
    note = html[start : html.index("</section>", start)]
    assert start < html.index('<div class="kpi-grid">') < html.index("Your purpose for this")
    assert "From your coach" in note and "<strong>Keep going</strong>" in note
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in note and "<script>" not in note
    assert "[bad](javascript:alert(1))" in note and "href" not in note  # shown as text
    assert 'href="javascript' not in html
    assert "Your coach suggests these targets for November 2026:" in html
    assert f"{METRIC_LABELS['everyday_encounters']}: 3" in html


def test_the_plain_report_judges_nothing_without_data(reports) -> None:
    html = reports["plain"]["html"].read_text(encoding="utf-8")
    text = re.sub(r"<script.*?</script>", "", html, flags=re.S)  # plotly.js aside
    # October: n1 and n2 never followed up → rate 0 of 2 (behind its aim of 80%); no
    # follow-up at all, so the median has nothing to judge (not "✗ behind").
    rows = re.findall(r"<tr>(.*?)</tr>", text.split('id="Targets"')[1].split("</table>")[0])
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in rows]
    assert [c[0] for c in cells if c] == ["Follow-up rate", "Median days to follow up"]
    assert [c[-2:] for c in cells if c] == [
        ["0% of target", "✗ behind"],
        ["nothing to judge yet", "nothing to judge yet"],
    ]
    assert "(s)" not in text and "1 encounters" not in text


@pytest.mark.parametrize("kind", ["html", "ipynb"])
def test_a_redacted_report_holds_no_free_text_about_people(reports, kind) -> None:
    text = reports["redacted"][kind].read_text(encoding="utf-8")
    leaked = [f"{field}={marker}" for field, marker in PEOPLE_MARKERS.items() if marker in text]
    assert leaked == []
    for marker in OWNER_MARKERS.values():  # the owner's own words are there: right file
        assert marker in text
    plain = reports["plain"][kind].read_text(encoding="utf-8")
    assert PEOPLE_MARKERS["place"] in plain and PEOPLE_MARKERS["name"] in plain


def test_a_redacted_report_says_so_on_its_face(reports) -> None:
    html = reports["redacted"]["html"].read_text(encoding="utf-8")
    assert "Redacted report: people’s names are replaced by pseudonyms" in html
    assert html.index("Redacted report") < html.index("Follow-up rate")
    assert "left out of this redacted report" in html  # the coach's note
    assert "Redacted report" not in reports["plain"]["html"].read_text(encoding="utf-8")


# ---------------------------------------------------------------------------- phone and print

_WIDER_THAN_THE_SCREEN = """
() => ({
  scrollWidth: document.documentElement.scrollWidth,
  offenders: Array.from(document.querySelectorAll('.report-body *'))
    .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
    .slice(0, 5).map(el => el.tagName + '.' + el.className),
  hiddenScroll: Array.from(document.querySelectorAll('.table-wrap'))
    .filter(el => el.scrollWidth > el.clientWidth + 1).length,
  modebars: document.querySelectorAll('.modebar-container .modebar').length,
})
"""


def _open(html: Path, width: int, script: str) -> Any:
    from tests.helpers.browser import local_page

    with local_page({"width": width, "height": 844}, mobile=width < 600) as page:
        page.goto(html.resolve().as_uri(), wait_until="load", timeout=60_000)
        page.wait_for_function(
            "() => document.querySelectorAll('.js-plotly-plot .main-svg').length > 0",
            timeout=60_000,
        )
        return page.evaluate(script)


def test_at_390_px_nothing_is_wider_than_the_phone(reports, browser_ready) -> None:
    seen = _open(reports["plain"]["html"], 390, _WIDER_THAN_THE_SCREEN)
    assert seen["scrollWidth"] <= 390, seen
    assert seen["offenders"] == []
    assert seen["hiddenScroll"] == 0  # no table hides columns behind a sideways scroll
    assert seen["modebars"] == 0  # no chart toolbar over the titles


def test_printed_pages_are_numbered_and_no_heading_is_stranded(reports, browser_ready) -> None:

    from tests.helpers.browser import local_page

    css = reports["plain"]["html"].read_text(encoding="utf-8")
    assert "counter(page)" in css and "break-after: avoid" in css
    papers = ("A4", "Letter")
    with local_page() as page:  # one browser prints the page on both papers
        page.goto(reports["plain"]["html"].resolve().as_uri(), wait_until="load")
        page.emulate_media(media="print")
        for paper in papers:
            pdf = reports["folder"] / f"report-{paper}.pdf"
            page.pdf(path=str(pdf), format=paper, prefer_css_page_size=False)
    for paper in papers:
        text = _pdf_text(reports["folder"] / f"report-{paper}.pdf")
        pages = text.split("\f")
        assert len([p for p in pages if p.strip()]) >= 2
        for number, page_text in enumerate([p for p in pages if p.strip()], 1):
            lines = [line.strip() for line in page_text.splitlines() if line.strip()]
            assert f"Page {number} of" in page_text, (paper, number)
            # the last line before the page number is never a section heading
            body = [line for line in lines if not line.startswith("Page ")]
            assert body[-1] not in HEADINGS, (paper, number, body[-3:])


HEADINGS = {
    "Your purpose for this period",
    "Targets",
    "Did you follow up?",
    "Events and everyday places",
    "From first meeting to relationship",
    "Give before you ask",
    "Your to-do list",
    "Overdue follow-ups",
    "Cards never followed up",
    "Going cold",
    "Debrief highlights",
    "Next period: five questions",
    "From your coach",
}


def _pdf_text(pdf: Path) -> str:
    import shutil

    if shutil.which("pdftotext") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI must install poppler-utils (pdftotext): see .ci/run")
        pytest.skip("needs pdftotext (apt-get install poppler-utils)")
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
