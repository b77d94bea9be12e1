"""Screenshots of the app for the README: every page on a phone, the home page on a desktop.

Starts ``workbook app`` on a fresh demo workbook (ending today), opens each page in headless
Chromium at 390×844 (touch) with every request leaving the machine aborted, and writes
``docs/screenshots/app_<page>_phone.png`` (what the screen shows on opening), plus
``app_today_form_phone.png`` (an encounter being typed) and ``app_today_desktop.png``.

    python docs/make_app_screenshots.py
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.helpers.app_server import start_app, stop_app  # noqa: E402
from tests.helpers.browser import CHROMIUM_ARGS, DESKTOP, PHONE, chromium_path  # noqa: E402
from workbook.app.routes import MENU  # noqa: E402
from workbook.demo import write_demo  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
TIMEOUT_MS = 180_000


#: The file name of each page's screenshot (``app_<name>_phone.png``), by its path.
NAMES = {"": "today", "plan": "plan_event"}
#: Pages another script shoots (docs/make_app_offline_screenshots.py).
ELSEWHERE = {"settings"}


def settle(page: Any) -> None:
    page.locator("h1").first.wait_for()
    page.wait_for_load_state("networkidle")


def main() -> None:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="app-shots-") as tmp:
        folder = Path(tmp)
        workbook = folder / "demo.db"
        write_demo(workbook, as_of=dt.date.today())
        app = start_app(folder, workbook)
        blocked: list[str] = []

        def route(request: Any) -> None:
            if request.request.url.startswith((app.base, "data:", "blob:")):
                request.continue_()
            else:
                blocked.append(request.request.url)
                request.abort()

        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(
                    executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
                )
                phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
                phone.set_default_timeout(TIMEOUT_MS)
                phone.route("**/*", route)
                page = phone.new_page()
                page.goto(app.url)
                for path, _label in MENU:
                    if path in ELSEWHERE:
                        continue
                    name = NAMES.get(path, path)
                    page.goto(app.page_url(path))
                    settle(page)
                    page.screenshot(path=str(OUT / f"app_{name}_phone.png"))
                    print(OUT / f"app_{name}_phone.png")
                page.goto(app.page_url(""))
                settle(page)
                for label, value in {
                    "Who": "Zoë Ålund",
                    "Place": "hockey rink",
                    "What I learned": "Coaches the under-12s; starting a bakery",
                    "Their needs": "A space for weekend markets",
                }.items():
                    page.get_by_label(label, exact=True).first.fill(value)
                page.get_by_label("Who", exact=True).first.scroll_into_view_if_needed()
                page.evaluate("window.scrollBy(0, -60)")
                page.wait_for_timeout(400)
                page.screenshot(path=str(OUT / "app_today_form_phone.png"))
                print(OUT / "app_today_form_phone.png")
                desktop = browser.new_context(viewport=DESKTOP)
                desktop.set_default_timeout(TIMEOUT_MS)
                desktop.route("**/*", route)
                wide = desktop.new_page()
                wide.goto(app.url)
                settle(wide)
                wide.screenshot(path=str(OUT / "app_today_desktop.png"))
                print(OUT / "app_today_desktop.png")
                browser.close()
        finally:
            stop_app(app.process)
        if blocked:
            raise SystemExit(f"requests that left the machine: {blocked}")


if __name__ == "__main__":
    main()
