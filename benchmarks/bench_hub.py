"""The practice hub on this machine: memory per client, log-in to Today, reports per minute.

Starts ``workbook hub try --clients N`` (root: it makes system users), then with headless
Chromium, for each client in turn: the hub's log-in page → the capture app's Today
(``/user/<name>/workbook/``), timed from the click on "Sign in" to the encounter form
being there (the single-user server's start included: a first log-in of the day). Memory
is the unique set size (USS, what ending the process would free) of every process of
the client's system user: *idle* once Today has loaded, *active* after a save on Today
and with a notebook kernel running (JupyterLab open on a notebook). Last, the coach runs
this period's reports from ``/services/practice/``: reports per minute, from the run's
own record. Also the part of the log-in that is the server's start, as the hub's own log
measures it ("took N seconds to start": from the spawn to the server answering). Prints
figures, asserts nothing (docs/hub.md quotes them).

    sudo python benchmarks/bench_hub.py [--clients 3]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import pwd
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parents[1]
LINE = re.compile(r"^(coach|client): (\S+) (\S+)$")
MB = 1024 * 1024
TRY = [sys.executable, "-m", "workbook", "hub", "try", "--port", "0"]
UI_MS = 300_000
#: The hub's own log line for a server's start (JupyterHub's ``User.spawn``).
STARTED = re.compile(r"User (\S+) took ([0-9.]+) seconds to start")


def uss_of(name: str) -> float:
    """MB of unique memory of every process of the system user ``name``."""
    uid = pwd.getpwnam(name).pw_uid
    total = 0
    for process in psutil.process_iter(["uids"]):
        with contextlib.suppress(psutil.Error):
            if process.info["uids"] and process.info["uids"].real == uid:
                total += process.memory_full_info().uss
    return total / MB


def settle(name: str, seconds: float = 5.0) -> float:
    """The user's memory once it stops changing by more than 1 MB over ``seconds``."""
    previous = uss_of(name)
    for _ in range(12):
        time.sleep(seconds)  # a benchmark may wait: it asserts nothing
        now = uss_of(name)
        if abs(now - previous) < 1:
            return now
        previous = now
    return previous


@contextlib.contextmanager
def hub(clients: int) -> Iterator[tuple[str, list[tuple[str, str, str]], Path]]:
    state = Path(tempfile.mkdtemp(prefix="workbook-hub-bench-"))
    process = subprocess.Popen(
        [*TRY, "--clients", str(clients), "--state", str(state)],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    lines: list[str] = []

    def read() -> None:
        assert process.stdout is not None
        for raw in process.stdout:
            lines.append(raw.decode().strip())
            if len(lines) == clients + 2:
                return

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(600)
    accounts = [m.groups() for m in map(LINE.match, lines[1:]) if m]
    try:
        yield lines[0].removeprefix("hub: "), accounts, state
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(300)
        for _, name, _ in accounts:
            subprocess.run(["userdel", "--remove", name], capture_output=True, check=False)
        shutil.rmtree(state, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from tests.helpers.browser import CHROMIUM_ARGS, PHONE, chromium_path

    print(f"cores: {os.cpu_count()}, clients: {args.clients}")
    logins: list[float] = []
    idle: list[float] = []
    active: list[float] = []
    with hub(args.clients) as (base, accounts, state), sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for role, name, password in accounts:
            if role != "client":
                continue
            context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
            context.set_default_timeout(UI_MS)
            page = context.new_page()
            page.goto(f"{base}user/{name}/workbook/")
            page.fill("#username_input", name)
            page.fill("#password_input", password)
            start = time.perf_counter()
            page.click("#login_submit")
            page.get_by_role("button", name="Save encounter").wait_for()
            logins.append(time.perf_counter() - start)
            idle.append(settle(name))
            page.get_by_label("Who", exact=True).first.fill("Bench Person")
            page.get_by_label("Place", exact=True).first.fill("the bakery")
            page.get_by_role("button", name="Save encounter").click()
            page.locator("#status", has_text="Saved").wait_for()
            xsrf = next(c["value"] for c in context.cookies() if c["name"] == "_xsrf")
            page.request.get(f"{base}user/{name}/lab")  # the server's own log-in
            page.request.post(
                f"{base}user/{name}/api/kernels",
                data=json.dumps({"name": "python3"}),
                headers={"X-XSRFToken": xsrf, "Content-Type": "application/json"},
            )
            active.append(settle(name))
            context.close()
        coach = next((n, p) for role, n, p in accounts if role == "coach")
        context = browser.new_context()
        context.set_default_timeout(UI_MS)
        page = context.new_page()
        page.goto(f"{base}services/practice/")
        page.fill("#username_input", coach[0])
        page.fill("#password_input", coach[1])
        page.click("#login_submit")
        page.get_by_role("button", name="Run this period's reports now").click()
        record_path = state / "hub" / "reports-last.json"
        record: dict[str, Any] = {}
        while not record.get("finished"):
            time.sleep(1)
            with contextlib.suppress(OSError, ValueError):
                record = json.loads(record_path.read_text())
        context.close()
        browser.close()
        log = (state / "hub" / "jupyterhub.log").read_text(errors="replace")
        starts = [float(m[2]) for m in STARTED.finditer(log)]
    took = (
        dt.datetime.fromisoformat(record["finished"]) - dt.datetime.fromisoformat(record["started"])
    ).total_seconds()
    done = len(record["done"])
    cores = os.cpu_count()
    print(f"log-in to a usable Today (server start included): {statistics.median(logins):.1f} s")
    print(f"  of which the server's start (the hub's log): {statistics.median(starts):.1f} s")
    print(f"memory per idle client (USS, server with the app): {statistics.median(idle):.0f} MB")
    print(f"memory per active client (+ a save, a kernel): {statistics.median(active):.0f} MB")
    print(f"reports: {done} in {took:.0f} s = {done / took * 60:.1f} per minute on {cores} cores")
    print("(medians over the clients)")


if __name__ == "__main__":
    main()
