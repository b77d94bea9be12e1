"""What a report weighs as an e-mail attachment, before and after the partial plotly.js.

One demo report is built (``build_report``); its executed notebook is then exported twice
in this one run, with the same function and template: with the full plotly.js bundle (what
every report embedded before) and as reports are now (the "finance" partial bundle when it
draws every chart; docs/report.md, "Size"). Printed: each file's size, plotly.js's share,
the size gzip-compressed (roughly what a mail server's transfer or a zip costs) and as an
attachment in an e-mail (base64: a third more).

    python benchmarks/bench_report_size.py [--people 60] [--months 12]
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import gzip
import tempfile
from pathlib import Path

from workbook.demo import write_demo
from workbook.export import partial_plotly_js, plotly_js, render_html
from workbook.reports import build_report

AS_OF = dt.date(2026, 11, 26)


def megabytes(size: int) -> str:
    return f"{size / 1e6:.2f} MB"


def describe(label: str, html: str, bundle: str) -> int:
    raw = html.encode("utf-8")
    size = len(raw)
    packed = len(gzip.compress(raw, compresslevel=6))
    attached = len(base64.encodebytes(raw))
    print(
        f"{label:<8} {megabytes(size):>9}  (plotly.js {megabytes(len(bundle.encode()))}), "
        f"gzip {megabytes(packed)}, as an e-mail attachment {megabytes(attached)}"
    )
    return size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=60)
    parser.add_argument("--months", type=int, default=12)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        workbook = folder / "demo.db"
        write_demo(workbook, people=args.people, months=args.months, as_of=AS_OF)
        result = build_report(workbook, period="2026-10", as_of=AS_OF, out_root=folder / "out")
        title = "demo · networking report 2026-10"
        before = render_html(result.notebook, title, full_plotly=True)
        after = render_html(result.notebook, title)
        partial = partial_plotly_js() or ""
        used = partial if partial and partial in after else plotly_js()
        size_before = describe("before", before, plotly_js())
        size_after = describe("after", after, used)
        print(
            f"saved {megabytes(size_before - size_after)} "
            f"({1 - size_after / size_before:.0%} of the attachment); "
            f"the report written by build_report: {megabytes(result.html.stat().st_size)}"
        )


if __name__ == "__main__":
    main()
