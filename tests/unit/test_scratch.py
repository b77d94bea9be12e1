"""Leftovers of killed runs are found and removed; nothing alive is touched."""

from __future__ import annotations

import fcntl
import json
import os
import socket
from pathlib import Path

from workbook import scratch


def connection_file(folder: Path, name: str, hb_port: int) -> Path:
    path = folder / name
    info = {"shell_port": 1, "iopub_port": 2, "hb_port": hb_port, "stdin_port": 3}
    info |= {"control_port": 4, "ip": "127.0.0.1", "key": "k", "transport": "tcp"}
    path.write_text(json.dumps(info))
    return path


def test_connection_files_of_dead_kernels_are_removed(tmp_path: Path) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        dead_port = closed.getsockname()[1]
    live = socket.socket()
    live.bind(("127.0.0.1", 0))
    live.listen()
    try:
        dead = connection_file(tmp_path, "tmpdead.json", dead_port)
        alive = connection_file(tmp_path, "tmpalive.json", live.getsockname()[1])
        other = tmp_path / "tmpother.json"
        other.write_text('{"not": "a kernel"}')
        elsewhere = connection_file(tmp_path, "kernel-1.json", dead_port)  # not ours to judge
        assert scratch.sweep_connection_files(tmp_path) == [dead]
    finally:
        live.close()
    assert not dead.exists()
    assert alive.exists() and other.exists() and elsewhere.exists()


def test_only_unlocked_run_folders_are_swept(tmp_path: Path) -> None:
    runs = tmp_path / "runs"
    dead, alive, fresh = runs / "run-dead", runs / "run-alive", runs / "run-fresh"
    for folder in (dead, alive, fresh):
        folder.mkdir(parents=True)
        (folder / scratch.MARKER_NAME).write_text(scratch.MARKER_TEXT)
    (dead / "lock").write_text("")
    (dead / "kernel.json").write_text("{}")
    (alive / "lock").write_text("")
    # A folder being created (no lock file yet) is left alone while it is young.
    with (alive / "lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        assert scratch.sweep_runs(runs) == [dead]
    assert {p.name for p in runs.iterdir()} == {"run-alive", "run-fresh"}


def test_a_run_folder_is_locked_while_it_lives_and_gone_after(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    with scratch.run_folder() as folder:
        assert folder.parent == tmp_path / "networking-on-purpose" / "runs"
        assert scratch.sweep_runs(folder.parent) == []  # its own lock keeps it
        assert folder.exists()
    assert not folder.exists()


def test_abandoned_temporary_files_in_the_reports_folder_are_removed(tmp_path: Path) -> None:
    report = tmp_path / "ada" / "2026-10"
    report.mkdir(parents=True)
    (report / "report.html").write_text("kept")
    old = report / ".report.html.abc123.workbook-partial.tmp"
    old.write_text("half")
    os.utime(old, (0, 0))
    young = report / ".summary.json.def456.workbook-partial.tmp"  # being written right now
    young.write_text("{")
    # Not named as ours: someone else's (earlier versions' ``.run-*`` folders too).
    legacy = report / ".run-x9"
    legacy.mkdir()
    foreign = report / ".editor-swap.tmp"
    foreign.write_text("theirs")
    os.utime(foreign, (0, 0))
    assert set(scratch.sweep_output(tmp_path)) == {old}
    assert {p.name for p in report.iterdir()} == {
        "report.html",
        young.name,
        legacy.name,
        foreign.name,
    }
