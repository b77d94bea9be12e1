"""How long logging one encounter takes, and how long it holds the write lock, as the
number of people grows (docs/capture.md, Speed).

    python benchmarks/bench_capture.py [--people 3000 10000 20000] [--runs 5]

For each size: a workbook with that many people (a few with the same name, as real ones
have), then ``workbook log encounter`` as the command runs it — open, match the name, check,
write, commit — for a known person and for a new one; the figures are medians. The lock
is timed from ``BEGIN IMMEDIATE`` to ``COMMIT`` as SQLite sees them (the connection's
trace callback), so what is measured is what another writer waits for. The people
pickers' labels (every person labelled once, as the forms build them) are timed too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from workbook import capture
from workbook.models import Person
from workbook.store import Workbook

TODAY = dt.date(2026, 11, 26)
FIRST = ("Ana", "Ben", "Chloé", "Dev", "Eli", "Fatima", "Goran", "Hana", "Ivo", "Júlia")
LAST = ("Silva", "Okafor", "Müller", "Nguyen", "Rossi", "Kowalski", "Haddad", "Tanaka")


def make(path: Path, people: int) -> None:
    with Workbook.open(path, create=True) as wb, wb.transaction():
        wb.insert_many(
            "people",
            [
                Person(
                    id=f"p{i}",
                    name=f"{FIRST[i % len(FIRST)]} {LAST[i // len(FIRST) % len(LAST)]} {i // 80}",
                    organisation=f"Org {i % 97}",
                )
                for i in range(1, people + 1)
            ],
        )


def timed_log(path: Path, who: str) -> tuple[float, float]:
    """Seconds for the whole action, and seconds the write lock was held."""
    marks: dict[str, float] = {}

    def trace(statement: str) -> None:
        if statement.startswith("BEGIN IMMEDIATE"):
            marks["locked"] = time.perf_counter()
        elif statement == "COMMIT" and "locked" in marks:
            marks["unlocked"] = time.perf_counter()

    started = time.perf_counter()
    with capture.writing(path) as wb:
        wb.connection.set_trace_callback(trace)
        capture.log_encounter(wb, who, date=TODAY, today=TODAY)
    finished = time.perf_counter()
    return finished - started, marks["unlocked"] - marks["locked"]


def labels(path: Path) -> float:
    with Workbook.open(path) as wb:
        people = wb.people_to_match()
    started = time.perf_counter()
    capture.person_labels(people)
    capture.PeopleIndex(people).find("ana silva 0")
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, nargs="+", default=[3000, 10_000, 20_000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    print(f"{'people':>7}  {'log (known)':>12}  {'lock':>8}  {'log (new)':>10}  {'lock':>8}  "
          f"{'labels':>8}")  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        for people in args.people:
            path = Path(folder) / f"w{people}.db"
            make(path, people)
            known: list[tuple[float, float]] = []
            new: list[tuple[float, float]] = []
            for run in range(args.runs):
                known.append(timed_log(path, f"Ana Silva {run}"))
                new.append(timed_log(path, f"Somebody New {run}"))
            row: list[Any] = [people]
            for series in (known, new):
                row += [
                    statistics.median(t for t, _ in series),
                    statistics.median(h for _, h in series),
                ]
            row.append(statistics.median(labels(path) for _ in range(args.runs)))
            row[2], row[4] = row[2] * 1000, row[4] * 1000  # the lock in milliseconds
            print(
                "{:>7}  {:>10.3f} s  {:>5.1f} ms  {:>8.3f} s  {:>5.1f} ms  {:>6.3f} s".format(*row)
            )


if __name__ == "__main__":
    main()
