"""The forms a person uses in JupyterLab and in the app (ipywidgets); what they check and
write is :mod:`workbook.capture` (see ``docs/capture.md``).

Six forms, each a small object around a store file (the app's pages,
:mod:`workbook.pages`, are built from them; :mod:`~workbook.forms.editor` corrects and
deletes any record):

* :class:`EncounterForm` — log who I met (an existing person, or a new one typed in),
  where, what I learned, their needs, my offer, and when to follow up;
* :class:`TouchpointForm` — log a follow-up, a give, an ask, an introduction …;
* :class:`OpportunityForm` — record an opportunity that came out of a relationship;
* :class:`PurposeForm` — set a period's purpose (the five questions) and its targets;
* :class:`DebriefForm` — debrief an event and set a follow-up due date for each person
  met there, in the same save;
* :class:`EventForm` — plan an event: name, date, kind, location and the questions
  before you go.

In a notebook, :func:`workbook.pages.show_page` displays one of the app's pages (with
pickers for the event or the period), :func:`live` keeps what is shown above a form in step with its
saves, and :func:`start_button` starts a workbook when there is none yet.

Every form has:

* ``form.widget`` — the container to display (use :func:`show`);
* ``form.save()`` — what the Save button calls. It checks what was typed and writes it
  through :mod:`workbook.capture` in **one** transaction, and returns the records written
  as ``(collection, record)`` pairs (or ``None`` when nothing was saved);
* ``form.message`` — an :class:`ipywidgets.HTML` showing, escaped, either what was saved
  (every field) or one clear error (which field, what is wrong). On an error nothing is
  written;
* ``form.on_saved(callback)`` — ``callback(records)`` runs after each successful save,
  so a notebook can refresh the lists the save affects;
* ``form.refresh()`` — reload the people (and events) offered by the pickers;
* the field widgets as attributes (``form.person``, ``form.learned``,
  ``form.save_button`` …), so tests can fill them in and click.

Text fields are saved exactly as typed; a field left blank (or only spaces) is saved as
null. Each save opens the workbook file and closes it again, so a report can run on the
same workbook while the notebook is open.

**Headless runs.** :func:`show` displays a form only in an interactive session: when the
environment variable ``WORKBOOK_HEADLESS`` is ``"1"`` (set by ``workbook run`` /
``workbook report`` for the papermill kernel, see :data:`workbook.parameters.HEADLESS_ENV`)
it displays nothing. Forms built in a headless kernel are also built without a comm to a
front end, so no widget state reaches the executed notebook or its HTML export.

The package holds one module per form (:mod:`~workbook.forms.encounter`,
:mod:`~workbook.forms.touchpoint`, :mod:`~workbook.forms.purpose`,
:mod:`~workbook.forms.debrief`), what they share (:mod:`~workbook.forms.base`,
:mod:`~workbook.forms.fields`, :mod:`~workbook.forms.people`,
:mod:`~workbook.forms.labels`) and the follow-up list (:mod:`~workbook.forms.board`).
What displays something lives here, so that there is one ``display`` to replace in tests.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import ipywidgets as widgets
from IPython.display import HTML, display

from workbook.forms.base import AFTER_ANY_SAVE, _Form, is_headless
from workbook.forms.board import follow_up_board
from workbook.forms.debrief import DebriefForm
from workbook.forms.encounter import EncounterForm
from workbook.forms.event import EventForm
from workbook.forms.fields import _as_date, element, no_workbook
from workbook.forms.labels import DEFAULT_FOLLOW_UP_DAYS
from workbook.forms.labels import EVERYDAY_CHOICE as EVERYDAY_CHOICE
from workbook.forms.labels import NOTHING as NOTHING
from workbook.forms.labels import TARGET_LABELS as TARGET_LABELS
from workbook.forms.purpose import PurposeForm
from workbook.forms.touchpoint import OpportunityForm, TouchpointForm
from workbook.periods import DEFAULT_WINDOW, resolve_as_of
from workbook.templating import render

__all__ = [
    "DEFAULT_FOLLOW_UP_DAYS",
    "DebriefForm",
    "EncounterForm",
    "EventForm",
    "OpportunityForm",
    "PurposeForm",
    "TouchpointForm",
    "display_form",
    "follow_up_board",
    "is_headless",
    "link",
    "live",
    "show",
    "show_debrief_form",
    "show_follow_ups",
    "show_opportunity_form",
    "start_button",
]


def show(form: Any) -> None:
    """Display a form (or any widget) — only in an interactive session.

    Under papermill, and so in every HTML export, ``WORKBOOK_HEADLESS`` is ``"1"`` and
    nothing is displayed: the notebook shows its tables and charts instead.
    """
    if is_headless():
        return
    display(getattr(form, "widget", form))


display_form = show


def show_debrief_form(
    path: str | Path, event_id: str | None, today: dt.date | str | None = None
) -> DebriefForm | None:
    """The debrief form of ``event_id`` — or, with no event to debrief, a word on what to
    do first. Headless, nothing is displayed (and no form is built)."""
    if is_headless():
        return None
    if not event_id:
        display(
            HTML(
                element(
                    "p",
                    "There is no event to debrief yet: log one first "
                    "(an event is where you met people on purpose).",
                    cls="note",
                )
            )
        )
        return None
    form = DebriefForm(path, event_id, today=today)
    show(form)
    return form


def show_opportunity_form(workbook: str | Path | None = "", today: Any = None) -> None:
    """Display the opportunity form for the notebook's workbook (interactive only; with no
    workbook of one's own, the message saying how to start one)."""
    if is_headless():
        return
    from workbook import locations

    path = locations.notebook_workbook(workbook or None)
    if not path.is_file():
        display(no_workbook(locations.NoWorkbook(path)))
        return
    show(OpportunityForm(path, today=today or None))


