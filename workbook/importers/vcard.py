"""vCard files (``.vcf``: vCard 2.1, 3.0 and 4.0) → people.

Read with the ``vobject`` library: it unfolds lines (vCard 2.1 quoted-printable soft
line breaks too), parses parameters and finds the cards. What it gets wrong is handled
here: its vCard 3.0 value decoding cuts a NOTE at its first unescaped comma, reads 2.1
text by 3.0 rules and decodes quoted-printable as UTF-8 whatever the CHARSET (failing on
cp1252 bytes) — so values are taken as written and decoded by the rules below (escapes
with :mod:`workbook.importers.contentlines`). The file is UTF-8 (with or without BOM),
else cp1252. Each ``BEGIN:VCARD`` … ``END:VCARD`` is one person, with the
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

What stops the import (:class:`WorkbookInputError`, naming the file and the line): a
file that does not begin with ``BEGIN:VCARD`` (or holds no card at all), text or other
components outside the cards, a ``BEGIN:VCARD`` without its ``END:VCARD`` (or the
reverse, or mismatched BEGIN/END inside a card), and a line vobject cannot read (not
``NAME:value``). A card without a name (no FN, N, ORG or EMAIL) is passed over with a
note in :attr:`Imported.skipped`.
"""

from __future__ import annotations

import binascii
import re
from pathlib import Path
from typing import Any

import vobject

from workbook.errors import WorkbookInputError
from workbook.importers import Imported, read_text
from workbook.importers.contentlines import (
    Component,
    ContentLine,
    clean,
    split_escaped,
    unescape,
)
from workbook.limits import MAX_VCARD_BYTES

NOT_A_VCARD = "not a vCard file (it must begin with BEGIN:VCARD)"
QP_PARAMETER = "X-WORKBOOK-ENCODING"
RAW_CARD = "X-WORKBOOK-VCARD"
_CARD_DELIMITER = re.compile(r"^([ \t]*(?:BEGIN|END)[ \t]*:[ \t]*)VCARD(?=[ \t]*\r?$)", re.I | re.M)
_BEGIN = re.compile(r"\s*BEGIN\s*:\s*VCARD\s*$", re.IGNORECASE)
# The ENCODING=QUOTED-PRINTABLE parameter (or 2.1's bare QUOTED-PRINTABLE) of a line.
_QP_PARAMETER = re.compile(r"(;)(?:ENCODING=)?QUOTED-PRINTABLE(?=[;:])", re.IGNORECASE)


def read(path: Path) -> Imported:
    """Read the vCard file at ``path`` (see the module docstring for the rules)."""
    path = Path(path)
    # Parsing holds some 45 times the file in memory: a clear limit, before reading it all.
    text = read_text(
        path, limit=MAX_VCARD_BYTES, what="a vCard file (split it, or leave photos out)"
    )
    first = next((n for n, line in enumerate(text.splitlines(), 1) if line.strip()), None)
    if first is None or not _BEGIN.match(text.splitlines()[first - 1]):
        where = f"line {first}: " if first else ""
        raise WorkbookInputError(f"{path}: {where}{NOT_A_VCARD}")
    _check_structure(path, text)
    imported = Imported()
    for number, card in enumerate(_cards(path, text), start=1):
        where = f"card {number} (line {card.line})"
        person = _person(card, f"card {number}")
        if person is None:
            imported.skipped.append(f"{where}: no name (no FN, N, ORG or EMAIL)")
        else:
            imported.people.append(person)
    return imported


