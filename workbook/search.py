"""Finding people (docs/capture.md, People): the app's search box, and the one way the
app's touchpoint form and ``workbook log touch`` turn a typed name into a person.

* :func:`search_people` — any part of a name, organisation, role, tags, needs or notes,
  or of what you learned / their needs in an encounter with them; accents, case and
  spacing do not matter ("zoe" finds "Zoë", "BAKERY" finds "bakery"). The SQL is in
  :meth:`workbook.store.Workbook.search_people`; both sides are compared through
  :func:`workbook.capture.name_key`.
* :func:`closest_names` — when nothing matches, the names that look most like what was
  typed ("jonh" → "John Smith").
* :func:`known_person` — a name that must match someone already there (a touchpoint):
  one person, else one clear error listing who it could be or the closest names.
"""

from __future__ import annotations

import difflib
from typing import Any

from workbook import capture
from workbook.errors import CaptureError
from workbook.store import Workbook

#: At most this many people are listed for a search.
MAX_RESULTS = 50
#: At most this many closest names are suggested.
MAX_SUGGESTIONS = 5
#: How alike a name (or one word of it) must be to what was typed to be suggested (0–1).
SIMILARITY = 0.6


def search_people(wb: Workbook, text: str, limit: int = MAX_RESULTS) -> list[dict[str, Any]]:
    """The people ``text`` finds (see the module docstring), most recently met first."""
    ids = wb.search_people(text, capture.name_key, limit)
    people = {p["id"]: p for p in wb.records("people")}
    return [people[i] for i in ids if i in people]


def closest_names(
    people: list[dict[str, Any]], text: str, limit: int = MAX_SUGGESTIONS
) -> list[str]:
    """The labels of the people whose name, or one word of it, is most like ``text``
    (most alike first; none below :data:`SIMILARITY`)."""
    key = capture.name_key(text)
    if not key:
        return []
    scored = []
    for person in people:
        name = capture.name_key(person["name"])
        candidates = [name, *name.split()]
        score = max(difflib.SequenceMatcher(None, key, c).ratio() for c in candidates)
        if score >= SIMILARITY:
            scored.append((-score, name, person["id"], person))
    scored.sort(key=lambda s: s[:3])
    return [capture.person_label(s[3], people) for s in scored[:limit]]


def known_person(wb: Workbook, text: str, field: str = "Who") -> dict[str, Any]:
    """The one person ``text`` names (:func:`workbook.capture.find_person`), or a
    :class:`CaptureError` on ``field``: nobody (with the closest names, and how to add
    someone new) or several (:class:`workbook.capture.AmbiguousPerson`)."""
    if not text or not text.strip():
        raise CaptureError(field, "enter the name of someone in your workbook")
    people = wb.records("people")
    found = capture.find_person(people, text)
    if len(found) > 1:
        raise capture.AmbiguousPerson(text, found)
    if found:
        return found[0]
    close = closest_names(people, text)
    hint = f"; the closest: {', '.join(close)}" if close else ""
    raise CaptureError(
        field,
        f"nobody called “{text.strip()}” is in your workbook{hint}. "
        "A new person is added by logging an encounter with them",
    )


__all__ = ["MAX_RESULTS", "closest_names", "known_person", "search_people"]
