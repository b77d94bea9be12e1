"""What a page notebook of the app calls: ``show("today")``.

In a warm kernel (Voilà's preheating) :func:`show` has already imported everything when it
stops to wait for its visitor; only then does it build the page, so the page shows the
workbook as it is at the visit, not as it was when the kernel warmed up. In a kernel
started for the visit (no warm one left) it builds at once.
"""

from __future__ import annotations

import html
import logging
import os
import traceback

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


def rehearse(name: str) -> None:
    """Build page ``name`` once and throw it away: every import, query and widget class
    the page needs is then loaded before the visitor arrives. Nothing is written."""
    from ipywidgets.widgets.widget import _instances

    before = set(_instances)
    try:
        build(name)
    finally:
        for key in set(_instances) - before:
            widget = _instances.get(key)
            if widget is not None:
                widget.close()


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
    """Wait for the visitor (in a warm kernel), then display page ``name``."""
    if name not in PAGES:
        raise KeyError(f"no page {name!r}; pages: {', '.join(PAGES)}")
    if warm_kernel():
        rehearse(name)
        wait_for_visitor()
    display(build(name))


__all__ = ["build", "menu_html", "rehearse", "show", "wait_for_visitor", "warm_kernel"]
