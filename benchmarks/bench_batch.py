"""A coach's practice: 24 client workbooks, ``--jobs 2`` against ``--jobs 1``.

Each round runs ``build_client_reports`` (a report per client, the overview) on the same
24 demo workbooks with one job and with two, each with the next client's kernel started
ahead and without (interleaved in one run, so the load of the machine weighs on all
alike); the figure that counts is the ratio of the times as the command runs them —
``--jobs 2`` starting kernels ahead, ``--jobs 1`` one thing at a time (target ≤ 0.6 on a
2-core machine); the ratios with and without kernels started ahead on both sides are
printed too. The time per client is set against
the floor of a single papermill report (see bench_report.py): the fixed cost a batch
cannot go below on one core.

    python benchmarks/bench_batch.py [--clients 24] [--rounds 2]
    python benchmarks/bench_batch.py --profile --clients 1   # where one report's time goes
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import tempfile
import time
from pathlib import Path

from bench_report import floor_notebook, timed

from workbook.batch import build_client_reports
from workbook.demo import write_demo
from workbook.reports import run_notebook

AS_OF = dt.date(2026, 11, 26)


def profile(folder: Path, workbook: Path, runs: int = 3) -> None:
    """Where one report's time goes: each phase timed on its own, medians of ``runs``."""
    import asyncio

    import nbformat

    from workbook import kernels
    from workbook.export import export_html
    from workbook.periods import parse_period
    from workbook.reports import HEADLESS_ENV, build_report
    from workbook.store import Workbook
    from workbook.summary import build_summary

    imports = "from workbook import sections\nfrom workbook.display import show_figure"

    async def kernel_phases() -> tuple[float, float]:
        manager = kernels.kernel_manager(folder / "profile-kernel.json")
        started = time.perf_counter()
        await kernels.start(
            manager,
            kernels.kernel_environment({HEADLESS_ENV: "1", "WORKBOOK": str(workbook)}),
            workbook.parent,
        )
        client = manager.client()
        client.start_channels()
        await client.wait_for_ready(timeout=120)
        ready = time.perf_counter()
        await client.execute_interactive(imports, timeout=120)
        imported = time.perf_counter()
        client.stop_channels()
        await manager.shutdown_kernel(now=True)
        return ready - started, imported - ready

    phases: dict[str, list[float]] = {}

    def note(name: str, seconds: float) -> None:
        phases.setdefault(name, []).append(seconds)

    period = parse_period("2026-10", AS_OF)
    for _ in range(runs):
        note(
            "whole report (build_report)",
            timed(
                lambda: build_report(
                    workbook, period="2026-10", as_of=AS_OF, out_root=folder / "prof"
                )
            ),
        )
        start, imported = asyncio.run(kernel_phases())
        note("kernel start to ready", start)
        note("imports in the kernel (sections, display)", imported)

        def summary() -> None:
            with Workbook.open(workbook) as opened:
                frames = opened.frames()
            build_summary(frames, workbook.stem, period, AS_OF, 90)

        note("summary.json (this process, beside the kernel)", timed(summary))
        executed = folder / "prof" / workbook.stem / period.label / "report.ipynb"
        notebook = nbformat.read(executed, as_version=4)

        def export(notebook: nbformat.NotebookNode = notebook) -> None:
            export_html(notebook, folder / "prof.html", title="profile")

        note("nbconvert HTML export", timed(export))
    medians = {name: statistics.median(times) for name, times in phases.items()}
    whole = medians.pop("whole report (build_report)")
    export = medians["nbconvert HTML export"]
    start = medians["kernel start to ready"]
    imported = medians["imports in the kernel (sections, display)"]
    medians["the notebook's cells (the rest)"] = whole - export - start - imported
    print(f"one report, medians of {runs}: {whole:.2f} s")
    for name, seconds in medians.items():
        print(f"  {name:48s} {seconds:5.2f} s  {seconds / whole:4.0%}")
    print("  (summary.json runs in a thread while the kernel works: not on the critical path)")