def start_button(workbook: str | Path | None = "") -> None:
    """In a notebook with no workbook of one's own yet: a button that starts one (the same
    as ``workbook init``) at the path the notebooks use. Shows nothing when it exists."""
    if is_headless():
        return
    from workbook import locations
    from workbook.store import init_workbook

    path = locations.notebook_workbook(workbook or None)
    if path.is_file():
        return
    command = locations.init_command(path)
    button = widgets.Button(description="Start my workbook", button_style="primary")
    owner = widgets.Text(description="Your name", placeholder="shown on your reports")
    said = widgets.HTML(
        render("form_start.html.j2", error="", ready=False, path=path, command=command)
    )

    def start(_button: widgets.Button) -> None:
        try:
            init_workbook(path, owner.value.strip() or None)
        except Exception as error:  # shown, never a silent failure
            said.value = render("form_start.html.j2", error=str(error), ready=False)
            return
        button.disabled = True
        said.value = render("form_start.html.j2", error="", ready=True, path=path.resolve())

    button.on_click(start)
    display(widgets.VBox([said, widgets.HBox([owner, button])]))


def live(render: Any) -> None:
    """Display ``render()`` (HTML) — and, in an interactive session, again after any
    form of this kernel saves, so that what a notebook shows above a form (e.g. "You
    haven't debriefed this event yet") follows the save. Headless: displayed once."""
    if is_headless():
        display(render())
        return
    box = widgets.HTML()
    box.add_class("nop-live")

    def draw() -> None:
        shown = render()
        to_html = getattr(shown, "_repr_html_", None)
        box.value = to_html() if to_html else render("text.html.j2", text=str(shown))

    draw()
    AFTER_ANY_SAVE.append(draw)
    display(box)


def link(*forms: _Form) -> None:
    """After any of ``forms`` saves, the others reload their people and events."""
    for form in forms:
        others = [other for other in forms if other is not form]

        def refresh(_records: Any, others: list[_Form] = others) -> None:
            for other in others:
                other.refresh()

        form.on_saved(refresh)


def show_follow_ups(
    path: str | Path | None = "",
    as_of: str | dt.date | None = None,
    refresh_on: Sequence[_Form] = (),
    window: int = DEFAULT_WINDOW,
) -> None:
    """Display :func:`follow_up_board` for the notebook's workbook
    (:func:`workbook.locations.notebook_workbook`; nothing when there is none yet).
    Interactive, it refreshes after any save in this kernel (and each of ``refresh_on``).

    ``as_of`` empty or None: today. Headless, the tables are displayed once, as HTML (no
    widget).
    """
    from workbook import locations

    day = _as_date(as_of or None, "as_of") or resolve_as_of(None)
    workbook = locations.notebook_workbook(path or None)
    if not workbook.is_file():
        return
    if is_headless():
        display(follow_up_board(workbook, day, window))
        return
    box = widgets.HTML()
    box.add_class("nop-follow-up-board")

    def render(_records: Any = None) -> None:
        box.value = follow_up_board(workbook, day, window).data

    render()
    for form in refresh_on:
        form.on_saved(render)
    AFTER_ANY_SAVE.append(render)
    display(box)
