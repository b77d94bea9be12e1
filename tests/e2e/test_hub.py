"""The coach's practice on JupyterHub, as a coach and clients use it (docs/hub.md).

One ``workbook hub try --port 0 --clients 3`` for the module, started like a person would
(its state in a named folder, so that the last test can stop it mid-batch and start it
again). A real JupyterHub, configurable-http-proxy, a system user per client, Chromium
logging in through the hub's own log-in page, a client at phone size.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.browser import CHROMIUM_ARGS, PHONE, chromium_path, skip_without_browser
from workbook.hub import HUB_PERIOD, ClientSpace
from workbook.hub.batch import LAST_RUN_NAME, PENDING_NAME
from workbook.hub.config import proxy_command
from workbook.periods import parse_period, resolve_as_of
from workbook.store import Workbook

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    skip_without_browser(),
    pytest.mark.skipif(os.geteuid() != 0, reason="the hub makes system users: root only"),
    pytest.mark.skipif(
        shutil.which(proxy_command()) is None, reason="configurable-http-proxy: make hub-proxy"
    ),
]

ROOT = Path(__file__).resolve().parents[2]
START_S = 300
UI_MS = 180_000
TRY = [sys.executable, "-m", "workbook", "hub", "try", "--port", "0", "--clients", "3"]
LINE = re.compile(r"^(coach|client): ([a-z0-9-]+) ([A-Za-z0-9]{16})$")


@dataclass
class Hub:
    state: Path
    process: subprocess.Popen[bytes] | None = None
    base: str = ""
    coach: tuple[str, str] = ("", "")
    clients: list[tuple[str, str]] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)

    @property
    def hub_dir(self) -> Path:
        return self.state / "hub"

    def space(self, name: str) -> ClientSpace:
        return ClientSpace(name, self.state / "home" / name)


def start(hub: Hub, clients: int = 3, keep: bool = True) -> None:
    """``workbook hub try``: wait for its printed lines (the address, then each account).
    ``keep``: its state in ``hub.state`` (``--state``), else in a folder of its own (the
    test's folder then holds only the log)."""
    log = (hub.state / "try.log").open("ab")
    hub.process = subprocess.Popen(
        [*TRY[:-1], str(clients), *(["--state", str(hub.state)] if keep else [])],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=log,
        start_new_session=True,
    )
    lines: list[str] = []

    def read() -> None:
        assert hub.process is not None and hub.process.stdout is not None
        for raw in hub.process.stdout:
            lines.append(raw.decode().rstrip("\n"))
            if len(lines) == clients + 2:
                return

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(START_S)
    assert len(lines) == clients + 2, (
        f"hub try printed {lines}; log: {(hub.state / 'try.log').read_text()}"
    )
    hub.lines = lines
    hub.base = lines[0].removeprefix("hub: ")
    accounts = [LINE.match(line) for line in lines[1:]]
    assert all(accounts), lines
    hub.coach = (accounts[0][2], accounts[0][3])  # type: ignore[index]
    hub.clients = [(m[2], m[3]) for m in accounts[1:]]  # type: ignore[index]


def stop(hub: Hub) -> None:
    if hub.process is not None and hub.process.poll() is None:
        hub.process.send_signal(signal.SIGTERM)
        hub.process.wait(180)


def processes_of(names: list[str]) -> list[Any]:
    """Every process running as one of ``names``, or started from the hub's state."""
    import psutil

    uids = set()
    for name in names:
        with contextlib.suppress(KeyError):
            import pwd

            uids.add(pwd.getpwnam(name).pw_uid)
    found = []
    for process in psutil.process_iter(["uids", "cmdline"]):
        with contextlib.suppress(psutil.Error):
            if process.info["uids"] and process.info["uids"].real in uids:
                found.append(process)
    return found


def hub_tree(hub: Hub) -> list[Any]:
    """Every process ``hub try`` started: the hub, its proxy, services, servers, kernels."""
    import psutil

    assert hub.process is not None
    return psutil.Process(hub.process.pid).children(recursive=True)


#: System users made by a test (a sign-up) rather than by hub try: removed at the end.
extra_users: list[str] = []


@pytest.fixture(scope="module")
def hub() -> Iterator[Hub]:
    # Not under pytest's own temporary folder: that one is root's alone, and the
    # clients' homes are in here.
    from workbook.hub import CLIENT_GROUP
    from workbook.hub.accounts import group_exists, remove_group

    state = Path(tempfile.mkdtemp(prefix="workbook-hub-test-"))
    running = Hub(state)
    had_group = group_exists(CLIENT_GROUP)  # a kept --state hub leaves its group: ours to end
    try:
        start(running)
        yield running
    finally:
        stop(running)
        for name in [running.coach[0], *(c[0] for c in running.clients), *extra_users]:
            if name:
                subprocess.run(["userdel", "--remove", name], capture_output=True, check=False)
        if not had_group:
            remove_group(CLIENT_GROUP)  # only once nobody is in it
        shutil.rmtree(state, ignore_errors=True)


# -- helpers -------------------------------------------------------------------------------


@contextlib.contextmanager
def browser(phone: bool = False) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    options: dict[str, Any] = {"viewport": PHONE if phone else {"width": 1280, "height": 900}}
    if phone:
        options.update(is_mobile=True, has_touch=True)
    with tempfile.TemporaryDirectory(prefix="nop-hub-browser-") as profile, sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            profile, executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS, **options
        )
        context.set_default_timeout(UI_MS)
        try:
            yield context.pages[0] if context.pages else context.new_page()
        finally:
            context.close()


