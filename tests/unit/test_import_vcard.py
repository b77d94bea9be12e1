"""vCard import: fixture cards written for the project (tests/fixtures/vcard: 2.1, 3.0,
4.0, quoted-printable, charsets, folds, a broken file), the real files of the public
corpus's vcard folder, and the value helpers of the content-line layer."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.importing import (
    FIXTURES,
    assert_fails_cleanly,
    corpus_file,
    corpus_files,
    import_twice,
    in_corpus,
    reads_or_fails_clearly,
    run_cli,
    write_crlf,
)
from tests.helpers.importing import (
    card_person as person,
)
from workbook.errors import WorkbookInputError
from workbook.importers.contentlines import mend_folds, split_escaped, unescape
from workbook.importers.vcard import read


def vcard(*parts: str) -> Path:
    """A file of the corpus's vcard folder (the test skips, or fails in CI, without it)."""
    return in_corpus("vcard", *parts)


VCF = FIXTURES / "vcard"  # our own fixture files


# --- real files, results worked out by hand ---------------------------------------------


def test_khard_contact1_v4():
    imported = read(vcard("khard", "vcards__contact1.vcf"))
    assert imported.people == [
        person(1, "second contact", email="user@example.com", phone="0123456789")
    ]
    assert imported.events == []
    assert imported.skipped == []


def test_korean_name_in_utf8_with_bare_lf_line_ends():
    assert read(vcard("khard", "vcards__korean-c.vcf")).people == [person(1, "최유림")]
    assert read(vcard("khard", "vcards__korean-j.vcf")).people == [person(1, "전도훈")]


def test_altid_alternatives_of_n_and_a_folded_note():
    assert read(vcard("khard", "vcards__altid.vcf")).people == [
        person(
            1,
            "altid",
            notes="RFC6350 requires N to have cardinality <=1 but allows alternative "
            "representations to be included if they are linked by the ALTID parameter.",
        )
    ]


@pytest.mark.parametrize("version", ["v3", "v4"])
def test_photo_is_ignored(version):
    (found,) = read(vcard("khard", f"vcards__photo{version}.vcf")).people
    assert found["name"] == f"with photo {version}"
    assert "iVBORw0KGgo" not in repr(found)  # the start of the PNG's base64
    assert set(found) == set(person(1, "x"))


def test_photov4_exactly():
    # RFC 6350 unfolding removes the line break and ONE space: "should" + "be".
    assert read(vcard("khard", "vcards__photov4.vcf")).people == [
        person(
            1,
            "with photo v4",
            notes="The RFC6350 for vCard 4.0 specifies that the value for PHOTO shouldbe a "
            "single uri.",
        )
    ]


def test_photov3_note_escapes():
    (found,) = read(vcard("khard", "vcards__photov3.vcf")).people
    assert found["notes"] == (
        'From the RFC: ENCODING must be "b" (which enforces base64 encodeddata), TYPE may be '
        "present, but if it is present it must be a validIANA image type. The value can be "
        "the image data or an uri."
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("vcards__individual.vcf", person(1, "Wile E. Coyote", organisation="ACME Inc.")),
        ("vcards__org.vcf", person(1, "ACME Inc.", organisation="ACME Inc.")),
        # No FN: N composed as given + family.
        ("vcards__nickname.vcf", person(1, "Michael Smith", email="ms@example.org")),
        ("vcards__no-nickname.vcf", person(1, "Mike Jones", email="mj@example.org")),
        # item1.ORG: a property in a group.
        ("vcards__labels.vcf", person(1, "labeled guy", organisation="Test Inc")),
        ("vcards__category.vcf", person(1, "contact with category", email="foo@example.org",
                                        tags=["bar"])),
        ("vcards__tel-value-uri.vcf", person(1, "bug 195", phone="67545678")),
        ("vcards__joe.vcf", person(1, "Joe Citizen", email="jcitizen@foo.com")),
        ("vcards__post.vcf", person(1, "With post address")),
    ],
)  # fmt: skip
def test_khard_cards(name, expected):
    assert read(vcard("khard", name)).people == [expected]


