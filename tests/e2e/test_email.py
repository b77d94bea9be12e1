"""E-mailing reports through a real SMTP server on 127.0.0.1 (aiosmtpd): STARTTLS and a
login, implicit TLS, a refused recipient, nothing sent twice, and no password shown.

Three clients, ada, ben and cleo, each holding the small story of
:mod:`tests.helpers.small_story` (its figures worked out by hand there): ada and ben have an
e-mail, cleo has none.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.cli import invoke
from tests.helpers.small_story import AS_OF, write_client
from tests.helpers.smtp import Server, environment, smtp_server
from workbook.batch import ClientOutcome, build_client_reports
from workbook.mail import load_settings
from workbook.report_mail import SENT_OVERVIEWS, send_all
from workbook.reports import ReportResult
from workbook.store import Workbook

pytestmark = pytest.mark.slow

PASSWORD = "s3cret-Pa55-wörd"
USER = "coach"
SENDER = "reports@coach.example"
EMAILS = {"ada": "ada@example.test", "ben": "ben@example.test", "cleo": None}
REFUSAL = "550 5.1.1 <ben@example.test>: mailbox unavailable here"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The three clients' workbooks and their October reports, made once."""
    root = tmp_path_factory.mktemp("clients")
    clients = root / "clients"
    clients.mkdir()
    for name, address in EMAILS.items():
        write_client(clients / f"{name}.db", name.title(), address)
    outcomes = build_client_reports(
        clients, period="2026-10", as_of=AS_OF, out_root=root / "out", jobs=1
    )  # one at a time in this process: worker processes would import everything again
    assert [o.error for o in outcomes] == [None, None, None]
    return clients, root / "out"


@pytest.fixture
def run(built: tuple[Path, Path], tmp_path: Path) -> tuple[list[ClientOutcome], Path]:
    """A fresh copy of the built clients and reports (nothing sent yet), as a batch's
    outcomes."""
    clients = shutil.copytree(built[0], tmp_path / "clients")
    out = shutil.copytree(built[1], tmp_path / "out")
    outcomes = []
    for name in EMAILS:
        directory = out / name / "2026-10"
        result = ReportResult(
            clients / f"{name}.db",
            directory,
            directory / "report.html",
            directory / "report.ipynb",
            directory / "summary.json",
        )
        outcomes.append(ClientOutcome(result.workbook, result, None))
    return outcomes, out


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "smtp-password"
    path.write_text(PASSWORD + "\n", encoding="utf-8")
    return path


@pytest.fixture
def starttls(tmp_path: Path) -> Iterator[Server]:
    with smtp_server(tmp_path, "starttls", login=(USER, PASSWORD)) as server:
        yield server


