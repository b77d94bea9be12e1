"""What the CSV importers share: finding the header, numbered rows, cells, people.

LinkedIn, Google Contacts and Outlook all export contacts as CSV with a header row, but
each has its own column names (Outlook's are even localised), and a file may open with a
preamble (LinkedIn's ``Notes:`` paragraph). So a reader here:

- decodes the file with :func:`workbook.importers.read_text` (UTF-8 with or without BOM,
  then cp1252, as old Outlook exports are);
- finds the header as the first row, among the first :data:`HEADER_SEARCH_ROWS`, holding
  every column the format requires (comma-separated, else semicolon or tab: Excel in
  German or French locales saves with semicolons), never by counting lines;
- maps cells by header name, never by position: :class:`Row` gives a cell by any of its
  names, with surrounding whitespace stripped and an empty cell as ``None``;
- numbers each row by the physical line of the file it starts on (a quoted cell may run
  over several lines), so that a person's provisional id ``line N`` names the place.

:func:`read_people` runs a format's ``convert(row)`` over the rows and makes the native
person records; a row without a name falls back on the e-mail's local part, a row with
neither is passed over with a note, and blank rows are passed over silently.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbook.errors import WorkbookInputError
from workbook.importers import Imported, read_text
from workbook.limits import MAX_CSV_BYTES
from workbook.schema import FIELDS

MULTI = " ::: "  # how Google joins several values in one cell
HEADER_SEARCH_ROWS = 50
DELIMITERS = (",", ";", "\t")
PERSON_FIELDS = FIELDS["people"][2:]  # every field after id and name


def header_key(name: str) -> str:
    """A column name as compared: no BOM, no outer whitespace, case folded."""
    return " ".join(name.replace("\ufeff", "").split()).casefold()


def clean(value: str | None) -> str | None:
    """Strip whitespace; an empty string is ``None``."""
    if value is None:
        return None
    value = value.strip()
    return value or None


def split(value: str | None, separator: str = MULTI) -> list[str]:
    """The non-empty parts of a multi-value cell (Google's ``a ::: b``, Outlook's ``a;b``)."""
    if value is None:
        return []
    return [part for part in (clean(p) for p in value.split(separator)) if part]


def join(*parts: str | None) -> str | None:
    """Name parts joined by single spaces, leaving out the empty ones."""
    return clean(" ".join(part for part in parts if part))


@dataclass
class Row:
    """One data row: the physical line it starts on and its cells by header key.

    A header that occurs twice keeps its first column under its own name and the later
    ones as ``"name (2)"``, ``"name (3)"`` (French Outlook has two ``Titre`` columns).
    """

    line: int
    cells: dict[str, str]

    def get(self, *names: str) -> str | None:
        """The first non-empty cell among the columns ``names`` (any case), else ``None``."""
        for name in names:
            value = clean(self.cells.get(header_key(name)))
            if value is not None:
                return value
        return None

    def first(self, *names: str, separator: str = MULTI) -> str | None:
        """The first value of the first non-empty multi-value cell among ``names``."""
        values = split(self.get(*names), separator)
        return values[0] if values else None

    def blank(self) -> bool:
        return all(clean(value) is None for value in self.cells.values())


def _keys(header: list[str]) -> list[str]:
    """The header's keys, a repeated name numbered on: ``x``, ``x (2)``, ``x (3)``.

    Linear in the number of columns (a set of keys taken, and the last number given to
    each name): a header of thousands of equal names is read in milliseconds.
    """
    keys: list[str] = []
    taken: set[str] = set()
    last: dict[str, int] = {}
    for name in header:
        key = base = header_key(name)
        count = last.get(base, 1)
        while key in taken:
            count += 1
            key = f"{base} ({count})"
        last[base] = count
        taken.add(key)
        keys.append(key)
    return keys


class CellError(ValueError):
    """A cell that cannot be read (a date that is not a date); the reader adds the line."""


def _numbered_rows(text: str, delimiter: str, path: Path) -> Iterator[tuple[int, list[str]]]:
    """``(first physical line, cells)`` for every CSV row, blank lines included.

    Strict: a quote that is never closed (it would swallow the rest of the file into one
    cell) or text after a closing quote is an error naming the line the row starts on.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            if "unexpected end of data" in str(error):
                problem = "a quoted cell opened on this line is never closed"
            else:
                problem = f"not valid CSV ({error})"
            raise WorkbookInputError(f"{path}: line {line}: {problem}") from None
        yield line, cells


