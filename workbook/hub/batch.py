"""The hub's reports: every client's, on a schedule and on the coach's demand (docs/hub.md).

Run by the hub as the service ``reports`` (``python -m workbook.hub.batch --every HOURS``)
and by the coach's "Run this period's reports now" (``--once``). Each run first finishes
what a stopped run left (``reports-pending.json`` in the hub's state folder), else plans
this period's report for every client (and last month's where it is missing), then works
the list one client at a time, each as that client (:func:`workbook.hub.accounts.run_as`):
a consistent snapshot of the workbook, the report into the client's own folder. A client
done is crossed off the list at once: a stop loses nothing, the next run goes on from there.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import fcntl
import json
import os
import signal
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.request import Request, urlopen

from workbook.errors import WorkbookError
from workbook.files import write_text_atomic
from workbook.hub import FINISHED_PERIOD, HUB_PERIOD, client_space

PENDING_NAME = "reports-pending.json"
LAST_RUN_NAME = "reports-last.json"
LOCK_NAME = "reports.lock"


def state_folder() -> Path:
    from workbook.hub.config import SETTINGS_ENV, HubSettings

    return Path(HubSettings.read(os.environ[SETTINGS_ENV]).state)


def hub_users() -> list[dict[str, Any]]:
    """The hub's users, from its REST API (the service's token: ``list:users``)."""
    url = os.environ["JUPYTERHUB_API_URL"].rstrip("/") + "/users"
    request = Request(url, headers={"Authorization": f"token {os.environ['JUPYTERHUB_API_TOKEN']}"})
    with urlopen(request, timeout=30) as answer:
        users: list[dict[str, Any]] = json.load(answer)
    return users


def client_names() -> list[str]:
    """The clients: every user but the admins (the coach), who has a workbook."""
    names = []
    for user in hub_users():
        if user.get("admin"):
            continue
        with contextlib.suppress(KeyError):
            if client_space(user["name"]).workbook.is_file():
                names.append(user["name"])
    return sorted(names)


def plan(clients: list[str], today: dt.date, finish: bool = True) -> list[list[str]]:
    """``[client, period label]`` pairs: this period for each and, with ``finish``, last
    month's where it is missing."""
    from workbook.periods import parse_period

    current = parse_period(HUB_PERIOD, today).label
    finished = parse_period(FINISHED_PERIOD, today).label
    todo = []
    for name in clients:
        if finish and not (client_space(name).report_dir(finished) / "report.html").exists():
            todo.append([name, finished])
        todo.append([name, current])
    return todo


@contextlib.contextmanager
def run_lock(state: Path) -> Iterator[bool]:
    """One run at a time: yields False when another run holds the lock."""
    with (state / LOCK_NAME).open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _save(path: Path, value: Any) -> None:
    write_text_atomic(json.dumps(value, indent=1), path)


def running(state: Path) -> bool:
    """Whether a run holds the lock now."""
    with run_lock(state) as mine:
        return not mine


def last_run(state: Path) -> dict[str, Any] | None:
    path = state / LAST_RUN_NAME
    if not path.exists():
        return None
    answer: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return answer


def run_once(
    state: Path, today: dt.date | None = None, finish: bool = True
) -> dict[str, Any] | None:
    """One run (a stopped one's rest, else :func:`plan`); None when another run is going."""
    from workbook.hub.accounts import run_as
    from workbook.periods import now, resolve_as_of

    day = resolve_as_of(today)
    pending_path = state / PENDING_NAME
    with run_lock(state) as mine:
        if not mine:
            return None
        resumed = pending_path.exists()
        todo = (
            json.loads(pending_path.read_text("utf-8"))
            if resumed
            else plan(client_names(), day, finish)
        )
        _save(pending_path, todo)
        record: dict[str, Any] = {
            "started": now(dt.UTC).isoformat(timespec="seconds"),
            "resumed": resumed,
            "done": [],
            "failed": {},
        }
        _save(state / LAST_RUN_NAME, record)
        while todo:
            name, label = todo[0]
            try:
                run_as(client_space(name), ["report", "--period", label])
                record["done"].append(f"{name} {label}")
            except (WorkbookError, KeyError) as error:
                record["failed"][f"{name} {label}"] = str(error)
            todo.pop(0)
            _save(pending_path, todo)
            _save(state / LAST_RUN_NAME, record)
        pending_path.unlink()
        record["finished"] = now(dt.UTC).isoformat(timespec="seconds")
        _save(state / LAST_RUN_NAME, record)
        return record


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m workbook.hub.batch")
    parser.add_argument("--every", type=float, default=None, metavar="HOURS")
    parser.add_argument("--once", action="store_true")
    args = parser.parse_args(argv)
    stop = threading.Event()
    # SIGTERM (the hub stopping) ends the run between two steps: the client's report in
    # progress is stopped by the same signal reaching its process group's leader (run_as).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    state = state_folder()
    if args.once or not args.every:
        run_once(state, finish=False)  # the coach's button: this period's reports
        return 0
    # At start, only what a stopped run left; then a full run every HOURS.
    if (state / PENDING_NAME).exists():
        run_once(state)
    while not stop.wait(args.every * 3600):
        run_once(state)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