def log_in(page: Any, hub: Hub, path: str, account: tuple[str, str]) -> None:
    """Open ``path``: the hub's own log-in page comes first; sign in there."""
    page.goto(hub.base + path)
    page.locator("#username_input").wait_for()
    assert "/hub/login" in page.url
    page.fill("#username_input", account[0])
    page.fill("#password_input", account[1])
    page.click("#login_submit")


def sign_up(hub: Hub, name: str, password: str) -> None:
    """On the hub's own sign-up page, at phone size."""
    with browser(phone=True) as phone:
        phone.goto(hub.base + "hub/signup")
        phone.fill("#username_input", name)
        phone.fill("#password_input", password)
        phone.fill("#password_confirmation_input", password)
        phone.click("#signup_submit")
        phone.get_by_text("Your information has been sent to the admin").wait_for()


def approve(hub: Hub, names: list[str]) -> None:
    """The coach approves ``names`` on the hub's own page."""
    with browser() as desk:
        log_in(desk, hub, "hub/login?next=%2Fhub%2Fauthorize", hub.coach)
        desk.wait_for_url(re.compile(r"/hub/authorize"))
        for name in names:
            row = desk.locator("tr", has_text=name)
            row.get_by_role("button", name="Authorize").click()
            desk.locator("tr", has_text=name).get_by_role("button", name="Unauthorize").wait_for()


def open_the_app(hub: Hub, account: tuple[str, str]) -> None:
    """Sign in at the bookmarked capture page (the client's server starts) until Today."""
    name = account[0]
    with browser(phone=True) as phone:
        log_in(phone, hub, f"user/{name}/workbook/", account)
        phone.wait_for_url(re.compile(rf"/user/{name}/workbook/"))
        phone.get_by_role("button", name="Save encounter").wait_for()


def anonymous_get(url: str) -> tuple[int, str, str]:
    """Status, final address and text of a GET with no cookie (redirects followed)."""
    try:
        with urllib.request.urlopen(url, timeout=60) as answer:
            return answer.status, answer.url, answer.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.url, error.read().decode(errors="replace")


def this_period() -> str:
    return parse_period(HUB_PERIOD, resolve_as_of(None)).label


def expect(locator: Any) -> Any:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def practice_reports_done(page: Any, hub: Hub, since: float) -> None:
    """Wait for a run of the reports that finished after ``since`` (the page says so)."""
    last = hub.hub_dir / LAST_RUN_NAME
    deadline = time.monotonic() + UI_MS / 1000
    while time.monotonic() < deadline:
        if last.exists() and last.stat().st_mtime >= since:
            record = json.loads(last.read_text())
            if record.get("finished"):
                return
        time.sleep(0.5)  # polling the run's record, not waiting a fixed time
    raise AssertionError(f"the reports did not finish: {last.read_text() if last.exists() else ''}")


# -- the tests -----------------------------------------------------------------------------


