"""``workbook app``: a Jupyter server with only the app's extension (docs/app.md).

One line on stdout once it listens, the address to open (``http://HOST:PORT/?token=…``;
with ``--host 0.0.0.0``, this computer's address on the network, and the same as a QR
code). The server's other services are off: no contents, files, kernels, terminals or
other extensions; nothing on disk is served but the app's own script, style and icons.
Ctrl-C or SIGTERM stops it and it exits 0.

The token: ``--token``, ``--token-file FILE`` or ``$WORKBOOK_APP_TOKEN`` (else a random
one), checked by :mod:`workbook.app.token` before this module is loaded. Wrong tokens
are answered slower and slower (:class:`GuardedIdentityProvider`), and the token is
scrubbed from every log line (:class:`TokenScrubber`).
"""

from __future__ import annotations

import asyncio
import logging
import signal
import socket
import sys
import tempfile
from pathlib import Path
from typing import Any

from jupyter_server.auth.decorator import allow_unauthenticated
from jupyter_server.auth.identity import PasswordIdentityProvider
from jupyter_server.auth.login import LoginFormHandler
from jupyter_server.serverapp import ServerApp
from jupyter_server.utils import url_path_join
from tornado.netutil import bind_sockets
from traitlets.config import Config

from workbook.app.defaults import EXTENSION_NAME

#: After repeated wrong tokens, each answer waits this long, doubling, up to the maximum.
FAILURE_DELAY_S = 0.25
MAX_FAILURE_DELAY_S = 8.0
#: What the token is replaced with in log lines.
SCRUBBED = "[token]"


class TokenScrubber:
    """Makes every log record with the token in it (anywhere in the line, or in its
    traceback) carry :data:`SCRUBBED` instead, whichever logger or handler it goes to:
    installed as the log record factory (:meth:`install`)."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.make = logging.getLogRecordFactory()

    def install(self) -> None:
        logging.setLogRecordFactory(self)

    def __call__(self, *args: Any, **kwargs: Any) -> logging.LogRecord:
        record = self.make(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: logging reports it itself
            return record
        if self.token in message:
            record.msg, record.args = message.replace(self.token, SCRUBBED), ()
        if record.exc_info:
            text = logging.Formatter().formatException(record.exc_info)
            if self.token in text:
                record.exc_text = text.replace(self.token, SCRUBBED)
        return record


def failure_delay(failures: int) -> float:
    """How long the answer to the ``failures``-th wrong token in a row waits (seconds)."""
    return min(MAX_FAILURE_DELAY_S, FAILURE_DELAY_S * 2 ** (failures - 1))


class _Failures:
    """Wrong tokens in a row, for the whole server: each costs more time."""

    count = 0

    @classmethod
    async def failed(cls) -> None:
        cls.count += 1
        await asyncio.sleep(failure_delay(cls.count))

    @classmethod
    def succeeded(cls) -> None:
        cls.count = 0


class GuardedIdentityProvider(PasswordIdentityProvider):
    """The server's token sign-in, answering a wrong token slower each time."""

    async def get_user(self, handler: Any) -> Any:
        user = super().get_user(handler)
        if asyncio.iscoroutine(user) or isinstance(user, asyncio.Future):
            user = await user
        if self.get_token(handler):
            if user is None:
                await _Failures.failed()
            elif getattr(handler, "_token_authenticated", False):
                _Failures.succeeded()
        return user


class LoginHandler(LoginFormHandler):
    """``/login``: a page to paste the token into; it loads only the app's style sheet."""

    def _render(self, message: dict[str, str] | None = None) -> None:
        from workbook.app.extension import template_environment

        app_url = url_path_join(self.base_url, EXTENSION_NAME) + "/"
        template = template_environment().get_template("login.html.j2")
        self.write(
            template.render(
                app_url=app_url,
                base_url=self.base_url,
                next=self.get_argument("next", default=app_url),
                error=bool(message),
                xsrf=self.xsrf_token.decode("ascii"),
            )
        )

    @allow_unauthenticated
    async def post(self) -> None:
        user = self.current_user = self.identity_provider.process_login_form(self)
        if user is None:
            await _Failures.failed()
            self.set_status(401)
            self._render(message={"error": "Invalid token"})
            return
        _Failures.succeeded()
        self.identity_provider.set_login_cookie(self, user)
        self._redirect_safe(self.get_argument("next", default=self.base_url))