def _find_header(
    text: str, required: Sequence[Sequence[str]], path: Path
) -> tuple[list[str], Iterator[tuple[int, list[str]]]] | None:
    wanted = [{header_key(name) for name in names} for names in required]
    for delimiter in DELIMITERS:
        rows = _numbered_rows(text, delimiter, path)
        try:
            for _, cells in itertools.islice(rows, HEADER_SEARCH_ROWS):
                keys = {header_key(cell) for cell in cells}
                if all(keys & names for names in wanted):
                    return _keys(cells), rows
        except WorkbookInputError:
            continue  # not CSV with this delimiter: try the next one
    return None


def csv_rows(
    path: Path, *, what: str, required: Sequence[Sequence[str]], expected: str
) -> Iterator[Row]:
    """The data rows of the CSV export at ``path``, after its header.

    ``required`` lists the columns the header must hold, each as its alternative names;
    ``what`` ("a LinkedIn connections export") and ``expected`` (those columns, for people)
    make the message when no header is found. Blank rows are left out; a row with more
    or fewer cells than the header has columns is an error naming its line.
    """
    text = read_text(path, limit=MAX_CSV_BYTES, what=f"{what} (split it)")
    if "\x00" in text:
        raise WorkbookInputError(f"{path}: not {what}: this is not a text file")
    if not text.strip():
        raise WorkbookInputError(f"{path}: not {what}: the file is empty")
    found = _find_header(text, required, path)
    if found is None:
        raise WorkbookInputError(f"{path}: not {what} (no header with {expected})")
    keys, rows = found
    for line, cells in rows:
        if not cells:
            continue  # an empty line
        if len(cells) != len(keys):
            raise WorkbookInputError(
                f"{path}: line {line}: {len(cells)} cells, but the header has {len(keys)} columns"
            )
        row = Row(line, dict(zip(keys, cells, strict=True)))
        if not row.blank():
            yield row


def make_person(
    line: int, name: str | None, email: str | None, **fields: Any
) -> dict[str, Any] | None:
    """A native person record with provisional id ``line N``, or ``None`` without a name.

    With no name the e-mail's local part stands in; ``fields`` are the other person
    fields (strings are cleaned, ``tags`` is a list, made unique in order).
    """
    name = clean(name)
    email = clean(email)
    if name is None and email is not None:
        name = clean(email.split("@", 1)[0]) or email
    if name is None:
        return None
    person: dict[str, Any] = {"id": f"line {line}", "name": name}
    for key in PERSON_FIELDS:
        value = email if key == "email" else fields.get(key)
        if key == "tags":
            value = list(dict.fromkeys(value or []))
        elif isinstance(value, str):
            value = clean(value)
        person[key] = value
    return person


def read_people(
    path: Path,
    convert: Callable[[Row], dict[str, Any]],
    *,
    what: str,
    required: Sequence[Sequence[str]],
    expected: str,
) -> Imported:
    """The people of a CSV export, as :class:`~workbook.importers.Imported`.

    ``convert(row)`` returns the keyword arguments of :func:`make_person` but ``line``:
    ``name``, ``email`` and any other person fields; it raises :class:`CellError` for a
    cell it cannot read, which stops the import with the file and line named.
    """
    imported = Imported()
    for row in csv_rows(path, what=what, required=required, expected=expected):
        try:
            fields = convert(row)
        except CellError as error:
            raise WorkbookInputError(f"{path}: line {row.line}: {error}") from None
        person = make_person(row.line, **fields)
        if person is None:
            imported.skipped.append(f"line {row.line}: no name or e-mail")
        else:
            imported.people.append(person)
    return imported