def test_try_prints_the_hub_then_the_coach_then_each_client(hub: Hub) -> None:
    assert re.fullmatch(r"hub: http://127\.0\.0\.1:\d+/", hub.lines[0])
    roles = [LINE.match(line)[1] for line in hub.lines[1:]]  # type: ignore[index]
    assert roles == ["coach", "client", "client", "client"]
    names = [LINE.match(line)[2] for line in hub.lines[1:]]  # type: ignore[index]
    assert len(set(names)) == 4


@pytest.mark.parametrize(
    "path",
    [
        "user/{a}/workbook/",
        "user/{a}/workbook/reports",
        "user/{a}/workbook/reports/{period}",
        "user/{a}/lab",
        "user/{a}/api/contents/workbook.db",
        "user/{a}/files/workbook.db",
        "services/practice/",
        "hub/admin",
        "hub/authorize",
    ],
)
def test_log_in_is_required_everywhere(hub: Hub, path: str) -> None:
    address = hub.base + path.format(a=hub.clients[0][0], period=this_period())
    status, final, text = anonymous_get(address)
    if status == 200:  # redirected to the log-in page, nothing else
        assert "/hub/login" in final
        assert 'id="login_submit"' in text
    else:
        assert status == 403, (status, final)


def test_a_form_without_the_sign_in_is_refused(hub: Hub) -> None:
    request = urllib.request.Request(
        hub.base + "services/practice/run", data=b"_xsrf=forged", method="POST"
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=60)
    assert refused.value.code == 403
    assert not (hub.hub_dir / PENDING_NAME).exists()


def test_homes_are_private(hub: Hub) -> None:
    a, b = hub.clients[0][0], hub.clients[1][0]
    home = hub.space(a).home
    assert home.stat().st_mode & 0o777 == 0o700
    import pwd

    assert home.stat().st_uid == pwd.getpwnam(a).pw_uid
    assert hub.space(a).workbook.stat().st_uid == pwd.getpwnam(a).pw_uid
    # client B, on the machine itself, can read nothing of A's
    entry = pwd.getpwnam(b)
    peek = subprocess.run(
        [sys.executable, "-c", f"open({str(hub.space(a).workbook)!r}, 'rb').read(1)"],
        user=entry.pw_uid,
        group=entry.pw_gid,
        extra_groups=[],
        capture_output=True,
        text=True,
        env={"PATH": os.environ["PATH"]},
    )
    assert peek.returncode == 1 and "PermissionError" in peek.stderr


def workbook_rows(path: Path, query: str, *args: Any) -> list[tuple[Any, ...]]:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return connection.execute(query, args).fetchall()
    finally:
        connection.close()


