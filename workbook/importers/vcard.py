"""vCard files (``.vcf``: vCard 2.1, 3.0 and 4.0) → people.

Read with the ``vobject`` library: it unfolds lines (vCard 2.1 quoted-printable soft
line breaks too) and splits each into name, parameters and value. The cards are found
here, in one pass over the file that also checks its structure, and read one at a time,
so that a large file costs time and memory in proportion to its size
(docs/robustness.md has the figures). vobject's own cards are not built: its vCard 3.0
value decoding cuts a NOTE at its first unescaped comma, reads 2.1 text by 3.0 rules and
decodes quoted-printable as UTF-8 whatever the CHARSET (failing on cp1252 bytes) — so
values are taken as written and decoded by the rules below (escapes with
:mod:`workbook.importers.contentlines`). The file is UTF-8 (with or without BOM)
once a character split by a fold is put back together (folds count octets:
:func:`~workbook.importers.contentlines.mend_folds`), else cp1252. Each ``BEGIN:VCARD``
… ``END:VCARD`` is one person, with the provisional id ``card N`` (N counts the cards in
the file from 1); messages name the card and the line it begins on.

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
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import vobject

from workbook.errors import WorkbookInputError
from workbook.files import bom_encoding, decode_text, read_bytes
from workbook.importers import Imported
from workbook.importers.contentlines import (
    Component,
    ContentLine,
    clean,
    mend_folds,
    split_escaped,
    unescape,
)
from workbook.limits import MAX_VCARD_BYTES, whole_number

NOT_A_VCARD = "not a vCard file (it must begin with BEGIN:VCARD)"
_BEGIN = re.compile(r"\s*BEGIN\s*:\s*VCARD\s*$", re.IGNORECASE)
# A photo, logo, sound or key (passed over) and its folded lines; not the continuation
# of a quoted-printable value cut by a soft line break (``=`` at the end of a line).
_BINARY = re.compile(
    r"(?<!=\n)^((?:[A-Za-z0-9-]+\.)?(?:PHOTO|LOGO|SOUND|KEY)[;:][^\n]*\n)((?:[ \t][^\n]*\n)+)",
    re.IGNORECASE | re.MULTILINE,
)


def read(path: Path) -> Imported:
    """Read the vCard file at ``path`` (see the module docstring for the rules)."""
    path = Path(path)
    # The file is held whole (hence the limit, before reading it), its cards parsed one at
    # a time: memory is the text, the people found and one card (docs/robustness.md).
    text = read_text(
        path, limit=MAX_VCARD_BYTES, what="a vCard file (split it, or leave photos out)"
    )
    # One kind of line end, so that every line number below counts the same lines.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # vobject copies a logical line built so far at each of its folds: quadratic in a long
    # folded value. A photo (some phones keep full-size ones) is the long value of a
    # card, and never read: its folded lines are emptied (the lines stay, for the numbers).
    text = _BINARY.sub(_empty_folds, text)
    imported = Imported()
    for number, (line, start, end) in enumerate(_card_spans(path, text), start=1):
        card = _card(path, text[start:end], line)
        person = _person(card, f"card {number}")
        if person is None:
            where = f"card {number} (line {line})"
            imported.skipped.append(f"{where}: no name (no FN, N, ORG or EMAIL)")
        else:
            imported.people.append(person)
    return imported


def read_text(path: Path, limit: int, what: str) -> str:
    """The file's text: UTF-8 (or UTF-16/32 with a byte-order mark), with any character a
    fold splits mended before decoding; else cp1252, byte for byte. A file over ``limit``
    bytes is refused unread, as not ``what``."""
    raw = read_bytes(path, limit=limit, what=what)
    if bom_encoding(raw) not in (None, "utf-8"):
        return decode_text(raw, path)
    try:
        return mend_folds(raw).decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        raise WorkbookInputError(f"{path}: not text in utf-8-sig or cp1252") from None


def _card_spans(path: Path, text: str) -> list[tuple[int, int, int]]:
    """Where each card is: the line of its ``BEGIN:VCARD`` and the offsets in ``text`` of
    the lines between that and its ``END:VCARD``.

    The whole file is checked before any card is parsed: cards that open and close, and
    nothing between them (vobject itself passes over such damage, a file cut short or
    stray text, silently)."""
    spans: list[tuple[int, int, int]] = []
    open_: list[tuple[str, int]] = []
    start = offset = 0
    seen_text = False
    for number, line in enumerate(text.split("\n"), start=1):
        here, offset = offset, offset + len(line) + 1
        if not line.strip():
            continue
        if not seen_text:
            seen_text = True
            if not _BEGIN.match(line):
                raise WorkbookInputError(f"{path}: line {number}: {NOT_A_VCARD}")
        if line[0] in " \t":
            if not open_:  # nothing outside a card to continue
                raise WorkbookInputError(f"{path}: line {number}: text outside a vCard")
            continue  # the continuation of a folded line
        name, colon, value = line.partition(":")
        name, value = name.strip().upper(), value.strip().upper()
        if name == "BEGIN" and colon:
            if not open_:
                if value != "VCARD":
                    raise WorkbookInputError(f"{path}: line {number}: BEGIN:{value} is not a vCard")
                start = offset
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
            if len(open_) == 1:
                spans.append((open_[0][1], start, here))
            open_.pop()
        elif not open_:
            what = name.split(";")[0] if colon and re.fullmatch(r"[\w.-]+(;.*)?", name) else "text"
            raise WorkbookInputError(f"{path}: line {number}: {what} outside a vCard")
    if open_:
        value, number = open_[-1]
        raise WorkbookInputError(f"{path}: line {number}: BEGIN:{value} is never closed")
    if not spans:
        raise WorkbookInputError(f"{path}: {NOT_A_VCARD}")
    return spans


def _card(path: Path, text: str, line: int) -> Component:
    """The card whose ``BEGIN:VCARD`` is on ``line`` and whose lines up to its ``END:VCARD``
    are ``text``, as the :class:`Component` the field rules read (the properties of a
    nested component, a vCard 2.1 AGENT card, passed over).

    vobject unfolds the lines (and joins quoted-printable soft line breaks) and splits
    each into name, parameters and value. Its own cards are not built: they would decode
    values by rules that are wrong here (see the module docstring), match BEGIN and END
    again, and cost most of the time and memory of an import."""
    card = Component(name="VCARD", line=line)
    depth = 0
    for name, parameters, value, group in _lines(path, text, line):
        name = name.upper()
        if group is None and name in ("BEGIN", "END"):
            depth = depth + 1 if name == "BEGIN" else max(depth - 1, 0)
        elif depth == 0:
            card.properties.append(ContentLine(name=name, value=value, params=_params(parameters)))
    return card


def _lines(path: Path, text: str, line: int) -> Iterator[tuple[str, list[list[str]], str, Any]]:
    """Each logical line of a card's lines ``text`` (``line``: its BEGIN:VCARD), read by
    vobject: name, parameters, value and group."""
    try:
        for logical, number in vobject.base.getLogicalLines(io.StringIO(text), allowQP=True):
            yield vobject.base.parseLine(logical, number)
    except vobject.base.ParseError as error:
        # vobject counts from the line after BEGIN:VCARD, but gives the first line, and a
        # line after a blank one, the number of the line before.
        number = int(getattr(error, "lineNumber", 0) or 0)
        if number == 0 or not text.split("\n")[number - 1].strip():
            number += 1
        problem = " ".join(str(error.msg).split())[:120]
        raise WorkbookInputError(
            f"{path}: line {line + number}: not a readable vCard ({problem})"
        ) from None


def _empty_folds(match: re.Match[str]) -> str:
    """A photo's (logo's, …) first line, its folded lines emptied (see :data:`_BINARY`)."""
    return match.group(1) + "\n" * match.group(2).count("\n")


def _params(parameters: list[list[str]]) -> dict[str, list[str]]:
    """vobject's parameters (``[name, value, ...]`` each) by upper-case name, every value
    split at its commas; a bare parameter (vCard 2.1 ``TEL;HOME;PREF:``) is a TYPE, but a
    bare ``QUOTED-PRINTABLE`` is the ENCODING."""
    params: dict[str, list[str]] = {}
    for name, *values in parameters:
        if not values:
            if name.upper() == "QUOTED-PRINTABLE":
                params["ENCODING"] = [name]
            else:
                params.setdefault("TYPE", []).append(name)
            continue
        found = params.setdefault(name.upper(), [])
        for value in values:
            found.extend(value.split(","))
    return params


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
        rank = whole_number(value)
        if rank is not None:
            return rank
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
