"""The SMTP settings: from the environment or a settings file, checked, the password kept
out of sight (docs/email.md); and the owner's e-mail set with ``workbook init --email``."""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT, WORKBOOK_CLI
from workbook.errors import WorkbookInputError
from workbook.mail import (
    MailSettingsError,
    SmtpSettings,
    check_address,
    load_settings,
)
from workbook.store import SCHEMA_VERSION, Workbook

PASSWORD = "hunter2-ü"


@pytest.fixture
def password_file(tmp_path: Path) -> Path:
    path = tmp_path / "password"
    path.write_text(PASSWORD + "\n", encoding="utf-8")
    return path


def env(tmp_path: Path, **values: str) -> dict[str, str]:
    """Variables only, with a settings file that is not there (unless one is given)."""
    return {"XDG_CONFIG_HOME": str(tmp_path / "config"), **values}


def test_the_environment_alone_is_enough(tmp_path: Path, password_file: Path) -> None:
    settings = load_settings(
        env(
            tmp_path,
            WORKBOOK_SMTP_HOST="smtp.example.org",
            WORKBOOK_SMTP_FROM="coach@example.org",
            WORKBOOK_SMTP_USER="coach",
            WORKBOOK_SMTP_PASSWORD_FILE=str(password_file),
        )
    )
    assert (settings.host, settings.port, settings.security) == (
        "smtp.example.org",
        587,
        "starttls",
    )
    assert (settings.sender, settings.user, settings.password) == (
        "coach@example.org",
        "coach",
        PASSWORD,  # the file's line break is not part of it
    )
    assert PASSWORD not in repr(settings)


@pytest.mark.parametrize(("security", "port"), [("tls", 465), ("none", 25), ("STARTTLS", 587)])
def test_each_security_has_its_port(tmp_path: Path, security: str, port: int) -> None:
    settings = load_settings(
        env(
            tmp_path,
            WORKBOOK_SMTP_HOST="127.0.0.1",
            WORKBOOK_SMTP_FROM="a@example.org",
            WORKBOOK_SMTP_SECURITY=security,
        )
    )
    assert (settings.security, settings.port) == (security.lower(), port)


def test_the_settings_file_and_the_environment_wins(tmp_path: Path, password_file: Path) -> None:
    folder = tmp_path / "config" / "networking-workbook"
    folder.mkdir(parents=True)
    (folder / "smtp.toml").write_text(
        'host = "mail.example.org"\nport = 2525\nsecurity = "tls"\nuser = "me"\n'
        f'password_file = "{password_file}"\nfrom = "me@example.org"\n',
        encoding="utf-8",
    )
    from_file = load_settings(env(tmp_path))
    assert (from_file.host, from_file.port, from_file.security, from_file.sender) == (
        "mail.example.org",
        2525,
        "tls",
        "me@example.org",
    )
    assert from_file.password == PASSWORD
    mixed = load_settings(env(tmp_path, WORKBOOK_SMTP_PORT="465", WORKBOOK_SMTP_HOST="other.org"))
    assert (mixed.host, mixed.port, mixed.security) == ("other.org", 465, "tls")


