"""How long a periodic report takes, against the floor of any papermill report.

The floor is a papermill run of a notebook that only imports pandas and plotly and shows
one figure, exported to HTML the same way (same function, same template). The report is
``build_report`` on the demo workbook: reading the store, summary.json, papermill, export.
Runs alternate (floor, report, floor, report, …) in this one process, so both see the same
machine; the figure that counts is the ratio of the medians.

    python benchmarks/bench_report.py [--runs 5] [--scale-people 20000 --scale-months 24]

Targets: demo report ≤ 1.5 × floor; the 20 000-people, 24-month demo ≤ 3 × floor,
with HTML no bigger than the small demo's (± 10%).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

from workbook.demo import write_demo
from workbook.reports import build_report, run_notebook

AS_OF = dt.date(2026, 11, 26)


def floor_notebook(folder: Path) -> Path:
    notebook = new_notebook(
        cells=[
            new_code_cell(
                "import pandas as pd\n"
                "import plotly.graph_objects as go\n"
                "from workbook.display import show_figure\n"
                "frame = pd.DataFrame({'x': [1, 2, 3], 'y': [3, 1, 2]})\n"
                "show_figure(go.Figure(go.Bar(x=frame['x'], y=frame['y'])))"
            )
        ],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}},
    )
    path = folder / "floor.ipynb"
    nbformat.write(notebook, path)
    return path


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def compare(label: str, workbook: Path, floor: Path, out: Path, runs: int) -> tuple[float, int]:
    floors, reports = [], []
    html_size = 0
    for _ in range(runs):
        floors.append(timed(lambda: run_notebook(floor, {}, out / "floor", title="floor")))

        def report() -> None:
            nonlocal html_size
            result = build_report(workbook, period="2026-10", as_of=AS_OF, out_root=out)
            html_size = result.html.stat().st_size

        reports.append(timed(report))
    floor_median, report_median = statistics.median(floors), statistics.median(reports)
    ratio = report_median / floor_median
    print(
        f"{label}: floor median {floor_median:.2f} s, report median {report_median:.2f} s, "
        f"ratio {ratio:.2f}  (runs: floor {[round(t, 2) for t in floors]}, "
        f"report {[round(t, 2) for t in reports]}); HTML {html_size / 1e6:.2f} MB"
    )
    return ratio, html_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--scale-people", type=int, default=20_000)
    parser.add_argument("--scale-months", type=int, default=24)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        floor = floor_notebook(folder)
        small = folder / "demo.db"
        write_demo(small, as_of=AS_OF)
        started = time.perf_counter()
        large = folder / "large.db"
        write_demo(large, people=args.scale_people, months=args.scale_months, as_of=AS_OF)
        print(
            f"made the {args.scale_people}-people, {args.scale_months}-month demo in "
            f"{time.perf_counter() - started:.1f} s"
        )
        ratio, small_html = compare("demo", small, floor, folder / "out", args.runs)
        scale_ratio, large_html = compare(
            f"{args.scale_people} people × {args.scale_months} months",
            large,
            floor,
            folder / "out",
            max(3, args.runs // 2 + 1),
        )
        growth = large_html / small_html - 1
        print(f"demo ratio {ratio:.2f} (target ≤ 1.5): {'OK' if ratio <= 1.5 else 'MISSED'}")
        print(
            f"scale ratio {scale_ratio:.2f} (target ≤ 3): {'OK' if scale_ratio <= 3 else 'MISSED'}"
        )
        print(
            f"HTML size at scale vs demo: {growth:+.1%} (target within ±10%): "
            f"{'OK' if abs(growth) <= 0.10 else 'MISSED'}"
        )


if __name__ == "__main__":
    main()
