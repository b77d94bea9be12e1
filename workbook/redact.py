"""``--redact`` (docs/choices.md, Reports): what a coach may show without naming anyone.

Every person's name becomes a stable pseudonym (the same person gets the same one in
every report, derived from their id), and e-mails, phones, URLs and every free-text note
about people are left out: organisation, role and tags, person notes and needs, where an
encounter happened (its free-text ``place``, e.g. "Yorick's house party"), what was learned
there, their needs and my offer, touchpoint and opportunity notes, an event's location, the
free text of debriefs and the coach's notes (all of which often name people). The owner's
own purposes, event names and kinds stay; so do the coach's suggested targets (numbers).
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from typing import Any

from workbook.frames import Frames
from workbook.schema import FREE_TEXT, JSON_FIELDS

ADJECTIVES = (
    "Amber",
    "Azure",
    "Bright",
    "Calm",
    "Cedar",
    "Coral",
    "Crisp",
    "Dawn",
    "Ember",
    "Fern",
    "Frost",
    "Golden",
    "Hazel",
    "Indigo",
    "Ivory",
    "Jade",
    "Juniper",
    "Lively",
    "Maple",
    "Meadow",
    "Misty",
    "Noble",
    "Olive",
    "Pebble",
    "Quiet",
    "Rapid",
    "River",
    "Sage",
    "Silver",
    "Sunny",
    "Swift",
    "Willow",
)
ANIMALS = (
    "Badger",
    "Crane",
    "Dolphin",
    "Falcon",
    "Fox",
    "Gecko",
    "Heron",
    "Ibis",
    "Koala",
    "Lark",
    "Lynx",
    "Marten",
    "Newt",
    "Otter",
    "Owl",
    "Panda",
    "Puffin",
    "Quail",
    "Raven",
    "Robin",
    "Seal",
    "Sparrow",
    "Stork",
    "Swan",
    "Tern",
    "Thrush",
    "Tiger",
    "Viper",
    "Walrus",
    "Wren",
    "Yak",
    "Zebra",
)


def pseudonym(person_id: str) -> str:
    """A stable, readable pseudonym for a person id, e.g. ``Sage Otter 3f2``."""
    digest = hashlib.sha256(person_id.encode("utf-8")).digest()
    suffix = digest[2:4].hex()[:3]
    return f"{ADJECTIVES[digest[0] % len(ADJECTIVES)]} {ANIMALS[digest[1] % len(ANIMALS)]} {suffix}"


def redact_frames(frames: Frames) -> Frames:
    """A copy of ``frames`` with pseudonyms for names and no contact details or notes."""
    people = frames.people.copy()
    people["name"] = [pseudonym(i) for i in people["id"]]
    changed: dict[str, Any] = {"people": people}  # Frames fields by name: all DataFrames
    # Which fields go is their declaration's ``free_text`` (workbook.schema).
    for collection, text_columns in FREE_TEXT.items():
        frame = people if collection == "people" else getattr(frames, collection).copy()
        for column in text_columns:
            if column in JSON_FIELDS.get(collection, ()):  # tags: an empty list
                frame[column] = [[] for _ in range(len(frame))]
            else:
                frame[column] = None
        changed[collection] = frame
    return replace(frames, **changed)