def test_the_unparsable_card_is_a_clear_error_naming_file_and_line():
    path = vcard("khard", "vcards__unparsable.vcf")
    with pytest.raises(WorkbookInputError) as caught:
        read(path)
    assert str(caught.value) == f"{path}: line 1: BEGIN:VCARD is never closed"


def test_a_file_that_is_only_a_path_is_not_a_vcard():
    # khard keeps symlinks; here they are text files holding the link's target.
    path = vcard("khard", "broken.abook__unparsable.vcf")
    with pytest.raises(WorkbookInputError, match=r"line 1: not a vCard file"):
        read(path)


def test_quoted_printable_in_cp1252_with_soft_line_breaks():
    # NOTE;ENCODING=QUOTED-PRINTABLE without CHARSET: =92 is not UTF-8, so cp1252 (’);
    # "3r=" + newline + "d St." is one word.
    assert read(vcard("vcard2to3", "quopri-encoding-test.vcf")).people == [
        person(
            1,
            "Firstnamer Test",
            phone="+15554441234",
            notes="1 St. Albans Brook apt 5 \n\n\nReid’s place :\n364 3rd St. in Jersey City",
        )
    ]


def test_android_2_1_examples():
    people = read(vcard("vcard2to3", "examples.vcf")).people
    assert people == [
        person(1, "Mäx Mustermann", email="max@mustermann.de", phone="+49123456789"),
        person(2, "Test X-Mobil", email="test-x@email.com", phone="+49123456789"),
        person(3, "John Doe얁", phone="+49123456789"),
        # CHARSET=UTF-8 quoted-printable over five lines of "=" soft breaks, one of them
        # starting with a space that belongs to the value.
        person(4, "гор ЗаорсЁкі xyz і", phone="+49123456789"),
        person(
            5,
            "XXXXXXXXXX",
            role="XXXXXXXXXXXXX",
            phone="+31 00 0000000",
            notes="XXXXXXXXXX € ##,##\nXXXXXXXXXX € ##,##",
        ),
        person(6, "Max Mustermann", organisation="xxx", url="http://www.example.com"),
        person(7, "N Only", email="test-x@email.com"),
        person(8, "Only FN", email="test-x@email.com"),
        person(9, "The Dollar$"),
        person(10, "Hola Test"),
    ]


def test_vobject_card_with_full_n():
    assert read(vcard("vobject", "radicale-1587.vcf")).people == [person(1, "Given Family")]


@pytest.mark.parametrize("name", ["simple_test.ics", "more_tests.txt", "LICENSE-vobject"])
def test_files_that_are_not_vcards(name):
    with pytest.raises(WorkbookInputError, match="not a vCard file"):
        read(vcard("vobject", name))


# --- our own fixtures for the corpus cases ----------------------------------------------
# Each case of the corpus tests above again, on invented people in files written for the
# project, so that a clone without the corpus covers them too.


def test_bare_lf_line_ends_and_hangul_names():
    # Case of vcards__korean-c/-j: UTF-8 Hangul, LF only (a fold inside a word, too).
    assert read(VCF / "lf_line_ends_hangul.vcf").people == [
        person(1, "박서연", email="seoyeon@hanbit.example", notes="서울에서 만남"),
        person(2, "정하늘", phone="010-5555-0199"),
    ]


def test_altid_alternatives_take_the_first_and_the_note_unfolds():
    # Case of vcards__altid: N (and FN) twice, linked by ALTID; the first one counts.
    assert read(VCF / "altid_and_folded_note.vcf").people == [
        person(
            1,
            "Tomas Herrera",
            notes="Two spellings of one name are linked by ALTID, and only one of them is kept.",
        ),
        person(2, "伊藤晴"),
    ]