def test_a_capture_on_a_phone_reaches_the_report_the_overview_and_the_note_the_app(
    hub: Hub,
) -> None:
    a = hub.clients[0][0]
    who = "Quinn Harbourside"
    period = parse_period(HUB_PERIOD, resolve_as_of(None))
    in_period = (
        "SELECT count(*), count(*) FILTER (WHERE event IS NULL) FROM encounter"
        " WHERE date >= ? AND date <= ?"
    )
    month = (period.start.isoformat(), resolve_as_of(None).isoformat())
    [(encounters, everyday)] = workbook_rows(hub.space(a).workbook, in_period, *month)
    with browser() as desk:  # the coach's figure before: A's new people this period
        log_in(desk, hub, "services/practice/", hub.coach)
        desk.wait_for_url(re.compile(r"/services/practice/"))
        new_before = int(desk.locator(f"#client-{a}").get_attribute("data-new-people"))

    # the client, on a phone: the bookmarked capture page, the hub's log-in first
    with browser(phone=True) as phone:
        log_in(phone, hub, f"user/{a}/workbook/", hub.clients[0])
        phone.wait_for_url(re.compile(rf"/user/{a}/workbook/"))
        phone.get_by_label("Who", exact=True).first.fill(who)
        phone.get_by_label("Place", exact=True).first.fill("the grocery store")
        phone.get_by_label("What I learned", exact=True).first.fill("Runs the bakery stall")
        phone.get_by_role("button", name="Save encounter").click()
        saved = re.compile(rf"^Saved: .*{who}")
        expect(phone.locator("#status")).to_have_text(saved, timeout=UI_MS)
    rows = workbook_rows(
        hub.space(a).workbook,
        "SELECT e.place FROM encounter e JOIN person p ON p.id = e.person WHERE p.name = ?",
        who,
    )
    assert rows == [("the grocery store",)]

    # the coach: the overview, a note for A, this period's reports
    note = "Well done at the market. Follow up with **Quinn** this week."
    with browser() as desk:
        log_in(desk, hub, "services/practice/", hub.coach)
        desk.wait_for_url(re.compile(r"/services/practice/"))
        for name, _ in hub.clients:
            assert desk.locator(f"#client-{name}").count() == 1
        # B's demo story ended 100 days ago: first, and why
        quiet = desk.locator("section.client").first
        assert quiet.get_attribute("data-client") == hub.clients[1][0]
        assert re.search(r"no logging since \d{1,2} \w{3} \d{4}", quiet.inner_text())
        card = desk.locator(f"#client-{a}")
        assert "last logged " + resolve_as_of(None).isoformat() in card.inner_text()
        assert card.get_attribute("data-new-people") == str(new_before + 1)  # Quinn
        card.get_by_label(f"Your note for {a} (Markdown)").fill(note)
        card.get_by_role("button", name="Save the note").click()
        saved = re.compile(rf"^Saved: the note for {a}")
        expect(desk.locator("#status")).to_have_text(saved, timeout=UI_MS)
        started = time.time()
        desk.get_by_role("button", name="Run this period's reports now").click()
        desk.locator("#status", has_text="The reports are running now").wait_for()
        practice_reports_done(desk, hub, started)
    notes = workbook_rows(
        hub.space(a).workbook, "SELECT period, text FROM coach_note WHERE period = ?", this_period()
    )
    assert notes == [(this_period(), note)]

    # the report, in A's own space, owned by A, has the capture and the note
    report = hub.space(a).report_dir(this_period()) / "report.html"
    import pwd

    assert report.stat().st_uid == pwd.getpwnam(a).pw_uid
    text = report.read_text(encoding="utf-8")
    assert "Follow up with" in text and "Quinn" in text  # the coach's note
    summary = json.loads((report.parent / "summary.json").read_text(encoding="utf-8"))
    assert summary["metrics"]["encounters"] == encounters + 1
    assert summary["metrics"]["everyday_encounters"] == everyday + 1

    # A's app: the Reports page lists the period with the note, and opens the report
    with browser(phone=True) as phone:
        log_in(phone, hub, f"user/{a}/workbook/reports", hub.clients[0])
        phone.wait_for_url(re.compile(rf"/user/{a}/workbook/reports"))
        item = phone.locator(f'li[data-period="{this_period()}"]')
        rendered = "Well done at the market. Follow up with Quinn this week."
        assert rendered in item.inner_text()  # the Markdown rendered, as in the report
        assert item.locator(".nop-note-text strong").all_inner_texts() == ["Quinn"]
        with phone.expect_navigation():
            item.get_by_role("link").click()
        assert phone.url.endswith(f"/workbook/reports/{this_period()}")
        assert "Follow up with" in phone.content()
        # …and Today starts with it (one line: whole, the Reports page a link away)
        phone.goto(hub.base + f"user/{a}/workbook/")
        shown = phone.locator("#coach-note")
        assert shown.locator(".nop-note-text p").all_inner_texts() == [rendered]
        assert shown.get_by_role("link").get_attribute("href").endswith("/workbook/reports")


def test_a_client_signs_up_the_coach_approves_then_their_space_is_made(hub: Hub) -> None:
    import pwd
    import secrets

    name, password = f"dora-{secrets.token_hex(2)}", secrets.token_urlsafe(12)
    try:
        sign_up(hub, name, password)
        with browser(phone=True) as phone:
            log_in(phone, hub, "hub/login", (name, password))  # not approved yet
            phone.locator("#username_input").wait_for()
            assert "/hub/login" in phone.url
        approve(hub, [name])
        open_the_app(hub, (name, password))
        space = hub.space(name)
        assert space.home.stat().st_mode & 0o777 == 0o700
        assert space.workbook.stat().st_uid == pwd.getpwnam(name).pw_uid
        with Workbook.open(space.workbook) as workbook:
            assert workbook.owner == name
            assert workbook.records("people") == []  # a real client starts empty
    finally:
        # the sign-up's system user is the tests' to remove at the end (hub try removes
        # only the accounts it made itself); its server stops with the hub
        extra_users.append(name)


