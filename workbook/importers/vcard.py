"""vCard files (``.vcf``: vCard 2.1, 3.0 and 4.0) → people.

Read with the standard library only; the content-line layer (unfolding, parameters,
escapes) is :mod:`workbook.importers.contentlines`. The file is UTF-8 (with or without
BOM), else cp1252. Each ``BEGIN:VCARD`` … ``END:VCARD`` is one person, with the
provisional id ``card N`` (N counts the cards in the file from 1); messages name the
card and the line it begins on.

Fields (the first property of each name counts, unless said otherwise):

=============  ==============================================================
person         vCard
=============  ==============================================================
name           FN; else N composed as "given family"; else ORG; else EMAIL
organisation   ORG, first component (the company, not the department)
role           TITLE, else ROLE
email          EMAIL: the preferred one (``PREF=n``, lowest first, or
               ``TYPE=pref`` / 2.1 ``;PREF``), else the first; ``mailto:`` stripped
phone          TEL, chosen the same way; a ``tel:`` URI prefix is stripped
url            URL, chosen the same way
tags           every CATEGORIES value, split on commas, duplicates dropped
notes          NOTE (several NOTEs are joined by a blank line)
=============  ==============================================================

Everything else (PHOTO, ADR, BDAY, NICKNAME, X-… and nested vCard 2.1 AGENT cards) is
passed over. ``ENCODING=QUOTED-PRINTABLE`` values (vCard 2.1, e.g. Android exports) are
decoded in their ``CHARSET`` (default UTF-8; cp1252 when the bytes are not valid in it).
vCard 2.1 text knows only the ``\\;`` and ``\\\\`` escapes; 3.0/4.0 also ``\\,`` and
``\\n``. Line breaks in values become ``\\n``.

What stops the import (:class:`WorkbookInputError`, naming the file and the line) is
damage to the file's structure: a file that does not begin with ``BEGIN:VCARD`` (or
holds no card at all), text or other components outside the cards, a ``BEGIN:VCARD``
without its ``END:VCARD`` (or the reverse, or mismatched BEGIN/END inside a card).
What only passes a card over, with a note in :attr:`Imported.skipped`, is damage inside
one card: a line that is not ``NAME:value``, or no name at all (no FN, N, ORG or EMAIL).
"""

from __future__ import annotations

import binascii
from pathlib import Path
from typing import Any

from workbook.errors import WorkbookInputError
from workbook.importers import Imported
from workbook.importers.contentlines import (
    Component,
    ContentLine,
    clean,
    read_file,
    split_escaped,
    unescape,
)

NOT_A_VCARD = "not a vCard file (it must begin with BEGIN:VCARD)"


def read(path: Path) -> Imported:
    """Read the vCard file at ``path`` (see the module docstring for the rules)."""
    root = read_file(path, ("VCARD",), NOT_A_VCARD, soft_breaks=True)
    stray = [(e.line, "text") for e in root.broken] + [(p.line, p.name) for p in root.properties]
    if stray:
        line, what = min(stray)
        raise WorkbookInputError(f"{path}: line {line}: {what} outside a vCard")
    for component in root.children:
        if component.name != "VCARD":
            raise WorkbookInputError(
                f"{path}: line {component.line}: BEGIN:{component.name} is not a vCard"
            )
    imported = Imported()
    for number, card in enumerate(root.children, start=1):
        where = f"card {number} (line {card.line})"
        if card.broken:
            imported.skipped.append(f"{where}: {card.broken[0]}")
            continue
        person = _person(card, f"card {number}")
        if person is None:
            imported.skipped.append(f"{where}: no name (no FN, N, ORG or EMAIL)")
        else:
            imported.people.append(person)
    return imported


def _person(card: Component, provisional_id: str) -> dict[str, Any] | None:
    """The person a card describes, or None when it gives no name."""
    version = card.first("VERSION")
    legacy = version is not None and version.value.strip() in ("2.1", "2.0", "1.0")

    def text(name: str) -> str | None:
        found = card.first(name)
        return clean(unescape(_decoded(found), legacy)) if found else None

    def parts(prop: ContentLine | None, separators: str) -> list[str]:
        if prop is None:
            return []
        raw = split_escaped(_decoded(prop), separators)
        return [c for c in (clean(unescape(p, legacy)) for p in raw) if c]

    def preferred(name: str, prefix: str) -> str | None:
        for prop in sorted(card.all(name), key=_preference):
            value = clean(unescape(_decoded(prop), legacy))
            if value and value.lower().startswith(prefix):
                value = clean(value[len(prefix) :])
            if value:
                return value
        return None

    organisation = next(iter(parts(card.first("ORG"), ";")), None)
    email = preferred("EMAIL", "mailto:")
    name = text("FN") or _composed(card.first("N"), legacy) or organisation or email
    if name is None:
        return None
    tags: list[str] = []
    for prop in card.all("CATEGORIES"):
        tags.extend(t for t in parts(prop, ",") if t not in tags)
    notes = [n for n in (clean(unescape(_decoded(p), legacy)) for p in card.all("NOTE")) if n]
    return {
        "id": provisional_id,
        "name": name,
        "organisation": organisation,
        "role": text("TITLE") or text("ROLE"),
        "email": email,
        "phone": preferred("TEL", "tel:"),
        "url": preferred("URL", ""),
        "tags": tags,
        "notes": "\n\n".join(notes) or None,
    }


def _composed(prop: ContentLine | None, legacy: bool) -> str | None:
    """N (family;given;additional;prefix;suffix) as "given family"."""
    if prop is None:
        return None
    components = [clean(unescape(p, legacy)) for p in split_escaped(_decoded(prop), ";")]
    family, given = [*components, None, None][:2]
    return " ".join(p for p in (given, family) if p) or None


def _preference(prop: ContentLine) -> int:
    """Sort key: ``PREF=n`` (4.0) ranks n, ``TYPE=pref`` (2.1/3.0) ranks 1, others last."""
    for value in prop.params.get("PREF", []):
        if value.strip().isdigit():
            return int(value)
    return 1 if "pref" in prop.types() else 101


def _decoded(prop: ContentLine) -> str:
    """The value with any quoted-printable encoding undone (still backslash-escaped)."""
    encoding = (prop.param("ENCODING") or "").upper()
    if encoding != "QUOTED-PRINTABLE":
        return prop.value
    raw = binascii.a2b_qp(prop.value.encode("utf-8"))
    for charset in (prop.param("CHARSET") or "utf-8", "utf-8"):
        try:
            return raw.decode(charset)
        except (UnicodeDecodeError, LookupError):
            continue
    return raw.decode("cp1252", errors="replace")
