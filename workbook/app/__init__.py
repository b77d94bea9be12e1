"""The light app: the workbook's pages as plain web pages, a Jupyter server extension
(docs/app.md).

Its defaults live here, light to import (the command line reads them for its options);
the extension is :class:`workbook.app.extension.WorkbookExtension`, its routes are in
:mod:`workbook.app.routes`.
"""

from __future__ import annotations

from typing import Any

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8866
#: The extension's name: its routes are under ``{base_url}workbook/``.
EXTENSION_NAME = "workbook"


def _jupyter_server_extension_points() -> list[dict[str, Any]]:
    """How a Jupyter server finds the extension
    (``ServerApp.jpserver_extensions = {"workbook.app": True}``)."""
    from workbook.app.extension import WorkbookExtension

    return [{"module": "workbook.app", "app": WorkbookExtension}]