def _check_structure(path: Path, text: str) -> None:
    """Cards that open and close, and nothing between them: vobject itself passes over
    such damage (a file cut short, stray text) silently."""
    open_: list[tuple[str, int]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line[0] in " \t":
            continue  # blank, or the continuation of a folded line
        name, colon, value = line.partition(":")
        name, value = name.strip().upper(), value.strip().upper()
        if name == "BEGIN" and colon:
            if not open_ and value != "VCARD":
                raise WorkbookInputError(f"{path}: line {number}: BEGIN:{value} is not a vCard")
            open_.append((value, number))
        elif name == "END" and colon:
            if not open_:
                raise WorkbookInputError(
                    f"{path}: line {number}: END:{value} without a BEGIN:{value}"
                )
            if open_[-1][0] != value:
                raise WorkbookInputError(
                    f"{path}: line {number}: END:{value} where END:{open_[-1][0]} was expected"
                )
            open_.pop()
        elif not open_:
            what = name.split(";")[0] if colon and re.fullmatch(r"[\w.-]+(;.*)?", name) else "text"
            raise WorkbookInputError(f"{path}: line {number}: {what} outside a vCard")
    if open_:
        value, number = open_[-1]
        raise WorkbookInputError(f"{path}: line {number}: BEGIN:{value} is never closed")


def _cards(path: Path, text: str) -> list[Component]:
    """The cards of the file, parsed by vobject, as :class:`Component` trees."""
    text = _QP_PARAMETER.sub(_hide_qp, text)
    # Cards under another name: vobject then gives every value as written, escapes and
    # all, instead of decoding it by its vCard 3.0 rules (which cut a NOTE at its first
    # comma and read 2.1 text wrong); the rules of the module docstring decode it.
    text = _CARD_DELIMITER.sub(rf"\g<1>{RAW_CARD}", text)
    try:
        found = list(vobject.readComponents(text, transform=False, allowQP=True))
    except vobject.base.ParseError as error:
        line = getattr(error, "lineNumber", None)
        where = f"line {line}: " if line else ""
        problem = " ".join(str(getattr(error, "message", "") or error).split())
        problem = re.sub(r"^At line \d+: ", "", problem)[:120]
        raise WorkbookInputError(f"{path}: {where}not a readable vCard ({problem})") from None
    except Exception as error:  # vobject raises other kinds on damaged input too
        problem = " ".join(str(error).split())[:120] or type(error).__name__
        raise WorkbookInputError(f"{path}: not a readable vCard ({problem})") from None
    starts = iter(_card_lines(text))
    cards = []
    for component in found:
        if component.name.upper() != RAW_CARD:
            raise WorkbookInputError(f"{path}: BEGIN:{component.name} is not a vCard")
        cards.append(_component(component, next(starts, 0)))
    if not cards:
        raise WorkbookInputError(f"{path}: {NOT_A_VCARD}")
    return cards


def _hide_qp(match: re.Match[str]) -> str:
    """``ENCODING=QUOTED-PRINTABLE`` renamed so that vobject joins the soft line breaks
    but leaves the decoding to :func:`_decoded`, which honours CHARSET (vobject decodes
    as UTF-8 whatever the charset, and fails on cp1252 bytes)."""
    return f"{match.group(1)}{QP_PARAMETER}=QUOTED-PRINTABLE"


def _card_lines(text: str) -> list[int]:
    """The line number of each top-level ``BEGIN:VCARD``."""
    lines, depth = [], 0
    for number, line in enumerate(text.splitlines(), start=1):
        upper = line.strip().upper()
        if upper.startswith("BEGIN:"):
            if depth == 0:
                lines.append(number)
            depth += 1
        elif upper.startswith("END:"):
            depth = max(depth - 1, 0)
    return lines


def _component(card: Any, line: int) -> Component:
    """A vobject component as the :class:`Component` the field rules read."""
    component = Component(name="VCARD", line=line)
    for lines in card.contents.values():
        for prop in lines:
            if not hasattr(prop, "value") or isinstance(prop, vobject.base.Component):
                continue  # a nested component (a 2.1 AGENT card)
            params = {
                k.upper(): [part for value in v for part in str(value).split(",")]
                for k, v in prop.params.items()
            }
            if QP_PARAMETER in params:
                params["ENCODING"] = params.pop(QP_PARAMETER)
            bare = [str(p) for p in getattr(prop, "singletonparams", [])]
            if bare:  # vCard 2.1 ``TEL;HOME;PREF:`` means TYPE=home,pref
                params.setdefault("TYPE", []).extend(bare)
            component.properties.append(
                ContentLine(name=prop.name.upper(), value=str(prop.value), params=params)
            )
    return component


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
