"""What a ``workbook`` process pays to start: a report as a coach's cron runs it, with and
without the imports :mod:`workbook.startup` leaves out (the IRI grammars).

Each run is a new process (as cron starts it): ``workbook report`` on a small demo. The
baseline is the same command with nothing left out. Runs alternate, so both see the same
machine; printed: the medians of wall time and of CPU time (the process and its kernel),
and their ratios.

    python benchmarks/bench_startup.py [--runs 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from workbook.demo import write_demo

AS_OF = dt.date(2026, 11, 26)
WITHOUT = "import workbook.startup as s; s.SKIPPED_IMPORTS = (); "
RUN = "import sys; from workbook.cli import main; sys.argv[0] = 'workbook'; main()"


def one_run(folder: Path, baseline: bool, index: int) -> tuple[float, float]:
    """Wall and CPU seconds of one ``workbook report`` in a new process."""
    code = (WITHOUT if baseline else "") + RUN
    args = ["report", "--workbook", str(folder / "demo.db"), "--as-of", AS_OF.isoformat()]
    args += ["--out", str(folder / f"out{index}")]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        write_demo(folder / "demo.db", as_of=AS_OF, people=20, months=3)
        figures: dict[bool, list[tuple[float, float]]] = {True: [], False: []}
        for index in range(runs):
            for baseline in (True, False):
                figures[baseline].append(one_run(folder, baseline, index * 2 + baseline))
    for what, column in (("wall", 0), ("cpu", 1)):
        base = statistics.median(f[column] for f in figures[True])
        now = statistics.median(f[column] for f in figures[False])
        print(
            f"workbook report, {what}: {now:.2f} s against {base:.2f} s with the IRI "
            f"grammars (ratio {now / base:.2f})"
        )


if __name__ == "__main__":
    main()
