"""Hostile inputs: the time and peak memory of each, through the real command line.

Each case is a small (or large) file that once ate the machine; each now ends either in
its import, capped, or in one line and exit code 2 (docs/robustness.md, Files that are
read, has the figures before and after). Every case runs in a child process whose
address space is capped (``--cap-gb``, default 4), so a regression ends in a
MemoryError, not a frozen machine; the time is capped by ``--timeout``.

    python benchmarks/bench_inputs.py [--cap-gb 4] [--timeout 300] [--only ics]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

try:
    from workbook.limits import MAX_NOTE_BYTES, MAX_VCARD_BYTES
except ImportError:  # a version before these limits: the "before" figures
    MAX_NOTE_BYTES, MAX_VCARD_BYTES = 64 * 1024, 10 * 1024 * 1024

CARD = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nEMAIL:ada@example.com\r\nEND:VCARD\r\n"
SECONDLY = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:flood@example.com\r\n"
    "DTSTART:{start}T090000Z\r\nRRULE:FREQ=SECONDLY\r\nSUMMARY:Flood\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
)


def ics(start: str) -> Callable[[Path], list[str]]:
    def make(folder: Path) -> list[str]:
        (folder / "flood.ics").write_text(SECONDLY.format(start=start), newline="")
        return ["import", "ics", "flood.ics", "--since", "2026-01-01", "--until", "2026-12-31"]

    return make


def many_floods(count: int) -> Callable[[Path], list[str]]:
    def make(folder: Path) -> list[str]:
        events = "".join(
            SECONDLY.format(start=f"2026{n // 28 + 1:02d}{n % 28 + 1:02d}")
            .removeprefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
            .removesuffix("END:VCALENDAR\r\n")
            .replace("flood@", f"flood{n}@")
            for n in range(count)
        )
        calendar = f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{events}END:VCALENDAR\r\n"
        (folder / "floods.ics").write_text(calendar, newline="")
        return ["import", "ics", "floods.ics", "--since", "2026-01-01", "--until", "2026-12-31"]

    return make


def csv_header(columns: int) -> Callable[[Path], list[str]]:
    def make(folder: Path) -> list[str]:
        names = ["x"] * columns + ["First Name", "Last Name", "Connected On"]
        (folder / "wide.csv").write_text(
            ",".join(names) + "\n" + "," * columns + "Ada,Lovelace,09 Oct 2024\n"
        )
        return ["import", "linkedin", "wide.csv"]

    return make


def vcard(megabytes: float) -> Callable[[Path], list[str]]:
    def make(folder: Path) -> list[str]:
        with (folder / "all.vcf").open("w", newline="") as out:
            out.write(CARD * int(megabytes * 1024 * 1024 / len(CARD)))
        return ["import", "vcard", "all.vcf"]

    return make


def note(megabytes: float) -> Callable[[Path], list[str]]:
    def make(folder: Path) -> list[str]:
        init = subprocess.run(
            [sys.executable, "-m", "workbook", "init", "w.db"], cwd=folder, capture_output=True
        )
        assert init.returncode == 0
        with (folder / "note.md").open("w") as out:
            out.write(("Met Ada at the breakfast. " * 40 + "\n") * int(megabytes * 1024 * 1.0))
        return ["note", "--period", "2026-10", "--file", "note.md"]

    return make


CASES: dict[str, Callable[[Path], list[str]]] = {
    "ics: every second, starting in the range (150 bytes)": ics("20260105"),
    "ics: every second since 2020 (150 bytes)": ics("20200101"),
    "ics: 40 events every second (5 KB)": many_floods(40),
    "csv: 3,000 x columns (9 KB header)": csv_header(3000),
    "csv: 20,000 x columns (60 KB header)": csv_header(20_000),
    f"vcard: just under the limit ({MAX_VCARD_BYTES // 1024**2} MB of tiny cards)": vcard(
        MAX_VCARD_BYTES / 1024**2 - 0.1
    ),
    "vcard: 200 MB": vcard(200),
    f"note: a {MAX_NOTE_BYTES // 1024} KB-ish file": note(MAX_NOTE_BYTES / 1024**2 * 0.9),
    "note: 200 MB": note(200),
}


def measure(args: list[str], folder: Path, cap: int, timeout: float) -> tuple[str, float, float]:
    """Run one command; its outcome, wall time and its own peak memory (MB, from wait4)."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    output = folder / "output.txt"
    started = time.perf_counter()
    with output.open("w") as sink:
        child = subprocess.Popen(
            [sys.executable, "-m", "workbook", *args, "--workbook", "w.db"],
            cwd=folder,
            stdout=sink,
            stderr=subprocess.STDOUT,
            preexec_fn=limit,
        )
        timer = threading.Timer(timeout, child.kill)
        timer.start()
        _, status, usage = os.wait4(child.pid, 0)
        timer.cancel()
    child.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - started
    lines = output.read_text(errors="replace").strip().splitlines()
    if child.returncode < 0:
        outcome = f"killed after {elapsed:.0f} s"
    else:
        outcome = f"exit {child.returncode}: {(lines[-1] if lines else '')[:110]}"
    return outcome, elapsed, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cap-gb", type=float, default=4.0)
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("--only", default="", help="Only the cases whose name holds this.")
    options = parser.parse_args()
    cap = int(options.cap_gb * 1024**3)
    print(f"{'case':<58} {'seconds':>8} {'peak MB':>8}  outcome")
    for name, make in CASES.items():
        if options.only not in name:
            continue
        with tempfile.TemporaryDirectory() as scratch:
            folder = Path(scratch)
            args = make(folder)
            outcome, elapsed, peak = measure(args, folder, cap, options.timeout)
        print(f"{name:<58} {elapsed:8.1f} {peak:8.0f}  {outcome}", flush=True)


if __name__ == "__main__":
    main()