def test_a_3_0_base64_photo_is_ignored_and_the_note_escapes_are_undone():
    # Case of vcards__photov3: PHOTO;ENCODING=b;TYPE=PNG folded over six lines, a NOTE
    # with quotes, \, \; \n and \\, folded inside "access" and before a space.
    imported = read(VCF / "photo_base64_3_0.vcf")
    assert imported.people == [
        person(
            1,
            "Lena Vogt",
            email="lena@vogt.example",  # after the photo: read on past it
            notes='She said "call me after six", not before; the office is in "Haus B".\n'
            "Shared folder: C:\\contracts\\vogt, ask for access.",
        )
    ]
    assert "iVBORw0KGgo" not in repr(imported.people)  # the start of the PNG's base64


def test_a_4_0_data_uri_photo_is_ignored_and_unfolding_drops_one_space():
    # Case of vcards__photov4: PHOTO:data:image/png;base64\,... folded; the NOTE's folds
    # drop the line break and exactly one space: "import" + "ed", "workbook," + " it".
    imported = read(VCF / "photo_data_uri_4_0.vcf")
    assert imported.people == [
        person(
            1,
            "Ravi Menon",
            phone="+91 98 5550 1234",
            notes="Met at the spring fair in Kochi. The photo below is a data uri and is not "
            "imported into the workbook, it stays in the card.",
        )
    ]
    assert "iVBORw0KGgo" not in repr(imported.people)


def test_no_fn_grouped_properties_tel_uris_and_what_is_passed_over():
    # Cases of test_khard_cards: N without FN (NICKNAME, BDAY passed over), an ORG-only
    # KIND:org card with grouped item1.ORG and item2.TEL;VALUE=uri:tel:…, a
    # TEL;VALUE=URI without "tel:", ADR and LABEL not mapped, CATEGORIES as tags.
    assert read(VCF / "no_fn_groups_and_unmapped.vcf").people == [
        person(1, "Maja Lindqvist", email="maja@lindqvist.example"),  # TYPE=pref
        person(
            2,
            "Blue Heron Ferries",
            organisation="Blue Heron Ferries",
            phone="+46-8-555-0142",
            tags=["transport"],
        ),
        person(3, "Oskar Brandt", phone="4930555017", tags=["sailing", "neighbours"]),
    ]


def test_a_file_that_holds_only_a_path_is_not_a_vcard():
    # Case of broken.abook__unparsable: a symlink stored as text (no line end).
    path = VCF / "only_a_path.vcf"
    with pytest.raises(WorkbookInputError) as caught:
        read(path)
    assert str(caught.value) == (
        f"{path}: line 1: not a vCard file (it must begin with BEGIN:VCARD)"
    )


def test_quoted_printable_cp1252_soft_break_and_blank_lines_with_lf_ends():
    # Case of quopri-encoding-test: no CHARSET, =92 and =96 are cp1252 (’ –); three
    # =0D=0A in a row are blank lines; "R=" + line end + "d," is one word; LF line ends.
    assert read(VCF / "quoted_printable_cp1252_lf.vcf").people == [
        person(
            1,
            "Cormac Byrne",
            phone="+353 1 555 0142",
            notes="Flat 2, Quay House \n\n\nCormac’s boat – moored at :\n17 Harbour Rd, Howth",
        )
    ]


def test_android_2_1_export_with_quoted_printable_over_several_soft_breaks():
    # Case of examples.vcf: a blank first line, CHARSET=UTF-8 text, an FN in
    # quoted-printable over five lines (a break inside "в"'s bytes, one line starting with
    # the space between the names), lower-case charset=utf-8 with "€" cut by a break and a
    # trailing =0D=0A, TITLE, URL;HOME, ADR/LABEL, X-ANDROID-CUSTOM passed over.
    assert read(VCF / "android_2_1_export.vcf").people == [
        person(1, "Åsa Ångström", email="asa@angstrom.example", phone="+46 70 555 0101"),
        person(2, "Мирослава Гринько", phone="+380 44 555 0199"),
        person(
            3,
            "Pieter de Wit",
            role="Treasurer",
            phone="+31 20 555 0123",
            notes="Deposit 40 € paid\nBalance 120 € due",
        ),
        person(4, "Chidi Okoye", organisation="Lagos Lens Co", url="http://lens.example/chidi"),
        person(5, "Åsa B. Ångström", email="asa@angstrom.example"),
        person(6, "Åsa at work", email="asa@angstrom.example"),
        person(7, "Cash & Carry$"),
        person(8, "Lola Ruiz"),
    ]


