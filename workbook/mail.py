"""E-mail: the SMTP settings, checked in one place, and a connection that sends (docs/email.md).

Settings come from the environment (``WORKBOOK_SMTP_HOST`` …) or a TOML settings file
(``$WORKBOOK_SMTP_SETTINGS``, else ``~/.config/networking-workbook/smtp.toml``); a variable
set in the environment wins over the file. The password is only ever read from the file
``WORKBOOK_SMTP_PASSWORD_FILE`` names — never from a command line or a variable — and is
never shown: every message this module lets out (a server's reply, an error) has it
replaced by ``***`` first (:meth:`SmtpSettings.scrub`).
"""

from __future__ import annotations

import base64
import os
import smtplib
import ssl
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import parseaddr
from pathlib import Path
from types import TracebackType

from workbook.errors import ReportFailed, WorkbookInputError
from workbook.limits import whole_number

#: Where the settings file is looked for when ``$WORKBOOK_SMTP_SETTINGS`` is not set.
SETTINGS_ENV = "WORKBOOK_SMTP_SETTINGS"
SETTINGS_FILE = Path("networking-workbook") / "smtp.toml"
#: Each setting: its key in the settings file and its environment variable.
SETTING_VARIABLES = {
    "host": "WORKBOOK_SMTP_HOST",
    "port": "WORKBOOK_SMTP_PORT",
    "security": "WORKBOOK_SMTP_SECURITY",
    "user": "WORKBOOK_SMTP_USER",
    "password_file": "WORKBOOK_SMTP_PASSWORD_FILE",
    "from": "WORKBOOK_SMTP_FROM",
    "ca_file": "WORKBOOK_SMTP_CA_FILE",
}
#: How the connection is protected, and the port each uses unless one is given.
SECURITY_PORTS = {"starttls": 587, "tls": 465, "none": 25}
DEFAULT_SECURITY = "starttls"
#: Hosts where ``none`` (no encryption) may still carry a password: this machine only.
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
#: Seconds to wait for the server before giving up on it.
SMTP_TIMEOUT = 60
MAX_ADDRESS = 254  # the longest address SMTP carries (RFC 5321)
MAX_PASSWORD_BYTES = 4096
SCRUBBED = "***"


class MailSettingsError(WorkbookInputError):
    """Missing or bad e-mail settings (exit 2, before any report runs)."""


class SendFailed(ReportFailed):
    """A message could not be sent: says to whom and what the server said (exit 1)."""


def check_address(text: str, what: str) -> str:
    """``text`` as a bare e-mail address (``name@example.org``), or a
    :class:`WorkbookInputError` naming ``what`` (an option, a field) and the problem."""
    address = str(text).strip()
    shown = address[:80]
    if not address:
        raise WorkbookInputError(f"{what}: an e-mail address is needed")
    local, at, domain = address.rpartition("@")
    problem = None
    if len(address) > MAX_ADDRESS:
        problem = f"longer than {MAX_ADDRESS} characters"
    elif not at or not local or not domain:
        problem = "not an e-mail address (name@example.org)"
    elif any(c.isspace() or not c.isprintable() or c in '<>,;"()[]\\' for c in address):
        problem = 'not an e-mail address (a space or one of <>,;"()[]\\ in it)'
    elif "@" in local or "." not in domain.strip(".") or domain.startswith("."):
        problem = "not an e-mail address (name@example.org)"
    elif any(not label or label.startswith("-") for label in domain.split(".")):
        problem = "not an e-mail address (the part after @ is not a domain)"
    elif parseaddr(address)[1] != address:
        problem = "not an e-mail address (name@example.org)"
    if problem:
        raise WorkbookInputError(f"{what} {shown!r}: {problem}")
    return address


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to send; ``password`` only held, never shown (its ``repr`` hides it)."""

    host: str
    port: int
    security: str
    sender: str
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    ca_file: Path | None = None

    def secrets(self) -> list[str]:
        """Every form the password could take in a server's reply or an error."""
        if not self.password:
            return []
        forms = [self.password]
        for text in (f"\0{self.user}\0{self.password}", self.password):
            forms.append(base64.b64encode(text.encode("utf-8")).decode("ascii"))
        return forms

    def scrub(self, text: object) -> str:
        """``text`` with the password (plain or as AUTH sends it) replaced by ``***``."""
        shown = str(text)
        for secret in sorted(self.secrets(), key=len, reverse=True):
            shown = shown.replace(secret, SCRUBBED)
        return shown


