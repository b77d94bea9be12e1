"""Two ``--clients`` batches sharing one ``--out``: the overview lists every client
report there for the period, not only the last batch's, and the leftover sweep takes
only what this package made (docs/robustness.md)."""

from __future__ import annotations

import csv
import datetime as dt
import os
from pathlib import Path

import pytest

from tests.helpers.cli import invoke
from workbook.demo import write_demo

pytestmark = pytest.mark.slow  # real reports, real kernels (in this process)

AS_OF = dt.date(2026, 11, 2)


def plant_leftovers(out: Path) -> tuple[list[Path], Path]:
    """What a coach's own folder may hold (``--out`` given as a home or project folder),
    and one half-written file a killed run of ours left; all old enough to sweep."""
    theirs = [
        out / ".run-backup" / "important.txt",
        out / "projects" / ".run-2024" / "results.csv",
        out / ".draft.tmp",
        out / "ana" / "2026-10" / ".notes.md.tmp",
    ]
    ours = out / "ana" / "2026-10" / ".report.html.k3j4.workbook-partial.tmp"
    for path in [*theirs, ours]:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("keep me")
        os.utime(path, (0, 0))
    return theirs, ours


def test_the_overview_of_a_shared_out_lists_both_batches(tmp_path: Path) -> None:
    for folder, name, seed in (("north", "ana", 1), ("south", "ben", 2)):
        (tmp_path / folder).mkdir()
        write_demo(tmp_path / folder / f"{name}.db", as_of=AS_OF, seed=seed, people=8, months=2)
    env_args = ("--period", "2026-10", "--as-of", AS_OF.isoformat(), "--out", "out", "--jobs", "1")
    for folder in ("north", "south"):
        done = invoke("report", "--clients", folder, *env_args, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        if folder == "north":
            theirs, ours = plant_leftovers(tmp_path / "out")
    # The second run's sweep took only our own half-written file.
    assert [path.read_text() for path in theirs] == ["keep me"] * len(theirs)
    assert not ours.exists()
    with (tmp_path / "out" / "overview.csv").open(encoding="utf-8") as handle:
        clients = sorted(row["client"] for row in csv.DictReader(handle))
    assert clients == ["ana", "ben"]
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert 'href="ana/2026-10/report.html"' in index
    assert 'href="ben/2026-10/report.html"' in index
