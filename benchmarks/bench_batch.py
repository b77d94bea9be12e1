"""A coach's practice: 24 client workbooks, ``--jobs 2`` against ``--jobs 1``.

Each round runs ``build_client_reports`` (a report per client, the overview) on the same
24 demo workbooks, first with one job and then with two; the figure that counts is the
ratio of the times (target ≤ 0.6 on a 2-core machine). The time per client is set against
the floor of a single papermill report (see bench_report.py): the fixed cost a batch
cannot go below on one core.

    python benchmarks/bench_batch.py [--clients 24] [--rounds 1]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import tempfile
from pathlib import Path

from bench_report import floor_notebook, timed

from workbook.demo import write_demo
from workbook.reports import build_client_reports, run_notebook

AS_OF = dt.date(2026, 11, 26)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=24)
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        clients = folder / "clients"
        clients.mkdir()
        for seed in range(args.clients):
            write_demo(clients / f"client{seed:02d}.db", as_of=AS_OF, seed=seed, people=40)
        floor = floor_notebook(folder)
        floors = [
            timed(lambda: run_notebook(floor, {}, folder / "floor", title="floor"))
            for _ in range(3)
        ]
        times: dict[int, list[float]] = {1: [], 2: []}
        for _ in range(args.rounds):
            for jobs in (1, 2):

                def batch(jobs: int = jobs) -> None:
                    outcomes = build_client_reports(
                        clients, jobs=jobs, period="2026-10", as_of=AS_OF, out_root=folder / "out"
                    )
                    failed = [o for o in outcomes if o.error]
                    assert not failed, failed

                times[jobs].append(timed(batch))
        floor_median = statistics.median(floors)
        one, two = statistics.median(times[1]), statistics.median(times[2])
        print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
        print(
            f"floor (one papermill report): {floor_median:.2f} s  {[round(t, 2) for t in floors]}"
        )
        for jobs, total in ((1, one), (2, two)):
            per_client = total / args.clients
            print(
                f"--jobs {jobs}: {total:.1f} s for {args.clients} clients, "
                f"{per_client:.2f} s per client = {per_client / floor_median:.2f} x floor"
            )
        ratio = two / one
        print(
            f"ratio --jobs 2 / --jobs 1: {ratio:.2f} (target <= 0.6): "
            f"{'OK' if ratio <= 0.6 else 'MISSED'}"
        )


if __name__ == "__main__":
    main()
