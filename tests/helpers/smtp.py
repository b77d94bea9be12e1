"""A real SMTP server on 127.0.0.1 (aiosmtpd) for the e-mail tests, and what it received.

``smtp_server(...)`` starts one: plain, with STARTTLS or with implicit TLS (a self-signed
certificate made here with the ``openssl`` command), optionally asking for a login (only
over TLS) and refusing some recipients with a reply of its own. Every message accepted is
kept, parsed, in ``server.received``; every login tried in ``server.logins``.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import shutil
import socket
import ssl
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and its key (the client trusts the cert)."""
    openssl = shutil.which("openssl")
    if openssl is None:  # pragma: no cover - Debian has it
        import pytest

        pytest.skip("needs the openssl command to make a test certificate")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256",
            "-keyout", str(key), "-out", str(cert), "-days", "2",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


@dataclass
class Received:
    """One message the server accepted."""

    sender: str
    recipients: list[str]
    message: EmailMessage

    def body(self, kind: str) -> str:
        part = self.message.get_body((kind,))
        assert part is not None, f"no text/{kind} part"
        return str(part.get_content())

    def attachments(self) -> dict[str, bytes]:
        return {
            str(part.get_filename()): bytes(part.get_payload(decode=True))
            for part in self.message.iter_attachments()
        }


@dataclass
class Server:
    port: int
    cert: Path | None
    received: list[Received] = field(default_factory=list)
    logins: list[tuple[str, bool]] = field(default_factory=list)  # (user, accepted)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def to(self, address: str) -> list[Received]:
        with self.lock:
            return [r for r in self.received if address in r.recipients]


class _Handler:
    def __init__(self, server: Server, refuse: dict[str, str]) -> None:
        self.server = server
        self.refuse = refuse

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        with self.server.lock:
            self.server.received.append(
                Received(envelope.mail_from, list(envelope.rcpt_tos), message)
            )
        return "250 Message accepted"


@contextlib.contextmanager
def smtp_server(
    folder: Path,
    security: str = "none",
    login: tuple[str, str] | None = None,
    refuse: dict[str, str] | None = None,
) -> Iterator[Server]:
    """A running server: ``security`` none, starttls (required) or tls; ``login``: the only
    (user, password) accepted, asked for over TLS only; ``refuse``: address → reply."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword

    cert = key = None
    if security != "none":
        cert, key = make_certificate(folder)
    server = Server(free_port(), cert)
    options: dict[str, Any] = {}
    if cert and key:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)
        if security == "starttls":
            options.update(tls_context=context, require_starttls=True)
        else:
            options.update(ssl_context=context)
    if login is not None:

        def authenticator(
            smtp: Any, session: Any, envelope: Any, mechanism: str, data: Any
        ) -> AuthResult:
            ok = (
                isinstance(data, LoginPassword)
                and (
                    data.login.decode(),
                    data.password.decode(),
                )
                == login
            )
            user = data.login.decode() if isinstance(data, LoginPassword) else "?"
            with server.lock:
                server.logins.append((user, ok))
            return AuthResult(success=ok, handled=False)  # the server answers 535 itself

        # aiosmtpd counts only STARTTLS as TLS: over implicit TLS, everything already is.
        options.update(
            authenticator=authenticator,
            auth_required=True,
            auth_require_tls=security != "tls",
        )
    controller = Controller(
        _Handler(server, refuse or {}), hostname=HOST, port=server.port, **options
    )
    controller.start()
    try:
        yield server
    finally:
        controller.stop()


def environment(server: Server, sender: str, **extra: str) -> dict[str, str]:
    """The ``WORKBOOK_SMTP_*`` variables that send through ``server``."""
    env = {
        "WORKBOOK_SMTP_HOST": HOST,
        "WORKBOOK_SMTP_PORT": str(server.port),
        "WORKBOOK_SMTP_FROM": sender,
    }
    if server.cert is not None:
        env["WORKBOOK_SMTP_CA_FILE"] = str(server.cert)
    env.update(extra)
    return env