def test_an_empty_note_is_refused_and_nothing_is_saved(hub: Hub) -> None:
    b = hub.clients[1][0]
    notes = "SELECT id, period, text FROM coach_note ORDER BY id"
    before = workbook_rows(hub.space(b).workbook, notes)  # the demo's own note
    with browser() as desk:
        log_in(desk, hub, "services/practice/", hub.coach)
        desk.wait_for_url(re.compile(r"/services/practice/"))
        card = desk.locator(f"#client-{b}")
        card.get_by_label(f"Your note for {b} (Markdown)").fill("   ")
        with desk.expect_response(re.compile(r"/services/practice/note$")) as sent:
            card.get_by_role("button", name="Save the note").click()
        assert sent.value.status == 422
        expect(desk.locator("#status")).to_have_text("Note: write a few words")
    assert workbook_rows(hub.space(b).workbook, notes) == before


def test_client_b_gets_no_page_file_or_report_of_client_a(hub: Hub) -> None:
    """Run after A's capture: A's server is up, A has a report."""
    a = hub.clients[0][0]
    assert (hub.space(a).report_dir(this_period()) / "report.html").exists()
    with browser() as page:
        log_in(page, hub, "hub/login", hub.clients[1])
        page.wait_for_url(re.compile(r"/user/|/hub/spawn"))
        for path in [
            f"user/{a}/workbook/",
            f"user/{a}/workbook/reports",
            f"user/{a}/workbook/reports/{this_period()}",
            f"user/{a}/lab",
            f"user/{a}/api/contents/workbook.db",
            f"user/{a}/files/workbook.db",
            "services/practice/",
        ]:
            answer = page.request.get(hub.base + path)
            # 403 from A's running server; 404 from the hub when A's server is stopped
            assert answer.status in (403, 404), (path, answer.status, answer.url)
            assert "Writes to" not in answer.text() and "SQLite" not in answer.text()


def test_stopping_the_hub_mid_batch_loses_nothing_and_the_next_run_finishes_it(
    hub: Hub,
) -> None:
    names = [name for name, _ in hub.clients]
    label = this_period()
    before = {n: (hub.space(n).report_dir(label) / "summary.json") for n in names}
    with browser() as desk:
        log_in(desk, hub, "services/practice/", hub.coach)
        desk.wait_for_url(re.compile(r"/services/practice/"))
        started = time.time()
        desk.get_by_role("button", name="Run this period's reports now").click()
        desk.locator("#status", has_text="The reports are running now").wait_for()
    pending = hub.hub_dir / PENDING_NAME
    deadline = time.monotonic() + UI_MS / 1000
    left: list[list[str]] = []
    while time.monotonic() < deadline:  # one client done, the others not yet
        with contextlib.suppress(OSError, ValueError):
            left = json.loads(pending.read_text())
            if 0 < len(left) < len(names):
                break
        time.sleep(0.2)
    assert 0 < len(left) < len(names)
    tree = hub_tree(hub)
    stop(hub)
    assert [p.pid for p in tree if p.is_running()] == []  # proxy, services, servers
    assert hub.process is not None and hub.process.returncode == 0
    # no server, kernel or report left, a sign-up's server included
    assert processes_of([hub.coach[0], *names, *extra_users]) == []
    import pwd

    for name in extra_users:  # a kept --state folder keeps the sign-ups' users and homes
        assert Path(pwd.getpwnam(name).pw_dir) == hub.space(name).home
        assert hub.space(name).workbook.exists()
    remaining = json.loads(pending.read_text())
    assert remaining and all(item[1] == label for item in remaining)
    for name in names:  # every workbook whole
        assert workbook_rows(hub.space(name).workbook, "PRAGMA integrity_check") == [("ok",)]

    start(hub)  # the reports service finishes the stopped run at start
    deadline = time.monotonic() + UI_MS / 1000
    while time.monotonic() < deadline and pending.exists():
        time.sleep(0.5)
    assert not pending.exists()
    record = json.loads((hub.hub_dir / LAST_RUN_NAME).read_text())
    assert record["resumed"] is True
    assert record["failed"] == {}
    assert sorted(record["done"]) == sorted(f"{n} {p}" for n, p in remaining)
    for name in names:
        assert before[name].stat().st_mtime >= started


