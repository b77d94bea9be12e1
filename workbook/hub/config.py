"""The practice hub's JupyterHub configuration, as code (docs/hub.md).

``jupyterhub -f workbook/hub/jupyterhub_config.py`` with ``$WORKBOOK_HUB_SETTINGS``
naming a JSON file of :class:`HubSettings` (``workbook hub try`` writes one; a server's
administrator writes their own, see docs/hub.md). :func:`configure` applies them:
NativeAuthenticator (the coach is the admin), one system user per client
(LocalProcessSpawner, private homes), JupyterLab and the capture app on the client's own
workbook, the coach's service and the scheduled reports.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from workbook.hub import (
    BATCH_SERVICE_NAME,
    DEFAULT_INTERVAL_HOURS,
    MIN_PASSWORD_LENGTH,
    SERVICE_NAME,
    USERNAME_PATTERN,
    WORKSPACE_NAME,
    ClientSpace,
)

#: The environment variable naming the settings file.
SETTINGS_ENV = "WORKBOOK_HUB_SETTINGS"
#: The checkout's folder for the proxy the Makefile installs (``make hub-proxy``).
CHECKOUT_NODE = Path(__file__).resolve().parents[2] / "node"
NPM_QUIET = ("--no-save", "--no-audit", "--no-fund", "--silent")
PROXY_NAME = "configurable-http-proxy"
#: A single-user server on a busy two-core machine may take this long to answer.
START_TIMEOUT = 180
IMPLICIT_SPAWN_SECONDS = 1


def proxy_folders() -> list[Path]:
    """Where a project-local proxy may be: the checkout's ``node/`` (``make hub-proxy``),
    else the cache (where ``workbook hub try`` installs it when it is missing)."""
    from workbook.scratch import scratch_root

    return [CHECKOUT_NODE, scratch_root() / "node"]


def proxy_command() -> str:
    """configurable-http-proxy: a project-local copy, else the one on the PATH."""
    for folder in proxy_folders():
        local = folder / "node_modules" / ".bin" / PROXY_NAME
        if local.exists():
            return str(local)
    return shutil.which(PROXY_NAME) or PROXY_NAME


def install_proxy(say: Any) -> str:
    """Install configurable-http-proxy with npm, once, into the first writable folder of
    :func:`proxy_folders`; its command. ``say``: a progress line for stderr."""
    npm = shutil.which("npm")
    if npm is None:
        from workbook.errors import WorkbookInputError

        raise WorkbookInputError(
            "configurable-http-proxy is missing and so is npm: install Node.js, then "
            "`make hub-proxy` (docs/hub.md)"
        )
    checkout, cache = proxy_folders()
    folder = checkout if os.access(checkout.parent, os.W_OK) else cache
    say(f"installing configurable-http-proxy with npm into {folder} (once)")
    subprocess.run(
        [npm, "install", "--prefix", str(folder), *NPM_QUIET, PROXY_NAME],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return proxy_command()


@dataclass
class HubSettings:
    """What differs between one practice hub and another."""

    state: str  # the hub's own folder: database, cookie secret, logs, the batch's state
    coach: str  # the admin's user name
    ip: str = ""  # the public address ("" = every interface)
    port: int = 8000
    hub_port: int = 8081  # the hub's API, on 127.0.0.1
    proxy_api_port: int = 8001
    service_port: int = 10101  # the coach's service, on 127.0.0.1
    home_root: str | None = None  # where new users' homes go (None: the system's /home)
    # A hub user may be an account this computer had before (made by its administrator for
    # a client): off, such a name is refused a server (docs/hub.md).
    adopt_existing_users: bool = False
    accounts_file: str = ""  # accounts to make at start (workbook hub try)
    interval_hours: float = DEFAULT_INTERVAL_HOURS
    pythonpath: str = ""  # handed to every process the hub starts (a source checkout)
    extra: dict[str, Any] = field(default_factory=dict)

    def write(self, path: Path) -> Path:
        path.write_text(json.dumps(asdict(self), indent=2), encoding="utf-8")
        path.chmod(0o600)
        return path

    @classmethod
    def read(cls, path: str | os.PathLike[str]) -> HubSettings:
        return cls(**json.loads(Path(path).read_text(encoding="utf-8")))


#: Server extensions installed beside the app that a client's server leaves off: Voilà (the
#: app is the clients' page) and the language-server bridge (no language server is set up
#: for clients). Each costs start-up time at every client's first log-in (docs/hub.md).
UNNEEDED_EXTENSIONS = ("voila.server_extension", "jupyter_lsp")


def server_extensions() -> dict[str, bool]:
    """A client's ``ServerApp.jpserver_extensions``: the app on (when this package has it),
    the unneeded ones that are installed off."""
    from importlib.util import find_spec

    chosen = {"workbook.app": True} if app_enabled() else {}
    for name in UNNEEDED_EXTENSIONS:
        if find_spec(name.partition(".")[0]) is not None:
            chosen[name] = False
    return chosen


def app_enabled() -> bool:
    """Whether this package has the capture app as a Jupyter server extension."""
    try:
        import workbook.app as app
    except ImportError:  # pragma: no cover - the package is whole
        return False
    return hasattr(app, "_jupyter_server_extension_points")


def _service_env(settings: HubSettings, settings_file: str) -> dict[str, str]:
    env = {SETTINGS_ENV: settings_file}
    if settings.pythonpath:
        env["PYTHONPATH"] = settings.pythonpath
    return env


def make_pre_spawn_hook(settings: HubSettings) -> Any:
    """Before a user's server starts: their system user, home and workbook (made once)."""
    from workbook.hub import accounts

    home_root = Path(settings.home_root) if settings.home_root else None

    def prepare(name: str) -> ClientSpace:
        space = accounts.ensure_system_user(name, home_root, settings.adopt_existing_users)
        accounts.open_way(name)
        if not space.workbook.exists():  # made once: a server start need not wait
            accounts.run_as(space, ["setup", "--owner", name])
        return space

    async def pre_spawn_hook(spawner: Any) -> None:
        from tornado import web

        from workbook.errors import WorkbookError

        try:
            await asyncio.to_thread(prepare, spawner.user.name)
        except WorkbookError as error:
            # The hub passes an HTTPError on to the person's page, with its
            # `jupyterhub_message` (anything else: "Unhandled error starting server").
            refused = web.HTTPError(403, str(error).replace("%", "%%"))
            refused.jupyterhub_message = str(error)  # type: ignore[attr-defined]
            raise refused from error

    return pre_spawn_hook