def test_each_owner_with_an_address_gets_one_message_with_figures_and_report(
    run: tuple[list[ClientOutcome], Path], starttls: Server, secret: Path, tmp_path: Path
) -> None:
    outcomes, out = run
    settings = load_settings(
        environment(
            starttls,
            SENDER,
            WORKBOOK_SMTP_USER=USER,
            WORKBOOK_SMTP_PASSWORD_FILE=str(secret),
            HOME=str(tmp_path),  # no settings file of the machine's
        )
    )
    results = [o.result for o in outcomes if o.result]
    sent = send_all(settings, results, (outcomes, out, "coach@coach.example"))
    assert [(o.who, o.status) for o in sent] == [
        ("ada", "sent"),
        ("ben", "sent"),
        ("cleo", "no address"),
        ("coach", "sent"),
    ]
    assert starttls.logins == [(USER, True)]  # one connection, one login, over TLS
    assert sorted(r.recipients[0] for r in starttls.received) == [
        "ada@example.test",
        "ben@example.test",
        "coach@coach.example",
    ]
    (ada,) = starttls.to("ada@example.test")
    assert ada.sender == SENDER
    assert ada.message["Subject"] == "Your networking report: October 2026 (1–31 Oct 2026)"
    text = ada.body("plain")
    # The follow-up rate leads, the to-do list ends, most overdue first.
    assert text.index("Follow-up rate: 33%") < text.index("Overdue follow-ups: 2")
    assert "1 of 3 followed up within 7 days" in text
    assert "People met (encounters): 3" in text
    assert "Cards never followed up: 1" in text
    todo = text[text.index("Your to-do list") :]
    assert todo.index("Tom & Jerry Ray (met 5 Oct 2026, café): 39 days overdue") < todo.index(
        "Lee Park (met 20 Oct 2026, gym): 19 days overdue"
    )
    assert "Jane Roe" not in todo  # followed up: not to do
    html = ada.body("html")
    assert "Tom &amp; Jerry Ray" in html  # escaped, once
    assert "<script" not in html and "<img" not in html and "http" not in html
    assert ">33%<" in html
    report = (out / "ada" / "2026-10" / "report.html").read_bytes()
    assert ada.attachments() == {"networking-report-2026-10.html": report}
    # The coach: every client's figures, and the overview attached.
    (coach,) = starttls.to("coach@coach.example")
    coach_text = coach.body("plain")
    assert "- ada: follow-up rate 33%, 3 new people, 2 overdue" in coach_text
    assert "- cleo: follow-up rate 33%" in coach_text
    assert set(coach.attachments()) == {
        "clients-overview-2026-10.html",
        "clients-overview-2026-10.csv",
    }
    # Recorded: in each workbook, and the coach's beside the overview.
    with Workbook.open(outcomes[0].workbook) as workbook:
        record = workbook.sent_report("2026-10")
    assert record is not None
    assert record["recipient"] == "ada@example.test"
    assert record["message_id"] == ada.message["Message-ID"]
    overviews = json.loads((out / SENT_OVERVIEWS).read_text("utf-8"))["sent"]
    assert [(o["batch"], o["recipient"]) for o in overviews] == [("2026-10", "coach@coach.example")]
    # A second run sends nothing.
    again = send_all(settings, results, (outcomes, out, "coach@coach.example"))
    assert [o.status for o in again] == [
        "already sent",
        "already sent",
        "no address",
        "already sent",
    ]
    assert len(starttls.received) == 3


def test_a_refused_recipient_is_named_and_sent_on_the_next_run(
    run: tuple[list[ClientOutcome], Path], secret: Path, tmp_path: Path
) -> None:
    outcomes, out = run
    results = [o.result for o in outcomes if o.result]
    env = {"HOME": str(tmp_path), "WORKBOOK_SMTP_USER": USER}
    env["WORKBOOK_SMTP_PASSWORD_FILE"] = str(secret)
    (tmp_path / "first").mkdir()
    refuse = {"ben@example.test": REFUSAL}
    with smtp_server(tmp_path / "first", "tls", login=(USER, PASSWORD), refuse=refuse) as server:
        settings = load_settings(environment(server, SENDER, WORKBOOK_SMTP_SECURITY="tls", **env))
        first = send_all(settings, results)
    assert [(o.who, o.status) for o in first] == [
        ("ada", "sent"),
        ("ben", "failed"),
        ("cleo", "no address"),
    ]
    assert first[1].line == (
        f"not sent to ben (ben@example.test) via 127.0.0.1:{server.port}: the server said {REFUSAL}"
    )
    assert [r.recipients for r in server.received] == [["ada@example.test"]]
    assert (out / "ben" / "2026-10" / "report.html").is_file()  # the report is kept
    with Workbook.open(outcomes[1].workbook) as workbook:
        assert workbook.sent_report("2026-10") is None
    (tmp_path / "second").mkdir()
    with smtp_server(tmp_path / "second", "tls", login=(USER, PASSWORD)) as again:
        settings = load_settings(environment(again, SENDER, WORKBOOK_SMTP_SECURITY="tls", **env))
        second = send_all(settings, results)
    assert [o.status for o in second] == ["already sent", "sent", "no address"]
    assert [r.recipients for r in again.received] == [["ben@example.test"]]