class StandaloneServer(ServerApp):
    """A Jupyter server that serves the app and nothing else."""

    name = "workbook-app"
    # No contents, files, kernels, sessions, terminals, nbconvert … APIs: only the app.
    default_services = ()  # type: ignore[assignment]
    _sockets: list[socket.socket] = []  # noqa: RUF012 (bound before the server starts)

    def find_server_extensions(self) -> None:
        # Only the app: no extension enabled in a config folder (JupyterLab, Voilà…).
        self.jpserver_extensions = {"workbook.app": True}

    def load_config_file(self, *args: Any, **kwargs: Any) -> None:
        return None  # no jupyter_server_config from wherever it is started

    def init_signal(self) -> None:
        # Ctrl-C or SIGTERM: stop at once (no "shut down? y/n"), quietly, exit 0.
        def stop(*_: Any) -> None:
            self.stop(from_signal=True)

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)

    def _find_http_port(self) -> None:
        # Bind now, so that a port in use is an error before anything is printed.
        self._sockets = bind_sockets(self.port, self.ip)
        self.port = int(self._sockets[0].getsockname()[1])

    def _bind_http_server(self) -> None:
        self.http_server.add_sockets(self._sockets)

    def write_server_info_file(self) -> None:
        return None  # nothing in the runtime folder: the token is printed once, not kept

    def write_browser_open_files(self) -> None:
        return None


def config(workbook: Path, host: str, port: int, token: str) -> Config:
    """The server's configuration (docs/app.md, What is served)."""
    c = Config()
    c.ServerApp.ip = host
    c.ServerApp.port = port
    c.ServerApp.port_retries = 0
    c.ServerApp.open_browser = False
    c.ServerApp.allow_root = True  # a personal server; root in a container is common
    c.ServerApp.default_url = f"/{EXTENSION_NAME}/"
    c.ServerApp.log_level = "WARN"
    c.ServerApp.identity_provider_class = GuardedIdentityProvider
    c.IdentityProvider.token = token
    c.IdentityProvider.login_handler_class = LoginHandler
    # Nothing of the disk is under the server: an empty folder of its own as its root.
    c.ServerApp.root_dir = tempfile.mkdtemp(prefix="workbook-app-")
    c.ServerApp.allow_remote_access = host not in ("127.0.0.1", "localhost", "::1")
    c.ContentsManager.files_handler_class = None
    c.ServerApp.terminals_enabled = False
    c.WorkbookExtension.workbook = str(workbook)
    return c


def wildcard(host: str) -> bool:
    """Whether ``host`` listens on every network interface."""
    return host in ("0.0.0.0", "::", "")


def lan_address() -> str | None:
    """This computer's address on its network (what a phone on the same Wi-Fi opens), or
    None. Connecting a UDP socket sends nothing; it only picks the outgoing interface."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            address = str(probe.getsockname()[0])
        except OSError:
            return None
    return None if address.startswith(("127.", "0.")) else address


def address(host: str, port: int, token: str) -> str:
    """The address to open: ``http://HOST:PORT/?token=TOKEN``; for a wildcard host, this
    computer's network address."""
    if wildcard(host):
        host = lan_address() or socket.gethostname()
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/?token={token}"


def qr_code(text: str) -> str:
    """``text`` as a QR code drawn with characters, for a phone's camera."""
    import io

    import segno

    out = io.StringIO()
    segno.make(text, error="l").terminal(out=out, compact=True)
    return out.getvalue()


def network_warning(host: str) -> str:
    """What listening on every interface means, said once on stderr."""
    return (
        f"workbook app: listening on every network interface ({host}): anyone on this "
        "network who has the address with its token can read and change your workbook. "
        "Use it only on a network you trust (your home Wi-Fi), never on public Wi-Fi. "
        "For use from anywhere, put the app behind HTTPS (docs/app.md)."
    )


def serve(workbook: Path, host: str, port: int, token: str) -> None:
    """Serve the app for ``workbook`` until Ctrl-C or SIGTERM.

    Raises :class:`OSError` when the port cannot be bound.
    """
    TokenScrubber(token).install()
    server = StandaloneServer(config=config(Path(workbook).resolve(), host, port, token))
    server.initialize(argv=[])
    if "workbook_app" not in server.web_app.settings:  # the extension failed to load
        raise RuntimeError("workbook app: the app's pages could not be loaded (see above)")
    where = address(host, server.port, token)
    if wildcard(host):
        print(network_warning(host), file=sys.stderr, flush=True)
    print(where, flush=True)
    if wildcard(host):
        print(qr_code(where), flush=True)
    try:
        server.start()
    finally:
        for sock in server._sockets:
            sock.close()


__all__ = [
    "StandaloneServer",
    "address",
    "lan_address",
    "serve",
]