def test_importing_the_android_export_twice_adds_nothing(tmp_path):
    first, second, before = import_twice("vcard", VCF / "android_2_1_export.vcf", tmp_path)
    # Eight cards, three with the same e-mail address: six people.
    assert first.added["people"] == 6
    assert second.describe().startswith("added nothing new")
    names = {p["name"] for p in before["people"]}
    assert {"Åsa Ångström", "Мирослава Гринько", "Cash & Carry$"} <= names


def test_a_plain_text_file_is_not_a_vcard():
    # Case of more_tests.txt / LICENSE-vobject: a blank first line, then indented text.
    path = VCF / "not_a_vcard_notes.txt"
    with pytest.raises(WorkbookInputError) as caught:
        read(path)
    assert str(caught.value) == (
        f"{path}: line 2: not a vCard file (it must begin with BEGIN:VCARD)"
    )


@pytest.mark.parametrize("name", sorted(p.name for p in VCF.iterdir()))
def test_every_fixture_file_reads_or_fails_clearly(name, tmp_path):
    reads_or_fails_clearly(read, VCF / name, tmp_path)


# --- every file in the corpus: an Imported or a clear error, never a crash ---------------


@pytest.mark.parametrize("relative", corpus_files("vcard"))
def test_every_corpus_file_reads_or_fails_clearly(relative, tmp_path):
    path = corpus_file(relative)
    reads_or_fails_clearly(read, path, tmp_path)


# --- rules, on small invented cards -------------------------------------------------------


def test_name_falls_back_from_fn_to_n_to_org_to_email_and_a_nameless_card_is_skipped(tmp_path):
    path = write_crlf(
        tmp_path,
        "BEGIN:VCARD\nVERSION:3.0\nN:Roe;Jane;Q.;Dr.;\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nORG:Acme\\, Inc.;Sales\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nEMAIL:sam@example.org\nEND:VCARD\n"
        "\n"
        "BEGIN:VCARD\nVERSION:3.0\nTEL:123\nNOTE:no name at all\nEND:VCARD\n",
    )
    imported = read(path)
    assert imported.people == [
        person(1, "Jane Roe"),
        person(2, "Acme, Inc.", organisation="Acme, Inc."),
        person(3, "sam@example.org", email="sam@example.org"),
    ]
    assert imported.skipped == ["card 4 (line 14): no name (no FN, N, ORG or EMAIL)"]


def test_a_card_with_a_broken_line_is_a_clear_error(tmp_path):
    path = write_crlf(
        tmp_path,
        "BEGIN:VCARD\nVERSION:3.0\nFN:Kim Park\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Broken\nthis line has no colon\nEND:VCARD\n",
    )
    with pytest.raises(WorkbookInputError) as caught:
        read(path)
    assert str(caught.value) == (
        f"{path}: line 8: not a readable vCard (Failed to parse line: this line has no colon)"
    )


