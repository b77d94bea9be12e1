"""Outlook contacts CSV (File → Open & Export → Import/Export → Comma Separated Values).

The header is in the language of the Outlook that wrote it, so columns are found by
name, never by position; English, German and French names are known. The file is often
cp1252 rather than UTF-8 (both are read), and a German or French Excel may have saved it
with semicolons (read too).

Columns → person (English / German / French):

- name ← ``First Name`` / ``Vorname`` / ``Prénom`` + ``Middle Name`` / ``Weitere
  Vornamen`` / ``Deuxième prénom`` + ``Last Name`` / ``Nachname`` / ``Nom``
- organisation ← ``Company`` / ``Firma`` / ``Société``
- role ← ``Job Title`` / ``Position`` / ``Fonction`` or the second ``Titre`` column (in
  French the first ``Titre`` is the courtesy title, M. or Mme)
- email ← the first of ``E-mail Address``, ``E-mail 2 Address``, ``E-mail 3 Address``
  (``E-Mail-Adresse``…, ``Adresse de messagerie``…) that holds an ``@`` (an Exchange
  contact's first address may be an ``/o=…`` directory path)
- phone ← ``Business Phone`` / ``Telefon geschäftlich`` / ``Téléphone (bureau)``, else
  the mobile, primary or home phone
- url ← ``Web Page`` / ``Webseite`` / ``Page Web``
- notes ← ``Notes`` / ``Notizen``
- tags ← ``Categories`` / ``Kategorien`` / ``Catégories`` split on ``;``
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from workbook.importers import Imported
from workbook.importers.csvfiles import Row, join, read_people, split

FIRST = ("First Name", "Vorname", "Prénom")
MIDDLE = ("Middle Name", "Weitere Vornamen", "Deuxième prénom")
LAST = ("Last Name", "Nachname", "Nom")
COMPANY = ("Company", "Firma", "Société")
ROLE = ("Job Title", "Position", "Fonction", "Titre (2)")
EMAILS = (
    ("E-mail Address", "E-Mail-Adresse", "Adresse de messagerie"),
    ("E-mail 2 Address", "E-Mail 2: Adresse", "Adresse de messagerie 2"),
    ("E-mail 3 Address", "E-Mail 3: Adresse", "Adresse de messagerie 3"),
)
PHONES = (
    "Business Phone",
    "Telefon geschäftlich",
    "Téléphone (bureau)",
    "Téléphone bureau",
    "Mobile Phone",
    "Mobiltelefon",
    "Tél. mobile",
    "Primary Phone",
    "Haupttelefon",
    "Téléphone principal",
    "Home Phone",
    "Telefon privat",
    "Téléphone (domicile)",
    "Téléphone domicile",
)
WEB_PAGE = ("Web Page", "Webseite", "Page Web")
NOTES = ("Notes", "Notizen")
CATEGORIES = ("Categories", "Kategorien", "Catégories")


def _email(row: Row) -> str | None:
    for names in EMAILS:
        value = row.get(*names)
        if value and "@" in value:
            return value
    return None


def _person(row: Row) -> dict[str, Any]:
    return {
        "name": join(row.get(*FIRST), row.get(*MIDDLE), row.get(*LAST)),
        "email": _email(row),
        "organisation": row.get(*COMPANY),
        "role": row.get(*ROLE),
        "phone": row.get(*PHONES),
        "url": row.get(*WEB_PAGE),
        "notes": row.get(*NOTES),
        "tags": split(row.get(*CATEGORIES), ";"),
    }


def read(path: Path) -> Imported:
    """The people of an Outlook contacts CSV export."""
    return read_people(
        path,
        _person,
        what="an Outlook contacts export",
        required=(FIRST, LAST, EMAILS[0]),
        expected="First Name, Last Name, E-mail Address or their German or French names",
    )