def test_ctrl_c_stops_the_hub_and_everything_it_started(hub: Hub) -> None:
    """Last: Ctrl-C (SIGINT) on the hub started again by the test before."""
    assert hub.process is not None and hub.process.poll() is None
    tree = hub_tree(hub)
    assert len(tree) >= 4  # at least the hub, its proxy and its two services
    hub.process.send_signal(signal.SIGINT)
    assert hub.process.wait(180) == 0
    assert [p.pid for p in tree if p.is_running()] == []
    assert processes_of([hub.coach[0], *(name for name, _ in hub.clients)]) == []


def processes_of_uids(uids: list[int]) -> list[Any]:
    import psutil

    found = []
    for process in psutil.process_iter(["uids"]):
        with contextlib.suppress(psutil.Error):
            if process.info["uids"] and process.info["uids"].real in uids:
                found.append(process)
    return found


def test_a_temporary_trial_removes_every_user_it_made_and_no_other() -> None:
    """Last (the module's hub is stopped by then): ``hub try`` without ``--state``. A new
    client signs up, is approved and opens the app (the hub makes their system user and
    home); a system user that existed before signs up and is approved too, but gets no
    server running as them (the hub did not make that account). Stopped, the trial leaves
    none of the users it made — its own accounts and the sign-up — nor their homes,
    groups, processes or ACL entries, and the user from before as it was."""
    import grp
    import pwd
    import secrets

    from workbook.hub.accounts import closed_folders

    tag = secrets.token_hex(2)
    before = Path(tempfile.mkdtemp(prefix="workbook-hub-before-"))
    kept, dora, password = f"kept-{tag}", f"dora-{tag}", secrets.token_urlsafe(12)
    kept_password = secrets.token_urlsafe(12)
    trial = Hub(Path(tempfile.mkdtemp(prefix="workbook-hub-test-")))
    try:
        subprocess.run(
            ["useradd", "--create-home", "--home-dir", str(before / kept), "--user-group", kept],
            check=True,
            capture_output=True,
        )
        (before / kept / "mine.txt").write_text("mine", encoding="utf-8")
        kept_entry, kept_mode = pwd.getpwnam(kept), (before / kept).stat().st_mode

        start(trial, clients=1, keep=False)
        sign_up(trial, dora, password)
        sign_up(trial, kept, kept_password)
        approve(trial, [dora, kept])
        open_the_app(trial, (dora, password))
        with browser(phone=True) as phone:  # the account from before: refused a server
            log_in(phone, trial, f"user/{kept}/workbook/", (kept, kept_password))
            refusal = f"'{kept}' is an account this computer had before, not one the hub made"
            phone.get_by_text(re.compile(re.escape(refusal))).wait_for(timeout=UI_MS)
        assert processes_of([kept]) == []
        assert not (before / kept / "networking-workbook").exists()
        home = Path(pwd.getpwnam(dora).pw_dir)
        folder = home.parents[1]  # the trial's own temporary folder
        assert folder.name.startswith("workbook-hub-") and folder != trial.state
        assert (home / "networking-workbook" / "workbook.db").exists()
        made = [trial.coach[0], trial.clients[0][0], dora]
        uids = [pwd.getpwnam(name).pw_uid for name in made]
        assert processes_of([dora]) != []  # her server, as her

        assert trial.process is not None
        trial.process.send_signal(signal.SIGTERM)
        assert trial.process.wait(180) == 0
        for name in made:
            with pytest.raises(KeyError):
                pwd.getpwnam(name)
            with pytest.raises(KeyError):
                grp.getgrnam(name)
        assert not home.exists() and not folder.exists()
        assert processes_of_uids(uids) == []
        for closed in closed_folders():  # the way to this Python: no entry left for them
            acl = subprocess.run(
                ["getfacl", "-n", str(closed)], capture_output=True, text=True, check=True
            ).stdout
            assert not any(f"user:{uid}:" in acl for uid in uids), acl
        # the user who existed before: untouched
        assert pwd.getpwnam(kept) == kept_entry
        assert (before / kept / "mine.txt").read_text(encoding="utf-8") == "mine"
        assert (before / kept).stat().st_mode == kept_mode
    finally:
        stop(trial)
        for name in (kept, dora):
            subprocess.run(["userdel", "--remove", name], capture_output=True, check=False)
        shutil.rmtree(before, ignore_errors=True)
        shutil.rmtree(trial.state, ignore_errors=True)