def test_preferred_values_escapes_and_uris(tmp_path):
    path = write_crlf(
        tmp_path,
        "BEGIN:VCARD\nVERSION:4.0\nFN:Ana \\; Bo\\, \\\\ Co\nTITLE:Chief\\nof things\n"
        "ROLE:ignored when there is a TITLE\n"
        "EMAIL;TYPE=work:first@example.org\nEMAIL;PREF=1:mailto:Preferred@example.org\n"
        "TEL;VALUE=uri:tel:+1-555-0100\nURL:https://example.org/ana\n"
        "CATEGORIES:friend,tech\\,ai\nCATEGORIES:friend,golf\n"
        "NOTE:line one\nNOTE:line two\nPHOTO;MEDIATYPE=image/png:data:image/png;base64\\,AAAA\n"
        "END:VCARD\n",
    )
    assert read(path).people == [
        person(
            1,
            "Ana ; Bo, \\ Co",
            role="Chief\nof things",
            email="Preferred@example.org",
            phone="+1-555-0100",
            url="https://example.org/ana",
            tags=["friend", "tech,ai", "golf"],
            notes="line one\n\nline two",
        )
    ]


def test_vcard_2_1_bare_pref_and_role(tmp_path):
    path = write_crlf(
        tmp_path,
        "BEGIN:VCARD\nVERSION:2.1\nFN:Old Phone\nROLE:Buyer\nEMAIL;INTERNET:a@example.org\n"
        "EMAIL;PREF;INTERNET:b@example.org\nTEL;WORK;VOICE:1\nTEL;CELL;PREF:2\nEND:VCARD\n",
    )
    assert read(path).people == [
        person(1, "Old Phone", role="Buyer", email="b@example.org", phone="2")
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "not a vCard file"),
        ("\n\n", "not a vCard file"),
        ("FN:Loose\n", "line 1: not a vCard file"),
        ("BEGIN:VCALENDAR\nEND:VCALENDAR\n", "line 1: not a vCard file"),
        ("BEGIN:VCARD\nFN:A\nEND:VCARD\nEND:VCARD\n", "line 4: END:VCARD without a BEGIN:VCARD"),
        (
            "BEGIN:VCARD\nFN:A\nBEGIN:VCARD\nFN:B\nEND:VCARD\n",
            "line 1: BEGIN:VCARD is never closed",
        ),
        ("BEGIN:VCARD\nFN:A\nEND:VCARDS\n", "line 3: END:VCARDS where END:VCARD"),
        ("BEGIN:VCARD\nFN:A\nEND:VCARD\nFN:stray\n", "line 4: FN outside a vCard"),
        ("BEGIN:VCARD\nFN:A\nEND:VCARD\nstray text\n", "line 4: text outside a vCard"),
        (
            "BEGIN:VCARD\nFN:A\nEND:VCARD\nBEGIN:VEVENT\nEND:VEVENT\n",
            "line 4: BEGIN:VEVENT is not a vCard",
        ),
    ],
)
def test_structural_damage_is_fatal_and_names_the_line(tmp_path, text, message):
    path = write_crlf(tmp_path, text)
    with pytest.raises(WorkbookInputError, match=message) as caught:
        read(path)
    assert str(caught.value).startswith(f"{path}: ")


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(WorkbookInputError, match="no such file"):
        read(tmp_path / "nowhere.vcf")


# --- the content-line layer ---------------------------------------------------------------


def test_unescape_and_split():
    assert unescape(r"a\,b\;c\nd\Ne\\f\:g") == "a,b;c\nd\ne\\f:g"
    assert unescape(r"C:\new\; \\x", legacy=True) == "C:\\new; \\x"
    assert split_escaped(r"Roe;Jane\; Q;;", ";") == ["Roe", r"Jane\; Q", "", ""]
    assert split_escaped(r"a\,b,c", ",") == [r"a\,b", "c"]


