"""Content lines: the line syntax vCard (2.1, RFC 2426, RFC 6350) and iCalendar (RFC 5545) share.

A file of either kind is a sequence of *content lines* ``[group.]NAME[;PARAM=value...]:value``
nested in ``BEGIN:X`` … ``END:X`` components. This module reads that layer and nothing
more; :mod:`workbook.importers.vcard` and :mod:`workbook.importers.ics` decide what the
properties mean.

- :func:`unfold` joins folded lines (a line break followed by a space or a tab) and, for
  vCard 2.1, quoted-printable *soft* line breaks (a ``=`` at the end of a line whose
  parameters say ``QUOTED-PRINTABLE``: the next line is joined as it stands, leading
  spaces included). Line breaks may be CRLF, LF or a lone CR. Each logical line keeps
  the number of its first physical line, for messages.
- :func:`parse_line` splits one logical line into group, name, parameters and the raw
  value. Names are case-insensitive (kept upper-case); whitespace inside a name is
  dropped; empty parameters (``;;``) are passed over. Parameter values may be quoted
  (``"a;b:c"``), comma-separated lists, and use RFC 6868 caret escapes (``^n``, ``^^``,
  ``^'``). A parameter without ``=`` is vCard 2.1 shorthand: ``QUOTED-PRINTABLE``,
  ``BASE64``, ``8BIT`` and ``7BIT`` are encodings, ``INLINE``, ``URL``, ``CID`` and
  ``CONTENT-ID`` value types, anything else a TYPE (``TEL;CELL;VOICE``).
- :func:`read_components` builds the BEGIN/END tree (:func:`read_file` does it all for
  a file, checking the first line says what kind of file it is). Unbalanced BEGIN/END is a
  :class:`ContentLineError` naming the line; a line that is not ``NAME:value`` does not
  stop the reading: it is recorded in its component's ``broken`` list, for the importer
  to judge.
- :func:`unescape` and :func:`split_escaped` handle text values: ``\\\\``, ``\\,``,
  ``\\;`` and ``\\n`` (or ``\\N``); any other escaped character stands for itself
  (``\\:`` is ``:``). vCard 2.1 (``legacy=True``) knows only ``\\;`` and ``\\\\``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from workbook.errors import WorkbookInputError
from workbook.importers import read_text

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_NAME = re.compile(r"[A-Za-z0-9-]+\Z")
_BARE_PARAMETERS = {
    **dict.fromkeys(("QUOTED-PRINTABLE", "BASE64", "8BIT", "7BIT"), "ENCODING"),
    **dict.fromkeys(("INLINE", "URL", "CID", "CONTENT-ID"), "VALUE"),
}
_CARET = {"n": "\n", "N": "\n", "^": "^", "'": '"'}


class ContentLineError(ValueError):
    """A line that breaks the content-line syntax, with its (1-based) line number."""

    def __init__(self, line: int, problem: str) -> None:
        self.line = line
        self.problem = problem
        super().__init__(f"line {line}: {problem}")


@dataclass(frozen=True)
class ContentLine:
    """One property: ``NAME`` upper-case, parameter names upper-case, ``value`` raw."""

    name: str
    value: str
    params: dict[str, list[str]] = field(default_factory=dict)
    line: int = 0
    group: str | None = None

    def param(self, name: str) -> str | None:
        """The first value of parameter ``name`` (any case), or None."""
        values = self.params.get(name.upper())
        return values[0] if values else None

    def types(self) -> set[str]:
        """The TYPE parameter's values, lower-case (``TYPE=home,pref`` → home, pref)."""
        return {t.strip().lower() for t in self.params.get("TYPE", [])}


@dataclass
class Component:
    """``BEGIN:NAME`` … ``END:NAME``: its properties, nested components and broken lines."""

    name: str
    line: int
    properties: list[ContentLine] = field(default_factory=list)
    children: list[Component] = field(default_factory=list)
    broken: list[ContentLineError] = field(default_factory=list)

    def first(self, name: str) -> ContentLine | None:
        """The first property called ``name``, or None."""
        return next((p for p in self.properties if p.name == name), None)

    def all(self, name: str) -> list[ContentLine]:
        """Every property called ``name``, in file order."""
        return [p for p in self.properties if p.name == name]


def unfold(text: str, soft_breaks: bool = False) -> list[tuple[int, str]]:
    """Logical lines of ``text`` with the number of their first physical line.

    ``soft_breaks``: also join quoted-printable soft line breaks (vCard 2.1).
    Blank lines are left out (a folded line after one continues the line before it, as
    old Mozilla calendars write ``NAME``, a blank line, `` :value``).
    """
    logical: list[tuple[int, list[str]]] = []  # (first line number, the pieces joined)
    joining = False  # the previous line ended in a quoted-printable soft break
    for number, raw in enumerate(_LINE_BREAK.split(text), start=1):
        if joining:
            pieces = logical[-1][1]
            pieces[-1] = pieces[-1][:-1]
            pieces.append(raw)
        elif not raw.strip():
            continue  # blank lines separate nothing: a fold after one still continues
        elif logical and raw[0] in " \t":
            logical[-1][1].append(raw[1:])
        else:
            logical.append((number, [raw]))
        pieces = logical[-1][1]
        joining = soft_breaks and pieces[-1].endswith("=") and _quoted_printable("".join(pieces))
    return [(number, "".join(pieces)) for number, pieces in logical]


