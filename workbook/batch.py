"""A coach's batch (docs/cli.md, ``workbook report --clients``): one periodic report per
client workbook of a folder, in parallel, one failure not stopping the rest, and the
overview of them all (``OUT/index.html``, ``OUT/overview.csv``).

With one job the clients run here, one after the other. With more, a
``concurrent.futures.ProcessPoolExecutor`` (spawn) runs one worker per job; each worker
takes the next client from a shared queue and sends each outcome back as it finishes (the
progress bar follows). Each report is :func:`workbook.reports.build_report`, with a
kernel of its own (:mod:`workbook.kernels`), started ahead while the previous client's
report runs when asked to.
"""

from __future__ import annotations

import contextlib
import os
import queue
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbook.errors import WorkbookError, WorkbookInputError
from workbook.files import absolute
from workbook.periods import now
from workbook.reports import ReportResult, build_report, prepare_kernel

if TYPE_CHECKING:
    from workbook.kernels import PreparedKernel
    from workbook.overview import ClientRow


@dataclass(frozen=True)
class ClientOutcome:
    workbook: Path
    result: ReportResult | None
    error: str | None


def client_report(
    path: Path, options: dict[str, Any], kernel: PreparedKernel | None = None
) -> ClientOutcome:
    """One client's report; whatever goes wrong becomes the outcome's error."""
    try:
        return ClientOutcome(path, build_report(path, **options, kernel=kernel), None)
    except WorkbookError as error:
        return ClientOutcome(path, None, str(error))
    except Exception as error:  # one client's surprise must not stop the others
        return ClientOutcome(path, None, f"{type(error).__name__}: {error}")


def _close_kernel(pending: Future[PreparedKernel] | None) -> None:
    """Close a kernel started ahead, once it has started (or failed to)."""
    if pending is None:
        return
    pending.cancel()
    with contextlib.suppress(BaseException):
        pending.result().close()


def run_clients(
    next_client: Callable[[], Path | None],
    options: dict[str, Any],
    collect: Callable[[ClientOutcome], None],
    prestart: bool = True,
) -> None:
    """Report on each client ``next_client`` gives, one after the other, until it gives None.

    With ``prestart``, the next client's kernel starts (in a thread) while the current
    client's report runs: its own process, with its own client's environment and folder,
    closed after that client's report whatever happened. No kernel is left running when
    this returns or raises (a failed client, an interrupt).
    """
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="kernel-ahead") as starter:
        ahead: Future[PreparedKernel] | None = None
        try:
            current = next_client()
            while current is not None:
                mine, ahead = ahead, None
                try:
                    following = next_client()
                    if prestart and following is not None:
                        ahead = starter.submit(prepare_kernel, following)
                    kernel = None
                    if mine is not None and mine.exception() is None:
                        kernel = mine.result()  # else it could not start: a fresh one will
                    collect(client_report(current, options, kernel))
                finally:
                    _close_kernel(mine)
                current = following
        finally:
            _close_kernel(ahead)


def _stop_on_sigterm() -> None:
    """Turn SIGTERM into SystemExit, so the kernels of a stopped worker are shut down."""
    import signal
    import sys

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))


# A worker process's two queues (set by :func:`_start_worker` when the process starts:
# a multiprocessing queue reaches a worker that way, not as a task's argument).
_QUEUES: dict[str, Any] = {}


def _start_worker(tasks: Any, results: Any) -> None:
    """The initializer of each worker process of a ``--jobs`` batch."""
    _stop_on_sigterm()
    _QUEUES.update(tasks=tasks, results=results)


def _client_worker(options: dict[str, Any], prestart: bool) -> None:
    """A worker's one task: the clients of the shared queue, until None, each outcome
    sent back at once (the batch shows progress as reports finish)."""
    try:
        with contextlib.suppress(KeyboardInterrupt):  # the batch's own process reports it
            run_clients(_QUEUES["tasks"].get, options, _QUEUES["results"].put, prestart)
    finally:
        end_children()


def end_processes(processes: list[Any], timeout: float = 5) -> None:
    """Ask each of ``processes`` (psutil) to stop, and kill those still there after
    ``timeout`` seconds: the one way this package ends what it started."""
    import psutil

    for process in processes:
        with contextlib.suppress(psutil.Error):
            process.terminate()
    _gone, alive = psutil.wait_procs(processes, timeout=timeout)
    for process in alive:
        with contextlib.suppress(psutil.Error):
            process.kill()


def end_children() -> None:
    """End what a stopped worker leaves behind: a stop that comes while a kernel is being
    started can leave that kernel running, unknown to the code that would shut it down."""
    import psutil

    end_processes(psutil.Process().children(recursive=True))


