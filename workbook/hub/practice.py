"""The coach's service at ``/services/practice/`` (docs/hub.md, the coach's page).

A tornado app run by the hub, behind the hub's log-in (``HubOAuthenticated``): only
those with access to this service — the hub's admins, i.e. the coach — get in. It shows
every client, those who need attention first and why; a form writes the period's note
into a client's workbook (as that client); a button runs this period's reports now.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from jupyterhub.services.auth import HubOAuthCallbackHandler, HubOAuthenticated
from tornado import web
from tornado.ioloop import IOLoop

from workbook.errors import WorkbookError
from workbook.hub import HUB_PERIOD, SERVICE_NAME, batch, client_space
from workbook.hub.accounts import STOP_GRACE, run_as
from workbook.hub.config import SETTINGS_ENV
from workbook.overview import ClientRow, client_row, ordered
from workbook.templating import overlay

TEMPLATES = Path(__file__).resolve().parent / "templates"
#: The package's one jinja2 environment (workbook/templating.py) over the page's folder.
_ENV = overlay(TEMPLATES)
#: The note form's fields, empty (the page shown without a refused form).
NO_FORM = {"client": "", "period": "", "text": ""}
#: What the page says after a form was sent (``?done=…``).
DONE = {
    "note": "Saved: the note for {client} ({period}); {client} sees it in their app and report.",
    "run": "The reports are running now; each client's Reports page shows theirs when done.",
    "busy": "The reports are already running; this run covers every client.",
}
NOTE_MAX = 20_000  # characters: a note, not a book
#: Seconds a run gets to stop its client's report (which itself gets STOP_GRACE).
STOP_WAIT = STOP_GRACE + 5


def periods() -> list[str]:
    """The periods a note may be for: this one and the one before."""
    from workbook.periods import parse_period, resolve_as_of

    current = parse_period(HUB_PERIOD, resolve_as_of(None))
    return [current.label, current.previous().label]


class Client:
    """One client's line: the overview's row and the reasons in words."""

    def __init__(self, name: str, row: ClientRow, reasons: list[str], oldest_due: str | None):
        self.name = name
        self.row = row
        self.reasons = reasons
        self.oldest_due = oldest_due


def client_line(name: str) -> Client:
    from workbook.periods import parse_period, resolve_as_of

    period = parse_period(HUB_PERIOD, resolve_as_of(None))
    try:
        answer = run_as(client_space(name), ["status", "--period", period.label])
    except (WorkbookError, KeyError) as error:
        row = client_row(Path(f"{name}.db"), None, str(error), None, Path("."))
        return Client(name, row, [f"cannot read the workbook: {error}"], None)
    why = answer["attention"]
    logged = why["last_logged"]
    row = client_row(
        Path(f"{name}.db"),
        answer["summary"],
        None,
        None,
        Path("."),
        dt.date.fromisoformat(logged) if logged else None,
        period,
    )
    return Client(name, row, why["reasons"], why["oldest_due"])


async def client_lines() -> list[Client]:
    names = await asyncio.to_thread(batch.client_names)
    lines = await asyncio.gather(*(asyncio.to_thread(client_line, n) for n in names))
    by_row = {id(line.row): line for line in lines}
    # who needs attention first: reasons given, then the overview's own order
    rows = ordered(line.row for line in lines)
    ranked = [by_row[id(row)] for row in rows]
    return sorted(ranked, key=lambda line: not line.reasons)


class PracticeHandler(HubOAuthenticated, web.RequestHandler):
    """The page and its two forms; only for those allowed this service (the coach)."""

    @property
    def prefix(self) -> str:
        return os.environ.get("JUPYTERHUB_SERVICE_PREFIX", f"/services/{SERVICE_NAME}/")

    async def render_page(
        self, status: str = "", form: dict[str, str] | None = None, code: int = 200
    ) -> None:
        state = batch.state_folder()
        lines = await client_lines()
        self.set_status(code)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(
            page_html(
                prefix=self.prefix,
                user=self.current_user.get("name", ""),
                lines=lines,
                status=status,
                form=form,
                xsrf=self.xsrf_token.decode("ascii"),
                running=batch.running(state),
                last=batch.last_run(state),
            )
        )


def page_html(
    *,
    prefix: str,
    user: str,
    lines: list[Client],
    status: str,
    form: dict[str, str] | None,
    xsrf: str,
    running: bool,
    last: dict[str, Any] | None,
) -> str:
    """The practice page; ``form``: a refused note form to show again (else None)."""
    return _ENV.get_template("practice.html.j2").render(
        prefix=prefix,
        user=user,
        lines=lines,
        periods=periods(),
        status=status,
        problem=form is not None,
        form={**NO_FORM, **(form or {})},
        xsrf=xsrf,
        running=running,
        last=last,
        pct=lambda rate: "—" if rate is None else f"{rate:.0%}",
    )


class OverviewHandler(PracticeHandler):
    @web.authenticated
    async def get(self) -> None:
        done = self.get_argument("done", "")
        status = DONE.get(done, "").format(
            client=self.get_argument("client", ""), period=self.get_argument("period", "")
        )
        await self.render_page(status)


class NoteHandler(PracticeHandler):
    @web.authenticated
    async def post(self) -> None:
        form = {
            "client": self.get_body_argument("client", ""),
            "period": self.get_body_argument("period", ""),
            "text": self.get_body_argument("text", ""),
        }
        problem = ""
        names = await asyncio.to_thread(batch.client_names)
        if form["client"] not in names:
            problem = "Client: choose one of your clients"
        elif form["period"] not in periods():
            problem = f"Period: choose {' or '.join(periods())}"
        elif not form["text"].strip():
            problem = "Note: write a few words"
        elif len(form["text"]) > NOTE_MAX:
            problem = f"Note: at most {NOTE_MAX} characters"
        if not problem:
            try:
                await asyncio.to_thread(
                    run_as,
                    client_space(form["client"]),
                    ["note", "--period", form["period"]],
                    form["text"],
                )
            except WorkbookError as error:
                problem = f"Not saved: {error}"
        if problem:
            await self.render_page(problem, form, code=422)
            return
        query = urlencode({"done": "note", "client": form["client"], "period": form["period"]})
        self.redirect(f"{self.prefix}?{query}", status=303)


class RunHandler(PracticeHandler):
    @web.authenticated
    async def post(self) -> None:
        state = batch.state_folder()
        if batch.running(state):
            self.redirect(f"{self.prefix}?done=busy", status=303)
            return
        # A process of its own: the run goes on when the page is closed; the hub's stop
        # reaches it through :func:`_stop` (its SIGTERM ends the client's run gracefully).
        RUNS.append(
            subprocess.Popen(
                [sys.executable, "-m", "workbook.hub.batch", "--once"],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
            )
        )
        self.redirect(f"{self.prefix}?done=run", status=303)


#: The runs this service started (the button).
RUNS: list[subprocess.Popen[bytes]] = []


def _stop(*_: Any) -> None:
    """Stopped by the hub: stop the runs started here too, then leave."""
    for run in RUNS:
        if run.poll() is None:
            run.terminate()
    for run in RUNS:
        with contextlib.suppress(subprocess.TimeoutExpired):
            run.wait(STOP_WAIT)
    sys.exit(0)


def make_app() -> web.Application:
    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", f"/services/{SERVICE_NAME}/")
    return web.Application(
        [
            (prefix, OverviewHandler),
            (prefix + "note", NoteHandler),
            (prefix + "run", RunHandler),
            (prefix + "oauth_callback", HubOAuthCallbackHandler),
        ],
        cookie_secret=os.urandom(32),
        xsrf_cookies=True,
    )


def main() -> None:
    if SETTINGS_ENV not in os.environ:
        raise SystemExit(f"{SETTINGS_ENV} is not set: this service is started by the hub")
    signal.signal(signal.SIGTERM, _stop)
    where = urlsplit(os.environ["JUPYTERHUB_SERVICE_URL"])
    make_app().listen(where.port or 80, where.hostname or "127.0.0.1")
    IOLoop.current().start()


if __name__ == "__main__":  # pragma: no cover
    main()
