"""How heavy the app is for a phone and for the computer, beside a one-button Voilà notebook.

Three figures for each server (docs/app-offline.md, "Speed and weight"):

* the first visit to Today: bytes transferred (Chromium's ``encodedDataLength`` of every
  response, plus websocket frames) and requests, cold cache (a fresh browser context),
  and the seconds until the ``Save encounter`` button is visible; then, apart, what a
  service worker fetches for its own copies. Requests that would leave the machine are
  aborted and counted;
* the idle server's memory: resident memory of the server process and all its children
  (psutil RSS, shared pages counted in each process), after the visits;
* a save, the median of ``--saves``: on the app, an encounter typed on Today and posted
  as its script posts it (``fetch``, JSON answer), until the answer, and the server's part
  of that (the response's ``responseStart - requestStart`` in the browser's resource
  timing); on Voilà, from the tap on the button to the page saying it saved
  (``performance.now()`` in the page; the work is the kernel's).

The servers: ``workbook app`` on a demo workbook, and plain ``voila`` on a notebook with
one button that answers ``Saved`` when pressed (a kernel for each visit, as Voilà does by
default). Both run at once; one headless Chromium at phone size (390×844, touch) visits
them in turn. Then the figures of the Voilà app the light app replaced, measured the same
way before it was removed (docs/app-baseline-voila.txt), are printed beside. The script
prints figures and ratios; it asserts nothing. Voilà is needed for the one-button
notebook only: ``pip install -e '.[bench]'``.

    python benchmarks/bench_app.py [--visits 3] [--saves 5] [--pause 8]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import nbformat
import psutil
from nbformat.v4 import new_code_cell, new_notebook

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.helpers.app_server import start_app, stop_app  # noqa: E402
from tests.helpers.browser import CHROMIUM_ARGS, PHONE, chromium_path  # noqa: E402
from workbook.demo import write_demo  # noqa: E402

BUTTON = "Save encounter"
BASELINE = ROOT / "docs" / "app-baseline-voila.txt"
TIMEOUT_MS = 180_000
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")

# Clicks the button and resolves with the milliseconds until an element matching the
# selector contains the text (a MutationObserver: no polling delay in the figure).
_TIMED_SAVE = """
([button, selector, text]) => new Promise((resolve) => {
  const done = () => [...document.querySelectorAll(selector)]
      .some((el) => el.textContent.includes(text));
  const started = performance.now();
  const observer = new MutationObserver(() => {
    if (done()) { observer.disconnect(); resolve(performance.now() - started); }
  });
  observer.observe(document.body, {subtree: true, childList: true, characterData: true});
  setTimeout(() => { observer.disconnect(); resolve(null); }, 60000);  // never answered
  [...document.querySelectorAll('button, input[type=submit]')]
      .find((b) => (b.textContent || b.value).trim() === button).click();
})
"""
# The light app: the encounter form sent as app.js sends it (fetch, Accept: JSON, a fresh
# submission id), without the navigation to the saved page that follows; resolves with
# [ms until the answer, ms of it on the server (responseStart - requestStart)].
_TIMED_POST = """
async (button) => {
  const form = [...document.querySelectorAll('form[data-save]')].find((f) =>
      [...f.querySelectorAll('button')].some((b) => b.textContent.trim() === button));
  const body = new URLSearchParams(new FormData(form));
  body.set('submission', crypto.getRandomValues(new Uint8Array(16))
      .reduce((s, b) => s + b.toString(16).padStart(2, '0'), ''));
  const url = new URL(form.getAttribute('action'), location.href).href;
  const started = performance.now();
  const response = await fetch(url, {method: 'POST', body,
      headers: {Accept: 'application/json'}, credentials: 'same-origin'});
  const answer = await response.json();
  const elapsed = performance.now() - started;
  if (answer.status !== 'saved') return null;
  const entry = performance.getEntriesByName(url).pop();
  return [elapsed, entry ? entry.responseStart - entry.requestStart : null];
}
"""


@dataclass
class Visit:
    bytes: int = 0
    requests: int = 0
    external: list[str] = field(default_factory=list)
    seconds: float = 0.0
    worker_requests: int = 0  # what a service worker fetched for itself (its own copies)
    worker_bytes: int = 0


@dataclass
class Figures:
    name: str
    visits: list[Visit] = field(default_factory=list)
    saves_ms: list[float] = field(default_factory=list)
    server_ms: list[float] = field(default_factory=list)
    unanswered: int = 0
    rss_mib: float = 0.0
    processes: int = 0


def one_button_notebook(folder: Path) -> Path:
    """A notebook of one ``Save encounter`` button that answers ``Saved`` when pressed."""
    source = (
        "import ipywidgets\n"
        f"button = ipywidgets.Button(description={BUTTON!r})\n"
        "answer = ipywidgets.HTML()\n"
        "answer.add_class('bench-saved')\n"
        "def save(_):\n"
        "    answer.value = f'Saved {save.count}'\n"
        "    save.count += 1\n"
        "save.count = 0\n"
        "button.on_click(save)\n"
        "ipywidgets.VBox([button, answer])"
    )
    notebook = new_notebook(
        cells=[new_code_cell(source)],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}},
    )
    path = folder / "one_button.ipynb"
    nbformat.write(notebook, path)
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_floor(folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    """Plain Voilà, default options (no preheating), on the one-button notebook."""
    notebook = one_button_notebook(folder)
    port = free_port()
    log = (folder / "voila.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable, "-m", "voila", str(notebook), "--no-browser",
            f"--port={port}", "--Voila.ip=127.0.0.1", "--Voila.port_retries=0",
        ],
        cwd=folder, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return process, url
        time.sleep(0.3)
    raise RuntimeError("voila did not start")


def first_visit(browser: Any, url: str) -> tuple[Visit, Any, Any]:
    """``url`` opened in a fresh context (cold cache) until the button is visible and the
    network is quiet. Returns the figures, the context and the page (left open)."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    visit = Visit()

    def route(route: Any) -> None:
        url = route.request.url
        if url.startswith(("data:", "blob:")) or urlsplit(url).hostname in LOCAL_HOSTS:
            route.continue_()
            return
        visit.external.append(route.request.url)
        route.abort()

    context.route("**/*", route)

    def by_worker(request: Any) -> None:
        if request.service_worker is not None:
            sizes = request.sizes()
            visit.worker_requests += 1
            visit.worker_bytes += sizes["responseBodySize"] + sizes["responseHeadersSize"]

    context.on("requestfinished", by_worker)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.on("Network.requestWillBeSent", lambda _e: _count(visit))
    cdp.on("Network.webSocketCreated", lambda _e: _count(visit))
    cdp.on("Network.loadingFinished", lambda e: _add(visit, int(e["encodedDataLength"])))
    cdp.on("Network.webSocketFrameReceived", lambda e: _add(visit, _frame(e)))
    cdp.on("Network.webSocketFrameSent", lambda e: _add(visit, _frame(e)))
    started = time.perf_counter()
    page.goto(url)
    page.get_by_role("button", name=BUTTON).wait_for(state="visible", timeout=TIMEOUT_MS)
    visit.seconds = time.perf_counter() - started
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1000)  # late requests (widgets' state, a service worker's)
    cdp.detach()  # the visit is over: the saves that follow are not part of it
    context.remove_listener("requestfinished", by_worker)
    return visit, context, page


