"""The app's request handlers: what every page and form has in common (docs/app.md).

A page is a GET that only reads; each of its forms posts to the page's own address with
``?form=<name>`` and is saved once (:mod:`workbook.app.saving`). The answer to a post:

* from a plain form (no JavaScript): 303 back to the page (``?saved=<submission>`` puts
  the message in the status line), or 422 with the page shown again, the message in the
  status line and what was typed kept;
* to the page's script (``Accept: application/json``): 200 ``{"status": "saved",
  "message", "redirect", "undo"}`` or 422 ``{"status": "invalid", "field", "message"}``.

Signing in is the Jupyter server's (its token, or the hub's login); a post needs the
server's xsrf token too.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any, ClassVar
from urllib.parse import parse_qsl, urlencode

import tornado.web
from jupyter_server.auth.decorator import allow_unauthenticated
from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.utils import url_path_join

from workbook.app.defaults import EXTENSION_NAME
from workbook.app.saving import Answer, new_submission, save_once, saved_answer
from workbook.app.state import AppState
from workbook.capture import check_whole
from workbook.errors import CaptureError, WorkbookInputError
from workbook.periods import resolve_as_of
from workbook.store import Workbook

#: The app's pages are the app's only code: nothing from elsewhere, no inline script.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ]
)


class Form:
    """A posted form's fields (text as typed; a missing field is "")."""

    def __init__(self, arguments: dict[str, list[bytes]]) -> None:
        self.values = {
            name: [v.decode("utf-8", errors="replace") for v in values]
            for name, values in arguments.items()
        }

    def get(self, name: str, default: str = "") -> str:
        values = self.values.get(name)
        return values[-1] if values else default

    def getlist(self, name: str) -> list[str]:
        return list(self.values.get(name, []))

    def optional(self, name: str) -> str | None:
        """The text, or None when blank."""
        text = self.get(name)
        return text if text.strip() else None

    def checked(self, name: str) -> bool:
        return name in self.values

    def number(self, name: str, label: str) -> int | None:
        """A whole number typed into ``name``, or None when blank."""
        return check_whole(self.get(name), label)

    def typed(self) -> dict[str, str]:
        """What was typed, to show it again (one value per field)."""
        return {name: values[-1] for name, values in self.values.items() if values}


#: A form's save: (handler, open workbook, posted form, the route's arguments) -> answer.
Saver = Callable[..., Answer]


