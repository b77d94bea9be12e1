"""A real browser: JupyterLab on localhost, the log notebook, the encounter form.

The test starts JupyterLab (a free port, a random token, a temporary copy of
``notebooks/``, a temporary workbook in ``$WORKBOOK``, its own Jupyter config/data/settings
directories so nothing of the machine's user setup leaks in, news and update checks off),
opens ``log.ipynb`` with Playwright driving the system Chromium, runs all cells, fills in
the encounter form for a new person, clicks Save, and reads the new encounter back from
the workbook file. Every request that is not to the local server is aborted.

Screenshots, in the test's tmp_path: ``jlab_log_filled.png`` (the form filled in),
``jlab_log.png`` (after Save: what was saved), ``jlab_log_board.png`` (the refreshed
follow-up list) and, on a failure, ``jlab_log_failed.png``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.browser import CHROMIUM_ARGS, chromium_path, skip_without_browser
from workbook.store import Workbook

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    skip_without_browser(),
]

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 90
UI_TIMEOUT_MS = 60_000
NEW_PERSON = "Grace Newcomer-Ødegård"
LEARNED = "Runs a <script>alert('x')</script> bakery — loves “sourdough” 🍞"


@dataclass
class Lab:
    url: str
    token: str
    workbook: Path
    log: Path


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str, timeout: float = 5.0) -> int:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return int(response.status)


def _write_json(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    """A JupyterLab server on 127.0.0.1 serving a copy of notebooks/; shut down after."""
    base = tmp_path_factory.mktemp("jlab")
    notebooks = base / "notebooks"
    shutil.copytree(ROOT / "notebooks", notebooks)
    workbook = base / "client.db"
    with Workbook.open(workbook, create=True) as wb:
        wb.set_owner("Ada Example")
        wb.put("people", {"id": "p1", "name": "Jane Roe", "organisation": "Acme"})
        wb.put(
            "events",
            {"id": "e1", "name": "Chamber breakfast", "kind": "meetup", "date": "2026-10-02"},
        )

    config, data, settings = base / "config", base / "data", base / "settings"
    # No news, no update check, no announcement pop-up covering the notebook.
    _write_json(
        config / "labconfig" / "page_config.json",
        {"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}},
    )
    _write_json(
        settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings",
        {"fetchNews": "false", "checkForUpdates": False},
    )
    env = dict(os.environ)
    env.pop("WORKBOOK_HEADLESS", None)  # an interactive session: the forms are shown
    env.update(
        WORKBOOK=str(workbook),
        JUPYTER_CONFIG_DIR=str(config),
        JUPYTER_DATA_DIR=str(data),
        JUPYTER_RUNTIME_DIR=str(base / "runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(settings),
        JUPYTERLAB_WORKSPACES_DIR=str(base / "workspaces"),
        IPYTHONDIR=str(base / "ipython"),
        JUPYTER_PLATFORM_DIRS="1",
    )
    token = secrets.token_hex(16)
    port = _free_port()
    log = base / "jupyterlab.log"
    command = [
        sys.executable, "-m", "jupyterlab",
        "--no-browser",
        f"--IdentityProvider.token={token}",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={notebooks}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
    ]  # fmt: skip
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # CI containers often run as root
        command.append("--allow-root")
    with log.open("w") as log_file:
        server = subprocess.Popen(
            command,
            cwd=base,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its kernels share the group: one clean shutdown
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if server.poll() is not None:
                pytest.fail(f"JupyterLab exited early:\n{log.read_text()[-3000:]}")
            try:
                if _get(f"{url}/api/status?token={token}") == 200:
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(
                    f"JupyterLab did not start in {START_TIMEOUT_S}s:\n{log.read_text()[-3000:]}"
                )
            time.sleep(0.3)
        yield Lab(url=url, token=token, workbook=workbook, log=log)
    finally:
        _shutdown(server, url, token)


def _shutdown(server: subprocess.Popen[bytes], url: str, token: str) -> None:
    """Ask the server to stop (it stops its kernels), then insist, on our own group only."""
    if server.poll() is None:
        try:
            request = urllib.request.Request(
                f"{url}/api/shutdown", method="POST", headers={"Authorization": f"token {token}"}
            )
            urllib.request.urlopen(request, timeout=10).close()
        except OSError:
            server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)
    # a kernel left behind by a killed server would still be in the server's group
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(server.pid, signal.SIGKILL)


def _wait_for_kernel(page: Any) -> None:
    """Until the status bar says the notebook's Python kernel is idle.

    If JupyterLab asks which kernel to use (it can, while it is still starting), accept
    its proposal: the notebook's own ``python3``.
    """
    status = page.locator(".jp-StatusBar-Widget, .jp-StatusBar-TextItem").filter(
        has_text=re.compile(r"Python 3.*\|\s*Idle")
    )
    dialog = page.locator(".jp-Dialog")
    deadline = time.monotonic() + UI_TIMEOUT_MS / 1000
    while time.monotonic() < deadline:
        if dialog.count() and dialog.first.is_visible():
            dialog.first.locator(".jp-mod-accept").first.click()
        elif status.count() and status.first.is_visible():
            return
        page.wait_for_timeout(250)
    raise AssertionError("the kernel did not become idle")


def test_log_an_encounter_in_jupyterlab(lab: Lab, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    blocked: list[str] = []
    dialogs: list[str] = []
    page_errors: list[str] = []

    def route(route: Any) -> None:
        if route.request.url.startswith((lab.url, "data:", "blob:")):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
        )
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 1000})
            context.set_default_timeout(UI_TIMEOUT_MS)
            context.route("**/*", route)
            page = context.new_page()
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.on("pageerror", lambda exc: page_errors.append(str(exc)))

            page.goto(f"{lab.url}/lab/tree/log.ipynb?token={lab.token}", wait_until="load")
            notebook = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)").first
            expect(notebook).to_be_visible(timeout=UI_TIMEOUT_MS)
            _wait_for_kernel(page)

            # Run → Run All Cells, as a person would.
            page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
            page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()

            form = page.locator(".nop-encounter-form").first
            expect(form).to_be_visible(timeout=UI_TIMEOUT_MS)
            board = page.locator(".nop-follow-up-board").first  # the last cell's output
            expect(board).to_contain_text("Recently met", timeout=UI_TIMEOUT_MS)
            _wait_for_kernel(page)

            person = form.locator(".nop-person input")
            person.click()
            person.fill(NEW_PERSON)
            expect(form.locator(".nop-person-hint")).to_contain_text(
                "New person", timeout=UI_TIMEOUT_MS
            )
            form.locator(".nop-learned textarea").fill(LEARNED)
            form.locator(".nop-card input[type=checkbox]").check()
            form.locator(".nop-place input").fill("the bakery queue")
            form.scroll_into_view_if_needed()
            page.screenshot(path=str(tmp_path / "jlab_log_filled.png"))
            form.locator("button.nop-save").click()

            saved = form.locator(".nop-form-saved")
            expect(saved).to_contain_text("Saved", timeout=UI_TIMEOUT_MS)
            expect(saved).to_contain_text(NEW_PERSON)
            expect(saved).to_contain_text("<script>")  # shown as text, not run
            # the follow-up list refreshed with the new person
            expect(board).to_contain_text(NEW_PERSON, timeout=UI_TIMEOUT_MS)
            form.scroll_into_view_if_needed()
            page.screenshot(path=str(tmp_path / "jlab_log.png"))
            board.scroll_into_view_if_needed()
            page.screenshot(path=str(tmp_path / "jlab_log_board.png"))
        except Exception:
            with contextlib.suppress(Exception):
                page.screenshot(path=str(tmp_path / "jlab_log_failed.png"))
            print(lab.log.read_text()[-3000:])  # shown by pytest on failure
            raise
        finally:
            browser.close()

    with Workbook.open(lab.workbook) as wb:
        people = {p["name"]: p for p in wb.records("people")}
        encounters = wb.records("encounters")
    assert NEW_PERSON in people, f"people: {sorted(people)}"
    assert len(encounters) == 1
    encounter = encounters[0]
    assert encounter["person"] == people[NEW_PERSON]["id"]
    assert encounter["learned"] == LEARNED
    assert encounter["card_exchanged"] is True
    assert encounter["follow_up_planned"] is True
    assert encounter["event"] is None
    assert encounter["place"] == "the bakery queue"
    day = dt.date.fromisoformat(encounter["date"])
    assert abs((day - dt.date.today()).days) <= 1  # the kernel's today (as_of = "")
    assert dt.date.fromisoformat(encounter["follow_up_due"]) - day == dt.timedelta(days=3)
    assert not dialogs, f"a dialog opened: {dialogs}"
    assert not blocked, f"JupyterLab tried to reach the network: {blocked}"
