"""Which person a typed name means (docs/capture.md, Names): the matching rules, linear in
the number of people.

A name matches a person whatever its case, accents and spacing ("marco bellini" finds
"Marco Bellini", "zoe" finds "Zoë"); "Name — Organisation" picks one of two people with
the same name; a name that matches several people is :class:`AmbiguousPerson`. The
people are indexed by their name keys once (:class:`PeopleIndex`), so labelling or
matching among 20,000 people is one pass, not everyone compared with everyone.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Sequence
from typing import Any

from workbook.errors import CaptureError
from workbook.schema import NAME_SEPARATOR


class _Marks(dict[int, int | None]):
    """``str.translate`` table that drops combining marks (accents once decomposed),
    filled in as characters are met."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_MARKS = _Marks()


def name_key(text: str) -> str:
    """How names are compared: accents, case and spacing do not matter."""
    if text.isascii():  # most names: nothing to decompose (the same key, sooner)
        return " ".join(text.lower().split())
    bare = unicodedata.normalize("NFKD", text).translate(_MARKS)
    return " ".join(bare.casefold().split())


def _label(person: dict[str, Any]) -> str:
    name = " ".join(str(person["name"]).split())
    organisation = " ".join((person.get("organisation") or "").split())
    return f"{name}{NAME_SEPARATOR}{organisation}" if organisation else name


# The separator as a name key sees it: a label's key is its name's and organisation's
# keys around it (folding is character by character, the separator is spaces around "—").
_SEPARATOR_KEY = name_key(NAME_SEPARATOR).join("  ")


def _told_apart(person: dict[str, Any], label: str) -> str:
    return f"{label} ({person.get('email') or person['id']})"


def person_labels(people: Sequence[dict[str, Any]]) -> dict[str, str]:
    """Every person's label by id: "Name — Organisation" (or just the name); when two
    people have the same label, the e-mail (or, lacking one, the id) tells them apart."""
    return _labels(people, {p["id"]: _label(p) for p in people})


def _labels(people: Sequence[dict[str, Any]], plain: dict[str, str]) -> dict[str, str]:
    seen = Counter(plain.values())
    return {
        p["id"]: _told_apart(p, plain[p["id"]]) if seen[plain[p["id"]]] > 1 else plain[p["id"]]
        for p in people
    }


def person_label(person: dict[str, Any], people: Sequence[dict[str, Any]] = ()) -> str:
    """One person's label (see :func:`person_labels`), told apart from ``people``."""
    label = _label(person)
    if any(p["id"] != person["id"] and _label(p) == label for p in people):
        return _told_apart(person, label)
    return label


class PeopleIndex:
    """People indexed once by the keys a typed name is compared with.

    :meth:`find` is then a dictionary look-up: by full label first (as the pickers show
    it), then by "Name — Organisation", then by name, then by id.
    """

    def __init__(self, people: Sequence[dict[str, Any]]) -> None:
        self.people = list(people)
        plain = {p["id"]: _label(p) for p in self.people}
        self.labels = _labels(self.people, plain)
        self._by_label: dict[str, list[dict[str, Any]]] = {}
        self._by_plain: dict[str, list[dict[str, Any]]] = {}
        self._by_name: dict[str, list[dict[str, Any]]] = {}
        self._by_id: dict[str, dict[str, Any]] = {}
        for person in self.people:
            label = self.labels[person["id"]]
            own = name_key(str(person["name"]))
            organisation = name_key(person.get("organisation") or "")
            plain_key = f"{own}{_SEPARATOR_KEY}{organisation}" if organisation else own
            label_key = plain_key if label == plain[person["id"]] else name_key(label)
            self._by_label.setdefault(label_key, []).append(person)
            self._by_plain.setdefault(plain_key, []).append(person)
            self._by_name.setdefault(own, []).append(person)
            self._by_id.setdefault(str(person["id"]), person)

    def find(self, text: str) -> list[dict[str, Any]]:
        """The people ``text`` names. An empty list: nobody (a new person); one: them;
        several: ambiguous."""
        key = name_key(text)
        if not key:
            return []
        for index in (self._by_label, self._by_plain, self._by_name):
            if key in index:
                return list(index[key])
        found = self._by_id.get(text.strip())
        return [found] if found is not None else []


def find_person(people: Sequence[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """The people ``text`` names (see :class:`PeopleIndex`), in one pass over ``people``.

    Every key a person can be found by begins with their name's key, so only the people
    whose name's key begins ``text``'s are indexed — with any namesake, which has the same
    name's key, so labels are told apart as among everyone.
    """
    key, typed = name_key(text), text.strip()
    if not key:
        return []
    candidates = [p for p in people if key.startswith(name_key(str(p["name"]))) or p["id"] == typed]
    return PeopleIndex(candidates).find(text)


class AmbiguousPerson(CaptureError):
    """A name that matches more than one person: nothing is written until one is chosen."""

    def __init__(self, text: str, candidates: list[dict[str, Any]]) -> None:
        self.candidates = candidates
        labels = person_labels(candidates)
        shown = "; ".join(labels[p["id"]] for p in candidates)
        super().__init__(
            "Who",
            f"“{text.strip()}” could be {len(candidates)} people: {shown}. "
            "Say which, as “Name — Organisation”",
        )


def check_new_name(text: str) -> str:
    """A name that matched nobody, as the name of a new person; a blank one, or one
    written "Name — Organisation" (a mistyped known person), is a :class:`CaptureError`."""
    if not text or not text.strip():
        raise CaptureError("Who", "enter a name: someone you know, or someone new")
    if NAME_SEPARATOR.strip() in text:
        raise CaptureError(
            "Who",
            f"nobody is “{text.strip()}”: pick them from the list, or type just a name "
            "to add someone new",
        )
    return text.strip()
