"""Make the screenshots in docs/screenshots/ from a fresh demo workbook.

    .venv/bin/python docs/make_screenshots.py

Runs the periodic report and the three reflection notebooks on the demo (as of a fixed
date, so the pictures are reproducible) and photographs the HTML a person receives, on a
desktop and on a phone, with the network cut off (tests/helpers/browser.py); then the
report's to-do tables on a phone (rows as cards) and its first printed A4 page (needs
``pdftoppm`` from poppler-utils).
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.helpers.browser import local_page, screenshot  # noqa: E402
from workbook.demo import write_demo  # noqa: E402
from workbook.reports import build_report, notebook_title, run_notebook  # noqa: E402

AS_OF = dt.date(2026, 11, 26)
OUT = ROOT / "docs" / "screenshots"
NOTEBOOKS = {
    "purpose_setting": {"period": "2026-12"},
    "event_debrief": {},
    "follow_up_analysis": {"period": "2026-Q4"},
}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        workbook = folder / "demo.db"
        write_demo(workbook, as_of=AS_OF)
        report = build_report(workbook, period="2026-10", as_of=AS_OF, out_root=folder)
        pages = {"periodic_report": report.html}
        for name, values in NOTEBOOKS.items():
            run = run_notebook(
                name,
                {"workbook": str(workbook), "as_of": AS_OF.isoformat(), **values},
                folder / name,
                title=f"Alex Rivera · {notebook_title(Path(name))}",
            )
            pages[name] = run.html
        for name, html in pages.items():
            desktop = OUT / f"{name}.png"
            screenshot(html, desktop, width=1280, height=1700, full_page=False)
            print(desktop.relative_to(ROOT))
        phone = OUT / "periodic_report_phone.png"
        screenshot(pages["periodic_report"], phone, width=390, height=1500, full_page=False)
        print(phone.relative_to(ROOT))
        for path in report_extras(pages["periodic_report"], folder):
            print(path.relative_to(ROOT))


def report_extras(html: Path, scratch: Path) -> list[Path]:
    """The to-do list on a phone (tables as cards) and page 1 of the report on A4."""
    written = []
    with local_page({"width": 390, "height": 844}, mobile=True) as page:
        page.goto(html.resolve().as_uri(), wait_until="load")
        page.wait_for_timeout(1500)  # charts drawn
        page.locator("#Your-to-do-list").scroll_into_view_if_needed()
        page.evaluate("() => document.querySelector('#Your-to-do-list').scrollIntoView()")
        tables = OUT / "periodic_report_phone_tables.png"
        page.screenshot(path=str(tables))
        written.append(tables)
        page.emulate_media(media="print")
        pdf = scratch / "report.pdf"
        page.pdf(path=str(pdf), format="A4")
    if shutil.which("pdftoppm"):
        stem = OUT / "periodic_report_print"
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "70",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(pdf),
                str(stem),
            ],
            check=True,
        )
        written.append(stem.with_suffix(".png"))
    return written


if __name__ == "__main__":
    main()