def test_a_wrong_password_is_named_and_never_shown(
    run: tuple[list[ClientOutcome], Path], starttls: Server, tmp_path: Path
) -> None:
    outcomes, _ = run
    wrong = tmp_path / "wrong-password"
    wrong_password = "not-the-Pa55word-at-all"
    wrong.write_text(wrong_password, encoding="utf-8")
    settings = load_settings(
        environment(
            starttls,
            SENDER,
            WORKBOOK_SMTP_USER=USER,
            WORKBOOK_SMTP_PASSWORD_FILE=str(wrong),
            HOME=str(tmp_path),
        )
    )
    assert wrong_password not in repr(settings)
    sent = send_all(settings, [o.result for o in outcomes if o.result])
    assert [o.status for o in sent] == ["failed", "failed", "no address"]
    assert sent[0].line.startswith("not sent to ada (ada@example.test) via 127.0.0.1:")
    assert "the server said 535" in sent[0].line
    assert all(wrong_password not in o.line for o in sent)
    assert starttls.received == []


def test_report_clients_send_on_the_command_line(
    built: tuple[Path, Path], starttls: Server, secret: Path, tmp_path: Path
) -> None:
    """What a coach's cron job runs: two messages and the coach's, then nothing new; no
    password in what is printed nor in any file the run wrote."""
    clients = shutil.copytree(built[0], tmp_path / "clients")
    out = tmp_path / "out"
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        **environment(
            starttls,
            SENDER,
            WORKBOOK_SMTP_SECURITY="starttls",
            WORKBOOK_SMTP_USER=USER,
            WORKBOOK_SMTP_PASSWORD_FILE=str(secret),
        ),
    }
    command = [
        "report", "--clients", str(clients), "--period", "2026-10",
        "--as-of", AS_OF.isoformat(), "--out", str(out), "--send",
        "--coach-email", "coach@coach.example", "--jobs", "1",
    ]  # fmt: skip
    # In this process, one report at a time: no worker process to start and import all
    # over again (the real script's cron line, with its default jobs, is run by
    # tests/e2e/test_install.py).
    first = invoke(*command, env=env)
    assert first.returncode == 0, first.stderr
    assert sorted(r.recipients[0] for r in starttls.received) == [
        "ada@example.test",
        "ben@example.test",
        "coach@coach.example",
    ]
    assert "sent: ada's report 2026-10 to ada@example.test" in first.stdout
    assert "not sent: cleo has no e-mail" in first.stdout
    second = invoke(*command, env=env)
    assert second.returncode == 0, second.stderr
    assert len(starttls.received) == 3
    assert "already sent: ada's report 2026-10" in second.stdout
    for output in (first.stdout, first.stderr, second.stdout, second.stderr):
        assert PASSWORD not in output
    written = [p for p in [*out.rglob("*"), *clients.rglob("*")] if p.is_file()]
    assert written
    for path in written:
        assert PASSWORD.encode() not in path.read_bytes(), path


def test_a_certificate_not_trusted_is_named(
    run: tuple[list[ClientOutcome], Path], starttls: Server, secret: Path, tmp_path: Path
) -> None:
    """Without WORKBOOK_SMTP_CA_FILE the test server's self-signed certificate is refused:
    the password is never sent to a server that could not prove who it is."""
    outcomes, _ = run
    env = environment(
        starttls,
        SENDER,
        WORKBOOK_SMTP_USER=USER,
        WORKBOOK_SMTP_PASSWORD_FILE=str(secret),
        HOME=str(tmp_path),
    )
    del env["WORKBOOK_SMTP_CA_FILE"]
    sent = send_all(load_settings(env), [o.result for o in outcomes if o.result])
    assert [o.status for o in sent] == ["failed", "failed", "no address"]
    assert "the server said TLS: CERTIFICATE_VERIFY_FAILED" in sent[0].line
    assert starttls.logins == []
    assert starttls.received == []
