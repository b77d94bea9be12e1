"""The app's web server: Voilà serving the page notebooks, and nothing else.

:class:`WorkbookApp` is Voilà's stand-alone application with its routes cut down to what
the pages need (see ``docs/app.md``):

* ``/`` → the home page; ``/voila/render/<page>.ipynb`` for each page of
  :data:`workbook.pages.PAGES` (and no other notebook, no other file);
* the kernel API and websocket the pages talk to, Voilà's JavaScript, CSS and fonts,
  and ipywidgets' front end;
* ``/login``: a self-contained page to paste the token into.

Gone: the tree (file browser), ``/voila/files/`` (file downloads), ``/voila/api/contents``,
the logout page. Every route but ``/login`` needs the token (in the address once, then a
cookie): a page redirects to ``/login``, an API call, asset or websocket gets 403.

Warm kernels wait in :func:`workbook.app.page.show` for their visitor on a websocket
(``/voila/query/<secret>/<kernel id>``) whose secret only the app's kernels know (it is in
their environment), so that socket too is closed to the outside.
"""

from __future__ import annotations

import os
import secrets
import socket
import sys
from pathlib import Path
from typing import Any

import tornado.httpserver
import tornado.ioloop
import tornado.netutil
import tornado.web
from jupyter_server.auth.login import LoginFormHandler
from jupyter_server.base.handlers import FileFindHandler, JupyterHandler
from jupyter_server.utils import url_path_join
from voila.app import Voila
from voila.request_info_handler import RequestInfoSocketHandler
from voila.static_file_handler import MultiStaticFileHandler, TemplateStaticFileHandler
from voila.tornado.contentshandler import VoilaContentsHandler
from voila.tornado.handler import TornadoVoilaHandler
from voila.tornado.treehandler import TornadoVoilaTreeHandler
from voila.utils import ENV_VARIABLE

from workbook.app import config as app_config
from workbook.pages import PAGES

STATIC_CACHE_S = 3600
_KERNEL_ID = r"(?P<kernel_id>\w+-\w+-\w+-\w+-\w+)"
_PAGE_NAMES = "|".join(PAGES)
# Routes Voilà adds that the app does not serve (files, tree, contents, logout).
_DROPPED_HANDLERS: tuple[type, ...] = (TornadoVoilaTreeHandler, VoilaContentsHandler)
_DROPPED_ROUTES = ("/voila/files/", "/voila/query/", "/logout", "/voila/render/")


class HomeHandler(JupyterHandler):
    """``/``: the home page (after the token check the decorator does)."""

    @tornado.web.authenticated
    def get(self) -> None:
        self.redirect(url_path_join(self.base_url, "voila/render", f"{app_config.HOME_PAGE}.ipynb"))


class PageHandler(TornadoVoilaHandler):
    """A page; it also sets the ``_xsrf`` cookie, which the page sends back when it is
    left (Voilà's "stop my kernel" beacon): without it that request is refused and the
    kernel would idle until culled."""

    @tornado.web.authenticated
    async def get(self, path: str | None = None) -> None:
        self.xsrf_token  # noqa: B018  (reading it sets the cookie)
        await super().get(path)


class LoginHandler(LoginFormHandler):
    """A login page that loads nothing (inline style) and speaks to the workbook's user."""

    def _render(self, message: dict[str, str] | None = None) -> None:
        template = self.settings["voila_jinja2_env"].get_template("login.html")
        self.write(
            template.render(
                base_url=self.base_url,
                next=self.get_argument("next", default=self.base_url),
                error=bool(message),
                xsrf_form_html=self.xsrf_form_html,
            )
        )


class QuerySocketHandler(RequestInfoSocketHandler):
    """Voilà's "your visitor has arrived" websocket, open only to the app's kernels."""

    secret = ""

    def open(self, secret: str, kernel_id: str) -> None:
        super().open(kernel_id)

    async def get(self, secret: str, kernel_id: str) -> None:
        if not self.secret or not secrets.compare_digest(secret, self.secret):
            raise tornado.web.HTTPError(404)
        await super().get(secret, kernel_id)


def _private(handler: type[tornado.web.StaticFileHandler]) -> type:
    """``handler`` (a static file handler) served only with the token.

    Jupyter's handlers ask for a login unless a method is marked as open; these
    overrides carry no mark. A plain tornado handler gets Jupyter's login check mixed in.
    """
    bases = (handler,) if issubclass(handler, JupyterHandler) else (JupyterHandler, handler)

    def get(self: Any, *args: Any, **kwargs: Any) -> Any:
        return handler.get(self, *args, **kwargs)

    def head(self: Any, *args: Any, **kwargs: Any) -> Any:
        return handler.head(self, *args, **kwargs)

    def get_cache_time(self: Any, path: str, modified: Any, mime_type: str) -> int:
        # Versioned URLs (?v=…) for ever, as tornado does; the rest for an hour: a page
        # opened again loads its ~90 scripts and styles from the browser's cache instead
        # of asking the server about each one.
        return handler.get_cache_time(self, path, modified, mime_type) or STATIC_CACHE_S

    private: type = type(
        f"Private{handler.__name__}",
        bases,
        {"get": get, "head": head, "get_cache_time": get_cache_time},
    )
    return private


