"""A batch of client reports starts each next client's kernel ahead, and leaves none behind.

Every kernel serves one client: started with that client's environment, used for that
client's report only, shut down after it — when the client fails, and when the batch is
interrupted too.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import psutil
import pytest

from workbook.batch import ClientOutcome, build_client_reports
from workbook.demo import write_demo
from workbook.reports import build_report, prepare_kernel

pytestmark = pytest.mark.slow

AS_OF = dt.date(2026, 11, 20)


@pytest.fixture
def cache(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The scratch cache (run folders, kernel connection files and sockets) in a folder of
    the test's own, short enough for the kernels' Unix sockets; worker processes inherit it."""
    folder = Path(tempfile.mkdtemp(prefix="nop-"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def clients(folder: Path, names: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for seed, name in enumerate(names):
        if name.startswith("broken"):
            (folder / f"{name}.db").write_text("not a workbook at all")
        else:
            write_demo(folder / f"{name}.db", as_of=AS_OF, seed=seed, people=12, months=3)
    return folder


def batch(folder: Path, out: Path, **options: Any) -> list[ClientOutcome]:
    """October 2026's reports of every client in ``folder``, written under ``out``."""
    return build_client_reports(folder, period="2026-10", as_of=AS_OF, out_root=out, **options)


def our_kernels(cache: Path) -> list[psutil.Process]:
    """Every live process whose command line names a file under ``cache``: a kernel's
    connection file lives in its run folder there. Children or not (a kernel whose parent
    died is no child of this process any more)."""
    found = []
    for process in psutil.process_iter(["cmdline"]):
        cmdline = process.info["cmdline"] or []
        if any(str(cache) in part for part in cmdline):
            found.append(process)
    return found


def leftovers(cache: Path) -> list[str]:
    runs = cache / "networking-on-purpose" / "runs"
    return sorted(str(p.relative_to(runs)) for p in runs.rglob("*")) if runs.exists() else []


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_failing_client_leaves_no_kernel_running(tmp_path: Path, cache: Path, jobs: int) -> None:
    # broken.db sorts between the good ones: its kernel is started ahead while ada runs,
    # and it fails before its notebook could use it.
    folder = clients(tmp_path / "clients", ["ada", "broken", "cleo", "dan"])
    outcomes = batch(folder, tmp_path / "out", jobs=jobs, prestart=True)
    assert [o.workbook.name for o in outcomes] == ["ada.db", "broken.db", "cleo.db", "dan.db"]
    failed = {o.workbook.name: o.error for o in outcomes if o.error}
    assert list(failed) == ["broken.db"]
    for name in ("ada", "cleo", "dan"):
        summary = json.loads((tmp_path / "out" / name / "2026-10" / "summary.json").read_text())
        assert summary["workbook"] == name
    assert our_kernels(cache) == []
    assert leftovers(cache) == []


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_interrupted_batch_shuts_the_kernels_started_ahead(
    tmp_path: Path, cache: Path, jobs: int
) -> None:
    folder = clients(tmp_path / "clients", ["ada", "bob", "cleo"])
    seen = []

    def interrupt(outcome) -> None:
        seen.append(outcome.workbook.name)
        if jobs == 1:
            assert our_kernels(cache), "bob's kernel should be starting or running by now"
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        batch(folder, tmp_path / "out", jobs=jobs, prestart=True, progress=interrupt)
    assert len(seen) == 1
    assert our_kernels(cache) == []  # with two jobs: the workers were stopped, and their kernels
    assert leftovers(cache) == []
    if jobs == 1:
        assert seen == ["ada.db"]
        assert not (tmp_path / "out" / "bob").exists()


@pytest.mark.parametrize("jobs", [1, 2])
def test_by_default_only_more_than_one_job_starts_kernels_ahead(
    tmp_path: Path, cache: Path, jobs: int
) -> None:
    """``--jobs 1`` is one thing at a time: when a client's report is done, no kernel is
    starting for the next one. With two jobs each worker starts its next client's kernel
    while a report runs (seen from this process as kernels beside the running reports)."""
    folder = clients(tmp_path / "clients", ["ada", "bob", "cleo", "dan"])
    alive_when_done: list[int] = []
    most = 0

    def count(_outcome: object) -> None:
        alive_when_done.append(len(our_kernels(cache)))

    def watch(stop: threading.Event) -> None:
        nonlocal most
        while not stop.is_set():
            most = max(most, len(our_kernels(cache)))
            time.sleep(0.05)

    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(stop,))
    watcher.start()
    try:
        outcomes = batch(folder, tmp_path / "out", jobs=jobs, progress=count)
    finally:
        stop.set()
        watcher.join()
    assert [o.error for o in outcomes] == [None] * 4
    if jobs == 1:
        assert alive_when_done == [0, 0, 0, 0]
        assert most == 1
    else:
        assert most > 2  # two reports at once, and a kernel started ahead beside them
    assert our_kernels(cache) == []


def test_a_kernel_started_for_one_client_never_serves_another(tmp_path: Path, cache: Path) -> None:
    folder = clients(tmp_path / "clients", ["ada", "bob"])
    ada_kernel = prepare_kernel(folder / "ada.db")
    try:
        pid = ada_kernel.manager.provisioner.process.pid
        assert ada_kernel.serves(ada_kernel.extra_env, ada_kernel.cwd)
        # It talks over Unix sockets in its run folder: no TCP port to race another for.
        assert ada_kernel.manager.transport == "ipc"
        assert Path(ada_kernel.manager.ip).parent == ada_kernel.folder
        assert ada_kernel.extra_env["WORKBOOK"] == str(folder / "ada.db")
        # Bob's report is offered Ada's kernel: it starts its own and leaves Ada's untouched.
        bob = build_report(
            folder / "bob.db",
            period="2026-10",
            as_of=AS_OF,
            out_root=tmp_path / "out",
            kernel=ada_kernel,
        )
        assert not ada_kernel.taken
        assert json.loads(bob.summary.read_text())["workbook"] == "bob"
        # Ada's report uses it, once; a second report is not given it again.
        ada = build_report(
            folder / "ada.db",
            period="2026-10",
            as_of=AS_OF,
            out_root=tmp_path / "out",
            kernel=ada_kernel,
        )
        assert ada_kernel.taken
        assert not ada_kernel.serves(ada_kernel.extra_env, ada_kernel.cwd)
        with pytest.raises(RuntimeError):
            ada_kernel.take()
    finally:
        ada_kernel.close()
    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    assert our_kernels(cache) == []
    # The imports made while the kernel waited leave no trace in the executed notebook.
    executed = nbformat.read(ada.notebook, as_version=4)
    counts = [c.execution_count for c in executed.cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1))
