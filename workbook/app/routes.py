"""Every address of the app, in one table (docs/app.md, Routes).

Paths are relative to the app's root, ``{base_url}workbook/``; a handler is named
``"module:Class"`` and imported when the server starts. :data:`MENU` is the menu at the
top of every page, in order.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any

from jupyter_server.utils import url_path_join

from workbook.app.defaults import EXTENSION_NAME, STATIC


@dataclass(frozen=True)
class Route:
    """One address: its path pattern (a regex, relative to the app's root), its handler
    (``"module:Class"``), the handler's options, and its label in the menu (None: not in
    the menu)."""

    path: str
    handler: str
    menu: str | None = None
    options: dict[str, Any] = field(default_factory=dict)


_VIEWS = "workbook.app.views"
#: A record id in an address (``n12``, an imported id): no slash.
_ID = r"([^/]+)"

ROUTES: list[Route] = [
    Route("", f"{_VIEWS}.today:TodayPage", "Today"),
    Route("plan", f"{_VIEWS}.plan:PlanPage", "Plan an event"),
    Route("debrief", f"{_VIEWS}.debrief:DebriefPage", "Debrief"),
    Route("purpose", f"{_VIEWS}.purpose:PurposePage", "Purpose"),
    Route("people", f"{_VIEWS}.people:PeoplePage", "People"),
    Route(f"people/{_ID}", f"{_VIEWS}.people:PersonPage"),
    Route("records", f"{_VIEWS}.records:RecordsPage", "Records"),
    Route("reports", "workbook.app.reports_page:ReportsPage", "Reports"),
    Route(r"reports/([^/]+)", "workbook.app.reports_page:ReportFile"),
    Route(
        "static/(.*)",
        "workbook.app.handlers:StaticHandler",
        options={"path": str(STATIC)},
    ),
    # the client side (docs/app-offline.md): settings and the calendar feed, the service
    # worker (at the root: its scope is the whole app) and the web app manifest
    Route("settings", "workbook.app.calendar:SettingsPage", "Settings"),
    Route(r"agenda\.ics", "workbook.app.calendar:AgendaFeed"),
    Route(
        r"(sw\.js|manifest\.webmanifest)",
        "workbook.app.handlers:StaticHandler",
        options={"path": str(STATIC)},
    ),
]

#: The menu: (path, label), in order.
MENU: list[tuple[str, str]] = [(r.path, r.menu) for r in ROUTES if r.menu]


def _handler(name: str) -> type:
    module, _, attribute = name.partition(":")
    handler: type = getattr(importlib.import_module(module), attribute)
    return handler


def handlers() -> list[tuple[str, type, dict[str, Any]]]:
    """The routes as tornado handlers, relative to the server's base_url."""
    root = f"/{EXTENSION_NAME}/"
    return [
        (
            url_path_join(root, route.path) if route.path else root,
            _handler(route.handler),
            route.options,
        )
        for route in ROUTES
    ]


__all__ = ["MENU", "ROUTES", "Route", "handlers"]
