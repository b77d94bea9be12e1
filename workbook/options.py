"""Options and notebook parameters, each declared once: name, parser, default, help.

The command line (:mod:`workbook.cli`) makes its options from :data:`OPTIONS`; a
notebook's parameters (:mod:`workbook.parameters`) are the entries it declares, checked
by the same parsers. A parser takes the value as given — text from the command line or
``-p NAME VALUE``, or a Python value from code — and the name to say it under
(``--as-of``, ``parameter 'as_of':``), and returns the clean value or raises a
:class:`~workbook.errors.WorkbookInputError` whose one line names the option and the
value. Dates and periods are read by :mod:`workbook.periods`, whole numbers by
:func:`workbook.limits.whole_number`: nothing here parses text itself.

Kept free of click, pandas and pydantic: a report's kernel imports it (docs/cli.md).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from workbook import limits
from workbook.errors import OptionError
from workbook.periods import (
    DEFAULT_AGENDA_DAYS,
    DEFAULT_PERIOD,
    DEFAULT_WINDOW,
    MAX_WINDOW,
    RELATIVE,
    check_period,
    parse_date,
)

#: A parser: (value as given, the name to say it under) -> the clean value.
Parser = Callable[[Any, str], Any]


@dataclass(frozen=True)
class Option:
    """One option: ``name`` is its Python and notebook name (``as_of``); on the command
    line it is ``--as-of`` (:attr:`flag`). A ``bool`` default makes it a flag."""

    name: str
    parse: Parser
    default: Any
    help: str
    metavar: str | None = None
    #: The command-line flag when it is not ``--`` and the name with dashes.
    given_flag: str | None = None

    @property
    def flag(self) -> str:
        return self.given_flag or "--" + self.name.replace("_", "-")

    def read(self, value: Any, what: str | None = None) -> Any:
        """``value`` parsed, said as ``what`` (default: the flag) in an error."""
        return self.parse(value, what or self.flag)


def whole(low: int, high: int, unit: str = "", why: str = "") -> Parser:
    """A parser of a whole number from ``low`` to ``high`` (``unit``: what it counts, said
    in the message; ``why``: the reason for the bounds, said after it)."""

    def parse(value: Any, what: str) -> int:
        number = limits.whole_number(value)
        if number is None or not low <= number <= high:
            shown = str(value)[:20]
            of = f" of {unit}" if unit else ""
            raise OptionError(
                f"{what} {shown!r} is not a whole number{of} from {low} to {high}"
                + (f" ({why})" if why else "")
            )
        return number

    return parse


def date(value: Any, what: str) -> dt.date:
    """A ``YYYY-MM-DD`` date within the dates a workbook accepts."""
    return parse_date(value, what)


def period(value: Any, what: str) -> str:
    """A ``--period`` value, checked now and resolved against the as-of date later."""
    return check_period(value, what)


def path(value: Any, what: str) -> str:
    """A file's path: some text, without a NUL character."""
    text = str(value)
    if "\x00" in text or not text.strip():
        raise OptionError(f"{what} {text[:40]!r} is not the path of a file")
    return text


_ID = re.compile(r"[A-Za-z0-9_.:-]{1,200}", re.ASCII)


def record_id(value: Any, what: str) -> str:
    """A record's id (``e12``), or empty."""
    text = str(value).strip()
    if text and not _ID.fullmatch(text):
        raise OptionError(
            f"{what} {text[:40]!r} is not an id (letters, digits, '_', '-', '.', ':')"
        )
    return text


TRUE = ("true", "yes", "1", "on")
FALSE = ("false", "no", "0", "off")


def yes_no(value: Any, what: str) -> bool:
    """``true``/``false`` (also yes/no, 1/0, on/off), or a ``bool``."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in TRUE or text in FALSE:
        return text in TRUE
    raise OptionError(f"{what} {str(value)[:20]!r} is not true or false")


_PERIODS = f"{', '.join(RELATIVE)}, or 2026-10, 2026-W44, 2026-Q3"

#: Every option a command or a notebook shares, by name: the one place each is declared.
OPTIONS: dict[str, Option] = {
    option.name: option
    for option in (
        Option("workbook", path, None, "The workbook file.", "PATH"),
        Option("as_of", date, None, "As-of date, YYYY-MM-DD (default: today).", "DATE"),
        Option("period", period, DEFAULT_PERIOD, f"The period: {_PERIODS}.", "PERIOD"),
        Option(
            "window",
            whole(0, MAX_WINDOW, "days"),
            DEFAULT_WINDOW,
            "Follow-up window in days.",
            "DAYS",
        ),
        Option("event", record_id, "", "An event's id (empty: the latest event).", "ID"),
        Option("redact", yes_no, False, "Pseudonyms for names; no contact details."),
        Option(
            "days",
            whole(0, limits.MAX_AGENDA_DAYS, "days"),
            DEFAULT_AGENDA_DAYS,
            "How many days ahead.",
            "N",
        ),
        Option(
            "jobs",
            whole(1, 64, "reports at once"),
            None,
            "Parallel reports with --clients (default: number of cores); 1: one at a time.",
            "N",
        ),
        Option("seed", whole(0, 2**32 - 1), limits.DEMO_SEED, "Random seed.", "N"),
        Option(
            "people",
            whole(1, limits.MAX_DEMO_PEOPLE, "people", "more would take minutes and gigabytes"),
            limits.DEMO_PEOPLE,
            f"How many people (at most {limits.MAX_DEMO_PEOPLE}: built in memory, in seconds).",
            "N",
        ),
        Option(
            "months",
            whole(1, limits.MAX_DEMO_MONTHS, "months"),
            limits.DEMO_MONTHS,
            "How many months of history.",
            "N",
        ),
        Option("port", whole(0, 65535), None, "The port to listen on (0: any free one).", "N"),
        Option(
            "clients",
            path,
            None,
            "A folder of client workbooks (*.db): one report each.",
            "DIR",
        ),
        Option(
            "trial_clients",
            whole(1, limits.MAX_TRIAL_CLIENTS, "clients"),
            None,
            "How many demo clients.",
            "N",
            "--clients",
        ),
        Option("since", date, None, "From this day, YYYY-MM-DD.", "DATE"),
        Option("until", date, None, "Up to this day, YYYY-MM-DD.", "DATE"),
    )
}


def plain(value: Any) -> Any:
    """A parsed value as papermill writes it into a notebook: a date as ``YYYY-MM-DD``,
    anything else (str, int, bool) as it is."""
    return value.isoformat() if isinstance(value, dt.date) else value