def test_mend_folds_puts_a_split_character_back_together_and_leaves_the_rest():
    # Ł is C5 81, € E2 82 AC, 🌿 F0 9F 8C BF: each cut by a fold after 1, 2 or 3 bytes.
    assert mend_folds(b"A\xc5\r\n \x81B") == b"A\r\n \xc5\x81B"
    assert mend_folds(b"\xe2\x82\n\t\xacx") == b"\n\t\xe2\x82\xacx"
    assert mend_folds(b"\xf0\x9f\x8c\r\n \xbf") == b"\r\n \xf0\x9f\x8c\xbf"
    # Whole characters either side of a fold, and no fold at all: unchanged.
    for whole in (b"\xc5\x81\r\n \xc5\x81", b"\xc5\r\n\x81", b"plain\r\n text"):
        assert mend_folds(whole) == whole
    # cp1252 "café", a fold, "… ok": E9 would begin a 3-byte character, one byte follows.
    assert mend_folds(b"caf\xe9\r\n \x85 ok") == b"caf\xe9\r\n \x85 ok"


def test_an_apple_card_folded_at_75_octets_inside_characters_reads_every_character():
    # Folded the way Apple's Contacts writes (75 octets, CRLF, one space): the ORG's Ł is
    # cut after its first byte, the NOTE's € after one byte and 🌿 after two; the second
    # card's NOTE folds at a space, which stays (only the fold's own space goes).
    path = VCF / "apple_fold_inside_a_character.vcf"
    raw = path.read_bytes()
    assert b"Miejskich \xc5\r\n \x81\xc3\xb3d\xc5\xba" in raw  # the fixture is what it says
    assert read(path).people == [
        person(
            1,
            "Łucja Wiśniewska",
            organisation="Stowarzyszenie Przyjaciół Ogrodów Botanicznych i Parków Miejskich Łódź",
            role="Koordynatorka wolontariuszy",
            email="lucja.wisniewska@ogrody-lodz.example",
            tags=["Łódź", "ogrody"],
            notes="Poznałyśmy się na targach zieleni miejskiej, przy stoisku z sadzonkami i "
            "nasionami łąkowymi. Budżet na warsztaty wiosenne to około 120 € od osoby — "
            "zapytać o dofinansowanie ze środków gminy. Lubi mchy 🌿 i herbatę z imbirem.",
        ),
        person(
            2,
            "Bartłomiej Żak",
            phone="+48 600 100 200",
            notes="Rozmowa o kompostownikach na dachach biurowców; obiecałem przesłać "
            "ofertę do piątku.",
        ),
    ]


def test_a_split_character_does_not_move_the_line_an_error_names(tmp_path):
    path = tmp_path / "cards.vcf"
    path.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Pawe\xc5\r\n \x82 Nowak\r\nEND:VCARD\r\nstray text\r\n"
    )
    with pytest.raises(WorkbookInputError, match=r"cards\.vcf: line 6: text outside a vCard"):
        read(path)
    path.write_bytes(path.read_bytes().replace(b"stray text\r\n", b""))
    assert read(path).people == [person(1, "Paweł Nowak")]


# --- fixtures written for the project -----------------------------------------------------


def test_android_2_1_quoted_printable_charsets_soft_breaks_and_commas():
    assert read(VCF / "android_2_1.vcf").people == [
        person(
            1,
            "Señora Núñez 🌻",  # a soft line break inside the emoji's bytes
            organisation="Núñez, Hijos y Cía",  # 2.1: a comma is not a separator
            email="senora@nunez.example",
            phone="+34 600 555 010",  # TEL;CELL;PREF
            # The comma of a quoted-printable NOTE does not cut it.
            notes="Met at the café, near the port\nLikes tapas, wine and jazz",
        ),
        # Quoted-printable without CHARSET: =92 is not UTF-8, so cp1252 (’).
        person(2, "Siobhan O'Brien", tags=["Clients"], notes="Siobhan’s note, with a comma"),
    ]


def test_apple_3_0_bom_folds_escapes_groups_and_pref():
    imported = read(VCF / "apple_3_0.vcf")
    assert imported.people == [
        person(
            1,
            "Zoë Ngô",
            organisation="Café Lumière, Hanoi",
            role="Head roaster",
            email="zoe@lumiere.example",  # the type=pref one, not the first
            phone="+84 90 555 0101",
            url="https://lumiere.example",
            tags=["Coffee", "Suppliers,local"],
            notes="Long note that is folded over two lines, with an escaped comma and a "
            "bare, one — continued here\nSecond line",
        )
    ]
    assert imported.skipped == []


