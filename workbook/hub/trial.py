"""``workbook hub try``: a whole practice on this machine, for a coach to try (docs/hub.md).

A local hub on 127.0.0.1 with a coach (the admin) and N clients, each a system user with
a private home holding a demo workbook. It prints the hub's address and one line per
account, then runs until Ctrl-C or SIGTERM, when it stops the hub and everything the hub
started (single-user servers, the proxy, the services, a report in progress).

Its state — the hub's database, the homes, the reports — lives in a temporary folder,
removed at the end together with every system user the trial made: its own accounts and
anyone who signed up on it (the hub makes their user, with a home in the trial's folder,
the first time their server starts), never a user that existed before. With ``--state
DIR`` it lives in DIR and is kept, users included (the same accounts the next time).
"""

from __future__ import annotations

import contextlib
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.error import URLError
from urllib.request import urlopen

from workbook.batch import end_processes
from workbook.errors import WorkbookError, WorkbookInputError
from workbook.hub import CLIENT_GROUP, accounts
from workbook.hub.config import SETTINGS_ENV, HubSettings, install_proxy, proxy_command
from workbook.limits import MAX_TRIAL_CLIENTS
from workbook.options import OPTIONS

#: The clients' first names (a suffix of this run makes them unique on the machine).
CLIENT_NAMES = ("ada", "ben", "cleo", "dev", "eva", "finn", "gia", "hal")
assert len(CLIENT_NAMES) >= MAX_TRIAL_CLIENTS, "a name for every client"
#: The second client's demo story ends this many days ago (more than two months).
QUIET_CLIENT, QUIET_DAYS = 2, 100
#: How long the hub may take to answer after it starts (a busy two-core machine).
START_SECONDS = 120
#: How long the hub gets to stop its servers before what is left is ended.
STOP_SECONDS = 60
CONFIG_FILE = Path(__file__).resolve().parent / "jupyterhub_config.py"
ACCOUNTS_NAME = "accounts.json"  # read and deleted by the hub at start
PRINTED_NAME = "printed.json"  # what was printed, for a kept --state folder


@dataclass(frozen=True)
class Account:
    role: str  # "coach" or "client"
    name: str
    password: str

    def line(self) -> str:
        return f"{self.role}: {self.name} {self.password}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def make_accounts(clients: int) -> list[Account]:
    suffix = "".join(secrets.choice("abcdefghijkmnpqrstuvwxyz23456789") for _ in range(4))
    made = [Account("coach", f"coach-{suffix}", accounts.new_password())]
    made += [
        Account("client", f"{name}-{suffix}", accounts.new_password())
        for name in CLIENT_NAMES[:clients]
    ]
    return made


def prepare_users(made: list[Account], home_root: Path) -> None:
    """System users, private homes, the notebooks and (clients) a demo workbook each."""

    def prepare(index: int, account: Account) -> None:
        space = accounts.ensure_system_user(account.name, home_root)
        accounts.open_way(account.name)
        demo = ["--demo", str(index)] if account.role == "client" else []
        if index == QUIET_CLIENT:  # one client stopped logging: the coach's page says so
            demo += ["--quiet-days", str(QUIET_DAYS)]
        accounts.run_as(space, ["setup", "--owner", account.name, *demo])

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(prepare, range(len(made)), made))


