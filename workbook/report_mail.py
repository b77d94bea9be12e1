"""E-mailing reports: each owner their period's report, the coach the overview (docs/email.md).

The message leads with the follow-up rate and the key figures — read from the report's
``summary.json``, never recomputed — and ends with the to-do list (the overdue follow-ups
the report lists); ``report.html`` is attached. HTML and plain-text parts say the same and
need no image or script. Each sent message is recorded before the next is sent: in the
client's workbook (:meth:`workbook.store.Workbook.record_sent_report`), and for the coach
in ``OUT/sent-overviews.json``; a recorded report is never sent again, so a run after a
failure sends only what was not sent.
"""

from __future__ import annotations

import datetime as dt
import json
import mimetypes
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Any

from workbook import words
from workbook.batch import ClientOutcome
from workbook.dates import day_label, range_label
from workbook.errors import WorkbookError
from workbook.files import write_text_atomic
from workbook.mail import Mailer, SendFailed, SmtpSettings
from workbook.periods import now, parse_period
from workbook.reports import REDACTED_SUFFIX, ReportResult
from workbook.schema import FIGURE_LABELS
from workbook.templating import Markup, render, render_text

#: The coach's overview messages sent, beside ``OUT/index.html``.
SENT_OVERVIEWS = "sent-overviews.json"
#: The most overdue follow-ups a message lists (the attached report has them all).
MAX_TODO = 20

#: What became of one message: ``sent``, ``already sent``, ``no address`` or ``failed``.
SENT, ALREADY_SENT, NO_ADDRESS, FAILED = "sent", "already sent", "no address", "failed"


@dataclass(frozen=True)
class MailOutcome:
    """One message of a ``--send`` run: to whom, what became of it, and a line saying so."""

    who: str  # the client's workbook name, or "coach"
    recipient: str | None
    status: str
    line: str


def _now() -> dt.datetime:
    """When a message is sent (the record's time, in UTC)."""
    return now(dt.UTC).replace(microsecond=0)


def _figure(label: str, value: object, note: str | None = None) -> dict[str, Any]:
    return {"label": label, "value": str(value), "note": note or ""}


def key_figures(summary: dict[str, Any]) -> list[dict[str, Any]]:
    """The message's figures from ``summary.json``, the follow-up rate first (labels as
    the report's cards say them, docs/metrics.md)."""
    m, f = summary["metrics"], summary["metrics"]["follow_up"]
    from workbook.sections import follow_up_rate_note  # the report's own wording

    rate_note = follow_up_rate_note(f, summary["window_days"])
    return [
        _figure(FIGURE_LABELS["follow_up_rate"], words.pct(f["rate"]), rate_note),
        _figure(FIGURE_LABELS["new_people"], m["new_people"]),
        _figure(FIGURE_LABELS["encounters"], m["encounters"]),
        _figure(FIGURE_LABELS["events_attended"], m["events_attended"]),
        _figure(FIGURE_LABELS["median_follow_up_days"], words.days(f["median_days"])),
        _figure(FIGURE_LABELS["never_followed"], f["never_followed"]),
        _figure(FIGURE_LABELS["overdue"], f["overdue"]),
        _figure("Gives vs asks", f"{m['gives']} : {m['asks']}"),
        _figure(FIGURE_LABELS["going_cold"], m["going_cold"]),
    ]


def to_do(report_dir: Path, workbook: Path, summary: dict[str, Any]) -> list[dict[str, str]]:
    """The overdue follow-ups of the report in ``report_dir``, most overdue first: the
    same list, from the same definition, as the report's to-do list."""
    from workbook.context import open_context
    from workbook.sections import where_labels

    ctx = open_context(
        workbook,
        as_of=summary["as_of"],
        period=summary["period"]["label"],
        window=int(summary["window_days"]),
        redact=report_dir.name.endswith(REDACTED_SUFFIX),
    )
    rows = ctx.overdue
    return [
        {
            "who": str(name),
            "met": day_label(met),
            "where": where,
            "due": day_label(due),
            "days": words.count(int(days), "day"),
        }
        for name, met, where, due, days in zip(
            rows["name"],
            rows["date"],
            where_labels(rows),
            rows["due"],
            rows["days_overdue"],
            strict=True,
        )
    ]


