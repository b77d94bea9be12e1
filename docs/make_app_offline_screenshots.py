"""The screenshots of docs/app-offline.md: Settings (name, e-mail, the calendar
subscription) at phone and desktop width, and Today on a phone that has lost its
connection after Save.

    python docs/make_app_offline_screenshots.py

Starts ``workbook app`` on the phone tests' small workbook (tests/e2e/test_app_phone.py)
and writes ``docs/screenshots/app_settings_{phone,desktop}.png`` and
``docs/screenshots/app_today_offline_phone.png``.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.test_app_phone import (  # noqa: E402
    CHROMIUM_ARGS,
    DESKTOP,
    PHONE,
    WAITING,
    Phone,
    _serve,
    chromium_path,
)

OUT = ROOT / "docs" / "screenshots"


def main() -> None:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="app-shots-") as tmp:
        serving = _serve(Path(tmp))
        app = next(serving)
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
                for viewport, size in ((PHONE, "phone"), (DESKTOP, "desktop")):
                    phone = Phone(browser, app, viewport)
                    page = phone.open("settings")
                    make = page.get_by_role("button", name="Make my calendar address")
                    if make.count():
                        make.click()
                    page.locator("#calendar-url").wait_for()
                    page.screenshot(path=str(OUT / f"app_settings_{size}.png"), full_page=True)
                    if size == "phone":
                        page = phone.open("")
                        phone.fill({"Who": "Zoë Kettle", "What I learned": "Runs the rink café"})
                        phone.context.set_offline(True)
                        page.get_by_role("button", name="Save encounter").click()
                        phone.status(WAITING)
                        page.screenshot(path=str(OUT / "app_today_offline_phone.png"))
                        phone.context.set_offline(False)
                    phone.close()
                browser.close()
        finally:
            next(serving, None)  # stops the app
    for name in ("app_settings_phone", "app_settings_desktop", "app_today_offline_phone"):
        print(OUT / f"{name}.png")


if __name__ == "__main__":
    main()