def _count(visit: Visit) -> None:
    visit.requests += 1


def _add(visit: Visit, size: int) -> None:
    visit.bytes += size


def _frame(event: dict[str, Any]) -> int:
    return len(event["response"].get("payloadData", "").encode())


def leave(context: Any, page: Any) -> None:
    page.goto("about:blank")  # leaving the page: Voilà's beacon stops its kernel
    page.wait_for_timeout(500)
    context.close()


def app_saves(page: Any, count: int, figures: Figures) -> None:
    """``count`` encounters typed on the app's Today page and posted as its script does."""
    for number in range(count):
        who = f"Bench Person {number + 1} {time.time_ns()}"
        for label, value in (("Who", who), ("Place", "the bench"), ("What I learned", "x")):
            box = page.get_by_label(label, exact=True).first
            box.click()
            box.fill(value)
            box.blur()
        timed = page.evaluate(_TIMED_POST, BUTTON)
        if timed is None:
            figures.unanswered += 1
            continue
        figures.saves_ms.append(timed[0])
        if timed[1] is not None:
            figures.server_ms.append(timed[1])


def floor_saves(page: Any, count: int, figures: Figures) -> None:
    for number in range(count):
        elapsed = page.evaluate(_TIMED_SAVE, [BUTTON, ".bench-saved", f"Saved {number}"])
        if elapsed is None:
            figures.unanswered += 1
            return  # the next answers' numbers would be off by one
        figures.saves_ms.append(elapsed)


def memory_mib(pid: int) -> tuple[float, int]:
    """Resident memory (MiB) of ``pid`` and its descendants, and how many processes."""
    root = psutil.Process(pid)
    processes = [root, *root.children(recursive=True)]
    return sum(p.memory_info().rss for p in processes) / 2**20, len(processes)


