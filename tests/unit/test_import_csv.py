"""The CSV importers: LinkedIn, Google Contacts and Outlook.

The Google file of the shared corpus is read where it lies (when it is there); every case
it stands for has a fixture of ours too. Every other file is a fixture under
tests/fixtures/csv, with invented people, in the shapes the corpus README describes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.helpers.cli import Ran, invoke
from tests.helpers.importing import FIXTURES, assert_fails_cleanly, in_corpus
from workbook.errors import WorkbookInputError
from workbook.importers import google, import_file, linkedin, outlook
from workbook.importers.linkedin import parse_connected_on
from workbook.jsonio import import_json
from workbook.models import Person
from workbook.store import Workbook

CSV = FIXTURES / "csv"
# Since 2024: a BOM, a Notes: preamble (its quoted paragraph runs over two lines), a blank
# line, then the header on line 5; an emoji, accents and a quoted comma on line 13.
LINKEDIN_2024 = CSV / "linkedin_2024.csv"
# Before 2024: no preamble, no URL column, US dates with a time; CRLF line ends.
LINKEDIN_2018 = CSV / "linkedin_2018.csv"
GOOGLE_OLD = CSV / "google_old.csv"
GOOGLE_NEW = CSV / "google_new.csv"
OUTLOOK_EN = CSV / "outlook_en.csv"
OUTLOOK_DE = CSV / "outlook_de_cp1252.csv"
# A French Outlook header saved by Excel with semicolons; "Titre" twice: the courtesy
# title first, the job title second.
OUTLOOK_FR = CSV / "outlook_fr_semicolons.csv"


def person(line: int, name: str, **fields: Any) -> dict[str, Any]:
    """The native record a reader should give: every field, defaults filled in."""
    return Person(id=f"line {line}", name=name, **fields).model_dump()


# Ada's first row in LINKEDIN_2024.
ADA = person(
    6,
    "Ada Quill",
    organisation="Quill, Ink & Co",
    role="Head of Things",
    email="ada@quill.example",
    url="https://www.linkedin.com/in/ada-quill-0001",
    tags=["linkedin"],
    notes="Connected on LinkedIn 2024-10-09",
)


def write(tmp_path: Path, text: str, name: str = "contacts.csv", encoding: str = "utf-8") -> Path:
    """A file made in the test, for what is easier to read inline than as a fixture."""
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


# --- Google: the real corpus file -------------------------------------------------------


def test_google_corpus_example_gives_its_two_people():
    imported = google.read(in_corpus("google", "example.csv"))
    # Row 2: John Doe, nothing else a person record holds (birthday and photo are dropped).
    # Row 3: Max Amadeus Mustermann; the suffix "(geb. Musterfrau)" is not part of the name.
    assert imported.people == [
        person(2, "John Doe"),
        person(3, "Max Amadeus Mustermann"),
    ]
    assert imported.skipped == []
    assert imported.events == []


def test_google_suffix_birthday_and_photo_are_not_part_of_a_person():
    # Our own file of the corpus example's case: a name with a middle name and a suffix,
    # a birthday (one without its year) and a photo address, nothing else.
    imported = google.read(CSV / "google_suffix_birthday_photo.csv")
    assert imported.people == [person(2, "Hana Sato"), person(3, "Léon Paul Ferrand")]
    assert imported.skipped == []
    assert imported.events == []


# --- LinkedIn ---------------------------------------------------------------------------


def test_linkedin_2024_export_with_preamble(tmp_path):
    imported = linkedin.read(LINKEDIN_2024)
    assert imported.people == [
        ADA,
        person(
            7,
            "Bo Lindqvist",
            organisation="Northwind",
            role="Engineer, Platform",
            url="https://www.linkedin.com/in/bo-lindqvist",
            tags=["linkedin"],
            notes="Connected on LinkedIn 2023-03-15",
        ),
        person(
            8,
            "zed",
            email="zed@nowhere.example",
            tags=["linkedin"],
            notes="Connected on LinkedIn 2024-01-01",
        ),
        # line 9 has neither name nor e-mail; line 10 is empty cells only.
        {**ADA, "id": "line 11", "email": None, "url": ADA["url"] + "/"},
        person(
            12,
            "Cy Okafor",
            organisation="Acme",
            role="CEO",
            url="https://www.linkedin.com/in/cy-okafor",
            tags=["linkedin"],
            notes="Connected on LinkedIn",  # no date written
        ),
        person(
            13,
            "Zoë Ngô 🌟",
            organisation='Café "Lumière", Hanoi',
            role="Barista",
            url="https://www.linkedin.com/in/zoe-ngo",
            tags=["linkedin"],
            notes="Connected on LinkedIn 2025-02-02",
        ),
    ]
    assert imported.skipped == ["line 9: no name or e-mail"]


def test_linkedin_older_export_without_preamble_or_url(tmp_path):
    imported = linkedin.read(LINKEDIN_2018)
    assert imported.people == [
        person(
            2,
            "Dee Ramos",
            organisation="Globex",
            role="CTO",
            email="dee@ramos.example",
            tags=["linkedin"],
            notes="Connected on LinkedIn 2018-01-08",
        ),
        person(3, "Eli Stone", tags=["linkedin"], notes="Connected on LinkedIn 2017-12-31"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("09 Oct 2024", "2024-10-09"),
        ("1/8/18, 6:14 PM", "2018-01-08"),
        ("1/8/2018", "2018-01-08"),
        ("Oct 9, 2024", "2024-10-09"),
        ("2024-10-09", "2024-10-09"),
        ("31 Feb 2024", None),
        ("13/13/18, 6:14 PM", None),
        ("09 Foo 2024", None),
        ("", None),
        (None, None),
    ],
)
def test_linkedin_connected_on_dates(text, expected):
    parsed = parse_connected_on(text)
    assert (parsed.isoformat() if parsed else None) == expected


def test_linkedin_file_with_crlf_line_ends_keeps_line_numbers(tmp_path):
    path = write(tmp_path, LINKEDIN_2024.read_text("utf-8-sig").replace("\n", "\r\n"))
    imported = linkedin.read(path)
    assert [p["id"] for p in imported.people] == [f"line {n}" for n in (6, 7, 8, 11, 12, 13)]
    assert imported.people[0]["name"] == "Ada Quill"


# --- Google: the newer header -----------------------------------------------------------


def test_google_newer_header_with_multi_values_labels_and_fallback_names():
    imported = google.read(GOOGLE_NEW)
    assert imported.people == [
        person(
            2,
            "Renée Marie Dubois",
            organisation="Dubois, Fils & Cie",
            role="Fondatrice 🚀",
            email="renee@dubois.example",
            phone="+33 6 55 55 02 02",
            url="https://dubois.example",
            tags=["Chambre de commerce", "starred"],
            notes='Aime les "petits déjeuners", pas les dîners',
        ),
        person(3, "Kiri"),  # Nickname when there is no name
        person(4, "Tane Holdings"),  # File As when there is not even a nickname
    ]
    assert imported.skipped == []


# --- Broken CSV files: the file and line named, nothing read -----------------------------


@pytest.mark.parametrize(
    ("reader", "name", "message"),
    [
        (linkedin, "linkedin_unclosed_quote.csv", "line 3: a quoted cell opened on this line"),
        (linkedin, "linkedin_bad_date.csv", "line 3: Connected On 'someday' is not a date"),
        (google, "google_extra_cell.csv", "line 3: 6 cells, but the header has 5 columns"),
        (outlook, "outlook_missing_cell.csv", "line 3: 3 cells, but the header has 4 columns"),
    ],
)
def test_broken_csv_is_an_error_naming_file_and_line(reader, name, message):
    path = CSV / name
    with pytest.raises(WorkbookInputError) as caught:
        reader.read(path)
    assert str(caught.value).startswith(f"{path}: {message}")


@pytest.mark.slow  # starts the command line (a process of its own)
@pytest.mark.parametrize(
    ("format", "name", "where"),
    [
        ("linkedin", "linkedin_unclosed_quote.csv", "line 3"),
        ("linkedin", "linkedin_bad_date.csv", "line 3"),
        ("google", "google_extra_cell.csv", "line 3"),
        ("outlook", "outlook_missing_cell.csv", "line 3"),
    ],
)
def test_cli_broken_csv_exits_2_and_writes_nothing(format, name, where, tmp_path):
    assert_fails_cleanly(format, CSV / name, where, tmp_path)


# --- Google: the older header -----------------------------------------------------------


def test_google_older_header_with_multi_values_and_labels(tmp_path):
    imported = google.read(GOOGLE_OLD)
    assert imported.people == [
        person(
            2,
            "Fran Ngata",
            organisation="Ngata, Sons & Co",
            role="Director",
            email="fran@ngata.example",
            phone="+64 21 555 0101",
            url="https://ngata.example",
            tags=["Climbing", "Starred"],
            notes="Met at the\nharbour meetup",
        ),
        # The quoted note of Fran's row runs over lines 2-3: Gus starts on line 4.
        person(4, "Gus P. Hale", organisation="Hale Ltd"),
        person(5, "hi", email="hi@solo.example"),
    ]
    assert imported.skipped == ["line 6: no name or e-mail"]


def test_google_labels_drop_my_contacts_and_system_marks():
    assert google.labels("* myContacts ::: * starred ::: Board ::: Board") == [
        "starred",
        "Board",
        "Board",
    ]
    assert google.labels("* My Contacts") == []
    assert google.labels(None) == []


# --- Outlook ----------------------------------------------------------------------------


def test_outlook_english_by_header_name(tmp_path):
    imported = outlook.read(OUTLOOK_EN)
    assert imported.people == [
        person(
            2,
            "Hana Sato",
            organisation="Kite Works",
            role='Lead "Kite" Designer',
            email="hana@kiteworks.example",
            phone="+81 3 5555 0101",
            tags=["Clients", "Kites"],
        ),
        # An Exchange directory path is not an e-mail address.
        person(3, "Ivo J. Petrov", phone="+359 88 555 0102"),
        person(4, "Hana Sato", organisation="Kite Works", email="HANA@kiteworks.example"),
    ]
    assert imported.skipped == ["line 5: no name or e-mail"]


def test_outlook_german_in_cp1252(tmp_path):
    path = OUTLOOK_DE
    assert "Müller".encode("cp1252") in path.read_bytes()  # not UTF-8
    imported = outlook.read(path)
    assert imported.people == [
        person(
            2,
            "Jörg Müller",
            organisation="Bäckerei Müller GmbH",
            role="Geschäftsführer",
            email="joerg@baeckerei-mueller.example",
            phone="+49 30 5555 0103",
            url="https://baeckerei-mueller.example",
            tags=["Kunden", "Berlin"],
            notes="Trifft man samstags auf dem Markt",
        )
    ]


def test_outlook_french_with_semicolons_and_two_titre_columns(tmp_path):
    imported = outlook.read(OUTLOOK_FR)
    assert imported.people == [
        person(
            2,
            "Léa Roux",
            organisation="Atelier Roux",
            role="Gérante",
            email="lea@atelier-roux.example",
            phone="+33 6 55 55 01 04",
            tags=["Clients"],
        )
    ]


# --- Files that are not what they claim -------------------------------------------------


@pytest.mark.parametrize(
    ("reader", "what"),
    [
        (linkedin, "not a LinkedIn connections export (no header with First Name, Last Name"),
        (google, "not a Google Contacts export (no header with First Name or Given Name"),
        (outlook, "not an Outlook contacts export (no header with First Name, Last Name"),
    ],
)
def test_unrecognised_header_names_the_file_and_what_was_expected(tmp_path, reader, what):
    path = write(tmp_path, "Name,Phone\nAda,555\n", "people.csv")
    with pytest.raises(WorkbookInputError) as caught:
        reader.read(path)
    assert str(caught.value).startswith(f"{path}: {what}")


def test_each_reader_refuses_the_others_files(tmp_path):
    with pytest.raises(WorkbookInputError, match="not a LinkedIn"):
        linkedin.read(OUTLOOK_EN)
    with pytest.raises(WorkbookInputError, match="not a Google Contacts"):
        google.read(LINKEDIN_2024)
    with pytest.raises(WorkbookInputError, match="not an Outlook"):
        outlook.read(GOOGLE_NEW)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "this is not a text file"),
        (b"", "the file is empty"),
        (b"\n \n", "the file is empty"),
    ],
)
def test_not_a_csv_file_is_a_clear_error(tmp_path, content, problem):
    path = tmp_path / "Connections.csv"
    path.write_bytes(content)
    with pytest.raises(WorkbookInputError) as caught:
        linkedin.read(path)
    assert str(caught.value) == f"{path}: not a LinkedIn connections export: {problem}"


def test_missing_file_is_named(tmp_path):
    path = tmp_path / "nowhere.csv"
    with pytest.raises(WorkbookInputError, match="no such file"):
        outlook.read(path)


# --- Through the store ------------------------------------------------------------------


def _stored(workbook: Workbook) -> list[dict[str, Any]]:
    return sorted(workbook.records("people"), key=lambda p: p["id"])


def test_linkedin_import_into_a_workbook_then_again_adds_nothing(tmp_path):
    path = LINKEDIN_2024
    with Workbook.open(tmp_path / "w.db", create=True) as wb:
        first = import_file(wb, "linkedin", path)
        people = _stored(wb)
        second = import_file(wb, "linkedin", path)
        assert _stored(wb) == people
    # Ada's second row (line 11) is the same person: matched by her profile URL.
    assert [(p["id"], p["name"], p["email"]) for p in people] == [
        ("p1", "Ada Quill", "ada@quill.example"),
        ("p2", "Bo Lindqvist", None),
        ("p3", "zed", "zed@nowhere.example"),
        ("p4", "Cy Okafor", None),
        ("p5", "Zoë Ngô 🌟", None),
    ]
    assert people[0] == {**ADA, "id": "p1"}
    assert first.added["people"] == 5
    assert "line 9: no name or e-mail" in first.describe()
    assert second.describe().startswith("added nothing new")
    assert second.matched_people == 6


def test_linkedin_person_matching_a_stored_person_by_email_is_not_added(
    tmp_path, spec_document, write_json
):
    spec_document["people"] = [
        {"id": "p1", "name": "Ada Q.", "email": "ADA@quill.example"},
    ]
    text = LINKEDIN_2018.read_text("utf-8").replace("dee@ramos.example", "ada@quill.example")
    path = write(tmp_path, text)
    with Workbook.open(tmp_path / "w.db", create=True) as wb:
        import_json(wb, write_json(spec_document))
        result = import_file(wb, "linkedin", path)
        people = _stored(wb)
    assert result.matched_people == 1
    assert result.added["people"] == 1
    assert [(p["id"], p["name"]) for p in people] == [("p1", "Ada Q."), ("p2", "Eli Stone")]


def test_outlook_import_folds_duplicates_within_the_file(tmp_path):
    path = OUTLOOK_EN
    with Workbook.open(tmp_path / "w.db", create=True) as wb:
        result = import_file(wb, "outlook", path)
        names = [p["name"] for p in _stored(wb)]
    assert names == ["Hana Sato", "Ivo J. Petrov"]  # e-mails differ only in case
    assert result.added["people"] == 2


# --- Through the command line -----------------------------------------------------------


def _cli(*args: str) -> Ran:
    return invoke(*args)  # in this process: a separate one would prove nothing more


def test_cli_bad_file_exits_2_with_one_line_and_writes_nothing(tmp_path):
    path = write(tmp_path, "Name,Phone\nAda,555\n", "Connections.csv")
    db = tmp_path / "w.db"
    done = _cli("import", "linkedin", str(path), "--workbook", str(db))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert str(path) in lines[0]
    assert "not a LinkedIn connections export" in lines[0]
    assert sorted(tmp_path.iterdir()) == [path]


def test_cli_imports_a_linkedin_file(tmp_path):
    path = LINKEDIN_2024
    db = tmp_path / "w.db"
    done = _cli("import", "linkedin", str(path), "--workbook", str(db))
    assert done.returncode == 0, done.stderr
    assert "added 5 people" in done.stdout
    with Workbook.open(db) as wb:
        assert len(wb.records("people")) == 5
