"""The workbook's pages as ipywidgets, for JupyterLab (:func:`show_page`): one registry,
one builder per page. (The phone app serves the same pages as plain web pages:
:mod:`workbook.app`.)

The contract (what the page notebooks and the app's browser tests rely on):

* :data:`PAGES` maps a page's name to its :class:`Page`, in menu order; the first one,
  ``today``, is the home page. Names: ``today``, ``plan_event``, ``debrief``, ``purpose``,
  ``people``, ``records``.
* ``Page.title`` is the menu label, ``Page.help`` one sentence shown under the title.
* ``Page.build(workbook_path)`` returns one :class:`ipywidgets.Widget` to display. It never
  raises for a missing workbook: when there is no workbook at ``workbook_path`` (or it is
  not a workbook) the widget says so and how to start one (``workbook init``), and saves
  nothing. Every page shows which workbook it writes to.
* A page notebook is just::

      from workbook.pages import PAGES
      from workbook.locations import workbook_path
      PAGES["today"].build(workbook_path(None))   # the last expression is displayed

* On the ``today`` page the encounter fields carry the accessible labels ``Who``,
  ``Place``, ``What I learned``, ``Their needs``, ``My offer``, and the button is named
  ``Save encounter``.

What each page does is described in ``docs/capture.md``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from workbook.pages.titles import TITLES


@dataclass(frozen=True)
class Page:
    """One page of the app: its name (the key in :data:`PAGES`), menu label, help, builder."""

    name: str
    title: str
    help: str
    builder: Callable[[Path], widgets.Widget]

    def build(self, workbook_path: Path) -> widgets.Widget:
        """The page's widget, writing to ``workbook_path``."""
        return self.builder(Path(workbook_path))


def _today(path: Path) -> widgets.Widget:
    from workbook.pages.today import build

    return build(path)


def _plan_event(path: Path) -> widgets.Widget:
    from workbook.pages.plan import build

    return build(path)


def _debrief(path: Path) -> widgets.Widget:
    from workbook.pages.debrief import build

    return build(path)


def _purpose(path: Path) -> widgets.Widget:
    from workbook.pages.purpose import build

    return build(path)


def _people(path: Path) -> widgets.Widget:
    from workbook.pages.people import build

    return build(path)


def _records(path: Path) -> widgets.Widget:
    from workbook.pages.records import build

    return build(path)


_BUILDERS: dict[str, Callable[[Path], widgets.Widget]] = {
    "today": _today,
    "plan_event": _plan_event,
    "debrief": _debrief,
    "purpose": _purpose,
    "people": _people,
    "records": _records,
}

PAGES: dict[str, Page] = {
    name: Page(name, title, help_text, _BUILDERS[name])
    for name, (title, help_text) in TITLES.items()
}


def build_page(name: str, workbook_path: Path, **options: Any) -> widgets.Widget:
    """:meth:`Page.build`, with the page's options (for the walk notebooks): ``event`` for
    the debrief page, ``start`` and ``end`` for the purpose page."""
    if not options:
        return PAGES[name].build(workbook_path)
    if name == "debrief":
        from workbook.pages.debrief import build as debrief

        return debrief(Path(workbook_path), event_id=options.get("event") or None)
    if name == "purpose":
        from workbook.pages.purpose import build as purpose

        return purpose(Path(workbook_path), start=options.get("start"), end=options.get("end"))
    raise TypeError(f"the page {name!r} takes no options")


def show_page(name: str, workbook: str | Path | None = "", **options: Any) -> None:
    """Display one of the pages (:data:`PAGES`) in a notebook — only in an interactive
    session — writing to the notebook's workbook (:func:`workbook.locations.notebook_workbook`,
    never the demo). ``options`` preselect what the page shows: ``event`` (debrief),
    ``start`` / ``end`` (purpose). Returns nothing, so no object is printed under the page."""
    # Imported here: the web app imports workbook.pages.pickers, and needs no forms.
    from workbook import forms, locations

    if forms.is_headless():
        return
    path = locations.notebook_workbook(workbook or None)
    forms.show(build_page(name, path, **options))


__all__ = ["PAGES", "Page", "build_page", "show_page"]
