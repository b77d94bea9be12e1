"""How fast the app's home page is ready, against Voilà's floor, and what the idle app holds.

The floor is plain Voilà (no warm kernels) serving a notebook with one button labelled
``Save encounter``: a kernel is started for each visit, as Voilà does by default. The app
is ``workbook app`` on a demo workbook. Both run at once; one headless Chromium at phone
size (390×844, touch) visits them in turn, each visit a fresh tab, timing ``goto`` → the
``Save encounter`` button visible. A first visit to each (not timed) logs in and fills the
browser's cache, as for a person who has opened the app before. Between visits the test
waits ``--pause`` seconds (a person does not open a page every second; the app refills its
warm pool meanwhile). The figure that counts is the ratio of the medians (target ≤ 0.5).

Then, idle, the resident memory of the app process and all its kernels (psutil RSS).

    python benchmarks/bench_app.py [--visits 7] [--pause 8]
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
from pathlib import Path
from typing import Any

import nbformat
import psutil
from nbformat.v4 import new_code_cell, new_notebook

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.helpers.app_server import kernels_of, start_app, stop_app  # noqa: E402
from tests.helpers.browser import CHROMIUM_ARGS, PHONE, chromium_path  # noqa: E402
from workbook.demo import write_demo  # noqa: E402

BUTTON = "Save encounter"
TIMEOUT_MS = 180_000


def one_button_notebook(folder: Path) -> Path:
    notebook = new_notebook(
        cells=[new_code_cell(f"import ipywidgets\nipywidgets.Button(description={BUTTON!r})")],
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


def visit(context: Any, url: str) -> float:
    """Seconds from opening ``url`` in a fresh tab to the button being visible."""
    page = context.new_page()
    started = time.perf_counter()
    page.goto(url)
    page.get_by_role("button", name=BUTTON).wait_for(state="visible", timeout=TIMEOUT_MS)
    elapsed = time.perf_counter() - started
    page.goto("about:blank")  # leaving the page: Voilà's beacon stops its kernel
    page.wait_for_timeout(500)
    page.close()
    return elapsed


def memory_mib(pid: int) -> tuple[float, float, int]:
    """Memory of ``pid`` and its descendants (MiB): RSS summed (shared pages counted in
    each process), USS summed (each process's own pages), and how many processes."""
    root = psutil.Process(pid)
    processes = [root, *root.children(recursive=True)]
    rss = sum(p.memory_info().rss for p in processes) / 2**20
    uss = sum(p.memory_full_info().uss for p in processes) / 2**20
    return rss, uss, len(processes)


def wait_for_warm_pool(pid: int, kernels: int, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while len(kernels_of(pid)) < kernels and time.monotonic() < deadline:
        time.sleep(0.5)
    # a warm kernel has imported and rehearsed its page when its CPU use falls idle
    while time.monotonic() < deadline:
        busy = sum(psutil.Process(k).cpu_percent(interval=0.5) for k in kernels_of(pid))
        if busy < 10:
            return


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--visits", type=int, default=7)
    parser.add_argument("--pause", type=float, default=8.0, help="seconds between visits")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from workbook.app.config import POOL_SIZES

    with tempfile.TemporaryDirectory(prefix="bench-app-") as tmp:
        folder = Path(tmp)
        workbook = folder / "demo.db"
        write_demo(workbook, as_of=dt.date.today())
        floor, floor_url = start_floor(folder)
        app = start_app(folder, workbook)
        try:
            wait_for_warm_pool(app.process.pid, sum(POOL_SIZES.values()))
            app_times, floor_times = [], []
            with sync_playwright() as pw:
                browser = pw.chromium.launch(
                    executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
                )
                context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
                visit(context, app.url)  # logs in (cookie) and caches the scripts
                visit(context, floor_url)
                time.sleep(args.pause)
                home = app.page_url("today")
                for number in range(args.visits):
                    app_times.append(visit(context, home))
                    floor_times.append(visit(context, floor_url))
                    print(
                        f"visit {number + 1}: app {app_times[-1]:.2f} s, "
                        f"one-button Voilà {floor_times[-1]:.2f} s",
                        flush=True,
                    )
                    time.sleep(args.pause)
                browser.close()
            time.sleep(args.pause)
            rss, uss, processes = memory_mib(app.process.pid)
        finally:
            stop_app(app.process)
            stop_app(floor)
    app_median, floor_median = statistics.median(app_times), statistics.median(floor_times)
    print(
        f"app (warm kernels): median {app_median:.2f} s to a visible {BUTTON!r} "
        f"(min {min(app_times):.2f}, max {max(app_times):.2f}, {len(app_times)} visits)"
    )
    print(
        f"one-button Voilà (no preheating): median {floor_median:.2f} s "
        f"(min {min(floor_times):.2f}, max {max(floor_times):.2f})"
    )
    print(f"ratio app / floor: {app_median / floor_median:.2f} (target ≤ 0.5)")
    print(
        f"idle app memory: {rss:.0f} MiB RSS ({uss:.0f} MiB unshared) in {processes} processes "
        f"(the server and {processes - 1} warm kernels); cores: {os.cpu_count()}, "
        f"load average {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