def _attach(message: EmailMessage, path: Path, filename: str) -> None:
    kind = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    maintype, subtype = kind.split("/", 1)
    message.add_attachment(path.read_bytes(), maintype=maintype, subtype=subtype, filename=filename)


def _message(
    settings: SmtpSettings,
    recipient: str,
    subject: str,
    template: str,
    values: dict[str, Any],
    attachments: Sequence[tuple[Path, str]],
) -> EmailMessage:
    """A message with a plain-text and an HTML part from ``template`` (``.txt.j2`` and
    ``.html.j2``), and the ``attachments`` (path, the name the reader sees)."""
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = settings.sender
    message["To"] = recipient
    message["Date"] = formatdate(localtime=False, usegmt=True)
    message["Message-ID"] = make_msgid(domain=settings.sender.rpartition("@")[2])
    message["Auto-Submitted"] = "auto-generated"  # no out-of-office replies to a robot
    message.set_content(render_text(f"{template}.txt.j2", **values))
    html = render(
        "email.html.j2", subject=subject, body=Markup(render(f"{template}.html.j2", **values))
    )
    message.add_alternative(html, subtype="html")
    for path, name in attachments:
        _attach(message, path, name)
    return message


def report_message(settings: SmtpSettings, recipient: str, result: ReportResult) -> EmailMessage:
    """The owner's message for the report ``result``."""
    summary = json.loads(result.summary.read_text(encoding="utf-8"))
    period = parse_period(summary["period"]["label"], dt.date.fromisoformat(summary["as_of"]))
    name = words.period_name(period)
    span = range_label(period.start, period.end)
    redacted = result.directory.name.endswith(REDACTED_SUFFIX)
    todo = to_do(result.directory, result.workbook, summary)
    figures = key_figures(summary)
    attachment = _attachment_name(result)
    values: dict[str, Any] = {
        "owner": summary.get("owner") or "",
        "period_name": name,
        "span": span,
        "as_of": day_label(dt.date.fromisoformat(summary["as_of"])),
        "lead": figures[0],
        "figures": figures[1:],
        "todo": todo[:MAX_TODO],
        "todo_more": max(0, len(todo) - MAX_TODO),
        "redacted": redacted,
        "attachment": attachment,
    }
    subject = f"Your networking report: {name} ({span})"
    return _message(
        settings,
        recipient,
        subject,
        "report_email",
        values,
        [(result.html, attachment)],
    )


def _attachment_name(result: ReportResult) -> str:
    """``networking-report-2026-10.html``: the report's name in the reader's downloads."""
    return f"networking-report-{result.directory.name}.html"


def send_report(mailer: Mailer, result: ReportResult) -> MailOutcome:
    """E-mail the report ``result`` to its workbook's owner, once: nothing when the
    workbook has no owner e-mail or this report was sent before; recorded when sent."""
    from workbook.store import Workbook

    who = result.workbook.stem
    label = result.directory.name
    with Workbook.open(result.workbook) as workbook:
        recipient = workbook.owner_email
        before = workbook.sent_report(label)
        if before is not None:
            return MailOutcome(
                who,
                before["recipient"],
                ALREADY_SENT,
                f"already sent: {who}'s report {label} to {before['recipient']} "
                f"on {before['sent_at']}",
            )
        if not recipient:
            return MailOutcome(
                who, None, NO_ADDRESS, f"not sent: {who} has no e-mail (workbook init --email)"
            )
        message = report_message(mailer.settings, recipient, result)
        try:
            mailer.send(message, [recipient], who)
        except SendFailed as error:
            return MailOutcome(who, recipient, FAILED, str(error))
        workbook.record_sent_report(label, recipient, _now().isoformat(), message["Message-ID"])
    return MailOutcome(who, recipient, SENT, f"sent: {who}'s report {label} to {recipient}")


