"""The coach's overview of a ``--clients`` run: ``OUT/index.html`` and ``OUT/overview.csv``.

One row per client, from that client's ``summary.json``: the follow-up rate this period
and over the periods before it (``history``), new people, overdue follow-ups, targets
behind, the date of the last thing logged, the status (ok, or failed with its cause) and
a relative link to the report. Clients who need attention come first. It holds these
figures only, never a client's people or notes (README: "A coach's practice").
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pandas as pd

from workbook import resources, words
from workbook.files import write_text_atomic
from workbook.frames import Frames
from workbook.periods import Period
from workbook.templating import ENV

INDEX_NAME = "index.html"
CSV_NAME = "overview.csv"
#: Logged collections whose dates say "the client is using the workbook".
LOGGED = ("encounters", "touchpoints", "debriefs", "opportunities")
#: Nothing logged in the reported period and this many before it: "stopped logging".
QUIET_PERIODS = 2
CSV_FIELDS = (
    "client",
    "status",
    "cause",
    "period",
    "follow_up_rate",
    "follow_up_rate_history",
    "new_people",
    "overdue",
    "targets_behind",
    "last_logged",
    "stopped_logging",
    "report",
)


def last_logged(frames: Frames, as_of: dt.date) -> dt.date | None:
    """The date of the latest encounter, touchpoint, debrief or opportunity up to as-of."""
    latest: pd.Timestamp | None = None
    limit = pd.Timestamp(as_of)
    for name in LOGGED:
        dates = getattr(frames, name)["date"]
        dates = dates[dates <= limit]
        if len(dates) and (latest is None or dates.max() > latest):
            latest = dates.max()
    return None if latest is None else latest.date()


def stopped_logging(last: dt.date | None, period: Period) -> bool:
    """Nothing logged in ``period`` nor in the :data:`QUIET_PERIODS` periods before it."""
    earliest = period
    for _ in range(QUIET_PERIODS):
        earliest = earliest.previous()
    return last is None or last < earliest.start


@dataclass(frozen=True)
class ClientRow:
    """One client's line of the overview."""

    client: str
    status: str  # "ok" or "failed"
    cause: str = ""
    period: str = ""
    rate: float | None = None
    history: tuple[float | None, ...] = ()
    history_labels: tuple[str, ...] = ()
    new_people: int | None = None
    overdue: int | None = None
    targets_behind: int | None = None
    last_logged: dt.date | None = None
    stopped: bool = False
    link: str = ""

    @property
    def attention(self) -> list[str]:
        """Why this client needs the coach's attention, most urgent first."""
        reasons = []
        if self.status != "ok":
            reasons.append("report failed")
        if self.stopped:
            # a client who never logged anything has not stopped: they have not started
            reasons.append("stopped logging" if self.last_logged else "nothing logged yet")
        if self.targets_behind:
            reasons.append("behind on targets")
        return reasons


def client_row(
    workbook: Path,
    summary: dict[str, Any] | None,
    error: str | None,
    report_html: Path | None,
    out_root: Path,
    logged: dt.date | None = None,
    period: Period | None = None,
) -> ClientRow:
    """The overview line of one client, from its summary (``None`` when it failed)."""
    if summary is None or error:
        return ClientRow(workbook.stem, "failed", cause=error or "no summary")
    follow_up = summary["metrics"]["follow_up"]
    history = summary.get("history") or []  # absent in older summaries
    behind = sum(
        1 for t in summary.get("targets", []) if t["actual"] is not None and not t["on_track"]
    )
    link = ""
    if report_html is not None:
        link = "/".join(quote(part) for part in report_html.relative_to(out_root).parts)
    return ClientRow(
        client=workbook.stem,
        status="ok",
        period=summary["period"]["label"],
        rate=follow_up["rate"],
        history=tuple(entry.get("follow_up_rate") for entry in history),
        history_labels=tuple(entry.get("period", "") for entry in history),
        new_people=summary["metrics"]["new_people"],
        overdue=follow_up["overdue"],
        targets_behind=behind,
        last_logged=logged,
        stopped=period is not None and stopped_logging(logged, period),
        link=link,
    )


def ordered(rows: Iterable[ClientRow]) -> list[ClientRow]:
    """Failed first, then stopped logging, then behind on targets, then the lowest rate."""

    def key(row: ClientRow) -> tuple[Any, ...]:
        rate = row.rate if row.rate is not None else 2.0  # no rate yet: after the low ones
        return (row.status == "ok", not row.stopped, not row.targets_behind, rate, row.client)

    return sorted(rows, key=key)


def _rate_text(rate: float | None) -> str:
    return "" if rate is None else f"{rate:.2f}"


def _cell(text: str) -> str:
    """Text a spreadsheet will not run as a formula (a client file named ``=cmd|…``)."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def overview_csv(rows: Sequence[ClientRow]) -> str:
    """The overview as CSV (rates as fractions; history oldest first, ``;``-separated)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for row in rows:
        writer.writerow(
            [
                _cell(row.client),
                row.status,
                _cell(row.cause),
                row.period,
                _rate_text(row.rate),
                ";".join(_rate_text(rate) for rate in row.history),
                "" if row.new_people is None else row.new_people,
                "" if row.overdue is None else row.overdue,
                "" if row.targets_behind is None else row.targets_behind,
                row.last_logged.isoformat() if row.last_logged else "",
                ("yes" if row.stopped else "no") if row.status == "ok" else "",
                row.link,
            ]
        )
    return buffer.getvalue()


SPARK_WIDTH, SPARK_HEIGHT = 96, 24


def sparkline(rates: Sequence[float | None]) -> str:
    """Points of an SVG polyline for rates in [0, 1] (gaps where a period had no rate)."""
    if len(rates) < 2:
        return ""
    step = SPARK_WIDTH / (len(rates) - 1)
    points = [
        f"{i * step:.1f},{(1 - rate) * (SPARK_HEIGHT - 4) + 2:.1f}"
        for i, rate in enumerate(rates)
        if rate is not None
    ]
    return " ".join(points) if len(points) >= 2 else ""


def overview_html(rows: Sequence[ClientRow], title: str, generated: str) -> str:
    """The overview page: offline, escaped, in the reports' own style."""
    css = (resources.templates_dir() / "report" / "static" / "report.css").read_text("utf-8")
    template = ENV.get_template("overview/index.html.j2")
    return template.render(
        rows=rows,
        title=title,
        generated=generated,
        css=css,
        rate_text=words.pct,  # the one way a rate reads (the reports' too)
        sparkline=sparkline,
        spark=(SPARK_WIDTH, SPARK_HEIGHT),
        failed=sum(1 for row in rows if row.status != "ok"),
        quiet=QUIET_PERIODS,
    )


def write_overview(
    rows: Iterable[ClientRow], out_root: Path, title: str, generated: str
) -> tuple[Path, Path]:
    """Write ``OUT/index.html`` and ``OUT/overview.csv``; return their paths."""
    rows = ordered(rows)
    html = write_text_atomic(overview_html(rows, title, generated), out_root / INDEX_NAME)
    table = write_text_atomic(overview_csv(rows), out_root / CSV_NAME)
    return html, table