def wait_until_idle(pid: int, timeout: float = 300) -> None:
    """Until the server and its children use (almost) no CPU."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
        busy = sum(p.cpu_percent(interval=0.5) for p in processes)
        if busy < 10:
            return


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def report(figures: Figures) -> None:
    visits = figures.visits
    kib = median([v.bytes / 1024 for v in visits])
    requests = median([v.requests for v in visits])
    seconds = median([v.seconds for v in visits])
    external = sorted({u for v in visits for u in v.external})
    print(f"{figures.name}:")
    print(
        f"  first visit: {kib:.0f} KB in {requests:.0f} requests, "
        f"{BUTTON!r} visible after {seconds:.2f} s (median of {len(visits)} cold visits); "
        f"requests leaving the machine: {len(external)}"
    )
    if any(v.worker_requests for v in visits):
        print(
            f"  then its service worker keeping copies: "
            f"{median([v.worker_bytes / 1024 for v in visits]):.0f} KB in "
            f"{median([v.worker_requests for v in visits]):.0f} requests"
        )
    if figures.server_ms:
        line = (
            f"  save: {median(figures.saves_ms):.0f} ms from the post to its answer, "
            f"{median(figures.server_ms):.1f} ms of it on the server"
        )
    else:
        line = f"  save: {median(figures.saves_ms):.0f} ms from tap to 'saved' shown"
    unanswered = f"; {figures.unanswered} never said so (60 s)" if figures.unanswered else ""
    print(f"{line} (median of {len(figures.saves_ms)}{unanswered})")
    print(f"  idle memory: {figures.rss_mib:.0f} MiB RSS in {figures.processes} processes")


def ratio(app: float, floor: float) -> str:
    return f"{app / floor:.2f}" if floor else "—"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--visits", type=int, default=3, help="cold first visits to each")
    parser.add_argument("--saves", type=int, default=5, help="saves timed on each")
    parser.add_argument("--pause", type=float, default=8.0, help="seconds between visits")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="bench-app-") as tmp:
        folder = Path(tmp)
        workbook = folder / "demo.db"
        write_demo(workbook, as_of=dt.date.today())
        floor_process, floor_url = start_floor(folder)
        app_server = start_app(folder, workbook)
        app = Figures("workbook app (the light app)")
        floor = Figures("one-button Voilà notebook (plain voila)")
        try:
            wait_until_idle(app_server.process.pid)
            with sync_playwright() as pw:
                browser = pw.chromium.launch(
                    executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
                )
                for number in range(args.visits):
                    visit, context, page = first_visit(browser, app_server.url)
                    app.visits.append(visit)
                    if number == args.visits - 1:
                        app_saves(page, args.saves, app)
                    leave(context, page)
                    visit, context, page = first_visit(browser, floor_url)
                    floor.visits.append(visit)
                    if number == args.visits - 1:
                        floor_saves(page, args.saves, floor)
                    leave(context, page)
                    print(
                        f"visit {number + 1}: app {app.visits[-1].bytes / 1024:.0f} KB "
                        f"in {app.visits[-1].requests} requests, one-button Voilà "
                        f"{floor.visits[-1].bytes / 1024:.0f} KB in "
                        f"{floor.visits[-1].requests} requests",
                        flush=True,
                    )
                    time.sleep(args.pause)
                browser.close()
            time.sleep(args.pause)
            wait_until_idle(app_server.process.pid)
            app.rss_mib, app.processes = memory_mib(app_server.process.pid)
            floor.rss_mib, floor.processes = memory_mib(floor_process.pid)
        finally:
            stop_app(app_server.process)
            stop_app(floor_process)
    print()
    for figures in (app, floor):
        report(figures)
    sizes = [median([v.bytes for v in f.visits]) for f in (app, floor)]
    requests = [median([v.requests for v in f.visits]) for f in (app, floor)]
    print(
        f"ratios app / one-button Voilà: first-visit bytes {ratio(*sizes)}, "
        f"requests {ratio(*requests)}, save {ratio(median(app.saves_ms), median(floor.saves_ms))}, "
        f"idle memory {ratio(app.rss_mib, floor.rss_mib)}"
    )
    print(
        "targets for the light app: first visit ≤ 100 KB in ≤ 10 requests, none leaving "
        "the machine; idle server ≤ 200 MB; a save ≤ 50 ms on the server"
    )
    print(f"cores: {os.cpu_count()}, load average {os.getloadavg()[0]:.1f}")
    if BASELINE.is_file():
        print(f"\nthe Voilà app the light app replaced ({BASELINE.relative_to(ROOT)}):")
        lines = BASELINE.read_text(encoding="utf-8").splitlines()
        start = next(n for n, line in enumerate(lines) if line.startswith("workbook app"))
        print("\n".join(lines[start : start + 4]))


if __name__ == "__main__":
    main()