def _quoted_printable(line: str) -> bool:
    head = line.split(":", 1)[0]
    return "QUOTED-PRINTABLE" in head.upper()


def parse_line(number: int, text: str) -> ContentLine:
    """Split one logical line into a :class:`ContentLine` (ContentLineError if it is none)."""
    length = len(text)
    i = 0
    while i < length and text[i] not in ";:":
        i += 1
    if i == length:
        raise ContentLineError(number, f"{_shorten(text)!r} is not NAME:value (no colon)")
    group, _, name = "".join(text[:i].split()).rpartition(".")
    if not _NAME.match(name):
        raise ContentLineError(number, f"{_shorten(text[:i])!r} is not a property name")
    params: dict[str, list[str]] = {}
    while text[i] == ";":
        i += 1
        start = i
        while i < length and text[i] not in "=;:":
            i += 1
        if i == length:
            raise ContentLineError(number, "the parameters never end in a colon")
        key = text[start:i].strip().upper()
        if text[i] == "=":
            values, i = _parameter_values(number, text, i + 1)
            if key:
                params.setdefault(key, []).extend(values)
        elif key:
            params.setdefault(_BARE_PARAMETERS.get(key, "TYPE"), []).append(key)
    return ContentLine(name.upper(), text[i + 1 :], params, number, group or None)


def _parameter_values(number: int, text: str, i: int) -> tuple[list[str], int]:
    """The comma-separated values of one parameter, from ``i``; and where they end."""
    length = len(text)
    values: list[str] = []
    while True:
        if i < length and text[i] == '"':
            end = text.find('"', i + 1)
            if end < 0:
                raise ContentLineError(number, "a quoted parameter value is never closed")
            values.append(_decode_carets(text[i + 1 : end]))
            i = end + 1
        else:
            start = i
            while i < length and text[i] not in ",;:":
                i += 1
            values.append(_decode_carets(text[start:i].strip()))
        if i == length:
            raise ContentLineError(number, "the parameters never end in a colon")
        if text[i] == ",":
            i += 1
            continue
        if text[i] not in ";:":
            raise ContentLineError(number, "text after a quoted parameter value")
        return values, i


def _decode_carets(value: str) -> str:
    """RFC 6868: ``^n`` newline, ``^^`` caret, ``^'`` double quote; other ``^`` stay."""
    if "^" not in value:
        return value
    return re.sub(r"\^([nN^'])", lambda m: _CARET[m.group(1)], value)


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def read_components(lines: list[tuple[int, str]]) -> Component:
    """The BEGIN/END tree of unfolded ``lines``, under a nameless root component.

    Raises :class:`ContentLineError` for an END that closes nothing or the wrong
    component, a BEGIN that is never closed, or a BEGIN/END without a valid name.
    """
    root = Component("", 0)
    stack = [root]
    for number, text in lines:
        try:
            line = parse_line(number, text)
        except ContentLineError as error:
            stack[-1].broken.append(error)
            continue
        if line.name not in ("BEGIN", "END"):
            stack[-1].properties.append(line)
            continue
        name = line.value.strip().upper()
        if not _NAME.match(name):
            raise ContentLineError(number, f"{line.name} without a valid component name")
        if line.name == "BEGIN":
            component = Component(name, number)
            stack[-1].children.append(component)
            stack.append(component)
        elif len(stack) == 1:
            raise ContentLineError(number, f"END:{name} without a BEGIN:{name}")
        elif stack[-1].name != name:
            open_ = stack[-1]
            raise ContentLineError(
                number, f"END:{name} where END:{open_.name} (for line {open_.line}) was expected"
            )
        else:
            stack.pop()
    if len(stack) > 1:
        open_ = stack[-1]
        raise ContentLineError(
            open_.line, f"BEGIN:{open_.name} is never closed by END:{open_.name}"
        )
    return root


def read_file(
    path: Path, kinds: tuple[str, ...], not_this: str, soft_breaks: bool = False
) -> Component:
    """The component tree of the file at ``path``, which must begin with ``BEGIN:`` one of
    ``kinds``; anything else is a :class:`WorkbookInputError` ending in ``not_this``.

    Unbalanced BEGIN/END is a :class:`WorkbookInputError` naming the file and the line.
    """
    lines = unfold(read_text(path), soft_breaks)
    try:
        start = parse_line(*lines[0]) if lines else None
    except ContentLineError:
        start = None
    if start is None or start.name != "BEGIN" or start.value.strip().upper() not in kinds:
        where = f"line {lines[0][0]}: " if lines else ""
        raise WorkbookInputError(f"{path}: {where}{not_this}")
    try:
        return read_components(lines)
    except ContentLineError as error:
        raise WorkbookInputError(f"{path}: {error}") from None


def unescape(text: str, legacy: bool = False) -> str:
    """A text value with its backslash escapes resolved (see the module docstring)."""
    if "\\" not in text:
        return text
    if legacy:
        return re.sub(r"\\([;\\])", r"\1", text)
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) in "nN" else m.group(1), text, flags=re.S)


def split_escaped(text: str, separators: str = ";") -> list[str]:
    """Split ``text`` at the ``separators`` not escaped by a backslash (parts stay escaped)."""
    parts: list[str] = []
    current: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            current.append(text[i : i + 2])
            i += 2
            continue
        if char in separators:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
        i += 1
    parts.append("".join(current))
    return parts


def clean(text: str | None) -> str | None:
    """Line breaks as ``\\n``, surrounding whitespace stripped; None if nothing is left."""
    if text is None:
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    return text or None
