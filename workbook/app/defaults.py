"""The light app's defaults and name (docs/app.md), light to import: the command line
reads them for its options, the extension and its routes for their addresses."""

from __future__ import annotations

from pathlib import Path

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8866
#: The extension's name: its routes are under ``{base_url}workbook/``.
EXTENSION_NAME = "workbook"
#: The app's page templates (``*.html.j2``; every page extends ``base.html.j2``).
TEMPLATES = Path(__file__).resolve().parent / "templates"
#: The app's script, style sheet and icons (served at ``{app_url}static/``).
STATIC = Path(__file__).resolve().parent / "static"

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "EXTENSION_NAME", "STATIC", "TEMPLATES"]
