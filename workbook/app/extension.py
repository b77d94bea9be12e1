"""The app as a Jupyter server extension (docs/app.md): the same pages stand-alone
(``workbook app``, :mod:`workbook.app.standalone`) and inside any Jupyter server, a
JupyterHub user's server included (``ServerApp.jpserver_extensions = {"workbook.app": True}``).

Everything is under ``{base_url}workbook/`` (:mod:`workbook.app.routes`); signing in is the
server's own (its token, or the hub's login), forms carry its xsrf token.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment
from jupyter_server.extension.application import ExtensionApp
from traitlets import Unicode

from workbook.app.defaults import EXTENSION_NAME, TEMPLATES
from workbook.templating import overlay


def template_environment() -> Environment:
    """The app's jinja2 environment: the package's one environment
    (:data:`workbook.templating.ENV`: autoescape always, a missing value is an error, the
    ``lines`` filter) over the app's own templates."""
    return overlay(TEMPLATES)


class WorkbookExtension(ExtensionApp):
    """The app's pages and forms on a Jupyter server."""

    name = EXTENSION_NAME
    extension_url = f"/{EXTENSION_NAME}/"
    load_other_extensions = True

    workbook = Unicode(
        "",
        config=True,
        help=(
            "The workbook the pages write to "
            "(default: $WORKBOOK, else the default workbook in your data folder)."
        ),
    )

    def initialize_settings(self) -> None:
        from workbook.app.state import AppState

        path = Path(self.workbook) if self.workbook else None
        self.settings["workbook_app"] = AppState.start(path, template_environment())

    def initialize_handlers(self) -> None:
        from workbook.app.routes import handlers

        self.handlers.extend(handlers())


__all__ = ["WorkbookExtension", "template_environment"]
