"""How fast follow-up status is computed, against the definition applied row by row.

    python benchmarks/bench_metrics.py [--encounters 100000 --touchpoints 200000]

The baseline is the plain-Python loop of docs/metrics.md, Follow-up (for each encounter, scan that
person's outbound touchpoints), run in this same process on the same data; the figure is
the ratio. The row-by-row loop is timed on a slice and scaled, since at full size it would
run for minutes. Then the vectorised function alone at full size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
from collections import defaultdict

import pandas as pd

from workbook.metrics import follow_up_status

AS_OF = dt.date(2026, 11, 26)


def make(n_encounters: int, n_touches: int, people: int, seed: int = 1):
    rng = random.Random(seed)
    base = pd.Timestamp("2025-01-01")
    encounters = pd.DataFrame(
        {
            "id": [f"n{i}" for i in range(n_encounters)],
            "person": [f"p{rng.randrange(people)}" for _ in range(n_encounters)],
            "date": base + pd.to_timedelta([rng.randrange(690) for _ in range(n_encounters)], "D"),
            "event": None,
            "place": None,
            "card_exchanged": True,
            "follow_up_planned": True,
            "follow_up_due": pd.Series(pd.NaT, index=range(n_encounters), dtype="datetime64[ns]"),
        }
    )
    touches = pd.DataFrame(
        {
            "id": [f"t{i}" for i in range(n_touches)],
            "person": [f"p{rng.randrange(people)}" for _ in range(n_touches)],
            "date": base + pd.to_timedelta([rng.randrange(690) for _ in range(n_touches)], "D"),
            "direction": [rng.choice(["in", "out"]) for _ in range(n_touches)],
            "kind": "follow_up",
        }
    )
    return encounters, touches


def row_by_row(encounters: pd.DataFrame, touches: pd.DataFrame, window: int = 7) -> list[str]:
    """docs/metrics.md's follow-up as written: what the vectorised version is measured against."""
    as_of = pd.Timestamp(AS_OF)
    outs: dict[str, list[pd.Timestamp]] = defaultdict(list)
    for person, date, direction in touches[["person", "date", "direction"]].itertuples(index=False):
        if direction == "out" and date <= as_of:
            outs[person].append(date)
    statuses = []
    for person, date in encounters[["person", "date"]].itertuples(index=False):
        later = [d for d in outs[person] if date <= d]
        first = min(later) if later else None
        if first is not None and (first - date).days <= window:
            statuses.append("followed")
        elif as_of > date + pd.Timedelta(days=window):
            statuses.append("missed")
        else:
            statuses.append("pending")
    return statuses


def best_of(runs: int, action) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--encounters", type=int, default=100_000)
    parser.add_argument("--touchpoints", type=int, default=200_000)
    args = parser.parse_args()
    encounters, touches = make(args.encounters, args.touchpoints, people=args.encounters // 5)
    part = encounters.iloc[: max(1, args.encounters // 50)]
    loop = best_of(1, lambda: row_by_row(part, touches)) * len(encounters) / len(part)
    vectorised = best_of(3, lambda: follow_up_status(encounters, touches, AS_OF, 7))
    print(f"{len(encounters):,} encounters × {len(touches):,} touchpoints")
    print(f"row by row (scaled from {len(part):,}): {loop:.2f} s")
    print(f"follow_up_status (best of 3):       {vectorised:.3f} s")
    print(f"speed-up: {loop / vectorised:.0f}×")


if __name__ == "__main__":
    main()