def wait_for_hub(process: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise WorkbookError(f"the hub stopped at start; its log ({log}) ends:\n{_tail(log)}")
        try:
            with urlopen(url + "hub/api/", timeout=5) as answer:
                if answer.status == 200:
                    return
        except (URLError, OSError):
            pass
        time.sleep(0.2)  # polling the hub's answer, not waiting a fixed time
    raise WorkbookError(f"the hub did not answer in {START_SECONDS} s; its log: {log}")


def _tail(log: Path, lines: int = 15) -> str:
    with contextlib.suppress(OSError):
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    return ""


def system_users() -> set[str]:
    return {entry.pw_name for entry in pwd.getpwall()}


def trial_users(home_root: Path, before: set[str]) -> list[str]:
    """The system users this trial made: not there when it started, their home in its
    folder — its own accounts and those the hub made for sign-ups
    (:func:`workbook.hub.config.make_pre_spawn_hook` gives them a home in ``home_root``)."""
    return sorted(
        entry.pw_name
        for entry in pwd.getpwall()
        if entry.pw_name not in before and Path(entry.pw_dir).is_relative_to(home_root)
    )


def stop_tree(process: subprocess.Popen[bytes], users: list[str]) -> None:
    """Stop the hub (it stops its servers, proxy and services), then end what is left:
    any process of the hub's tree, and any process of the trial's users (a kernel whose
    parent was stopped first is no longer in the tree)."""
    import psutil

    try:
        tree = psutil.Process(process.pid).children(recursive=True)
    except psutil.Error:
        tree = []
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(STOP_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    uids = set()
    for name in users:
        with contextlib.suppress(KeyError):
            uids.add(pwd.getpwnam(name).pw_uid)
    theirs = [
        p for p in psutil.process_iter(["uids"]) if p.info["uids"] and p.info["uids"].real in uids
    ]
    end_processes([p for p in [*tree, *theirs] if p.is_running()], timeout=10)


def run_trial(
    port: int,
    clients: int,
    state: Path | None,
    say: Callable[[str], None],
) -> int:
    """Start the hub, print the address and the accounts, serve until stopped."""
    OPTIONS["trial_clients"].read(clients)  # 1 to MAX_TRIAL_CLIENTS: as --clients is
    if port and not port_is_free(port):
        raise WorkbookInputError(f"--port {port}: already in use on 127.0.0.1")
    accounts.require_root()
    if not shutil.which(proxy_command()):
        install_proxy(lambda line: print(line, file=sys.stderr))
    temporary = state is None
    before = system_users()  # whoever exists now is never the trial's to remove
    had_group = accounts.group_exists(CLIENT_GROUP)
    root = Path(tempfile.mkdtemp(prefix="workbook-hub-")) if state is None else state.resolve()
    hub_dir, home_root = root / "hub", root / "home"
    hub_dir.mkdir(parents=True, exist_ok=True)
    home_root.mkdir(exist_ok=True)
    root.chmod(0o711)  # clients pass through to their own home, see nothing else
    hub_dir.chmod(0o700)  # the hub's database and secrets: root's alone
    home_root.chmod(0o711)
    stop = threading.Event()
    previous = {
        sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGINT, signal.SIGTERM)
    }
    process: subprocess.Popen[bytes] | None = None
    made: list[Account] = []
    try:
        printed = hub_dir / PRINTED_NAME
        if printed.exists():
            made = [Account(**a) for a in json.loads(printed.read_text("utf-8"))]
        else:
            made = make_accounts(clients)
            fresh = {a.name: a.password for a in made}
            (hub_dir / ACCOUNTS_NAME).write_text(json.dumps(fresh), encoding="utf-8")
            (hub_dir / ACCOUNTS_NAME).chmod(0o600)
            if not temporary:
                printed.write_text(json.dumps([a.__dict__ for a in made]), encoding="utf-8")
                printed.chmod(0o600)
        prepare_users(made, home_root)
        # sign-ups of an earlier run (a kept --state folder): their way to this Python was
        # closed when it stopped; the reports and the coach's page run as them before any
        # server of theirs starts
        for name in trial_users(home_root, {a.name for a in made}):
            accounts.open_way(name)
        port = port or free_port()
        settings = HubSettings(
            state=str(hub_dir),
            coach=made[0].name,
            ip="127.0.0.1",
            port=port,
            hub_port=free_port(),
            proxy_api_port=free_port(),
            service_port=free_port(),
            home_root=str(home_root),
            accounts_file=str(hub_dir / ACCOUNTS_NAME),
            pythonpath=os.environ.get("PYTHONPATH", ""),
            extra={"clients": [a.name for a in made if a.role == "client"]},
        )
        settings_file = settings.write(hub_dir / "settings.json")
        log = hub_dir / "jupyterhub.log"
        env = {**os.environ, SETTINGS_ENV: str(settings_file)}
        with log.open("ab") as log_file:
            process = subprocess.Popen(
                [sys.executable, "-m", "jupyterhub", "-f", str(CONFIG_FILE)],
                cwd=hub_dir,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log_file,
                stderr=log_file,
                start_new_session=True,  # stopped by us, in order, not by the terminal
            )
        url = f"http://127.0.0.1:{port}/"
        wait_for_hub(process, url, log)
        say(f"hub: {url}")
        for account in made:
            say(account.line())
        while not stop.is_set() and process.poll() is None:
            stop.wait(1)
        if process.poll() is not None and not stop.is_set():
            raise WorkbookError(f"the hub stopped; its log ({log}) ends:\n{_tail(log)}")
        return 0
    finally:
        # the trial's accounts and the sign-ups' (made by the hub): with a kept --state
        # folder, those made in an earlier run too (their home is there as well)
        users = sorted({a.name for a in made} | set(trial_users(home_root, set())))
        if process is not None:
            stop_tree(process, users)
        for name in users:
            accounts.close_way(name, accounts.closed_folders())
        if temporary:
            for name in trial_users(home_root, before):
                accounts.remove_system_user(name)
            if not had_group:
                accounts.remove_group(CLIENT_GROUP)
            shutil.rmtree(root, ignore_errors=True)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
