"""vCard files of many cards: read card by card (docs/robustness.md, Files that are read),
every card still read right — photos, quoted-printable, folds inside a character, nested
cards, nameless cards — and a broken card anywhere is one message with its own line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.helpers.importing import FIXTURES, import_twice, run_cli, write_crlf
from tests.helpers.importing import card_person as person
from workbook.errors import WorkbookInputError
from workbook.importers.vcard import read
from workbook.jsonio import export_document
from workbook.store import Workbook

# Six cards, 80 lines, CRLF: an Apple 3.0 card with a photo folded at 75 octets, an
# Android 2.1 card in quoted-printable with a photo, a 4.0 card whose NOTE is folded
# inside "ł", a card without a name, a 2.1 card holding an AGENT card, an ORG-only card.
MANY_KINDS = FIXTURES / "vcard" / "many_kinds.vcf"
MANY_KINDS_LINES = 80
NAMELESS_LINE = 58  # the BEGIN:VCARD of card 4


def many_kinds(first: int = 1) -> list[dict[str, Any]]:
    """The people of many_kinds.vcf, its cards numbered from ``first``."""
    return [
        person(
            first,
            "Noor Achterberg",
            organisation="Fietsenmakerij De Spaak",  # not the department
            role="Eigenaar",
            email="noor@despaak.example",  # type=pref, not the first
            phone="+31 20 555 0188",  # type=pref, not the first
            tags=["Fietsen", "Leveranciers"],
            notes="Repareert ook bakfietsen",  # after the photo: read on past it
        ),
        person(
            first + 1,
            "Emre Öztürk",  # quoted-printable UTF-8
            email="emre@ev.example",
            phone="+90 532 555 0102",  # ;PREF
            # A soft line break after "buluştuk, " and a QP line break (=0D=0A).
            notes="Çay ocakta buluştuk, kahve ve börek\nYeniden ara",
        ),
        person(
            first + 2,
            "Żaneta Kowalczyk",
            email="zaneta@praca.example",  # PREF=1 before PREF=2
            phone="+48-22-555-0199",  # tel: stripped
            notes="Poznałyśmy się na targach w Łodzi, rozmawiałyśmy o ogrodach i pszczołach.",
        ),
        # card first + 3 has no name
        person(first + 4, "Lucie Baptiste", email="lucie@atelier.example"),  # not the agent's
        person(
            first + 5,
            "Bäckerei Sonnenschein",
            organisation="Bäckerei Sonnenschein",
            phone="+49 30 555 0177",
            url="https://sonnenschein.example",
            tags=["Brot", "Nachbarn,Kiez"],
        ),
    ]


def test_every_kind_of_card_in_one_file_is_read_right():
    raw = MANY_KINDS.read_bytes()
    assert raw.count(b"\r\n") == MANY_KINDS_LINES  # the fixture is what it says
    assert b"pszczo\xc5\r\n \x82ach." in raw  # ł (C5 82) cut by the fold
    imported = read(MANY_KINDS)
    assert imported.people == many_kinds()
    assert imported.skipped == [f"card 4 (line {NAMELESS_LINE}): no name (no FN, N, ORG or EMAIL)"]
    assert "/9j/4AAQ" not in repr(imported.people)  # the start of the photos' base64
    assert "Marc" not in repr(imported.people)  # the nested AGENT card is passed over


def test_a_file_of_many_cards_reads_every_card_with_its_own_number_and_line(tmp_path):
    copies = 400  # 2,400 cards, 32,000 lines
    path = tmp_path / "many.vcf"
    path.write_bytes(MANY_KINDS.read_bytes() * copies)
    imported = read(path)
    assert len(imported.people) == 5 * copies
    assert imported.people == [p for k in range(copies) for p in many_kinds(first=6 * k + 1)]
    assert imported.skipped == [
        f"card {6 * k + 4} (line {MANY_KINDS_LINES * k + NAMELESS_LINE}): "
        "no name (no FN, N, ORG or EMAIL)"
        for k in range(copies)
    ]


def test_importing_the_many_kinds_file_twice_adds_nothing(tmp_path):
    first, _, before = import_twice("vcard", MANY_KINDS, tmp_path)
    assert first.added["people"] == 5
    assert first.skipped == [f"card 4 (line {NAMELESS_LINE}): no name (no FN, N, ORG or EMAIL)"]
    assert sorted(p["name"] for p in before["people"]) == [
        "Bäckerei Sonnenschein",
        "Emre Öztürk",
        "Lucie Baptiste",
        "Noor Achterberg",
        "Żaneta Kowalczyk",
    ]


# --- a broken card among many ----------------------------------------------------------


def tiny_cards(count: int, broken: int) -> str:
    """``count`` five-line cards; card ``broken`` has a line without a colon instead of
    its EMAIL (its line 4)."""
    cards = []
    for n in range(1, count + 1):
        fourth = "EMAIL has no colon" if n == broken else f"EMAIL:p{n}@example.org"
        cards.append(f"BEGIN:VCARD\nVERSION:3.0\nFN:Person {n}\n{fourth}\nEND:VCARD\n")
    return "".join(cards)


def test_a_broken_card_in_the_middle_of_a_big_file_names_its_own_line(tmp_path):
    # Card 1,501 begins on line 1500 * 5 + 1 = 7501; its broken line is 7504.
    path = write_crlf(tmp_path, tiny_cards(3000, broken=1501))
    with pytest.raises(WorkbookInputError) as caught:
        read(path)
    assert str(caught.value) == (
        f"{path}: line 7504: not a readable vCard (Failed to parse line: EMAIL has no colon)"
    )


@pytest.mark.slow  # the command line, twice
def test_a_broken_card_in_a_big_file_writes_nothing(tmp_path):
    db = tmp_path / "w.db"
    good = write_crlf(tmp_path, tiny_cards(2, broken=0), name="good.vcf")
    assert run_cli("import", "vcard", str(good), "--workbook", str(db)).returncode == 0
    with Workbook.open(db) as workbook:
        before = export_document(workbook)
    # Cards 1 and 2 again, with cards 3 to 2,000 new: card 1,999 (line 9991) is broken.
    path = write_crlf(tmp_path, tiny_cards(2000, broken=1999))
    done = run_cli("import", "vcard", str(path), "--workbook", str(db))
    assert done.returncode == 2
    assert done.stderr.strip() == (
        f"workbook: error: {path}: line 9994: not a readable vCard "
        "(Failed to parse line: EMAIL has no colon)"
    )
    with Workbook.open(db) as workbook:
        assert export_document(workbook) == before


@pytest.mark.parametrize(
    ("card", "line"),
    [
        # A NOTE folded over three lines and a PHOTO over two: the broken line is line 12.
        ("VERSION:3.0\nFN:Folded\nNOTE:one\n two\n three\nPHOTO:AAAA\n BBBB\nno colon\n", 12),
        # The same in vCard 2.1 with quoted-printable soft line breaks, and a blank line
        # after the photo: line 13.
        (
            "VERSION:2.1\nFN:Soft\nNOTE;ENCODING=QUOTED-PRINTABLE:one=\ntwo=\nthree\n"
            "PHOTO;ENCODING=BASE64;JPEG:AAAA\n BBBB\n\nno colon\n",
            13,
        ),
    ],
)
def test_the_line_of_a_broken_line_counts_folded_lines(tmp_path, card, line):
    path = write_crlf(tmp_path, f"BEGIN:VCARD\nFN:First\nEND:VCARD\nBEGIN:VCARD\n{card}END:VCARD\n")
    with pytest.raises(WorkbookInputError) as caught:
        read(path)
    assert str(caught.value) == (
        f"{path}: line {line}: not a readable vCard (Failed to parse line: no colon)"
    )


# --- line ends ---------------------------------------------------------------------------


def test_cr_only_line_ends_and_lines_of_spaces_are_read(tmp_path):
    # Classic Mac OS ends lines with CR alone; a line of spaces inside a card is blank.
    path = tmp_path / "mac.vcf"
    path.write_bytes(
        b"BEGIN:VCARD\rVERSION:3.0\rFN:Old Mac\r  \t\rNOTE:folded\r  here\rEND:VCARD\r"
        b"BEGIN:VCARD\rVERSION:3.0\rFN:Second\rEND:VCARD\r"
    )
    assert read(path).people == [person(1, "Old Mac", notes="folded here"), person(2, "Second")]


def test_cr_only_line_ends_count_lines_in_messages(tmp_path):
    path = tmp_path / "mac.vcf"
    path.write_bytes(b"BEGIN:VCARD\rFN:A\rEND:VCARD\rstray\r")
    with pytest.raises(WorkbookInputError) as caught:
        read(path)
    assert str(caught.value) == f"{path}: line 4: text outside a vCard"


def test_a_path_is_enough(tmp_path: Path):
    path = write_crlf(tmp_path, "BEGIN:VCARD\nFN:Str Path\nEND:VCARD\n")
    assert read(str(path)).people == [person(1, "Str Path")]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("BEGIN:VCARD\nFN:A\nEND:VCARD\n\n continued\nBEGIN:VCARD\nFN:B\nEND:VCARD\n", 5),
        ("BEGIN:VCARD\nFN:A\nEND:VCARD\n continued\n", 4),  # END:VCARD is not folded
    ],
)
def test_a_folded_line_outside_the_cards_is_stray_text(tmp_path, text, line):
    path = write_crlf(tmp_path, text)
    with pytest.raises(WorkbookInputError) as caught:
        read(path)
    assert str(caught.value) == f"{path}: line {line}: text outside a vCard"


# --- photos ------------------------------------------------------------------------------
# A photo's folded lines are emptied before vobject reads the card (it is never read, and
# vobject's unfolding is quadratic in a long value): the lines stay, so do their numbers.


def test_a_photo_is_passed_over_whatever_its_folded_lines_hold(tmp_path):
    path = write_crlf(
        tmp_path,
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ines Duarte\n"
        "item1.PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQ\n AAAA\n  \n no:colon;here\n\tBBBB==\n"
        "EMAIL:ines@duarte.example\nlogo;value=uri:https://duarte.example/\n logo.png\n"
        "broken line\nEND:VCARD\n",
    )
    with pytest.raises(WorkbookInputError) as caught:
        read(path)
    # Line 12: the LOGO's fold is emptied too, the broken line keeps its number.
    assert str(caught.value) == (
        f"{path}: line 12: not a readable vCard (Failed to parse line: broken line)"
    )
    path.write_bytes(path.read_bytes().replace(b"broken line\r\n", b""))
    assert read(path).people == [person(1, "Ines Duarte", email="ines@duarte.example")]


def test_a_soft_line_break_before_a_line_that_looks_like_a_photo_is_kept(tmp_path):
    # "PHOTO: album=" continues the quoted-printable NOTE (the line before ends with "="):
    # it and the folded line after it are the NOTE's.
    path = write_crlf(
        tmp_path,
        "BEGIN:VCARD\nVERSION:2.1\nFN:Rui\n"
        "NOTE;ENCODING=QUOTED-PRINTABLE:Bring the =\nPHOTO: album=\n and the map\nEND:VCARD\n",
    )
    assert read(path).people == [person(1, "Rui", notes="Bring the PHOTO: album and the map")]