def cpu_seconds() -> float:
    """CPU time (user + system) of this process and every process it has waited for:
    the worker processes and the kernels. Unlike wall time, the machine's load hardly
    changes it."""
    import resource

    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=24)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument(
        "--profile", action="store_true", help="only time the phases of one report and stop"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        clients = folder / "clients"
        clients.mkdir()
        for seed in range(args.clients):
            write_demo(clients / f"client{seed:02d}.db", as_of=AS_OF, seed=seed, people=40)
        if args.profile:
            profile(folder, clients / "client00.db")
            return
        floor = floor_notebook(folder)
        floors: list[float] = []
        variants = [(jobs, prestart) for jobs in (1, 2) for prestart in (False, True)]
        times: dict[tuple[int, bool], list[float]] = {variant: [] for variant in variants}
        loads: list[float] = []
        cpu: dict[tuple[int, bool], list[float]] = {variant: [] for variant in variants}
        for round_number in range(args.rounds):
            floors.append(timed(lambda: run_notebook(floor, {}, folder / "floor", title="floor")))
            # Interleaved, the order reversed every other round: a load that comes and
            # goes weighs on every variant alike.
            for jobs, prestart in variants if round_number % 2 == 0 else variants[::-1]:

                def batch(jobs: int = jobs, prestart: bool = prestart) -> None:
                    outcomes = build_client_reports(
                        clients,
                        jobs=jobs,
                        prestart=prestart,
                        period="2026-10",
                        as_of=AS_OF,
                        out_root=folder / "out",
                    )
                    failed = [o for o in outcomes if o.error]
                    assert not failed, failed

                cpu_before = cpu_seconds()
                times[(jobs, prestart)].append(timed(batch))
                cpu[(jobs, prestart)].append(cpu_seconds() - cpu_before)
                loads.append(os.getloadavg()[0])
            floors.append(timed(lambda: run_notebook(floor, {}, folder / "floor", title="floor")))
        floor_median = statistics.median(floors)
        print(
            f"machine: {os.cpu_count()} cores; 1-minute load average after each batch: "
            f"{min(loads):.1f} to {max(loads):.1f}"
        )
        print(
            f"floor (one papermill report): {floor_median:.2f} s  {[round(t, 2) for t in floors]}"
        )
        for prestart in (False, True):
            name = "kernel started ahead" if prestart else "kernel started in turn"
            medians = {}
            for jobs in (1, 2):
                runs = times[(jobs, prestart)]
                medians[jobs] = total = statistics.median(runs)
                per_client = total / args.clients
                cpu_per_client = statistics.median(cpu[(jobs, prestart)]) / args.clients
                print(
                    f"{name}, --jobs {jobs}: {total:.1f} s for {args.clients} clients, "
                    f"{per_client:.2f} s per client = {per_client / floor_median:.2f} x floor"
                    f" (fastest {min(runs) / args.clients:.2f} s; CPU {cpu_per_client:.2f} s"
                    f" per client)  {[round(t, 1) for t in runs]}"
                )
            ratio = medians[2] / medians[1]
            pairs = zip(times[(1, prestart)], times[(2, prestart)], strict=True)
            rounds = [two / one for one, two in pairs]
            print(
                f"{name}: ratio --jobs 2 / --jobs 1: {ratio:.2f} (target <= 0.6): "
                f"{'OK' if ratio <= 0.6 else 'MISSED'}; round by round "
                f"{[round(r, 2) for r in rounds]}"
            )
        # What the command does: kernels started ahead with two jobs or more, not with one.
        one, two = times[(1, False)], times[(2, True)]
        ratio = statistics.median(two) / statistics.median(one)
        rounds = [b / a for a, b in zip(one, two, strict=True)]
        print(
            f"as `workbook report --clients` runs them (--jobs 2 starts kernels ahead, "
            f"--jobs 1 does one thing at a time): ratio --jobs 2 / --jobs 1: {ratio:.2f} "
            f"(target <= 0.6): {'OK' if ratio <= 0.6 else 'MISSED'}; round by round "
            f"{[round(r, 2) for r in rounds]}"
        )


if __name__ == "__main__":
    main()
