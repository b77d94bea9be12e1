"""Finding people (workbook/search.py, Workbook.search_people) on a small workbook:

- p1 Zoë Ålund, organisation "Bäckerei Müller", tags ["hockey"], notes "likes jazz";
- p2 John Smith, needs "An Accountant"; met at n1 (2026-10-02), where I learned
  "Runs the BAKERY on Main St";
- p3 Jon Smyth, met at n2 (2026-10-05), their needs "50% off_cuts";
- p4 Joan Smith, never met.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from workbook.errors import CaptureError
from workbook.search import closest_names, known_person, search_people
from workbook.store import Workbook, init_workbook


@pytest.fixture(scope="module")
def path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = init_workbook(Path(tmp_path_factory.mktemp("search")) / "wb.db")
    with Workbook.open(path) as wb, wb.transaction():
        wb.put(
            "people",
            {
                "id": "p1",
                "name": "Zoë Ålund",
                "organisation": "Bäckerei Müller",
                "tags": ["hockey"],
                "notes": "likes jazz",
            },
        )
        wb.put("people", {"id": "p2", "name": "John Smith", "needs": "An Accountant"})
        wb.put("people", {"id": "p3", "name": "Jon Smyth"})
        wb.put("people", {"id": "p4", "name": "Joan Smith"})
        wb.put(
            "encounters",
            {
                "id": "n1",
                "person": "p2",
                "date": "2026-10-02",
                "learned": "Runs the BAKERY on Main St",
            },
        )
        wb.put(
            "encounters",
            {"id": "n2", "person": "p3", "date": "2026-10-05", "their_needs": "50% off_cuts"},
        )
    return path


def found(path: Path, text: str) -> list[str]:
    with Workbook.open(path) as wb:
        return [p["id"] for p in search_people(wb, text)]


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("zoe", ["p1"]),  # accents
        ("ALUND", ["p1"]),  # case and accents
        ("  zoë   ålund ", ["p1"]),  # spacing
        ("backerei", ["p1"]),  # organisation
        ("müll", ["p1"]),  # any part
        ("hock", ["p1"]),  # tags
        ("jazz", ["p1"]),  # notes
        ("accountant", ["p2"]),  # needs
        ("bakery", ["p2"]),  # what I learned, in an encounter
        ("off_cuts", ["p3"]),  # their needs, in an encounter; "_" is a letter
        ("50%", ["p3"]),  # "%" is a letter too
        ("%", ["p3"]),
        ("_", ["p3"]),
        ("smith", ["p2", "p4"]),  # met (most recently first), then never met
        ("smy", ["p3"]),
        ("nobody", []),
        ("", []),
    ],
)
def test_search_matches_any_part_whatever_the_accents_and_case(
    path: Path, text: str, ids: list[str]
) -> None:
    assert found(path, text) == ids


def test_most_recently_met_first(path: Path) -> None:
    assert found(path, "j") == ["p3", "p2", "p4", "p1"]  # p1 by "jazz", never met: by name


def test_closest_names_for_a_typo(path: Path) -> None:
    with Workbook.open(path) as wb:
        people = wb.records("people")
    # difflib's ratio 2·M/T of "jonh" with a word: "jon" 6/7, "joan" and "john" 6/8
    # (ties by name).
    assert closest_names(people, "jonh") == ["Jon Smyth", "Joan Smith", "John Smith"]
    assert closest_names(people, "Zoe Alund") == ["Zoë Ålund — Bäckerei Müller"]  # labels
    assert closest_names(people, "xyz") == []


def test_known_person_or_a_clear_error(path: Path) -> None:
    with Workbook.open(path) as wb:
        assert known_person(wb, "zoe ALUND")["id"] == "p1"
        with pytest.raises(CaptureError) as error:
            known_person(wb, "jonh smith")
    # "jonh smith" against the full names: "joan smith" and "john smith" 18/20, "jon smyth"
    # 16/19.
    assert str(error.value) == (
        "Who: nobody called “jonh smith” is in your workbook; the closest: Joan Smith, "
        "John Smith, Jon Smyth. A new person is added by logging an encounter with them"
    )
