"""Settings: the owner's name and e-mail, and the calendar subscription (docs/app-offline.md,
"Calendar subscription").

The subscription is ``{app_url}agenda.ics?key=KEY``: the ``workbook agenda`` calendar
(:mod:`workbook.agenda`, the same stable UIDs), built fresh on each request, for a phone's
calendar to follow. It needs no cookie and no token, only the key: a random secret of the
workbook, shown on the Settings page as a link and a QR code, with a button that renews it
(the old address then answers 404). A wrong or missing key gets a bare 404.
"""

from __future__ import annotations

import hmac
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlencode, urlsplit, urlunsplit

import segno
from jupyter_server.auth.decorator import allow_unauthenticated
from jupyter_server.base.handlers import JupyterHandler
from markupsafe import Markup

from workbook.agenda import agenda_items, to_calendar
from workbook.app.handlers import AppHandler, Form
from workbook.app.saving import Answer
from workbook.errors import CaptureError
from workbook.periods import DEFAULT_AGENDA_DAYS, resolve_as_of
from workbook.store import Workbook

#: The feed's address, relative to the app's root.
FEED = "agenda.ics"
#: Bytes of randomness in a key (32 URL-safe characters).
KEY_BYTES = 24
#: A valid e-mail address as the HTML standard defines it for ``<input type=email>``, so
#: that the server refuses exactly what the phone's own check would.
_LABEL = r"[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?"
EMAIL = re.compile(rf"[a-zA-Z0-9.!#$%&'*+/=?^_`{{|}}~-]+@{_LABEL}(?:\.{_LABEL})*")

NAME_LABEL = "Your name"
EMAIL_LABEL = "Your e-mail"


def new_key() -> str:
    """A fresh calendar key."""
    return secrets.token_urlsafe(KEY_BYTES)


def ensure_calendar_key(path: Path) -> str:
    """The workbook's calendar key, made now if it has none (an app starting writes it
    once, so that no page has to)."""
    with Workbook.open(path) as wb:
        key = wb.calendar_key
        if key is None:
            key = new_key()
            wb.set_calendar_key(key)
    return key


@dataclass(frozen=True)
class Subscription:
    """The feed's addresses: ``https://…`` (or ``http://``) and ``webcal://…``, and its QR code."""

    url: str
    webcal: str

    @property
    def qr_svg(self) -> Markup:
        """The address as an inline SVG QR code (segno's markup, nothing of ours in it)."""
        return Markup(
            segno.make(self.url, error="m").svg_inline(
                scale=4, border=2, light="#fff", title="QR code of the calendar address"
            )
        )


def subscription(handler: AppHandler, key: str) -> Subscription:
    """The subscription address of ``key`` as this request reaches the app (host included)."""
    base = f"{handler.request.protocol}://{handler.request.host}{handler.app_url}"
    url = f"{base}{FEED}?{urlencode({'key': key})}"
    parts = urlsplit(url)
    return Subscription(url=url, webcal=urlunsplit(("webcal", *parts[1:])))


def check_email(text: str) -> str | None:
    """The owner's e-mail as typed (None when blank), or a :class:`CaptureError`."""
    email = text.strip()
    if not email:
        return None
    if not EMAIL.fullmatch(email):
        raise CaptureError(EMAIL_LABEL, f"“{email[:80]}” is not an e-mail address")
    return email


class SettingsPage(AppHandler):
    """``settings``: the owner's name and e-mail, the calendar subscription."""

    template = "settings.html.j2"
    menu = "Settings"
    forms = ("owner", "calendar")
    fields: ClassVar[dict[str, dict[str, str]]] = {
        "owner": {NAME_LABEL: "name", EMAIL_LABEL: "email"}
    }

    def show(self, *args: str, code: int = 200, **values: Any) -> None:
        with self.open_workbook() as wb:
            owner, email, key = wb.owner, wb.owner_email, wb.calendar_key
        self.render_page(
            code,
            owner=owner,
            email=email,
            subscription=subscription(self, key) if key else None,
            name_label=NAME_LABEL,
            email_label=EMAIL_LABEL,
            typed=values.pop("typed", {}),
            failed=values.pop("form", None),
            **values,
        )

    def save_owner(self, wb: Workbook, form: Form) -> Answer:
        name = " ".join(form.get("name").split())
        if not name:
            raise CaptureError(NAME_LABEL, "enter your name")
        email = check_email(form.get("email"))
        wb.set_owner(name)
        wb.set_owner_email(email)
        return Answer(f"your name ({name}) and e-mail ({email or 'none'})")

    def save_calendar(self, wb: Workbook, form: Form) -> Answer:
        renewed = wb.calendar_key is not None
        wb.set_calendar_key(new_key())
        if renewed:
            return Answer(
                "a new calendar address: subscribe again with it (the old one no longer works)"
            )
        return Answer("your calendar address")


class AgendaFeed(JupyterHandler):
    """``agenda.ics?key=KEY``: the agenda as iCalendar, for the key's holder only."""

    @property
    def content_security_policy(self) -> str:
        return "default-src 'none'"

    def set_default_headers(self) -> None:
        super().set_default_headers()
        self.set_header("Referrer-Policy", "no-referrer")
        self.set_header("Cache-Control", "no-store")

    @allow_unauthenticated
    def get(self) -> None:
        from workbook.app.state import AppState

        state: AppState = self.settings["workbook_app"]
        given = self.get_query_argument("key", "")
        if not given or not state.has_workbook():
            self.not_found()
            return
        with Workbook.open(state.path) as wb, wb.snapshot():
            key = wb.calendar_key
            if key is None or not hmac.compare_digest(given.encode(), key.encode()):
                self.not_found()
                return
            items = agenda_items(
                wb.frames(), resolve_as_of(None), DEFAULT_AGENDA_DAYS, workbook_id=wb.workbook_id
            )
        self.set_header("Content-Type", "text/calendar; charset=utf-8")
        self.set_header("Content-Disposition", f'inline; filename="{FEED}"')
        self.finish(to_calendar(items).to_ical())

    def not_found(self) -> None:
        """A bare 404: nothing says whether there is a calendar here."""
        self.set_status(404)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish("404: Not Found")

    def check_xsrf_cookie(self) -> None:  # GET only
        return None


__all__ = [
    "FEED",
    "AgendaFeed",
    "SettingsPage",
    "Subscription",
    "check_email",
    "ensure_calendar_key",
    "new_key",
    "subscription",
]