def test_a_named_settings_file(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text('host = "h.example.org"\nfrom = "x@example.org"\n', encoding="utf-8")
    settings = load_settings(env(tmp_path, WORKBOOK_SMTP_SETTINGS=str(path)))
    assert settings.host == "h.example.org"


@pytest.mark.parametrize(
    ("values", "file_text", "message"),
    [
        ({}, None, "to send e-mail, set WORKBOOK_SMTP_HOST and WORKBOOK_SMTP_FROM"),
        ({"WORKBOOK_SMTP_HOST": "h.org"}, None, "to send e-mail, set WORKBOOK_SMTP_FROM (or"),
        (
            {"WORKBOOK_SMTP_PORT": "99999"},
            None,
            "WORKBOOK_SMTP_PORT '99999': a port from 1 to 65535",
        ),
        (
            {"WORKBOOK_SMTP_SECURITY": "ssl"},
            None,
            "WORKBOOK_SMTP_SECURITY 'ssl': one of starttls, tls, none",
        ),
        (
            {"WORKBOOK_SMTP_FROM": "not an address"},
            None,
            "WORKBOOK_SMTP_FROM 'not an address': not an e-mail address",
        ),
        (
            {"WORKBOOK_SMTP_USER": "me"},
            None,
            "WORKBOOK_SMTP_USER is set: set WORKBOOK_SMTP_PASSWORD_FILE too",
        ),
        (
            {"WORKBOOK_SMTP_USER": "me", "WORKBOOK_SMTP_PASSWORD_FILE": "/no/such/file"},
            None,
            "WORKBOOK_SMTP_PASSWORD_FILE /no/such/file: cannot read the password file",
        ),
        (
            {"WORKBOOK_SMTP_CA_FILE": "/no/such/ca.pem"},
            None,
            "WORKBOOK_SMTP_CA_FILE /no/such/ca.pem: no such file",
        ),
        ({}, "host = [", "not a TOML settings file"),
        ({}, 'host = "h"\nfrom = "a@b.org"\nhots = "x"\n', "unknown setting 'hots'"),
        ({}, 'host = "h"\nfrom = "a@b.org"\npassword = "x"\n', "a file of its own"),
    ],
)
def test_bad_settings_say_what_and_where(
    tmp_path: Path, values: dict[str, str], file_text: str | None, message: str
) -> None:
    base = {"WORKBOOK_SMTP_HOST": "127.0.0.1", "WORKBOOK_SMTP_FROM": "a@example.org"}
    if not values or values.keys() == {"WORKBOOK_SMTP_HOST"}:
        base = {}
    given = env(tmp_path, **{**base, **values})
    if file_text is not None:
        path = tmp_path / "smtp.toml"
        path.write_text(file_text, encoding="utf-8")
        given["WORKBOOK_SMTP_SETTINGS"] = str(path)
    with pytest.raises(MailSettingsError) as caught:
        load_settings(given)
    assert message in str(caught.value)


def test_no_password_in_clear_to_another_machine(tmp_path: Path, password_file: Path) -> None:
    values = {
        "WORKBOOK_SMTP_FROM": "a@example.org",
        "WORKBOOK_SMTP_SECURITY": "none",
        "WORKBOOK_SMTP_USER": "me",
        "WORKBOOK_SMTP_PASSWORD_FILE": str(password_file),
    }
    with pytest.raises(MailSettingsError, match="unencrypted: use starttls or tls"):
        load_settings(env(tmp_path, WORKBOOK_SMTP_HOST="smtp.example.org", **values))
    assert load_settings(env(tmp_path, WORKBOOK_SMTP_HOST="127.0.0.1", **values)).password


def test_scrub_hides_the_password_as_typed_and_as_auth_sends_it() -> None:
    settings = SmtpSettings("h", 25, "none", "a@example.org", "me", "pa55", None)
    assert settings.scrub("535 bad pa55 and AG1lAHBhNTU= and cGE1NQ==") == (
        "535 bad *** and *** and ***"
    )
    assert SmtpSettings("h", 25, "none", "a@example.org").scrub("pa55") == "pa55"


@pytest.mark.parametrize(
    "address", ["ada@example.org", "a.b+tag@mail.example.co.uk", "  ada@example.org  "]
)
def test_good_addresses(address: str) -> None:
    assert check_address(address, "--email") == address.strip()


@pytest.mark.parametrize(
    "address",
    [
        "",
        "ada",
        "ada@",
        "@example.org",
        "ada@localhost",
        "ada@@example.org",
        "ada@example..org",
        "ada@-example.org",
        "Ada <ada@example.org>",
        "ada@example.org, bob@example.org",
        "ada@exam ple.org",
        "ada\n@example.org",
        "a" * 250 + "@example.org",
    ],
)
def test_bad_addresses(address: str) -> None:
    with pytest.raises(WorkbookInputError, match=r"^--email"):
        check_address(address, "--email")


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*WORKBOOK_CLI, *args], capture_output=True, text=True, timeout=120)


def test_init_email_on_a_new_and_an_existing_workbook(tmp_path: Path) -> None:
    path = tmp_path / "ada.db"
    made = run_cli("init", str(path), "--owner", "Ada", "--email", "ada@example.org")
    assert made.returncode == 0, made.stderr
    assert made.stdout.strip() == f"created {path}; reports will be e-mailed to ada@example.org"
    with Workbook.open(path) as workbook:
        assert (workbook.owner, workbook.owner_email) == ("Ada", "ada@example.org")
        assert workbook.version == SCHEMA_VERSION
    changed = run_cli("init", str(path), "--email", "ada@new.example.org")
    assert changed.returncode == 0, changed.stderr
    assert changed.stdout.strip() == f"{path}: reports will be e-mailed to ada@new.example.org"
    with Workbook.open(path) as workbook:
        assert (workbook.owner, workbook.owner_email) == ("Ada", "ada@new.example.org")
    # Without --email an existing workbook is still left alone.
    refused = run_cli("init", str(path), "--owner", "Someone")
    assert refused.returncode == 2
    assert "a file is already there" in refused.stderr


def test_init_with_a_bad_email_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "ada.db"
    bad = run_cli("init", str(path), "--email", "ada at example.org")
    assert bad.returncode == 2
    assert bad.stderr.strip() == (
        "workbook: error: --email 'ada at example.org': not an e-mail address (name@example.org)"
    )
    assert "Traceback" not in bad.stderr
    assert not path.exists()