def landing(handler: Any) -> str:
    """The page after signing in: the practice page for an admin, else the user's server."""
    user = handler.current_user
    if user is not None and user.admin:
        return f"{handler.base_url}services/{SERVICE_NAME}/"
    return f"{handler.base_url}hub/spawn"


def _workbook_env(spawner: Any) -> str:
    from workbook.hub import client_space

    return str(client_space(spawner.user.name).workbook)


def configure(c: Any, settings: HubSettings, settings_file: str) -> None:
    """Apply ``settings`` to the JupyterHub config object ``c``."""
    from workbook.hub.accounts import PracticeAuthenticator
    from workbook.hub.spawner import PracticeSpawner
    from workbook.locations import WORKBOOK_ENV

    state = Path(settings.state)
    c.JupyterHub.ip = settings.ip
    c.JupyterHub.port = settings.port
    c.JupyterHub.hub_ip = "127.0.0.1"
    c.JupyterHub.hub_port = settings.hub_port
    c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
    c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
    c.JupyterHub.cleanup_servers = True
    # A bookmarked /user/<name>/workbook/ on a phone starts the server by itself (the
    # hub's "server not running" page clicks its own button after this many seconds).
    c.JupyterHub.implicit_spawn_seconds = IMPLICIT_SPAWN_SECONDS
    c.JupyterHub.cleanup_proxy = True
    c.ConfigurableHTTPProxy.command = [proxy_command()]
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{settings.proxy_api_port}"
    c.ConfigurableHTTPProxy.should_start = True

    # Log-in: a client signs up, the coach approves (the hub's /hub/authorize page).
    c.JupyterHub.authenticator_class = PracticeAuthenticator
    c.PracticeAuthenticator.accounts_file = settings.accounts_file
    c.PracticeAuthenticator.enable_signup = True
    c.PracticeAuthenticator.minimum_password_length = MIN_PASSWORD_LENGTH
    c.PracticeAuthenticator.check_common_password = True
    c.Authenticator.username_pattern = USERNAME_PATTERN  # sign-up refuses any other name
    # NativeAuthenticator itself refuses anyone not approved: every approved user may log in.
    c.Authenticator.allow_all = True
    c.Authenticator.admin_users = {settings.coach}
    c.Authenticator.allowed_users = set(settings.extra.get("clients", []))

    # Where one lands after signing in: the coach on the practice page, a client on
    # their own server (JupyterLab; the app is one bookmark away).
    c.JupyterHub.default_url = landing
    # Each user: a system user of the same name, their own server as them, in their home.
    # (PracticeSpawner: LocalProcessSpawner, told at once when the server answers; the
    # command: jupyterhub.singleuser without an import it does not need — docs/hub.md)
    c.JupyterHub.spawner_class = PracticeSpawner
    c.Spawner.cmd = [sys.executable, "-m", "workbook.hub.singleuser"]
    c.Spawner.notebook_dir = f"~/{WORKSPACE_NAME}"
    c.Spawner.default_url = "/lab"
    c.Spawner.start_timeout = START_TIMEOUT
    c.Spawner.http_timeout = START_TIMEOUT
    env: dict[str, Any] = {WORKBOOK_ENV: _workbook_env}
    if settings.pythonpath:
        env["PYTHONPATH"] = settings.pythonpath
    c.Spawner.environment = env
    extensions = server_extensions()
    if extensions:
        c.Spawner.args = [f"--ServerApp.jpserver_extensions={extensions!r}"]
    c.Spawner.pre_spawn_hook = make_pre_spawn_hook(settings)

    # The coach's service and the scheduled reports (run by the hub, stopped with it).
    service_env = _service_env(settings, settings_file)
    c.JupyterHub.services = [
        {
            "name": SERVICE_NAME,
            "url": f"http://127.0.0.1:{settings.service_port}",
            "command": [sys.executable, "-m", "workbook.hub.practice"],
            "environment": service_env,
            "oauth_no_confirm": True,
        },
        {
            "name": BATCH_SERVICE_NAME,
            "command": [
                sys.executable,
                "-m",
                "workbook.hub.batch",
                "--every",
                str(settings.interval_hours),
            ],
            "environment": service_env,
        },
    ]
    c.JupyterHub.load_roles = [
        {
            "name": "practice-services",
            "services": [SERVICE_NAME, BATCH_SERVICE_NAME],
            "scopes": ["list:users", "read:users"],
        }
    ]


def configure_from_env(c: Any) -> None:
    """The config file's one job: read ``$WORKBOOK_HUB_SETTINGS`` and :func:`configure`."""
    settings_file = os.environ.get(SETTINGS_ENV)
    if not settings_file:
        raise SystemExit(f"{SETTINGS_ENV} is not set: name the hub's settings file (docs/hub.md)")
    configure(c, HubSettings.read(settings_file), settings_file)
