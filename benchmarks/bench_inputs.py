"""Hostile inputs: the time and peak memory of each, through the real command line.

Each case is a small (or large) file that once ate the machine, or a large real-world
one (a phone's contacts with photos); each now ends either in its import, capped, or in
one line and exit code 2 (docs/robustness.md, Files that are read, has the figures
before and after). Every case runs in a child process whose address space is capped
(``--cap-gb``, default 4), so a regression ends in a MemoryError, not a frozen machine;
the time is capped by ``--timeout``.

``--baseline REF`` runs every case with the package as it was at git commit REF too
(extracted to a scratch folder), on the same files, and prints the ratios after/before.

    python benchmarks/bench_inputs.py [--cap-gb 4] [--timeout 300] [--only vcard]
                                      [--baseline REF]
"""

from __future__ import annotations

import argparse
import base64
import io
import os
import quopri
import random
import resource
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

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


FIRST = ["Zoë", "Łucja", "Åsa", "Chidi", "Mirosława", "Ravi", "Siobhán", "Tomás", "Hanna", "Kenji"]
LAST = ["Ngô", "Wiśniewska", "Ångström", "Okoye", "Grinko", "Menon", "Byrne", "Herrera", "Łęcka"]


def fold(line: bytes) -> bytes:
    """``line`` folded at 75 octets as Apple's Contacts writes it (even inside a UTF-8
    character), with its CRLF."""
    out = []
    while len(line) > 75:
        out.append(line[:75])
        line = b" " + line[75:]
    return b"\r\n".join([*out, line]) + b"\r\n"


def quoted_printable(text: str) -> bytes:
    """``text`` in quoted-printable as Android writes it: soft line breaks at 76, line
    breaks as =0D=0A."""
    parts = [quopri.encodestring(part.encode()) for part in text.split("\n")]
    return b"=0D=0A".join(parts).replace(b"=\n", b"=\r\n")


def apple_card(n: int, photo: bytes | None) -> bytes:
    """A vCard 3.0 card the way macOS Contacts exports one: two e-mails, two phones, two
    addresses, a URL, a note, and maybe a photo (base64, folded at 75 octets)."""
    first, last = FIRST[n % len(FIRST)], LAST[n % len(LAST)]
    lines = [
        "BEGIN:VCARD", "VERSION:3.0", "PRODID:-//Apple Inc.//macOS 14.5//EN",
        f"N:{last};{first};;;", f"FN:{first} {last}", f"ORG:Café Lumière {n}\\, Hanoi;Roastery",
        "TITLE:Head roaster", f"item1.EMAIL;type=INTERNET;type=pref:p{n}@work.example",
        f"item2.EMAIL;type=INTERNET;type=HOME:p{n}@home.example",
        f"TEL;type=CELL;type=VOICE;type=pref:+84 90 555 {n:04d}",
        f"TEL;type=WORK;type=VOICE:+84 24 555 {n:04d}",
        f"item3.ADR;type=WORK;type=pref:;;{n} Phố Huế;Hà Nội;;100000;Việt Nam",
        "item3.X-ABADR:vn", f"item4.ADR;type=HOME:;;{n} Hàng Bạc;Hà Nội;;100000;Việt Nam",
        f"item5.URL;type=pref:https://lumiere.example/{n}", "item5.X-ABLabel:_$!<HomePage>!$_",
        "CATEGORIES:Coffee,Suppliers", "BDAY:1984-05-17",
        "NOTE:Met at the spring fair\\, by the roaster; talked about green beans from Đà Lạt "
        "and a tasting in October — send the price list.\\nSecond line",
    ]  # fmt: skip
    card = b"".join(fold(line.encode()) for line in lines)
    if photo:
        card += fold(b"PHOTO;ENCODING=b;TYPE=JPEG:" + base64.b64encode(photo))
    return card + b"END:VCARD\r\n"


