"""Run ``workbook app`` as a subprocess, as a person would, for tests and the benchmark.

:func:`start_app` starts ``python -m workbook app --workbook PATH --port 0`` with this
worktree's code on ``PYTHONPATH`` and returns once the app has printed its address (the
one line on stdout). :func:`stop_app` sends SIGTERM, as a service manager would, and makes
sure no kernel of the app is left, even if the app failed to stop them itself.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class AppServer:
    """A running ``workbook app``: where it listens, its token, its workbook and log."""

    process: subprocess.Popen[bytes]
    url: str  # the printed line: http://127.0.0.1:PORT/?token=TOKEN
    base: str  # http://127.0.0.1:PORT
    token: str
    workbook: Path
    log: Path

    def page_url(self, path: str = "") -> str:
        """The address of a page of the app (``""`` is Today, ``"people"``…)."""
        return f"{self.base}/workbook/{path}"


def start_app(
    folder: Path,
    workbook: Path,
    token: str | None = None,
    timeout: float = 180,
    host: str | None = None,
    env: dict[str, str] | None = None,
) -> AppServer:
    """``workbook app`` on a free port (``--port 0``), its stderr in ``folder/app.log``;
    ``env``: more environment variables (``WORKBOOK_AS_OF``…)."""
    log = folder / "app.log"
    env = dict(os.environ, PYTHONPATH=str(ROOT), **(env or {}))
    env.pop("WORKBOOK", None)  # the app is told its workbook on the command line
    command = [sys.executable, "-m", "workbook", "app", "--workbook", str(workbook), "--port", "0"]
    if token:
        command += ["--token", token]
    if host:
        command += ["--host", host]
    with log.open("w") as log_file:
        process = subprocess.Popen(
            command,
            cwd=folder,
            env=env,
            stdout=subprocess.PIPE,
            stderr=log_file,
            start_new_session=True,
        )
    lines: list[str] = []
    reader = threading.Thread(
        target=lambda: lines.append(process.stdout.readline().decode()),  # type: ignore[union-attr]
        daemon=True,
    )
    reader.start()
    reader.join(timeout)
    if not lines or not lines[0].strip():
        stop_app(process)
        raise RuntimeError(f"workbook app printed no address:\n{log.read_text()[-3000:]}")
    url = lines[0].strip()
    parts = urlsplit(url)
    return AppServer(
        process=process,
        url=url,
        base=f"{parts.scheme}://{parts.netloc}",
        token=parts.query.removeprefix("token="),
        workbook=workbook,
        log=log,
    )


def kernels_of(pid: int) -> list[int]:
    """The kernel processes started by process ``pid`` (each in a session of its own)."""
    out = subprocess.run(
        ["ps", "-eo", "pid=,ppid=,args="], capture_output=True, text=True, check=True
    ).stdout
    return [
        int(line.split()[0])
        for line in out.splitlines()
        if int(line.split()[1]) == pid and "ipykernel" in line
    ]


def alive(pids: list[int]) -> list[int]:
    """Those of ``pids`` still running."""
    running = []
    for pid in pids:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            continue
        running.append(pid)
    return running


def stop_app(process: subprocess.Popen[bytes], timeout: float = 60) -> int | None:
    """SIGTERM; then make sure nothing of ours is left. Returns the app's exit code."""
    code = None
    kernels = kernels_of(process.pid)
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            code = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    for pid in alive(kernels):  # only if the app failed to stop them itself
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)
    return code


@contextlib.contextmanager
def serving(folder: Path, workbook: Path, **options: Any) -> Iterator[AppServer]:
    """:func:`start_app` (a test fails, with the app's log, if it does not start), then
    :func:`stop_app` when the block ends: a module's app fixture in one line."""
    try:
        running = start_app(folder, workbook, **options)
    except RuntimeError as error:
        pytest.fail(str(error))
    try:
        yield running
    finally:
        stop_app(running.process)