def build_client_reports(
    clients: str | Path,
    jobs: int | None = None,
    progress: Callable[[ClientOutcome], None] | None = None,
    prestart: bool | None = None,
    **options: Any,
) -> list[ClientOutcome]:
    """One report per ``*.db`` in ``clients``, ``jobs`` at a time; failures are collected.

    Paths are made absolute once, here: the workers never depend on the current
    directory. With more than one job, the clients run in worker processes, each taking
    the next client from a shared queue (each report still gets a kernel of its own):
    the work this process does per report (the summary, the HTML export) then runs in
    parallel too, not one at a time under one lock. With ``prestart``, each worker starts
    the next client's kernel while the current one runs (:func:`run_clients`). By default
    it does so with more than one job: one job is one thing at a time, on one core (what a
    coach asks for with ``--jobs 1``, to keep the machine free); see docs/cli.md.
    """
    folder = absolute(clients)
    options = dict(options)
    out_root = absolute(options.get("out_root", "reports"))
    options["out_root"] = out_root
    if not folder.is_dir():
        raise WorkbookInputError(f"{folder}: not a folder of client workbooks")
    workbooks = sorted(folder.glob("*.db"))
    if not workbooks:
        raise WorkbookInputError(f"{folder}: no client workbooks (*.db) here")
    jobs = min(max(1, jobs or os.cpu_count() or 1), len(workbooks))
    if prestart is None:
        prestart = jobs > 1
    outcomes: list[ClientOutcome] = []

    def collect(outcome: ClientOutcome) -> None:
        outcomes.append(outcome)
        if progress:
            progress(outcome)

    if jobs == 1:
        remaining = iter(workbooks)
        run_clients(lambda: next(remaining, None), options, collect, prestart)
    else:
        _run_in_workers(workbooks, jobs, options, prestart, collect)
    outcomes.sort(key=lambda o: o.workbook.name)
    write_client_overview(outcomes, out_root, folder)
    return outcomes


def _run_in_workers(
    workbooks: list[Path],
    jobs: int,
    options: dict[str, Any],
    prestart: bool,
    collect: Callable[[ClientOutcome], None],
) -> None:
    """Run the clients in a pool of ``jobs`` worker processes (``concurrent.futures``),
    each taking the next client from a shared queue; a client whose worker died is a
    failure of its own. On an interrupt the workers are stopped (and stop their kernels)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("spawn")  # never fork a process with threads
    tasks, results = context.Queue(), context.Queue()
    for path in workbooks:
        tasks.put(path)
    for _ in range(jobs):
        tasks.put(None)
    done: set[Path] = set()
    finished = False
    pool = ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_start_worker, initargs=(tasks, results)
    )
    workers: list[Future[None]] = []
    try:
        workers += [pool.submit(_client_worker, options, prestart) for _ in range(jobs)]
        while len(done) < len(workbooks):
            try:
                outcome = results.get(timeout=0.5)
            except queue.Empty:
                if not all(worker.done() for worker in workers):
                    continue
                try:  # the workers are gone: what they sent last may still be in the pipe
                    outcome = results.get(timeout=1)
                except queue.Empty:
                    break
            done.add(outcome.workbook)
            collect(outcome)
        finished = True
    finally:
        if not finished:  # SIGTERM: each worker shuts its kernels down, then the pool ends
            for worker_process in context.active_children():
                worker_process.terminate()
        pool.shutdown(wait=True, cancel_futures=True)
    problems = {str(w.exception()) for w in workers if w.done() and w.exception()}
    why = "; ".join(sorted(problems)) or "it stopped"
    for path in workbooks:
        if path not in done:
            collect(ClientOutcome(path, None, f"its worker process stopped ({why})"))


def write_client_overview(
    outcomes: list[ClientOutcome], out_root: Path, clients: Path
) -> tuple[Path, Path]:
    """``OUT/index.html`` and ``OUT/overview.csv`` for a ``--clients`` run."""
    import json

    from workbook.overview import client_row, write_overview

    rows = []
    for outcome in outcomes:
        result = outcome.result
        summary = None
        if result is not None:
            summary = json.loads(result.summary.read_text(encoding="utf-8"))
        rows.append(
            client_row(
                outcome.workbook,
                summary,
                outcome.error,
                result.html if result else None,
                out_root,
                logged=result.last_logged if result else None,
                period=result.period if result else None,
            )
        )
    rows += earlier_reports(out_root, outcomes)
    generated = now().strftime("%Y-%m-%d %H:%M")
    labels = sorted({o.result.period.label for o in outcomes if o.result and o.result.period})
    title = "Your clients" + (f" · {labels[0]}" if len(labels) == 1 else "")
    return write_overview(rows, out_root, title, generated)


def earlier_reports(out_root: Path, outcomes: list[ClientOutcome]) -> list[ClientRow]:
    """The overview lines of the reports already in ``out_root`` for this run's period
    from other batches (another ``--clients`` folder sharing the same ``--out``): the
    overview lists every client report there, not only this batch's. Read from their
    ``summary.json``; one that cannot be read is left out."""
    import json

    from workbook.overview import client_row

    batch = {outcome.workbook.stem for outcome in outcomes}
    folders = {outcome.result.directory.name for outcome in outcomes if outcome.result}
    rows = []
    for summary_path in sorted(out_root.glob("*/*/summary.json")):
        client, folder = summary_path.parent.parent.name, summary_path.parent.name
        if client in batch or folder not in folders or client.startswith("."):
            continue
        try:
            summary = json.loads(summary_path.read_text(encoding="utf-8"))
            html = summary_path.parent / "report.html"
            rows.append(
                client_row(
                    Path(f"{client}.db"),
                    summary,
                    None,
                    html if html.is_file() else None,
                    out_root,
                )
            )
        except (OSError, ValueError, KeyError, TypeError):
            continue  # not a summary this version wrote: not listed
    return rows
