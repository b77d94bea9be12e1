"""Every setting of the app in one place (its default address is in :mod:`workbook.app`):
pool sizes, page notebooks and the Voilà options.

The options are explained where they are set (:func:`voila_config`); ``docs/app.md`` says
why each was chosen.
"""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path
from typing import Any

from traitlets.config import Config

from workbook import kernels
from workbook.pages import PAGES
from workbook.resources import notebooks_dir

#: The page the root address opens on.
HOME_PAGE = next(iter(PAGES))
#: One thin notebook per page: ``notebooks/app/<page name>.ipynb``.
APP_NOTEBOOKS = notebooks_dir() / "app"
#: The app's own Voilà template (offline: no CDN fonts, MathJax or mermaid) and its CSS.
TEMPLATES = Path(__file__).resolve().parent / "templates"
#: Warm kernels kept per page: the home page gets two (it is opened most, often twice in
#: a row after a save elsewhere); the others one each. A visit takes one; Voilà starts
#: its replacement a second later.
POOL_SIZES = {name: 2 if name == HOME_PAGE else 1 for name in PAGES}
#: A kernel whose page was closed without saying goodbye (a phone tab killed in the
#: background) is stopped after this long idle and unconnected.
CULL_IDLE_SECONDS = 3600
#: The only front-end extensions the pages need: ipywidgets and Voilà's manager for it.
LAB_EXTENSIONS = ["@jupyter-widgets/jupyterlab-manager", "@voila-dashboards/widgets-manager8"]
#: Where a warm kernel waits for its visitor; the secret path segment keeps that
#: websocket to the app's own kernels (see :mod:`workbook.app.server`).
QUERY_URL_ENV = "WORKBOOK_APP_QUERY_URL"


def page_notebook(name: str) -> str:
    """The notebook file of page ``name``, relative to :data:`APP_NOTEBOOKS`."""
    return f"{name}.ipynb"


def voila_config(token: str) -> Config:
    """The Voilà configuration of the app (traitlets ``Config``)."""
    config = Config()
    # Warm kernels: each page notebook is executed ahead of the visit up to the point
    # where it waits for its visitor (workbook.app.page.show), so a visit costs only the
    # page's own build, not a kernel start and the imports.
    config.VoilaConfiguration.preheat_kernel = True
    config.VoilaConfiguration.default_pool_size = 1
    config.VoilaKernelManager.kernel_pools_config = {
        page_notebook(name): {"pool_size": size} for name, size in POOL_SIZES.items()
    }
    # Refill a few seconds after a visit, not at once: on a small machine the new kernel's
    # start would compete for the CPU with the browser drawing the page just opened.
    config.VoilaKernelManager.fill_delay = 3.0
    config.VoilaConfiguration.template = "lab"
    config.VoilaConfiguration.theme = "light"
    config.VoilaConfiguration.allow_template_override = "NO"
    config.VoilaConfiguration.allow_theme_override = "NO"
    config.VoilaConfiguration.strip_sources = True  # no code, ever
    config.VoilaConfiguration.show_tracebacks = False  # the page says what went wrong
    config.VoilaConfiguration.extension_allowlist = LAB_EXTENSIONS
    # Nothing on disk is served as a file: no file handler, and (belt and braces) an
    # allow list that matches nothing and a deny list that matches everything.
    config.VoilaConfiguration.file_allowlist = []
    config.VoilaConfiguration.file_denylist = [r".*"]
    config.Voila.token = token
    config.Voila.open_browser = False
    config.Voila.config_file_paths = []  # no voila.json from wherever it is started
    config.Voila.port_retries = 0
    config.Voila.log_level = "ERROR"  # not "notebook not trusted" for every warm kernel
    # The kernels talk to the server over Unix sockets beside their connection files
    # (``<root>/voila_XXXXXXXX/kernel-<id>-ipc-N``), as report kernels do: no TCP port
    # for the warm kernels starting side by side to race for, and no "running over TCP
    # without encryption" warning in the terminal. TCP where that path would be too long
    # for a Unix socket (a very long $TMPDIR).
    root = Path(tempfile.gettempdir())
    config.Voila.connection_dir_root = str(root)
    if kernels.unix_sockets_fit(root / "voila_XXXXXXXX" / f"kernel-{uuid.uuid4()}-ipc"):
        config.KernelManager.transport = "ipc"
    culling: dict[str, Any] = {
        "cull_idle_timeout": CULL_IDLE_SECONDS,
        "cull_interval": 300,
        "cull_connected": False,
    }
    for name, value in culling.items():
        setattr(config.AsyncMappingKernelManager, name, value)
    return config
