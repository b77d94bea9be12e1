"""The workbook's pages as ipywidgets, for JupyterLab (``forms.show_page``): one registry,
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


PAGES: dict[str, Page] = {
    page.name: page
    for page in (
        Page(
            "today",
            "Today",
            "Who to follow up now, and what happened today: log who you met and each touch.",
            _today,
        ),
        Page(
            "plan_event",
            "Plan an event",
            "Before you go: why you are going, what you want from it, and whom to meet.",
            _plan_event,
        ),
        Page(
            "debrief",
            "Debrief",
            "After an event: what went well, what you learned, and when to follow up each person.",
            _debrief,
        ),
        Page(
            "purpose",
            "Purpose",
            "For a period: why you network, what you aim for, and the targets you measure.",
            _purpose,
        ),
        Page(
            "people",
            "People",
            "Find someone; correct their details, merge two entries for one person, or delete.",
            _people,
        ),
        Page(
            "records",
            "Records",
            "Every encounter, touchpoint, event and opportunity: correct or delete it here.",
            _records,
        ),
    )
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


__all__ = ["PAGES", "Page", "build_page"]
