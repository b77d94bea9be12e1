"""HTML through jinja2 templates with autoescape: the one place text becomes markup.

Every section and display helper renders a template of ``workbook/html/`` here; any value
put into a template is escaped unless it is already :class:`markupsafe.Markup` (HTML this
package built from escaped parts, e.g. a rendered coach's note). So a note containing
``<script>`` shows as text, without each helper remembering ``escape()``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    select_autoescape,
)
from markupsafe import Markup

from workbook.resources import templates_dir


def lines(text: object) -> Markup:
    """User text as escaped HTML, its line breaks kept (the ``lines`` filter)."""
    return Markup("<br>").join(str(text).strip().splitlines())


def markdown(text: object) -> Markup:
    """A coach's note (Markdown) as HTML (the ``markdown`` filter): every tag typed in it
    escaped, only safe links kept (:func:`workbook.notes.render_markdown`)."""
    from workbook.notes import render_markdown

    return Markup(render_markdown(str(text)))


# The one environment: the pieces of workbook/html/ by name ("note.html.j2"), and the
# pages of templates/ by folder ("overview/index.html.j2"; the report's page is
# nbconvert's template there, rendered by nbconvert).
ENV = Environment(
    loader=ChoiceLoader(
        [PackageLoader("workbook", "html"), FileSystemLoader(str(templates_dir()))]
    ),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=False,
)

ENV.filters["lines"] = lines
ENV.filters["markdown"] = markdown


def overlay(folder: Path) -> Environment:
    """The one environment over a folder of page templates (the app's pages, the coach's
    practice page): the same autoescape, undefined rule and filters, another loader."""
    return ENV.overlay(loader=FileSystemLoader(str(folder)))


def render(name: str, **values: Any) -> str:
    """Render the template ``workbook/html/<name>`` with ``values`` (escaped).

    The result is a plain ``str`` (what IPython's ``HTML`` holds and callers concatenate);
    wrap it in :class:`Markup` to put it inside another template.
    """
    return ENV.get_template(name).render(**values).strip()


# Plain text (an e-mail's text part) is not markup: nothing to escape, and an ``&amp;``
# there would be a bug. Only ``*.txt.j2`` templates are rendered with it.
TEXT_ENV = Environment(
    loader=PackageLoader("workbook", "html"),
    autoescape=False,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


def render_text(name: str, **values: Any) -> str:
    """Render the plain-text template ``workbook/html/<name>`` (a ``.txt.j2`` file)."""
    if not name.endswith(".txt.j2"):
        raise ValueError(f"{name}: plain-text templates end in .txt.j2")
    return TEXT_ENV.get_template(name).render(**values)


__all__ = ["ENV", "TEXT_ENV", "Markup", "lines", "overlay", "render", "render_text"]