def test_4_0_pref_numbers_tel_uri_role_and_name_fallbacks():
    imported = read(VCF / "v4_0.vcf")
    assert imported.people == [
        person(
            1,
            "Dr. Amara Okafor",
            role="Chief of medicine",
            email="amara@clinic.example",  # PREF=1 before PREF=2
            phone="+234-800-555-0101",
            url="https://clinic.example/amara",
        ),
        person(2, "only@mail.example", email="only@mail.example"),
    ]
    assert imported.skipped == ["card 3 (line 17): no name (no FN, N, ORG or EMAIL)"]


@pytest.mark.slow  # starts the command line (a process of its own)
def test_a_file_cut_short_is_refused(tmp_path):
    path = VCF / "broken_cut_short.vcf"
    with pytest.raises(WorkbookInputError) as caught:
        read(path)
    assert str(caught.value) == f"{path}: line 5: BEGIN:VCARD is never closed"
    assert_fails_cleanly("vcard", path, "line 5", tmp_path)


def test_importing_a_fixture_vcf_twice_adds_nothing(tmp_path):
    first, second, before = import_twice("vcard", VCF / "android_2_1.vcf", tmp_path)
    assert first.added["people"] == 2
    assert second.describe().startswith("added nothing new")
    assert [p["name"] for p in before["people"]] == ["Señora Núñez 🌻", "Siobhan O'Brien"]


# --- end to end ---------------------------------------------------------------------------


def test_importing_the_same_vcf_twice_adds_nothing(tmp_path):
    first, second, before = import_twice("vcard", vcard("vcard2to3", "examples.vcf"), tmp_path)
    # Ten cards, three with the same e-mail address: eight people.
    assert first.added["people"] == 8
    assert second.describe().startswith("added nothing new")
    names = {p["name"] for p in before["people"]}
    assert {"Mäx Mustermann", "гор ЗаорсЁкі xyz і", "John Doe얁"} <= names


@pytest.mark.slow  # starts the command line (a process of its own)
def test_cli_broken_vcf_exits_2_with_one_line_and_no_workbook(tmp_path):
    assert_fails_cleanly("vcard", vcard("khard", "vcards__unparsable.vcf"), "line 1", tmp_path)


def test_cli_imports_a_vcf(tmp_path):
    db = tmp_path / "w.db"
    path = VCF / "v4_0.vcf"
    done = run_cli("import", "vcard", str(path), "--workbook", str(db))
    assert done.returncode == 0, done.stderr
    assert "added 2 people" in done.stdout
    again = run_cli("import", "vcard", str(path), "--workbook", str(db))
    assert again.returncode == 0, again.stderr
    assert "added nothing new" in again.stdout


def test_a_pref_that_is_no_number_ranks_as_no_pref(tmp_path):
    """``PREF=²``: str.isdigit() says yes and int() raises; ``PREF=٢`` int() reads. Neither
    is a rank here: the value with ``PREF=1`` comes first, the others keep their order."""
    path = write_crlf(
        tmp_path,
        "BEGIN:VCARD\nVERSION:4.0\nFN:Zoë\nEMAIL;PREF=²:first@example.org\n"
        "EMAIL;PREF=٢:second@example.org\nEMAIL;PREF=1:third@example.org\nEND:VCARD\n",
    )
    assert [p["email"] for p in read(path).people] == ["third@example.org"]
    path = write_crlf(
        tmp_path,
        "BEGIN:VCARD\nVERSION:4.0\nFN:Zoë\nEMAIL;PREF=²:first@example.org\n"
        "EMAIL;PREF=٢:second@example.org\nEND:VCARD\n",
    )
    assert [p["email"] for p in read(path).people] == ["first@example.org"]