class WorkbookApp(Voila):
    """Voilà serving the page notebooks of ``notebooks/app/`` and nothing else."""

    name = "voila"  # Voilà's handlers find the app under this settings key

    def setup_template_dirs(self) -> None:
        super().setup_template_dirs()
        # The app's template first: index/page/error without CDN links, the app's CSS.
        paths: list[str] = list(self.template_paths)  # type: ignore[has-type]
        self.template_paths = [str(app_config.TEMPLATES), *paths]

    def init_settings(self) -> dict[str, Any]:
        settings = super().init_settings()
        self.identity_provider.login_handler_class = LoginHandler
        return settings

    def init_handlers(self) -> list[Any]:
        server = self.server_url
        voila_routes = super().init_handlers()
        render = next(
            r for r in voila_routes if r[0] == url_path_join(server, "/voila/render/(.*)")
        )
        kept = []
        for route in voila_routes:
            pattern, handler = route[0], route[1]
            if handler in _DROPPED_HANDLERS or any(
                pattern.startswith(url_path_join(server, dropped)) for dropped in _DROPPED_ROUTES
            ):
                continue
            if handler.__name__ == "LoginFormHandler" or pattern.endswith("/login"):
                continue
            if issubclass(
                handler, (MultiStaticFileHandler, TemplateStaticFileHandler, FileFindHandler)
            ):
                options = dict(route[2]) if len(route) > 2 else {}
                options.pop("no_cache_paths", None)  # let the browser keep them (see above)
                route = (pattern, _private(handler), options)
            kept.append(route)
        kept += [
            (url_path_join(server, "/login"), LoginHandler),
            (server, HomeHandler),
            (
                url_path_join(server, rf"/voila/render/((?:{_PAGE_NAMES})\.ipynb)"),
                PageHandler,
                render[2],
            ),
            (
                url_path_join(server, rf"/voila/query/(?P<secret>\w+)/{_KERNEL_ID}"),
                QuerySocketHandler,
            ),
        ]
        return kept

    def listen(self) -> None:  # replaces Voilà's: a bound socket, one line, clean stop
        server = tornado.httpserver.HTTPServer(self.app, xheaders=False)
        server.add_sockets(self._sockets)
        print(address(self.ip, self.port, self.identity_provider.token), flush=True)
        self.ioloop = tornado.ioloop.IOLoop.current()
        try:
            self.ioloop.start()
        except KeyboardInterrupt:
            pass
        finally:
            server.stop()
            self.stop()


def address(host: str, port: int, token: str) -> str:
    """The address to open: ``http://HOST:PORT/?token=TOKEN``."""
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/?token={token}"


def wildcard(host: str) -> bool:
    """Whether ``host`` listens on every network interface."""
    return host in ("0.0.0.0", "::", "")


def network_warning(host: str, port: int) -> str:
    """What ``--host 0.0.0.0`` means, said once on stderr."""
    here = ", ".join(_local_addresses()) or "this computer's address"
    return (
        f"workbook app: listening on every network interface ({host}): anyone on this "
        "network who has the address with its token can read and change your workbook. "
        "Use it only on a network you trust (your home Wi-Fi), never on public Wi-Fi; "
        f"from your phone open http://<{here}>:{port}/?token=… . For use from anywhere, put "
        "the app behind HTTPS (see the README, 'The app from anywhere')."
    )


def _local_addresses() -> list[str]:
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except OSError:
        return []
    return sorted({str(info[4][0]) for info in infos if not str(info[4][0]).startswith("127.")})


def serve(workbook: Path, host: str, port: int, token: str | None) -> None:
    """Serve the app for ``workbook`` until Ctrl-C or SIGTERM, then stop every kernel.

    Prints one line on stdout, the address to open, once the port is listening.
    Raises :class:`OSError` when the port cannot be bound.
    """
    token = token or secrets.token_urlsafe(24)
    sockets = tornado.netutil.bind_sockets(port, host)
    port = int(sockets[0].getsockname()[1])
    if wildcard(host):
        print(network_warning(host, port), file=sys.stderr, flush=True)
    # The kernels inherit this environment: the workbook they write to, and how a warm
    # kernel hears that its visitor has arrived.
    query_secret = secrets.token_hex(16)
    QuerySocketHandler.secret = query_secret
    kernel_host = "127.0.0.1" if wildcard(host) or host == "localhost" else host
    os.environ.update(
        {
            "WORKBOOK": str(Path(workbook).resolve()),
            ENV_VARIABLE.VOILA_APP_IP: kernel_host,
            app_config.QUERY_URL_ENV: (
                f"ws://{'[' + kernel_host + ']' if ':' in kernel_host else kernel_host}:{port}"
                f"/voila/query/{query_secret}"
            ),
        }
    )
    os.environ.pop("WORKBOOK_HEADLESS", None)  # people are looking: show the forms
    app = WorkbookApp(config=app_config.voila_config(token))
    app.initialize([str(app_config.APP_NOTEBOOKS)])
    app.ip = host
    app.port = port
    app._sockets = sockets
    app.start()


__all__ = ["WorkbookApp", "address", "network_warning", "serve"]
