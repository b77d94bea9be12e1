"""Content lines: what vCard (2.1, RFC 2426, RFC 6350) values need after a library has
parsed the file.

The ``vobject`` library reads the line syntax (``[group.]NAME[;PARAM=value...]:value``,
folding, BEGIN/END); :mod:`workbook.importers.vcard` turns its cards into the
:class:`Component` / :class:`ContentLine` records here, with values as written, and
decodes them with :func:`unescape` and :func:`split_escaped`: ``\\\\``, ``\\,``, ``\\;``
and ``\\n`` (or ``\\N``); any other escaped character stands for itself (``\\:`` is
``:``). vCard 2.1 (``legacy=True``) knows only ``\\;`` and ``\\\\``.

Folding counts octets, not characters (RFC 6350 3.2; Apple's Contacts folds at 75
octets), so a fold can fall inside a multi-byte UTF-8 character: :func:`mend_folds` puts
such a character back together at the byte level, before the file is decoded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


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
    """``BEGIN:NAME`` … ``END:NAME``: its properties and nested components."""

    name: str
    line: int
    properties: list[ContentLine] = field(default_factory=list)
    children: list[Component] = field(default_factory=list)

    def first(self, name: str) -> ContentLine | None:
        """The first property called ``name``, or None."""
        return next((p for p in self.properties if p.name == name), None)

    def all(self, name: str) -> list[ContentLine]:
        """Every property called ``name``, in file order."""
        return [p for p in self.properties if p.name == name]


# The first bytes of a UTF-8 character at the end of a line, the line break, the fold's
# space or tab, and the character's remaining bytes.
_SPLIT_CHARACTER = re.compile(
    rb"([\xc2-\xf4][\x80-\xbf]{0,2})(\r\n|\r|\n)([ \t])([\x80-\xbf]{1,3})"
)


def mend_folds(raw: bytes) -> bytes:
    """``raw`` with every UTF-8 character that a fold splits moved whole after the fold.

    ``…\\xc5`` CRLF SPACE ``\\x81…`` (``Ł`` folded after its first byte) becomes ``…``
    CRLF SPACE ``\\xc5\\x81…``: unfolded, the text is the same, and each line is valid
    UTF-8 on its own. Lines stay where they are, so messages name the file's own lines.
    Bytes that do not make exactly one character together are left alone (a cp1252 file).
    """

    def mend(match: re.Match[bytes]) -> bytes:
        head, line_break, space, tail = match.groups()
        wanted = 2 if head[0] < 0xE0 else 3 if head[0] < 0xF0 else 4
        if len(head) + len(tail) < wanted or len(head) >= wanted:
            return match.group(0)
        rest = tail[wanted - len(head) :]
        try:
            character = (head + tail[: wanted - len(head)]).decode("utf-8")
        except UnicodeDecodeError:
            return match.group(0)
        return line_break + space + character.encode("utf-8") + rest

    return _SPLIT_CHARACTER.sub(mend, raw)


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
