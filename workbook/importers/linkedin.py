"""LinkedIn ``Connections.csv`` (Settings → Data privacy → Get a copy of your data).

Two shapes are read. Since 2024 the file opens with a ``Notes:`` line and a quoted
paragraph, then a blank line, then the header
``First Name,Last Name,URL,Email Address,Company,Position,Connected On`` with dates like
``09 Oct 2024``. Older exports have no preamble and no ``URL`` column, with dates like
``1/8/18, 6:14 PM`` (month first). The header is found by its names, not by line.

Columns → person: ``First Name`` + ``Last Name`` → name; ``Company`` → organisation;
``Position`` → role; ``Email Address`` → email; ``URL`` → url (the profile); tags
``["linkedin"]``; notes ``Connected on LinkedIn 2024-10-09`` (without the date when the
cell is empty; a ``Connected On`` that is not a date stops the import, naming the line).
Provisional ids are ``line N``, N the row's line in the file.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from workbook.importers import Imported
from workbook.importers.csvfiles import CellError, Row, join, read_people

MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
# (pattern, order of its groups): 09 Oct 2024 · Oct 09, 2024 · 1/8/18, 6:14 PM · 2024-10-09
DATE_FORMATS = (
    (re.compile(r"(\d{1,2})[ -]([a-z]{3})[a-z]*\.?[ -](\d{4})"), "dmy"),
    (re.compile(r"([a-z]{3})[a-z]*\.? (\d{1,2}),? (\d{4})"), "mdy"),
    (re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})\b"), "mdy"),
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), "ymd"),
)


def parse_connected_on(text: str | None) -> dt.date | None:
    """The date of a ``Connected On`` cell in any shape LinkedIn has used, else ``None``."""
    if not text:
        return None
    text = text.strip().lower()
    for pattern, order in DATE_FORMATS:
        match = pattern.match(text)
        if match is None:
            continue
        parts = dict(zip(order, match.groups(), strict=True))
        month = MONTHS.get(parts["m"]) if parts["m"].isalpha() else int(parts["m"])
        year = int(parts["y"]) + (2000 if len(parts["y"]) == 2 else 0)
        try:
            return dt.date(year, month or 0, int(parts["d"]))
        except ValueError:
            return None
    return None


def _person(row: Row) -> dict[str, Any]:
    written = row.get("Connected On")
    connected = parse_connected_on(written)
    if written and connected is None:
        raise CellError(f"Connected On {written!r} is not a date")
    return {
        "name": join(row.get("First Name"), row.get("Last Name")),
        "email": row.get("Email Address", "E-mail Address"),
        "organisation": row.get("Company"),
        "role": row.get("Position"),
        "url": row.get("URL", "Profile URL"),
        "tags": ["linkedin"],
        "notes": "Connected on LinkedIn" + (f" {connected.isoformat()}" if connected else ""),
    }


def read(path: Path) -> Imported:
    """The people of a LinkedIn ``Connections.csv``."""
    return read_people(
        path,
        _person,
        what="a LinkedIn connections export",
        required=(("First Name",), ("Last Name",), ("Connected On",)),
        expected="First Name, Last Name, Connected On",
    )