class AppHandler(JupyterHandler):
    """One page of the app and the forms on it."""

    #: The page's template (``workbook/app/templates/<name>``).
    template: ClassVar[str] = ""
    #: The page's name in the menu (:data:`workbook.app.routes.MENU`), "" when not in it.
    menu: ClassVar[str] = ""
    #: The forms posted to this page: name -> method name (``save_<name>``).
    forms: ClassVar[tuple[str, ...]] = ()
    #: Error labels (:class:`CaptureError`'s field) -> the input's name, per form.
    fields: ClassVar[dict[str, dict[str, str]]] = {}

    # -- shared ------------------------------------------------------------------------
    @property
    def state(self) -> AppState:
        state: AppState = self.settings["workbook_app"]
        return state

    @property
    def app_url(self) -> str:
        """The app's root, ending in ``/`` (``/workbook/`` or ``/user/ada/workbook/``)."""
        return url_path_join(self.base_url, EXTENSION_NAME) + "/"

    def url(self, path: str = "", **query: str) -> str:
        """An address in the app: ``path`` relative to :attr:`app_url`, with ``query``."""
        address = self.app_url + path
        return address + ("?" + urlencode(query) if query else "")

    def today(self) -> dt.date:
        return resolve_as_of(None)

    def open_workbook(self) -> Workbook:
        return Workbook.open(self.state.path)

    @property
    def content_security_policy(self) -> str:
        return CONTENT_SECURITY_POLICY

    def set_default_headers(self) -> None:
        super().set_default_headers()
        # No address (with a token in it, maybe) to other sites; this server gets its own
        # origin, which its check of a form post needs ("no-referrer" would send "null").
        self.set_header("Referrer-Policy", "same-origin")

    def wants_json(self) -> bool:
        return "application/json" in self.request.headers.get("Accept", "")

    def render_page(self, code: int = 200, **values: Any) -> None:
        from workbook.app.routes import MENU

        template = self.state.env.get_template(values.pop("template", self.template))
        html = template.render(
            app_url=self.app_url,
            base_url=self.base_url,
            menu=[(label, self.app_url + path) for path, label in MENU],
            current=self.menu,
            xsrf=self.xsrf_token.decode("ascii"),
            new_submission=new_submission,
            workbook=str(self.state.path),
            today=self.today(),
            **{"status": None, "error": None, "undo": None, "invalid_field": "", **values},
        )
        self.set_status(code)
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        self.set_header("Cache-Control", "no-store")  # a page is the workbook as it is now
        self.finish(html)

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        """Errors as a plain page (or JSON for the script) that loads nothing else."""
        reason = self._reason
        if self.wants_json():
            self.set_header("Content-Type", "application/json")
            self.finish(json.dumps({"status": "error", "message": reason}))
            return
        template = self.state.env.get_template("error.html.j2")
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        self.finish(template.render(app_url=self.app_url, code=status_code, reason=reason))

    # -- a page: GET -------------------------------------------------------------------
    @tornado.web.authenticated
    def get(self, *args: str) -> None:
        if "token" in self.request.query_arguments:
            # Signed in by the printed address: the cookie is set; the token leaves the
            # address bar (and the history, and any bookmark made from here).
            kept = [(k, v) for k, v in parse_qsl(self.request.query) if k != "token"]
            self.redirect(self.request.path + ("?" + urlencode(kept) if kept else ""))
            return
        if not self.state.has_workbook():
            from workbook.locations import init_command

            self.render_page(
                404, template="no_workbook.html.j2", command=init_command(self.state.path)
            )
            return
        saved = self.get_query_argument("saved", "")
        answer = saved_answer(self.state.path, saved) if saved else None
        self.show(
            *args,
            status=answer.message if answer else None,
            undo=answer.undo if answer else None,
        )

    def show(self, *args: str, **values: Any) -> None:
        """Render the page (``values``: status, error, typed, form…)."""
        raise NotImplementedError

    # -- a form: POST ------------------------------------------------------------------
    @tornado.web.authenticated
    def post(self, *args: str) -> None:
        name = self.get_query_argument("form", "")
        if name not in self.forms:
            raise tornado.web.HTTPError(404)
        form = Form(self.request.body_arguments)
        saver: Saver = getattr(self, f"save_{name}")
        try:
            answer = save_once(
                self.state.path,
                form.get("submission"),
                lambda wb: saver(wb, form, *args),
            )
        except WorkbookInputError as error:
            self.invalid(name, form, error, args)
            return
        if self.wants_json():
            self.set_header("Content-Type", "application/json")
            self.set_header("Cache-Control", "no-store")
            self.finish(
                json.dumps(
                    {
                        "status": "saved",
                        "message": answer.message,
                        "redirect": answer.redirect,
                        "undo": answer.undo,
                    }
                )
            )
            return
        target = answer.redirect or self.request.path
        separator = "&" if "?" in target else "?"
        self.redirect(f"{target}{separator}saved={form.get('submission')}", status=303)

    def field_named(self, name: str, label: str, form: Form) -> str:
        """The input of form ``name`` that an error's label names ("" when none)."""
        return self.fields.get(name, {}).get(label, "")

    def invalid(
        self, name: str, form: Form, error: WorkbookInputError, args: tuple[str, ...]
    ) -> None:
        """Nothing saved: say what is wrong, keep what was typed."""
        if isinstance(error, CaptureError):
            message = f"Not saved — {error.field}: {error.problem}"
            field = self.field_named(name, error.field, form)
        else:
            message, field = f"Not saved — {error}", ""
        if self.wants_json():
            self.set_status(422)
            self.set_header("Content-Type", "application/json")
            self.finish(json.dumps({"status": "invalid", "field": field, "message": message}))
            return
        if not self.state.has_workbook():
            raise tornado.web.HTTPError(422, message)
        self.show(
            *args, code=422, error=message, form=name, typed=form.typed(), invalid_field=field
        )


class StaticHandler(JupyterHandler, tornado.web.StaticFileHandler):
    """The app's script, style sheet and icons: package files, no workbook data, so they
    need no sign-in (a phone fetches the manifest's icons without cookies)."""

    def initialize(self, path: str, default_filename: str | None = None) -> None:  # type: ignore[override]
        tornado.web.StaticFileHandler.initialize(self, path, default_filename)

    # Said on the methods themselves: a server with allow_unauthenticated_access off (as a
    # hub may run it) serves a stranger only what a handler marks so.
    @allow_unauthenticated
    async def get(self, path: str, include_body: bool = True) -> None:
        await tornado.web.StaticFileHandler.get(self, path, include_body)

    @allow_unauthenticated
    async def head(self, path: str) -> None:
        await tornado.web.StaticFileHandler.head(self, path)

    def check_xsrf_cookie(self) -> None:  # GET only
        return None


__all__ = ["AppHandler", "Form", "StaticHandler"]
