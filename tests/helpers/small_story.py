"""A small client story, worked out by hand, for the e-mail and chart-table tests.

Reported on for October 2026 as of 20 Nov 2026 with a 7-day window (docs/metrics.md):

* n1: Jane Roe, met 2 Oct at the Chamber breakfast (a meetup), followed up 3 Oct → followed;
* n2: Tom & Jerry Ray, met 5 Oct at a café, card exchanged, never followed up → missed,
  overdue since 12 Oct (5 Oct + 7 days): 39 days on 20 Nov; the one card never followed up;
* n3: Lee Park, met 20 Oct at the gym, due 1 Nov, nothing since → missed, 19 days overdue.

Follow-up rate 1 of 3 = 33%; 3 encounters, 3 new people; overdue 2, Tom first. By
setting: the meetup 1 of 1 (100%), everyday places 0 of 2 (0%). The funnel: 3 met, 1
followed up, nobody further.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

from tests.conftest import EXAMPLE_DOCUMENT
from workbook.jsonio import import_json
from workbook.store import Workbook

AS_OF = dt.date(2026, 11, 20)
PERIOD = "2026-10"


def story(owner: str) -> dict[str, Any]:
    """The native JSON document of the story, its owner named ``owner``."""
    document = copy.deepcopy(EXAMPLE_DOCUMENT)
    document["owner"] = {"name": owner}
    document["people"] = [
        {**document["people"][0], "id": pid, "name": name}
        for pid, name in (("p1", "Jane Roe"), ("p2", "Tom & Jerry Ray"), ("p3", "Lee Park"))
    ]
    base = document["encounters"][0]
    document["encounters"] = [
        base,
        {**base, "id": "n2", "person": "p2", "date": "2026-10-05", "event": None,
         "place": "café", "card_exchanged": True},
        {**base, "id": "n3", "person": "p3", "date": "2026-10-20", "event": None,
         "place": "gym", "card_exchanged": False, "follow_up_due": "2026-11-01"},
    ]  # fmt: skip
    document["opportunities"] = []
    return document


def write_client(path: Path, owner: str, email: str | None = None) -> Path:
    """A workbook at ``path`` holding the story, with the owner's e-mail if given."""
    source = path.with_suffix(".json")
    source.write_text(json.dumps(story(owner)), encoding="utf-8")
    with Workbook.open(path, create=True) as workbook:
        import_json(workbook, source)
        if email:
            workbook.set_owner_email(email)
    source.unlink()
    return path
