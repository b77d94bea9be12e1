"""Google Contacts CSV (contacts.google.com → Export → Google CSV).

Two headers are read. The newer one starts ``First Name,Middle Name,Last Name,...`` and
has ``Organization Name``, ``Organization Title`` and ``Labels``; the older one starts
``Name,Given Name,Additional Name,Family Name,...`` and has ``Organization 1 - Name``,
``Organization 1 - Title`` and ``Group Membership``. Several values in one cell are
joined by `` ::: ``; the first one is taken.

Columns → person: name ← ``Name`` (older), else ``First``/``Given`` + ``Middle``/
``Additional`` + ``Last``/``Family Name``, else ``Nickname``, else ``File As``;
organisation ← ``Organization Name`` / ``Organization 1 - Name``; role ←
``Organization Title`` / ``Organization 1 - Title``; email ← ``E-mail 1 - Value`` (else
``E-mail 2 - Value``); phone ← ``Phone 1 - Value`` (else 2); url ← ``Website 1 - Value``;
notes ← ``Notes``; tags ← ``Labels`` / ``Group Membership`` split on `` ::: ``, with
Google's ``* `` mark of a system group removed and ``myContacts`` (every contact has it)
left out; other labels, ``starred`` included, are kept.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from workbook.importers import Imported
from workbook.importers.csvfiles import Row, join, read_people, split

# System groups that say nothing about the person.
DROPPED_LABELS = {"mycontacts", "my contacts"}


def labels(cell: str | None) -> list[str]:
    """Tags from a ``Labels`` / ``Group Membership`` cell."""
    tags = []
    for label in split(cell):
        label = label.removeprefix("* ").strip()
        if label and label.casefold() not in DROPPED_LABELS:
            tags.append(label)
    return tags


def _person(row: Row) -> dict[str, Any]:
    name = row.get("Name") or join(
        row.get("First Name", "Given Name"),
        row.get("Middle Name", "Additional Name"),
        row.get("Last Name", "Family Name"),
    )
    return {
        "name": name or row.first("Nickname", "File As"),
        "email": row.first("E-mail 1 - Value", "E-mail 2 - Value"),
        "organisation": row.first("Organization Name", "Organization 1 - Name"),
        "role": row.first("Organization Title", "Organization 1 - Title"),
        "phone": row.first("Phone 1 - Value", "Phone 2 - Value"),
        "url": row.first("Website 1 - Value", "Website 2 - Value"),
        "notes": row.get("Notes"),
        "tags": labels(row.get("Labels", "Group Membership")),
    }


def read(path: Path) -> Imported:
    """The people of a Google Contacts CSV export."""
    return read_people(
        path,
        _person,
        what="a Google Contacts export",
        required=(("First Name", "Given Name"), ("Labels", "Group Membership")),
        expected="First Name or Given Name, and Labels or Group Membership",
    )
