"""The light app: the workbook's pages as plain web pages, a Jupyter server extension
(docs/app.md).

Light to import: its defaults (:mod:`workbook.app.defaults`, which the command line reads
for its options) and the hook by which a Jupyter server finds the extension,
:class:`workbook.app.extension.WorkbookExtension`; its routes are in
:mod:`workbook.app.routes`. The modules of the app import the defaults from
:mod:`workbook.app.defaults`, never from this package (no import cycle).
"""

from __future__ import annotations

from typing import Any

from workbook.app.defaults import DEFAULT_HOST, DEFAULT_PORT, EXTENSION_NAME


def _jupyter_server_extension_points() -> list[dict[str, Any]]:
    """How a Jupyter server finds the extension
    (``ServerApp.jpserver_extensions = {"workbook.app": True}``)."""
    from workbook.app.extension import WorkbookExtension

    return [{"module": "workbook.app", "app": WorkbookExtension}]


__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "EXTENSION_NAME"]