def settings_file(environ: Mapping[str, str] | None = None) -> Path:
    """The settings file: ``$WORKBOOK_SMTP_SETTINGS``, else the user's config folder's."""
    environ = os.environ if environ is None else environ
    if environ.get(SETTINGS_ENV):
        return Path(environ[SETTINGS_ENV]).expanduser()
    base = environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / SETTINGS_FILE


def _read_settings_file(path: Path, named: bool) -> dict[str, str]:
    """The settings of ``path`` as text values; nothing when the default file is absent."""
    if not path.is_file():
        if named:
            raise MailSettingsError(f"{path}: no such settings file (${SETTINGS_ENV})")
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise MailSettingsError(f"{path}: not a TOML settings file ({error})") from None
    values: dict[str, str] = {}
    for key, value in data.items():
        if key == "password":  # never kept in a file of settings: say where it goes
            raise MailSettingsError(
                f"{path}: {key!r}: put the password in a file of its own (password_file)"
            )
        if key not in SETTING_VARIABLES:
            known = ", ".join(SETTING_VARIABLES)
            raise MailSettingsError(f"{path}: unknown setting {key!r} (known: {known})")
        if not isinstance(value, str | int) or isinstance(value, bool):
            raise MailSettingsError(f"{path}: {key!r} must be text")
        values[key] = str(value)
    return values


def _read_password(path_text: str, where: str) -> str:
    path = Path(path_text).expanduser()
    try:
        raw = path.read_bytes()[: MAX_PASSWORD_BYTES + 1]
    except OSError as error:
        raise MailSettingsError(
            f"{where} {path}: cannot read the password file ({error.strerror})"
        ) from None
    try:
        password = raw.decode("utf-8").rstrip("\r\n")  # a file ends with a line break
    except UnicodeDecodeError:
        raise MailSettingsError(f"{where} {path}: the password file is not UTF-8 text") from None
    if not password or len(raw) > MAX_PASSWORD_BYTES or "\n" in password:
        raise MailSettingsError(f"{where} {path}: the file must hold the password on one line")
    return password


def load_settings(environ: Mapping[str, str] | None = None) -> SmtpSettings:
    """The SMTP settings, checked: a :class:`MailSettingsError` names what is missing or
    wrong, and where it was set (a variable or the settings file)."""
    environ = os.environ if environ is None else environ
    path = settings_file(environ)
    from_file = _read_settings_file(path, named=bool(environ.get(SETTINGS_ENV)))
    values: dict[str, str] = {}
    where: dict[str, str] = {}
    for key, variable in SETTING_VARIABLES.items():
        if environ.get(variable, "").strip():
            values[key], where[key] = environ[variable].strip(), variable
        elif from_file.get(key, "").strip():
            values[key], where[key] = from_file[key].strip(), f"{path}: {key}"
    missing = [SETTING_VARIABLES[k] for k in ("host", "from") if k not in values]
    if missing:
        raise MailSettingsError(
            f"to send e-mail, set {' and '.join(missing)} (or in {path}; see docs/email.md)"
        )
    security = values.get("security", DEFAULT_SECURITY).lower()
    if security not in SECURITY_PORTS:
        raise MailSettingsError(
            f"{where['security']} {values['security']!r}: one of {', '.join(SECURITY_PORTS)}"
        )
    port = SECURITY_PORTS[security]
    if "port" in values:
        text = values["port"]
        number = whole_number(text)
        if number is None or not 1 <= number <= 65535:
            raise MailSettingsError(f"{where['port']} {text[:20]!r}: a port from 1 to 65535")
        port = number
    try:
        sender = check_address(values["from"], where["from"])
    except WorkbookInputError as error:
        raise MailSettingsError(str(error)) from None
    user = values.get("user")
    password = None
    if user and "password_file" not in values:
        raise MailSettingsError(
            f"{where['user']} is set: set {SETTING_VARIABLES['password_file']} too "
            "(a file holding the password)"
        )
    if "password_file" in values:
        if not user:
            raise MailSettingsError(
                f"{where['password_file']} is set: set {SETTING_VARIABLES['user']} too"
            )
        password = _read_password(values["password_file"], where["password_file"])
    if password and security == "none" and values["host"].lower() not in LOCAL_HOSTS:
        raise MailSettingsError(
            f"{where.get('security', SETTING_VARIABLES['security'])} none would send the "
            f"password to {values['host']} unencrypted: use starttls or tls"
        )
    ca_file = None
    if "ca_file" in values:
        ca_file = Path(values["ca_file"]).expanduser()
        if not ca_file.is_file():
            raise MailSettingsError(f"{where['ca_file']} {ca_file}: no such file")
    return SmtpSettings(values["host"], port, security, sender, user, password, ca_file)


