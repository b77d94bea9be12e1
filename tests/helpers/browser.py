"""Open an exported HTML report in headless Chromium with the network cut off.

Used by end-to-end tests to prove what README.md says: the report loads nothing from the network,
raises no JavaScript error, and its plotly charts render without a kernel.

Every request other than ``file://`` (and ``data:``/``blob:``, which never leave the
machine) is aborted and recorded.  Chromium is the system one (``shutil.which
("chromium")``); tests skip when it or Playwright is missing.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")

_COUNT_RENDERED_CHARTS = """
() => Array.from(document.querySelectorAll('.js-plotly-plot'))
        .filter(el => el.querySelector('.main-svg')).length
"""
_COUNT_CHART_DIVS = "() => document.querySelectorAll('.plotly-graph-div').length"


def chromium_path() -> str | None:
    """The system Chromium executable, or None."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def browser_available() -> bool:
    """Whether Playwright is importable and a system Chromium exists."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return chromium_path() is not None


#: Resize every chart to its box (as the report does before printing) and wait until the
#: resizes are done and two frames painted: a condition, not a pause.
_CHARTS_SETTLED = """async () => {
  if (window.Plotly) {
    await Promise.all([...document.querySelectorAll('.js-plotly-plot')]
      .map((el) => window.Plotly.Plots.resize(el)));
  }
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
}"""


@contextlib.contextmanager
def local_page(
    viewport: dict[str, int] | None = None,
    *,
    mobile: bool = False,
    blocked: list[str] | None = None,
    **options: Any,
) -> Iterator[Any]:
    """The page of a fresh headless Chromium (a throw-away profile of its own) at
    ``viewport``, a phone's (``is_mobile``, touch) with ``mobile``. Every request that
    would leave the machine is aborted, its address added to ``blocked``. ``options`` go
    to Playwright's ``launch_persistent_context``."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    if executable is None:
        raise RuntimeError("chromium not found on PATH")
    if viewport is not None:
        options["viewport"] = viewport
    if mobile:
        options.update(is_mobile=True, has_touch=True)

    def route(route: Any) -> None:
        url = route.request.url
        if url.startswith(LOCAL_SCHEMES):
            route.continue_()
            return
        if blocked is not None:
            blocked.append(url)
        route.abort()

    with tempfile.TemporaryDirectory(prefix="nop-browser-") as profile, sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            profile, executable_path=executable, headless=True, args=CHROMIUM_ARGS, **options
        )
        try:
            context.route("**/*", route)
            yield context.pages[0] if context.pages else context.new_page()
        finally:
            context.close()


def open_offline(
    html_path: Path | str,
    *,
    screenshot_path: Path | str | None = None,
    viewport: dict[str, int] | None = None,
    full_page: bool = True,
    timeout_ms: int = 20_000,
) -> dict[str, Any]:
    """Load ``html_path`` offline and report what happened.

    Returns ``{"external_requests": [url, ...], "console_errors": [...],
    "page_errors": [...], "plotly_charts": <charts that rendered an svg>,
    "chart_divs": <plotly divs in the page>, "text": document.body.innerText,
    "title": document.title, "screenshot": <path or None>}``.
    """
    url = Path(html_path).resolve().as_uri()
    external: list[str] = []
    console_errors: list[str] = []
    page_errors: list[str] = []
    with local_page(viewport or DESKTOP, blocked=external, service_workers="block") as page:
        page.on(
            "console",
            lambda msg: console_errors.append(msg.text) if msg.type == "error" else None,
        )
        page.on("pageerror", lambda exc: page_errors.append(str(exc)))
        page.on(
            "requestfailed",
            lambda req: (
                None
                if req.url.startswith(LOCAL_SCHEMES) or req.url in external
                else external.append(req.url)
            ),
        )
        page.goto(url, wait_until="load", timeout=timeout_ms)
        expected = page.evaluate(_COUNT_CHART_DIVS)
        if expected:
            # on timeout, report what rendered: the caller asserts the count
            with contextlib.suppress(Exception):
                page.wait_for_function(
                    f"() => ({_COUNT_RENDERED_CHARTS})() >= {int(expected)}",
                    timeout=timeout_ms,
                )
        page.evaluate(_CHARTS_SETTLED)  # responsive relayouts done, then painted
        result: dict[str, Any] = {
            "external_requests": external,
            "console_errors": console_errors,
            "page_errors": page_errors,
            "plotly_charts": page.evaluate(_COUNT_RENDERED_CHARTS),
            "chart_divs": expected,
            "text": page.evaluate("() => document.body.innerText"),
            "title": page.title(),
            "screenshot": None,
        }
        if screenshot_path is not None:
            Path(screenshot_path).parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(screenshot_path), full_page=full_page)
            result["screenshot"] = str(screenshot_path)
    return result


def screenshot(
    html_path: Path | str,
    png_path: Path | str,
    width: int = 1280,
    *,
    height: int | None = None,
    full_page: bool = True,
) -> dict[str, Any]:
    """Screenshot ``html_path`` at ``width`` CSS pixels (1280 desktop, 390 phone).

    Returns the same dict as :func:`open_offline` (so callers can also check requests).
    """
    viewport = {"width": width, "height": height or (844 if width < 600 else 900)}
    return open_offline(html_path, screenshot_path=png_path, viewport=viewport, full_page=full_page)


def skip_without_browser() -> Any:
    """A pytest mark: skip where there is no browser — except in CI (``$CI`` set), where
    the test runs and fails loudly, since ``.ci/run`` installs Chromium."""
    import os

    import pytest

    return pytest.mark.skipif(
        not browser_available() and not os.environ.get("CI"),
        reason="needs Playwright and Debian's chromium (apt-get install chromium)",
    )


_WIDE_IN_PRINT = """
() => Array.from(document.querySelectorAll('.report-body table, .chart'))
        .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .map(el => (el.innerText || el.className).slice(0, 60))
"""


def print_check(html_path: Path | str, pdf_path: Path | str) -> dict[str, Any]:
    """Print ``html_path`` as on A4 paper: the elements wider than the page (each would be
    cut off on paper) and the PDF's size in pages, offline as in :func:`open_offline`."""
    # A4 minus the page margins, in CSS px
    with local_page({"width": 680, "height": 960}) as page:
        page.goto(Path(html_path).resolve().as_uri(), wait_until="load")
        page.emulate_media(media="print")
        page.evaluate(_CHARTS_SETTLED)  # charts resized to the printed width, then painted
        too_wide = page.evaluate(_WIDE_IN_PRINT)
        page.pdf(path=str(pdf_path), format="A4", print_background=True)
    pages = Path(pdf_path).read_bytes().count(b"/Type /Page") - Path(pdf_path).read_bytes().count(
        b"/Type /Pages"
    )
    return {"too_wide": too_wide, "pages": pages}
