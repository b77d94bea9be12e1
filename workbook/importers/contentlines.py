"""Content lines: what vCard (2.1, RFC 2426, RFC 6350) values need after a library has
parsed the file.

The ``vobject`` library reads the line syntax (``[group.]NAME[;PARAM=value...]:value``,
folding, BEGIN/END); :mod:`workbook.importers.vcard` turns its cards into the
:class:`Component` / :class:`ContentLine` records here, with values as written, and
decodes them with :func:`unescape` and :func:`split_escaped`: ``\\\\``, ``\\,``, ``\\;``
and ``\\n`` (or ``\\N``); any other escaped character stands for itself (``\\:`` is
``:``). vCard 2.1 (``legacy=True``) knows only ``\\;`` and ``\\\\``.
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