def test_report_send_without_settings_runs_nothing(tmp_path: Path) -> None:
    path = tmp_path / "ada.db"
    assert run_cli("init", str(path)).returncode == 0
    result = subprocess.run(
        [
            *WORKBOOK_CLI,
            "report",
            "--workbook",
            str(path),
            "--out",
            str(tmp_path / "out"),
            "--send",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 2
    assert result.stderr.strip().startswith(
        "workbook: error: to send e-mail, set WORKBOOK_SMTP_HOST and WORKBOOK_SMTP_FROM"
    )
    assert not (tmp_path / "out").exists()


def test_the_record_of_sent_reports(tmp_path: Path) -> None:
    path = tmp_path / "ada.db"
    with Workbook.open(path, create=True) as workbook:
        assert workbook.sent_report("2026-10") is None
        workbook.record_sent_report(
            "2026-10", "ada@example.org", "2026-11-01T07:00:00+00:00", "<1@x>"
        )
    with Workbook.open(path) as workbook:  # kept in the file
        assert workbook.sent_report("2026-10") == {
            "recipient": "ada@example.org",
            "sent_at": "2026-11-01T07:00:00+00:00",
            "message_id": "<1@x>",
        }
        assert workbook.sent_report("2026-10-redacted") is None  # its own report, its own row
        assert workbook.sent_report("2026-09") is None
        with pytest.raises(sqlite3.IntegrityError):  # never two records of one report
            workbook.record_sent_report(
                "2026-10", "b@example.org", "2026-11-02T07:00:00+00:00", "<2@x>"
            )


def test_the_owner_email_travels_in_the_json_export(tmp_path: Path) -> None:
    from workbook.jsonio import export_document, import_document, write_new_workbook

    source = tmp_path / "ada.db"
    with Workbook.open(source, create=True) as workbook:
        workbook.set_owner("Ada")
        document = export_document(workbook)
        assert document["owner"] == {"name": "Ada"}  # no address: none written
        workbook.set_owner_email("ada@example.org")
        document = export_document(workbook)
    assert document["owner"] == {"name": "Ada", "email": "ada@example.org"}
    # Restored into an empty workbook, and written as a new one: the address comes along.
    with Workbook.open(tmp_path / "restored.db", create=True) as restored:
        import_document(restored, document)
        assert restored.owner_email == "ada@example.org"
    write_new_workbook(tmp_path / "new.db", document)
    with Workbook.open(tmp_path / "new.db") as new:
        assert (new.owner, new.owner_email) == ("Ada", "ada@example.org")
    # A workbook with an address of its own keeps it.
    with Workbook.open(tmp_path / "other.db", create=True) as other:
        other.set_owner_email("me@example.org")
        import_document(other, {**document, "workbook_id": other.workbook_id})
        assert other.owner_email == "me@example.org"


def test_a_bad_owner_email_in_json_is_refused_naming_the_field(tmp_path: Path) -> None:
    from workbook.jsonio import import_document

    document = {"format": "networking-workbook", "version": 1, "owner": {"email": "nope"}}
    with Workbook.open(tmp_path / "a.db", create=True) as workbook:
        with pytest.raises(WorkbookInputError, match=r"field 'owner.email' 'nope': not an e-mail"):
            import_document(workbook, document, source="backup.json")
        assert workbook.owner_email is None


@pytest.mark.parametrize(
    ("options", "env", "said"),
    [
        (["--coach-email", "c@example.org"], {}, "--coach-email goes with --send"),
        (["--send", "--coach-email", "c@example.org"], {}, "goes with --clients"),
        (
            ["--clients", "CLIENTS", "--send", "--coach-email", "coach"],
            {},
            "--coach-email 'coach': not an e-mail address",
        ),
        (
            ["--send"],
            {
                "WORKBOOK_SMTP_HOST": "h.org",
                "WORKBOOK_SMTP_FROM": "a@b.org",
                "WORKBOOK_SMTP_PORT": "x",
            },
            "workbook: error: WORKBOOK_SMTP_PORT 'x': a port from 1 to 65535",
        ),
    ],
)
def test_report_send_refuses_bad_options_before_any_report(
    tmp_path: Path, options: list[str], env: dict[str, str], said: str
) -> None:
    path = tmp_path / "ada.db"
    assert run_cli("init", str(path), "--email", "ada@example.org").returncode == 0
    where = ["--workbook", str(path)]
    if "CLIENTS" in options:
        options = [str(tmp_path) if o == "CLIENTS" else o for o in options]
        where = []
    result = subprocess.run(
        [*WORKBOOK_CLI, "report", *where, "--out", str(tmp_path / "out"), *options],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": str(ROOT), **env},
    )
    assert result.returncode == 2
    assert said in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()
