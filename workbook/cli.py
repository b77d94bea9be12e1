"""The ``workbook`` command (docs/cli.md): a thin face over the package's Python API.

Each command parses its options and hands off. Errors the user can act on become one
line on stderr and exit code 2 (bad usage or input) or 1 (a report or notebook failed).
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
import sys
from collections.abc import Callable
from functools import partial, wraps
from pathlib import Path
from typing import Any

import click

from workbook.app import DEFAULT_HOST, DEFAULT_PORT
from workbook.errors import WorkbookError, WorkbookInputError
from workbook.extras import require as require_extra
from workbook.files import absolute
from workbook.locations import DEMO_WORKBOOK, default_workbook
from workbook.locations import workbook_path as workbook_path
from workbook.options import OPTIONS
from workbook.parameters import NOTEBOOK_PARAMETERS
from workbook.periods import resolve_as_of
from workbook.startup import skip_unneeded_imports
from workbook.terminal import visible as visible

IMPORT_FORMATS = ("json", "linkedin", "vcard", "google", "outlook", "ics")


def echo(text: object, err: bool = False, one_line: bool = False) -> None:
    """One message for the person at the terminal (stdout, or stderr with ``err``), with
    control and bidi characters shown escaped; ``one_line``: line feeds too (a name's)."""
    click.echo(visible(text, one_line), err=err)


def say_error(message: object) -> None:
    """The one line a refused command prints on stderr (docs/cli.md, Exit codes)."""
    echo(f"workbook: error: {message}", err=True, one_line=True)


def friendly_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn the package's errors into one clear line and its exit code (docs/cli.md)."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except WorkbookError as error:
            say_error(error)
            sys.exit(error.exit_code)
        except sqlite3.DatabaseError as error:
            from workbook.store import database_problem

            path = kwargs.get("workbook") or kwargs.get("path") or workbook_path(None)
            say_error(database_problem(path, error))
            sys.exit(2)
        except OSError as error:
            from workbook.store import describe_os_error

            where = f"{error.filename}: " if error.filename else ""
            say_error(f"{where}{describe_os_error(error)}")
            sys.exit(2)

    return wrapper


class Checked(click.ParamType):
    """An option's value read by its parser (:mod:`workbook.options`): a bad one is one
    line on stderr and exit code 2, before any work starts."""

    def __init__(self, name: str) -> None:
        self.option = OPTIONS[name]
        self.name = name

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if value is None:
            return None
        what = param.opts[0] if param is not None and param.opts else self.option.flag
        try:
            return self.option.read(value, what)
        except WorkbookInputError as error:
            say_error(error)
            if ctx is not None:
                ctx.exit(2)
            sys.exit(2)


_DEFAULT: Any = object()


def option(name: str, default: Any = _DEFAULT, **settings: Any) -> Callable[..., Any]:
    """The click option of ``OPTIONS[name]`` (its flag, parser, default, help and metavar);
    a command may give its own default or help (``settings``: click's keywords)."""
    declared = OPTIONS[name]
    value = declared.default if default is _DEFAULT else default
    settings.setdefault("help", declared.help)
    if isinstance(declared.default, bool):
        return click.option(declared.flag, name, is_flag=True, **settings)
    settings.setdefault("metavar", declared.metavar)
    settings.setdefault("show_default", value is not None)
    return click.option(declared.flag, name, type=Checked(name), default=value, **settings)


workbook_option = option(
    "workbook", help=f"Workbook file (default: $WORKBOOK, else {default_workbook()})."
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="networking-on-purpose")
def main() -> None:
    """Networking on Purpose: a reflection workbook for following up and nurturing contacts."""
    skip_unneeded_imports()  # seconds of every report's start (workbook/startup.py)
    # Library chatter (e.g. nbclient's "Timeout waiting for IOPub output" on a busy
    # machine) is noise to a coach; what fails reaches the user as one error line instead.
    for name in ("papermill", "nbclient", "traitlets", "jupyter_client"):
        logging.getLogger(name).setLevel(logging.ERROR)


@main.command()
@click.argument("path", required=False)
@click.option("--owner", default=None, help="Your name, shown on reports.")
@click.option(
    "--email",
    default=None,
    metavar="ADDR",
    help="Where your reports are e-mailed (report --send); sets it on an existing workbook too.",
)
@workbook_option
@friendly_errors
def init(path: str | None, owner: str | None, email: str | None, workbook: str | None) -> None:
    """Create an empty workbook (or, with --email, set an existing one's e-mail)."""
    from workbook.mail import check_address
    from workbook.store import Workbook, init_workbook

    target = Path(path) if path else workbook_path(workbook)
    address = check_address(email, "--email") if email is not None else None
    if address and target.exists():
        with Workbook.open(target) as opened, opened.transaction():
            opened.set_owner_email(address)
            if owner:
                opened.set_owner(owner)
        echo(
            f"{target}: reports will be e-mailed to {address}"
            + (f"; owner {owner}" if owner else "")
        )
        return
    init_workbook(target, owner, address)
    echo(f"created {target}" + (f"; reports will be e-mailed to {address}" if address else ""))


@main.command()
@click.argument("path", required=False)
@option("seed")
@option("people")
@option("months")
@option("as_of", help="Last day of the story (default: today).")
@click.option("--force", is_flag=True, help="Replace an existing demo (never a real workbook).")
@option("workbook", help=f"Where to write the demo (default: {DEMO_WORKBOOK}; never $WORKBOOK).")
@friendly_errors
def demo(
    path: str | None,
    seed: int,
    people: int,
    months: int,
    as_of: dt.date | None,
    force: bool,
    workbook: str | None,
) -> None:
    """Write a synthetic workbook (the same seed and as-of date give the same data)."""
    from workbook.demo import write_demo

    # Never the real workbook by default: not the default workbook, not $WORKBOOK.
    target = Path(path) if path else Path(workbook) if workbook else DEMO_WORKBOOK
    summary = write_demo(
        target, seed=seed, people=people, months=months, as_of=resolve_as_of(as_of), force=force
    )
    echo(f"wrote {target}: {summary}")


@main.command("import")
@click.argument("format", type=click.Choice(IMPORT_FORMATS, case_sensitive=False))
@click.argument("file")
@workbook_option
@option("since", help="ics: repeats from this day (default: a year ago).")
@option("until", help="ics: repeats up to this day (default: today).")
@friendly_errors
def import_(
    format: str, file: str, workbook: str | None, since: dt.date | None, until: dt.date | None
) -> None:
    """Import FILE into the workbook, creating it if missing.

    FORMAT: json (this workbook's own), linkedin (Connections.csv), vcard (.vcf),
    google (Google Contacts CSV), outlook (Outlook contacts CSV), ics (iCalendar events).
    """
    from workbook.importers import ics, import_contacts, read_file
    from workbook.jsonio import import_json, read_json_file
    from workbook.store import Workbook, build_new

    format = format.lower()
    target = workbook_path(workbook)
    if format != "ics" and (since or until):
        raise WorkbookInputError("--since and --until are for ics files only")
    # Read the file first: a missing or broken file must not leave an empty workbook behind.
    if format == "ics":
        imported = ics.read(Path(file), since=since, until=until)
    else:
        imported = read_json_file(file) if format == "json" else read_file(format, file)

    def into(opened: Workbook) -> Any:
        if format == "json":
            return import_json(opened, file)
        return import_contacts(opened, imported, source=file)

    # A new workbook appears only once its import succeeded (built beside it, linked into
    # place); if another process created it meanwhile, the records go into that one.
    result = build_new(target, into)[1] if not target.exists() else None
    if result is None:
        with Workbook.open(target, create=True) as opened:
            result = into(opened)
    echo(f"{target}: {result.describe()}", one_line=True)


reports_option = click.option(
    "--out",
    "out",
    default="reports",
    show_default=True,
    metavar="DIR",
    help="The folder for reports: a folder per workbook in it.",
)
force_option = click.option(
    "--force",
    is_flag=True,
    help="Replace an existing file --out names even if this command did not write it "
    "(never the workbook itself).",
)


@main.command()
@click.option(
    "--out", "out", required=True, metavar="FILE.json", help="Where to write (-: standard output)."
)
@force_option
@workbook_option
@friendly_errors
def export(out: str, force: bool, workbook: str | None) -> None:
    """Export the whole workbook as native JSON."""
    from workbook.files import check_output_path
    from workbook.jsonio import export_document, is_export_file, write_json_atomic
    from workbook.store import Workbook

    path = workbook_path(workbook)
    check = partial(
        check_output_path, out, force, command="workbook export", ours=is_export_file, workbook=path
    )
    check()  # before the workbook is read: fail fast
    with Workbook.open(path) as opened:
        document = export_document(opened)
    check()  # and again: the file may have appeared meanwhile
    write_json_atomic(document, out)  # "-": standard output
    if out != "-":
        echo(f"wrote {out}")


@main.command()
@workbook_option
@option("clients")
@option("period")
@option("as_of")
@option("window")
@reports_option
@option("redact")
@click.option(
    "--send",
    is_flag=True,
    help="E-mail each report to its owner's address, once per period (docs/email.md).",
)
@click.option(
    "--coach-email",
    "coach_email",
    default=None,
    metavar="ADDR",
    help="With --send and --clients: e-mail the overview to this address too.",
)
@option("jobs")
@friendly_errors
def report(
    workbook: str | None,
    clients: str | None,
    period: str,
    as_of: dt.date | None,
    window: int,
    out: str,
    redact: bool,
    send: bool,
    coach_email: str | None,
    jobs: int | None,
) -> None:
    """Run the periodic report: report.html, report.ipynb and summary.json."""
    from workbook.batch import build_client_reports
    from workbook.reports import build_report

    options: dict[str, Any] = {
        "period": period,
        "as_of": as_of,
        "window": window,
        "out_root": out,
        "redact": redact,
    }
    if clients and workbook:
        raise click.UsageError("give --workbook or --clients, not both")
    settings = _mail_settings(send, coach_email, clients)  # bad settings: exit 2, nothing run
    if not clients:
        result = build_report(workbook_path(workbook), **options)
        echo(str(result.html))
        if settings is not None and _send(settings, [result]):
            sys.exit(1)
        return
    outcomes: list[Any] = []
    failures = _client_reports(clients, jobs, options, build_client_reports, outcomes)
    if settings is not None:
        coach = (outcomes, absolute(out), coach_email) if coach_email else None
        results = [o.result for o in outcomes if o.result]
        failures += _send(settings, results, coach)
    if failures:
        sys.exit(1)


def _mail_settings(send: bool, coach_email: str | None, clients: str | None) -> Any:
    """The checked SMTP settings with ``--send`` (else None): refused before any report."""
    if not send:
        if coach_email:
            raise click.UsageError("--coach-email goes with --send")
        return None
    from workbook.mail import check_address, load_settings

    if coach_email is not None:
        if not clients:
            raise click.UsageError("--coach-email goes with --clients (the overview)")
        check_address(coach_email, "--coach-email")
    return load_settings()


def _send(settings: Any, results: list[Any], coach: Any = None) -> int:
    """E-mail the reports (and the coach's overview); a line each; the number that failed."""
    from workbook.report_mail import FAILED, send_all

    def said(outcome: Any) -> None:
        if outcome.status == FAILED:
            say_error(outcome.line)
        else:
            echo(outcome.line)

    outcomes = send_all(settings, results, coach, progress=said)
    return sum(1 for o in outcomes if o.status == FAILED)


def _client_reports(
    clients: str,
    jobs: int | None,
    options: dict[str, Any],
    build: Callable[..., Any],
    kept: list[Any] | None = None,
) -> int:
    from tqdm import tqdm

    total = len(list(Path(clients).glob("*.db"))) if Path(clients).is_dir() else 0
    with tqdm(total=total, unit="client", file=sys.stderr, disable=None) as bar:

        def progress(outcome: Any) -> None:
            bar.update(1)
            if outcome.error:
                bar.write(
                    visible(f"FAILED {outcome.workbook.name}: {outcome.error}", one_line=True),
                    file=sys.stderr,
                )

        outcomes = build(clients, jobs=jobs, progress=progress, **options)
    if kept is not None:
        kept.extend(outcomes)
    for outcome in outcomes:
        if outcome.result:
            echo(str(outcome.result.html))
    echo(str(absolute(options["out_root"]) / "index.html"))  # the overview
    failures = [o for o in outcomes if o.error]
    echo(
        f"{len(outcomes) - len(failures)} of {len(outcomes)} client reports written"
        + (f"; {len(failures)} failed" if failures else ""),
        err=True,
    )
    return len(failures)


@main.command()
@click.argument("notebook")
@workbook_option
@click.option(
    "-p",
    "--parameter",
    "parameters",
    type=(str, str),
    multiple=True,
    metavar="NAME VALUE",
    help=f"A notebook parameter (repeatable): {', '.join(NOTEBOOK_PARAMETERS)}.",
)
@reports_option
@friendly_errors
def run(
    notebook: str, workbook: str | None, parameters: tuple[tuple[str, str], ...], out: str
) -> None:
    """Execute any notebook of notebooks/ with papermill, writing .ipynb and HTML."""
    from workbook.parameters import validate
    from workbook.reports import notebook_title, resolve_notebook, run_notebook
    from workbook.store import Workbook

    values: dict[str, Any] = dict(parameters)
    validate(values)  # names and values, before anything is loaded (the notebook's own later)
    path = workbook_path(values.pop("workbook", None) or workbook)
    with Workbook.open(path) as opened:  # bad path: exit 2 before any kernel starts
        owner = opened.owner or path.stem
        event = str(values.get("event", "")).strip()
        if event and event not in opened.ids("events"):
            raise WorkbookInputError(f"{path}: no event with id {event!r} (-p event)")
    values["workbook"] = str(path.resolve())
    notebook_path = resolve_notebook(notebook)
    title = f"{owner} · {notebook_title(notebook_path)}"
    result = run_notebook(notebook_path, values, Path(out) / path.stem, title=title)
    echo(str(result.html))


@main.command()
@workbook_option
@option("as_of")
@option("days")
@click.option("--out", "out", metavar="FILE.ics", default=None, help="Write iCalendar here.")
@force_option
@friendly_errors
def agenda(
    workbook: str | None, as_of: dt.date | None, days: int, out: str | None, force: bool
) -> None:
    """Open follow-ups and check-ins: an iCalendar file with --out, else a table."""
    from workbook import words
    from workbook.agenda import agenda_items, is_agenda_file, table, write_ics
    from workbook.files import check_output_path
    from workbook.store import Workbook

    path = workbook_path(workbook)
    check = partial(
        check_output_path,
        out or "-",
        force,
        command="workbook agenda",
        ours=is_agenda_file,
        workbook=path,
    )
    if out:
        check()

    day = resolve_as_of(as_of)
    with Workbook.open(path) as opened:
        items = agenda_items(opened.frames(), day, days, workbook_id=opened.workbook_id)
    if out:
        check()
        write_ics(items, out)
        echo(f"wrote {out}: {words.count(len(items), 'item')}")
    else:
        echo(table(items, day, days))


@main.command()
@workbook_option
@option("period", default=None, required=True, help="The period the note is for (2026-10 …).")
@click.option("--text", "text", default=None, help="The note, in Markdown.")
@click.option(
    "--file", "file", default=None, metavar="FILE.md", help="Read the note from this file."
)
@click.option(
    "--target",
    "targets",
    type=(str, str),
    multiple=True,
    metavar="METRIC VALUE",
    help="A suggested target for the next period (repeatable), e.g. follow_up_rate 0.9.",
)
@option("as_of", help="Resolve --period against this date (default: today).")
@friendly_errors
def note(
    workbook: str | None,
    period: str,
    text: str | None,
    file: str | None,
    targets: tuple[tuple[str, str], ...],
    as_of: dt.date | None,
) -> None:
    """Store the coach's note for a period, shown in that period's report."""
    from workbook.files import read_bytes
    from workbook.limits import MAX_NOTE_BYTES
    from workbook.notes import parse_targets, save_note

    if (text is None) == (file is None):
        raise click.UsageError("give the note with exactly one of --text or --file")
    if file is not None:
        try:
            text = read_bytes(file, MAX_NOTE_BYTES, "a coach's note").decode("utf-8-sig")
        except UnicodeDecodeError:
            raise WorkbookInputError(f"{file}: not UTF-8 text") from None
    path = workbook_path(workbook)
    saved = save_note(path, period, text or "", parse_targets(targets), as_of)
    echo(saved.describe(path))


# -- capture from a terminal (see docs/capture.md) ------------------------------------------
from workbook.schema import TOUCH_KINDS as _TOUCH_KINDS  # noqa: E402


@main.group("log")
def log_group() -> None:
    """Log an encounter or a touchpoint from a terminal (same checks as the forms)."""


@log_group.command("encounter")
@click.argument("name")
@option("event", default=None, help="The event where you met (its id).")
@click.option("--place", metavar="TEXT", help="An everyday place (instead of an event).")
@click.option("--date", metavar="DATE", help="YYYY-MM-DD (default: the event's date, else today).")
@click.option("--learned", metavar="TEXT", help="What you learned about them.")
@click.option("--needs", metavar="TEXT", help="Their needs.")
@click.option("--offer", metavar="TEXT", help="What you can offer them.")
@click.option("--card", is_flag=True, help="You exchanged cards.")
@click.option("--follow-up-by", "follow_up_by", metavar="DATE", help="Follow up by this date.")
@workbook_option
@friendly_errors
def log_encounter_command(
    name: str,
    event: str | None,
    place: str | None,
    date: str | None,
    learned: str | None,
    needs: str | None,
    offer: str | None,
    card: bool,
    follow_up_by: str | None,
    workbook: str | None,
) -> None:
    """Log meeting NAME (a known person by name, any case or accents; a new name is added)."""
    from workbook import capture

    if event and place:
        raise WorkbookInputError("give --event or --place, not both")
    target = workbook_path(workbook)
    with capture.writing(target) as wb:
        saved = capture.log_encounter(
            wb,
            name,
            date=date,
            event=event,
            place=place,
            learned=learned,
            needs=needs,
            offer=offer,
            card=card,
            follow_up_by=follow_up_by,
        )
    echo(f"Saved {saved.summary} in {target}.", one_line=True)


@log_group.command("touch")
@click.argument("name")
@click.option("--out", "direction", flag_value="out", help="You reached out.")
@click.option("--in", "direction", flag_value="in", help="They reached out to you.")
@click.option(
    "--kind",
    type=click.Choice(_TOUCH_KINDS),
    default="follow_up",
    show_default=True,
    help="What kind of touch.",
)
@click.option("--date", metavar="DATE", help="YYYY-MM-DD (default: today).")
@click.option("--note", metavar="TEXT", help="What you sent, said or gave.")
@workbook_option
@friendly_errors
def log_touch_command(
    name: str,
    direction: str | None,
    kind: str,
    date: str | None,
    note: str | None,
    workbook: str | None,
) -> None:
    """Log a touchpoint with NAME, someone in the workbook: --out (you reached out) or --in
    (they did). A name that matches nobody is an error listing the closest names (a new
    person is added by `log encounter`)."""
    from workbook import capture
    from workbook.search import known_person

    if direction is None:
        raise WorkbookInputError("say who reached out: --out (you) or --in (them)")
    target = workbook_path(workbook)
    with capture.writing(target) as wb:
        person = known_person(wb, name, field="NAME")
        saved = capture.log_touch(
            wb,
            person["name"],
            person_id=person["id"],
            direction=direction,
            kind=kind,
            date=date,
            note=note,
            create=False,
        )
    echo(f"Saved {saved.summary} in {target}.", one_line=True)


@main.command("lab")
@click.option(
    "--folder",
    metavar="DIR",
    help="Your workspace for the notebooks (default: ~/networking-workbook).",
)
@click.option("--no-start", is_flag=True, help="Only copy the notebooks; do not start JupyterLab.")
@workbook_option
@friendly_errors
def lab(folder: str | None, no_start: bool, workbook: str | None) -> None:
    """Copy the notebooks once into your workspace folder and open JupyterLab there."""
    from workbook import locations

    target = workbook_path(workbook).resolve()
    space, copied = locations.workspace(Path(folder) if folder else None)
    echo(
        f"Your notebooks are in {space}"
        + (f" ({len(copied)} copied)" if copied else " (already there: kept as they are)")
        + f"; they use the workbook {target}."
    )
    if not target.is_file():
        echo(f"No workbook there yet: start one with `{locations.init_command(target)}`.")
    if not no_start:
        require_extra("lab")  # JupyterLab: not in the core (docs/install.md)
        sys.exit(locations.start_lab(space, target))


@main.command()
@workbook_option
@click.option(
    "--host",
    default=DEFAULT_HOST,
    show_default=True,
    help="Address to listen on; 0.0.0.0 lets a phone on the same Wi-Fi in (trusted networks only).",
)
@option("port", DEFAULT_PORT)
@click.option(
    "--token",
    default=None,
    help="The token in the address (default: --token-file, $WORKBOOK_APP_TOKEN, else random).",
)
@click.option(
    "--token-file",
    default=None,
    metavar="FILE",
    help="Read the token from FILE (not visible to other users, unlike --token).",
)
@friendly_errors
def app(
    workbook: str | None, host: str, port: int, token: str | None, token_file: str | None
) -> None:
    """Serve the light app: prints the address to open, runs until Ctrl-C."""
    require_extra("app")  # the web server: not in the core (docs/install.md)
    from workbook.app.token import resolve_token
    from workbook.locations import writable_workbook

    target = writable_workbook(workbook)  # no workbook yet: say how to start one, exit 2
    secret = resolve_token(token, token_file)  # a weak one: one line, exit 2
    from workbook.app.standalone import serve  # the web server, once the rest is right

    try:
        serve(target, host=host, port=port, token=secret)
    except OSError as error:
        raise WorkbookInputError(
            f"--host {host} --port {port}: cannot listen there ({error.strerror or error})"
        ) from None


# -- the coach's practice on JupyterHub (see docs/hub.md) -------------------------------------
from workbook.hub import TRY_CLIENTS, TRY_PORT  # noqa: E402


@main.group("hub")
def hub_group() -> None:
    """The coach's practice on JupyterHub: clients' phones, notebooks and reports in one home."""


@hub_group.command("try")
@option("port", TRY_PORT)
@option("trial_clients", TRY_CLIENTS)
@click.option(
    "--state",
    metavar="DIR",
    default=None,
    help="Keep the hub's state here (default: a temporary folder, removed at the end).",
)
@friendly_errors
def hub_try(port: int, trial_clients: int, state: str | None) -> None:
    """Start a local hub with a coach and demo clients; prints the log-ins; Ctrl-C stops it."""
    require_extra("hub")  # JupyterHub: not in the core (docs/install.md)
    from workbook.hub.trial import run_trial

    state_dir = Path(state) if state else None
    sys.exit(run_trial(port, trial_clients, state_dir, lambda line: echo(line)))


if __name__ == "__main__":  # pragma: no cover
    main()