def _tls_context(settings: SmtpSettings) -> ssl.SSLContext:
    try:
        return ssl.create_default_context(
            cafile=str(settings.ca_file) if settings.ca_file else None
        )
    except (ssl.SSLError, OSError) as error:
        raise MailSettingsError(
            f"{SETTING_VARIABLES['ca_file']} {settings.ca_file}: not a certificate file ({error})"
        ) from None


def server_said(error: BaseException, settings: SmtpSettings) -> str:
    """What the server (or the network) said, as one line, the password scrubbed."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        said = "; ".join(f"{code} {_text(reply)}" for code, reply in error.recipients.values())
    elif isinstance(error, smtplib.SMTPResponseException):
        said = f"{error.smtp_code} {_text(error.smtp_error)}"
    elif isinstance(error, ssl.SSLError | ssl.CertificateError):
        said = f"TLS: {error.reason or error}" if isinstance(error, ssl.SSLError) else str(error)
    elif isinstance(error, OSError) and error.strerror:
        said = error.strerror
    else:
        said = str(error) or type(error).__name__
    return settings.scrub(" ".join(said.split()))


def _text(reply: bytes | str) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)


class Mailer:
    """One connection to the SMTP server, opened on first use, for many messages.

    Use as a context manager. :meth:`send` raises :class:`SendFailed` (recipient and the
    server's reply, the password scrubbed); the connection stays usable after a refused
    message, and is opened again after the server dropped it. When connecting or logging
    in fails, it is not tried again for the next messages (a wrong password tried once per
    client could lock the account): they fail with the same reply.
    """

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self._smtp: smtplib.SMTP | None = None
        self._cannot_connect: BaseException | None = None

    def __enter__(self) -> Mailer:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        context = _tls_context(s) if s.security != "none" else None
        smtp: smtplib.SMTP
        if s.security == "tls":
            smtp = smtplib.SMTP_SSL(s.host, s.port, timeout=SMTP_TIMEOUT, context=context)
        else:
            smtp = smtplib.SMTP(s.host, s.port, timeout=SMTP_TIMEOUT)
        try:
            smtp.ehlo()
            if s.security == "starttls":
                smtp.starttls(context=context)
                smtp.ehlo()
            if s.user and s.password:
                _login(smtp, s.user, s.password)
        except BaseException:
            _quietly_close(smtp)
            raise
        return smtp

    def send(self, message: EmailMessage, recipients: Iterable[str], who: str) -> None:
        """Send ``message`` to ``recipients``; ``who`` names them in an error (a client)."""
        to = list(recipients)
        s = self.settings
        if self._cannot_connect is not None:
            raise self._failed(who, to, self._cannot_connect)
        for attempt in (1, 2):
            if self._smtp is None:
                try:
                    self._smtp = self._connect()
                except (smtplib.SMTPException, OSError, ValueError) as error:
                    self._cannot_connect = error
                    raise self._failed(who, to, error) from None
            try:
                self._smtp.send_message(message, from_addr=s.sender, to_addrs=to)
                return
            except smtplib.SMTPServerDisconnected as error:
                self.close()
                if attempt == 2:
                    raise self._failed(who, to, error) from None
            except (smtplib.SMTPException, OSError, ValueError) as error:
                if not isinstance(
                    error, smtplib.SMTPResponseException | smtplib.SMTPRecipientsRefused
                ):
                    self.close()  # a network or TLS failure: start afresh next time
                raise self._failed(who, to, error) from None

    def _failed(self, who: str, to: list[str], error: BaseException) -> SendFailed:
        s = self.settings
        return SendFailed(
            s.scrub(
                f"not sent to {who} ({', '.join(to)}) via {s.host}:{s.port}: "
                f"the server said {server_said(error, s)}"
            )
        )

    def close(self) -> None:
        if self._smtp is not None:
            _quietly_close(self._smtp)
            self._smtp = None


def _login(smtp: smtplib.SMTP, user: str, password: str) -> None:
    """Log in, with AUTH PLAIN (RFC 4616) when the server offers it: one exchange, and a
    non-ASCII password goes as UTF-8 (smtplib's own ``login`` refuses to encode one, and
    after a refusal it retries with other mechanisms some servers never answer)."""
    if "plain" not in smtp.esmtp_features.get("auth", "").lower().split():
        smtp.login(user, password)
        return
    token = base64.b64encode(f"\0{user}\0{password}".encode()).decode("ascii")
    code, reply = smtp.docmd("AUTH", f"PLAIN {token}")
    if code != 235:
        raise smtplib.SMTPAuthenticationError(code, reply)


def _quietly_close(smtp: smtplib.SMTP) -> None:
    try:
        smtp.quit()
    except (smtplib.SMTPException, OSError):
        smtp.close()
