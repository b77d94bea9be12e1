"""What a page notebook of the app calls: ``show("today")``.

In a warm kernel (Voilà's preheating) :func:`show` has imported everything and built the
page before it stops to wait for its visitor; on arrival it shows that page at once, or
builds it again if the workbook changed meanwhile (:func:`workbook_stamp`), so a page
always shows the workbook as it is when it is opened. In a kernel started for the visit
(no warm one left) it builds at once.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import os
import traceback
from pathlib import Path

import ipywidgets as widgets
from IPython.display import display

from workbook.app.config import QUERY_URL_ENV
from workbook.locations import workbook_path
from workbook.pages import PAGES

log = logging.getLogger(__name__)


def menu_html(current: str) -> str:
    """The menu linking every page (relative links: each page is ``<name>.ipynb``)."""
    items = []
    for name, spec in PAGES.items():
        title = html.escape(spec.title)
        if name == current:
            items.append(
                f'<a class="nop-menu-item" aria-current="page" href="{name}.ipynb">{title}</a>'
            )
        else:
            items.append(f'<a class="nop-menu-item" href="{name}.ipynb">{title}</a>')
    return f'<nav class="nop-menu" aria-label="Pages">{"".join(items)}</nav>'


def warm_kernel() -> bool:
    """Whether this kernel was started ahead of its visitor (and knows how to wait)."""
    return bool(os.environ.get(QUERY_URL_ENV)) and os.environ.get("VOILA_PREHEAT") == "True"


def wait_for_visitor() -> None:
    """In a warm kernel, block until a visitor takes it; elsewhere return at once."""
    if warm_kernel():
        from voila.utils import wait_for_request

        wait_for_request(os.environ[QUERY_URL_ENV])


def workbook_stamp(path: Path) -> tuple[object, ...]:
    """What changes whenever anyone writes to the workbook, or the day turns: the
    modification time and size of the file and of its write-ahead log (every commit
    appends to it), and today's date (pages show "today" and days overdue)."""
    stamp: list[object] = [dt.date.today()]
    for suffix in ("", "-wal"):
        try:
            info = Path(f"{path}{suffix}").stat()
        except OSError:
            stamp.append(None)
        else:
            stamp.append((info.st_mtime_ns, info.st_size))
    return tuple(stamp)


def build(name: str) -> widgets.Widget:
    """The page ``name`` of the app: the menu, then the page itself."""
    menu = widgets.HTML(menu_html(name))
    menu.add_class("nop-menu-box")
    try:
        body = PAGES[name].build(workbook_path(None))
    except Exception as error:  # a page that fails says so, in words, and logs why
        log.error("page %s failed:\n%s", name, traceback.format_exc())
        body = widgets.HTML(
            '<div class="nop-page-error" role="alert">This page could not be built: '
            f"{html.escape(str(error) or type(error).__name__)}</div>"
        )
    page = widgets.VBox([menu, body], layout=widgets.Layout(width="100%"))
    page.add_class("nop-app")
    return page


def show(name: str) -> None:
    """Display page ``name``; in a warm kernel, the page built ahead of the visit.

    A warm kernel builds the page before its visitor arrives, then waits. On arrival it
    shows that page at once if the workbook has not changed since (nor the date), else it
    builds it again: a page always shows the workbook as it is when it is opened.
    """
    if name not in PAGES:
        raise KeyError(f"no page {name!r}; pages: {', '.join(PAGES)}")
    if not warm_kernel():
        display(build(name))
        return
    path = workbook_path(None)
    page = build(name)
    stamp = workbook_stamp(path)  # after building: closing its reads may tidy the log
    wait_for_visitor()
    if workbook_stamp(path) != stamp:
        # The stale page is left as it is, never closed: closing its widgets before the
        # visitor's browser has connected left the page built next unresponsive (the
        # kernel serves this one visit and ends with it, so nothing accumulates).
        page = build(name)
    display(page)


__all__ = ["build", "menu_html", "show", "wait_for_visitor", "warm_kernel", "workbook_stamp"]
