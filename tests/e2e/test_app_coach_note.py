"""The coach's note on Today (docs/hub.md, the client's app): the first lines of this
period's note at the top, escaped, with a link to the Reports page for the whole note;
nothing at all when there is none.

``workbook app`` as a real process on a small workbook as of 2026-10-10
(``$WORKBOOK_AS_OF``): a note for 2026-10 of four lines, with markup and accents, and a
note for 2026-09 (another period: never on Today). Chromium at phone size (390 × 844).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.app_server import AppServer, serving
from tests.helpers.browser import CHROMIUM_ARGS, PHONE, chromium_path, skip_without_browser
from workbook.store import Workbook

pytestmark = [pytest.mark.slow, pytest.mark.browser, skip_without_browser()]

AS_OF = "2026-10-10"
TOKEN = "a-coach-note-test-token-32-chars"
FIRST = "<script>document.title='owned'</script> Zoë & Łukasz: well done."
NOTE = f"{FIRST}\n**Follow up** with Quinn.\n\nThird line.\nA fourth line, on Reports only."
#: Where a screenshot of Today at phone size goes, to be looked at (not compared).
SHOT = Path(os.environ.get("WORKBOOK_SHOTS", "/tmp")) / "app_today_coach_note_phone.png"


def make_workbook(path: Path) -> Path:
    with Workbook.open(path, create=True) as wb, wb.transaction():
        wb.set_owner("Sam Okafor")
        wb.put("coach_notes", {"id": "c1", "period": "2026-09", "text": "September's note"})
        wb.put("coach_notes", {"id": "c2", "period": "2026-10", "text": NOTE})
    return path


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    folder = tmp_path_factory.mktemp("coach-note")
    workbook = make_workbook(folder / "mine.db")
    with serving(folder, workbook, token=TOKEN, env={"WORKBOOK_AS_OF": AS_OF}) as running:
        yield running


@pytest.fixture
def phone(app: AppServer) -> Iterator[Any]:
    """A fresh phone-sized page, signed in with the printed address, on Today."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
        page = context.new_page()
        page.goto(app.url)
        page.get_by_role("button", name="Save encounter").wait_for()
        try:
            yield page
        finally:
            browser.close()


def test_today_starts_with_the_first_lines_of_this_period_s_note_escaped(
    app: AppServer, phone: Any
) -> None:
    note = phone.locator("#coach-note")
    assert note.get_by_role("heading").inner_text() == "Your coach's note for October 2026"
    # three non-blank lines in their two paragraphs, the Markdown rendered (a tag typed in
    # it shown as text), then "…"; not the fourth
    text = note.locator(".nop-note-text")
    assert text.locator("p").all_inner_texts() == [
        f"{FIRST} Follow up with Quinn.",
        "Third line…",
    ]
    assert text.locator("strong").all_inner_texts() == ["Follow up"]
    html = note.inner_html()
    assert "&lt;script&gt;document.title='owned'&lt;/script&gt; Zoë &amp; Łukasz" in html
    assert "<script" not in html and "fourth line" not in html
    assert phone.title() != "owned"
    # at the top of the page, before the reminders; nothing wider than the phone
    first = phone.locator("main section").first
    assert first.get_attribute("id") == "coach-note"
    assert phone.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
    phone.screenshot(path=str(SHOT))
    # the whole note is on the Reports page
    with phone.expect_navigation():
        note.get_by_role("link", name="Read the whole note").click()
    assert phone.url == app.page_url("reports")
    whole = phone.locator("[data-note-period='October 2026']").inner_text()
    assert "A fourth line, on Reports only." in whole and "Zoë & Łukasz" in whole


def test_no_note_this_period_no_box(app: AppServer, phone: Any) -> None:
    assert phone.locator("#coach-note").count() == 1
    with Workbook.open(app.workbook) as wb:
        wb.delete_records("coach_notes", ["c2"])  # September's stays: another period
    phone.reload()
    phone.get_by_role("button", name="Save encounter").wait_for()
    assert phone.locator("#coach-note").count() == 0
    assert phone.locator(".nop-coach-note").count() == 0
    first = phone.locator("main section").first
    assert first.get_attribute("aria-labelledby") == "reminders-title"
    with Workbook.open(app.workbook) as wb:
        assert [n["period"] for n in wb.records("coach_notes")] == ["2026-09"]