def _read_sent_overviews(out_root: Path) -> list[dict[str, str]]:
    path = out_root / SENT_OVERVIEWS
    if not path.is_file():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        sent = data["sent"]
        if not isinstance(sent, list) or not all(isinstance(s, dict) for s in sent):
            raise TypeError
    except (ValueError, KeyError, TypeError):
        from workbook.errors import WorkbookInputError

        raise WorkbookInputError(
            f"{path}: not a record of sent overviews (move it away to send again)"
        ) from None
    return sent


def batch_label(outcomes: Sequence[ClientOutcome]) -> str:
    """The period(s) of a ``--clients`` run, as its reports' folders name them."""
    labels = sorted({o.result.directory.name for o in outcomes if o.result})
    return "+".join(labels) or "no-reports"  # every client failed: the overview still goes


def send_overview(
    mailer: Mailer, outcomes: Sequence[ClientOutcome], out_root: Path, recipient: str
) -> MailOutcome:
    """E-mail the coach the overview of a ``--clients`` run (``OUT/index.html`` and
    ``overview.csv`` attached), once per batch period (``OUT/sent-overviews.json``)."""
    from workbook.overview import CSV_NAME, INDEX_NAME, client_row, ordered

    label = batch_label(outcomes)
    sent = _read_sent_overviews(out_root)
    for entry in sent:
        if entry.get("batch") == label and entry.get("recipient") == recipient:
            return MailOutcome(
                "coach",
                recipient,
                ALREADY_SENT,
                f"already sent: the overview {label} to {recipient} on {entry.get('sent_at')}",
            )
    rows = []
    for outcome in outcomes:
        result = outcome.result
        summary = json.loads(result.summary.read_text("utf-8")) if result else None
        rows.append(client_row(outcome.workbook, summary, outcome.error, None, out_root))
    clients = [
        {
            "client": row.client,
            "status": row.status if row.status == "ok" else f"failed: {row.cause}",
            "rate": words.pct(row.rate),
            "new_people": "" if row.new_people is None else str(row.new_people),
            "overdue": "" if row.overdue is None else str(row.overdue),
            "behind": "" if row.targets_behind is None else str(row.targets_behind),
        }
        for row in ordered(rows)
    ]
    subject = f"Your clients' networking reports: {label}"
    message = _message(
        mailer.settings,
        recipient,
        subject,
        "overview_email",
        {"label": label, "clients": clients, "failed": sum(1 for r in rows if r.status != "ok")},
        [
            (out_root / INDEX_NAME, f"clients-overview-{label}.html"),
            (out_root / CSV_NAME, f"clients-overview-{label}.csv"),
        ],
    )
    try:
        mailer.send(message, [recipient], "the coach")
    except SendFailed as error:
        return MailOutcome("coach", recipient, FAILED, str(error))
    sent.append(
        {
            "batch": label,
            "recipient": recipient,
            "sent_at": _now().isoformat(),
            "message_id": str(message["Message-ID"]),
        }
    )
    write_text_atomic(
        json.dumps({"sent": sent}, indent=2, ensure_ascii=False) + "\n", out_root / SENT_OVERVIEWS
    )
    return MailOutcome("coach", recipient, SENT, f"sent: the overview {label} to {recipient}")


def send_all(
    settings: SmtpSettings,
    results: Sequence[ReportResult],
    coach: tuple[Sequence[ClientOutcome], Path, str] | None = None,
    progress: Callable[[MailOutcome], None] | None = None,
) -> list[MailOutcome]:
    """Send each report of ``results`` to its owner, then (``coach``: the run's outcomes,
    its output folder, the coach's address) the overview; one connection for all.

    A failure is an outcome of its own (the others are still sent); a report that cannot
    even be read or composed is one too, named with its client.
    """
    outcomes: list[MailOutcome] = []

    def note(outcome: MailOutcome) -> None:
        outcomes.append(outcome)
        if progress:
            progress(outcome)

    with Mailer(settings) as mailer:
        for result in results:
            try:
                note(send_report(mailer, result))
            except WorkbookError as error:
                who = result.workbook.stem
                note(MailOutcome(who, None, FAILED, f"not sent to {who}: {error}"))
        if coach is not None:
            note(send_overview(mailer, *coach))
    return outcomes
