"""What the hub does in a client's own space, run AS that client (docs/hub.md).

``python -m workbook.hub.client COMMAND``, started by the hub (root) with the client's
user and group (:func:`workbook.hub.accounts.run_as`), so every file it writes is the
client's. One JSON document on stdout; a problem is one line on stderr and exit code 2.

- ``setup [--demo SEED]``: the client's copies of the notebooks and their workbook
  (an empty one, or a demo for ``workbook hub try``);
- ``status``: the figures and the reasons the coach's page shows (read from a snapshot);
- ``note --period P`` (text on stdin): the coach's note, stored in the client's workbook;
- ``report --period P``: the period's report from a consistent snapshot of the workbook,
  written into ``~/networking-workbook/reports/``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import signal
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from workbook.batch import end_children
from workbook.errors import WorkbookError
from workbook.hub import HUB_PERIOD, WORKBOOK_NAME, ClientSpace

#: A demo client's story: small, so that a trial hub starts in seconds.
DEMO_PEOPLE = 30
DEMO_MONTHS = 6


def own_space() -> ClientSpace:
    """The space of the user this runs as (from ``$HOME``, which the hub sets)."""
    return ClientSpace(os.environ.get("USER", ""), Path.home())


def setup(
    space: ClientSpace, owner: str, demo_seed: int | None = None, quiet_days: int = 0
) -> dict[str, Any]:
    """Notebooks copied once, a workbook made once: a second run keeps what is there.
    A demo's story ends ``quiet_days`` before today (a client who stopped logging)."""
    from workbook import locations
    from workbook.periods import resolve_as_of
    from workbook.store import init_workbook

    _, copied = locations.workspace(space.workspace)
    made = False
    if not space.workbook.exists():
        if demo_seed is None:
            init_workbook(space.workbook, owner)
        else:
            from workbook.demo import write_demo
            from workbook.store import Workbook

            write_demo(
                space.workbook,
                seed=demo_seed,
                people=DEMO_PEOPLE,
                months=DEMO_MONTHS,
                as_of=resolve_as_of(None) - dt.timedelta(days=quiet_days),
            )
            with Workbook.open(space.workbook) as workbook:
                workbook.set_owner(owner)
        made = True
    return {"workbook": str(space.workbook), "made": made, "copied": len(copied)}


@contextlib.contextmanager
def snapshot(space: ClientSpace) -> Iterator[Path]:
    """A consistent copy of the client's workbook, in a private temporary folder."""
    from workbook.store import snapshot_copy

    with tempfile.TemporaryDirectory(prefix="workbook-snapshot-") as folder:
        yield snapshot_copy(space.workbook, Path(folder) / WORKBOOK_NAME)


def status(space: ClientSpace, period_spec: str = HUB_PERIOD) -> dict[str, Any]:
    """The summary of the period and why the client needs attention, as of today."""
    from workbook.hub.attention import attention
    from workbook.periods import DEFAULT_WINDOW, parse_period, resolve_as_of
    from workbook.store import Workbook
    from workbook.summary import build_summary

    day = resolve_as_of(None)
    period = parse_period(period_spec, day)
    with snapshot(space) as copy, Workbook.open(copy) as workbook:
        frames = workbook.frames()
    summary = build_summary(frames, space.name, period, day, DEFAULT_WINDOW)
    why = attention(frames, summary, period, day, DEFAULT_WINDOW)
    return {"summary": summary, "attention": why.as_dict()}


def note(space: ClientSpace, period_spec: str, text: str) -> dict[str, Any]:
    from workbook.notes import save_note

    saved = save_note(space.workbook, period_spec, text)
    return {"period": saved.period.label, "replaced": saved.replaced}


def report(space: ClientSpace, period_spec: str) -> dict[str, Any]:
    """The period's report, from a snapshot: the client may save meanwhile."""
    from workbook.reports import build_report

    with snapshot(space) as copy:
        result = build_report(copy, period=period_spec, out_root=space.reports)
    return {"period": result.period.label if result.period else "", "html": str(result.html)}


def main(argv: list[str] | None = None) -> int:
    from workbook.startup import skip_unneeded_imports

    skip_unneeded_imports()  # a report imports papermill, hence jsonschema: as the server
    parser = argparse.ArgumentParser(prog="python -m workbook.hub.client")
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("setup")
    make.add_argument("--owner", required=True)
    make.add_argument("--demo", type=int, default=None, metavar="SEED")
    make.add_argument("--quiet-days", type=int, default=0, metavar="DAYS")
    commands.add_parser("status").add_argument("--period", default=HUB_PERIOD)
    commands.add_parser("note").add_argument("--period", default=HUB_PERIOD)
    commands.add_parser("report").add_argument("--period", default=HUB_PERIOD)
    args = parser.parse_args(argv)
    space = own_space()
    # Stopped by the hub: unwind, so that papermill shuts the report's kernel down.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    try:
        if args.command == "setup":
            answer = setup(space, args.owner, args.demo, args.quiet_days)
        elif args.command == "status":
            answer = status(space, args.period)
        elif args.command == "note":
            answer = note(space, args.period, sys.stdin.read())
        else:
            answer = report(space, args.period)
    except WorkbookError as error:
        print(f"{space.name}: {error}", file=sys.stderr)
        return 2
    finally:
        end_children()  # whatever this command started (a kernel) ends with it
    json.dump(answer, sys.stdout)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