def android_card(n: int, photo: bytes | None) -> bytes:
    """A vCard 2.1 card the way Android exports one: names, address and note in
    quoted-printable UTF-8, bare TEL/EMAIL types, and maybe a photo (base64 lines of 76,
    each after a space, then a blank line)."""
    first, last = FIRST[n % len(FIRST)], LAST[n % len(LAST)]
    qp = b"CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:"
    card = b"BEGIN:VCARD\r\nVERSION:2.1\r\n"
    card += b"N;" + qp + quoted_printable(f"{last};{first};;;") + b"\r\n"
    card += b"FN;" + qp + quoted_printable(f"{first} {last}") + b"\r\n"
    card += f"ORG:Rosteriet {n}\r\nTEL;CELL;PREF:+46 70 555 {n:04d}\r\n".encode()
    card += f"TEL;HOME:+46 8 555 {n:04d}\r\nEMAIL;HOME:a{n}@home.example\r\n".encode()
    card += f"EMAIL;WORK:a{n}@work.example\r\n".encode()
    address = f";;Storgatan {n};Göteborg;;411 38;Sverige"
    card += b"ADR;HOME;" + qp + quoted_printable(address) + b"\r\n"
    note = (
        "Träffades på mässan i Göteborg, pratade om kaffe och om en provsmakning i oktober "
        "— skicka prislistan.\nAndra raden"
    )
    card += b"NOTE;" + qp + quoted_printable(note) + b"\r\n"
    if photo:
        data = base64.b64encode(photo)
        lines = b"".join(b"\r\n " + data[i : i + 76] for i in range(0, len(data), 76))
        card += b"PHOTO;ENCODING=BASE64;JPEG:" + lines + b"\r\n\r\n"
    return card + b"END:VCARD\r\n"


def phone_contacts(count: int, photo_every: int, photo_bytes: int) -> Callable[[Path], list[str]]:
    """``count`` contacts, one in four from Android (2.1), the rest from a Mac (3.0); one
    in ``photo_every`` with a photo of ``photo_bytes`` (random bytes, as a JPEG is)."""

    def make(folder: Path) -> list[str]:
        rng = random.Random(1)
        with (folder / "contacts.vcf").open("wb") as out:
            for n in range(count):
                photo = rng.randbytes(photo_bytes) if n % photo_every == 0 else None
                out.write((android_card if n % 4 == 3 else apple_card)(n, photo))
        return ["import", "vcard", "contacts.vcf"]

    return make


def big_photo(megabytes: float, android: bool) -> Callable[[Path], list[str]]:
    """One contact with a full-size photo."""

    def make(folder: Path) -> list[str]:
        photo = random.Random(1).randbytes(int(megabytes * 1024 * 1024))
        card = (android_card if android else apple_card)(0, photo)
        (folder / "photo.vcf").write_bytes(card)
        return ["import", "vcard", "photo.vcf"]

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
    "vcard: 5,000 phone contacts, 1 in 5 with a photo (8 MB)": phone_contacts(5000, 5, 3000),
    "vcard: one Mac contact with a 6 MB photo": big_photo(6, android=False),
    "vcard: one Android (2.1) contact with a 6 MB photo": big_photo(6, android=True),
    f"note: a {MAX_NOTE_BYTES // 1024} KB-ish file": note(MAX_NOTE_BYTES / 1024**2 * 0.9),
    "note: 200 MB": note(200),
}


def code_at(ref: str, folder: Path) -> Path:
    """The package as it was at git commit ``ref``, extracted into ``folder``."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", ref, "workbook"], capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def run_case(
    make: Callable[[Path], list[str]], code: Path, cap: int, timeout: float
) -> tuple[str, float, float]:
    """One case, in a scratch folder of its own, with the package in ``code``."""
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        args = make(folder)
        return measure(args, folder, cap, timeout, code)


def measure(
    args: list[str], folder: Path, cap: int, timeout: float, code: Path = ROOT
) -> tuple[str, float, float]:
    """Run one command with the package in ``code``; its outcome, wall time and its own
    peak memory (MB, from wait4)."""

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
            env={**os.environ, "PYTHONPATH": str(code)},
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
    parser.add_argument("--baseline", default="", help="A git commit to compare with.")
    options = parser.parse_args()
    cap = int(options.cap_gb * 1024**3)
    with tempfile.TemporaryDirectory() as scratch:
        before = code_at(options.baseline, Path(scratch)) if options.baseline else None
        if before is None:
            print(f"{'case':<58} {'seconds':>8} {'peak MB':>8}  outcome")
        else:
            print(
                f"{'case':<58} {'before s':>8} {'MB':>6} {'after s':>8} {'MB':>6} "
                f"{'time':>6} {'memory':>6}  outcome (after)"
            )
        for name, make in CASES.items():
            if options.only not in name:
                continue
            outcome, elapsed, peak = run_case(make, ROOT, cap, options.timeout)
            if before is None:
                print(f"{name:<58} {elapsed:8.1f} {peak:8.0f}  {outcome}", flush=True)
                continue
            was, was_elapsed, was_peak = run_case(make, before, cap, options.timeout)
            print(
                f"{name:<58} {was_elapsed:8.1f} {was_peak:6.0f} {elapsed:8.1f} {peak:6.0f} "
                f"{elapsed / was_elapsed:6.2f} {peak / was_peak:6.2f}  {outcome}",
                flush=True,
            )
            if was != outcome:
                print(f"{'':<58} before: {was}", flush=True)


if __name__ == "__main__":
    main()
