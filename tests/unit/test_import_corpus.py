"""Where the importers' tests find the public corpus, and what happens when it is missing."""

from __future__ import annotations

import pytest

from tests.helpers import importing


@pytest.fixture
def no_corpus(tmp_path, monkeypatch):
    monkeypatch.setattr(importing, "CORPUS", tmp_path / "nowhere")
    return tmp_path / "nowhere"


def test_missing_corpus_skips_with_a_reason_outside_ci(no_corpus, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=f"corpus is not at {no_corpus}"):
        importing.in_corpus("ics", "x.ics")
    assert importing.corpus_files("ics") == [importing.MISSING]


@pytest.mark.parametrize("value", ["true", "TRUE"])
def test_missing_corpus_fails_in_ci(no_corpus, monkeypatch, value):
    monkeypatch.setenv("CI", value)
    with pytest.raises(pytest.fail.Exception, match="CI=true but the public test corpus"):
        importing.corpus_file("ics/x.ics")


def test_present_corpus_lists_its_files(tmp_path, monkeypatch):
    (tmp_path / "ics" / "sub").mkdir(parents=True)
    (tmp_path / "ics" / "b.ics").write_text("x")
    (tmp_path / "ics" / "sub" / "a.ics").write_text("x")
    (tmp_path / "ics" / "notes.txt").write_text("x")
    monkeypatch.setattr(importing, "CORPUS", tmp_path)
    assert importing.corpus_files("ics", "*.ics") == ["ics/b.ics", "ics/sub/a.ics"]
    assert importing.in_corpus("ics", "b.ics") == tmp_path / "ics" / "b.ics"


# Every test over the public corpus, and the test(s) over our own files under
# tests/fixtures that cover the same case — so that a clone without the corpus (where the
# corpus tests skip) still has every importer case. A new corpus test needs its twin here.
TWINS: dict[str, tuple[str, ...]] = {
    "test_import_csv.py::test_google_corpus_example_gives_its_two_people": (
        "test_google_suffix_birthday_and_photo_are_not_part_of_a_person",
    ),
    "test_import_ics.py::test_corpus_example_calendar_all_day_holidays": (
        "test_apple_calendar_with_bom_olson_zone_all_day_and_accents",
    ),
    "test_import_ics.py::test_corpus_exchange_windows_tzid_quoted_and_unquoted": (
        "test_outlook_exchange_windows_zones_weekly_series_moved_and_cancelled",
    ),
    "test_import_ics.py::test_corpus_google_calendar_with_x_wr_timezone_and_alarms": (
        "test_google_utc_times_on_the_day_in_x_wr_timezone_monthly_repeats",
        "test_an_alarms_summary_and_description_are_not_the_events",
    ),
    "test_import_ics.py::test_corpus_event_with_unicode_fields_a_lone_vevent": (
        "test_a_lone_vevent_without_a_calendar_around_it",
    ),
    "test_import_ics.py::test_corpus_daily_repeat_without_uid_and_exdates": (
        "test_a_daily_repeat_without_uid_with_floating_times_and_utc_exdates",
    ),
    "test_import_ics.py::test_corpus_weekly_repeat_with_cancelled_overrides": (
        "test_outlook_exchange_windows_zones_weekly_series_moved_and_cancelled",
    ),
    "test_import_ics.py::test_corpus_mozilla_calendar_with_blank_lines_inside_folds": (
        "test_blank_lines_inside_folds_mozilla_calendar_1_0",
    ),
    "test_import_ics.py::test_corpus_bom_and_empty_calendars_import_nothing_without_error": (
        "test_a_calendar_without_events_imports_nothing_without_error",
    ),
    "test_import_ics.py::test_corpus_broken_files_are_clear_errors": (
        "test_broken_fixture_files_are_one_clear_line",
        "test_more_broken_fixture_files_are_one_clear_line",
    ),
    "test_import_ics.py::test_every_corpus_file_reads_or_fails_clearly": (
        "test_every_fixture_file_reads_or_fails_clearly",
    ),
    "test_import_vcard.py::test_khard_contact1_v4": (
        "test_4_0_pref_numbers_tel_uri_role_and_name_fallbacks",
    ),
    "test_import_vcard.py::test_korean_name_in_utf8_with_bare_lf_line_ends": (
        "test_bare_lf_line_ends_and_hangul_names",
    ),
    "test_import_vcard.py::test_altid_alternatives_of_n_and_a_folded_note": (
        "test_altid_alternatives_take_the_first_and_the_note_unfolds",
    ),
    "test_import_vcard.py::test_photo_is_ignored": (
        "test_a_3_0_base64_photo_is_ignored_and_the_note_escapes_are_undone",
        "test_a_4_0_data_uri_photo_is_ignored_and_unfolding_drops_one_space",
    ),
    "test_import_vcard.py::test_photov4_exactly": (
        "test_a_4_0_data_uri_photo_is_ignored_and_unfolding_drops_one_space",
    ),
    "test_import_vcard.py::test_photov3_note_escapes": (
        "test_a_3_0_base64_photo_is_ignored_and_the_note_escapes_are_undone",
    ),
    "test_import_vcard.py::test_khard_cards": (
        "test_no_fn_grouped_properties_tel_uris_and_what_is_passed_over",
        "test_name_falls_back_from_fn_to_n_to_org_to_email_and_a_nameless_card_is_skipped",
    ),
    "test_import_vcard.py::test_the_unparsable_card_is_a_clear_error_naming_file_and_line": (
        "test_structural_damage_is_fatal_and_names_the_line",
    ),
    "test_import_vcard.py::test_a_file_that_is_only_a_path_is_not_a_vcard": (
        "test_a_file_that_holds_only_a_path_is_not_a_vcard",
    ),
    "test_import_vcard.py::test_quoted_printable_in_cp1252_with_soft_line_breaks": (
        "test_quoted_printable_cp1252_soft_break_and_blank_lines_with_lf_ends",
    ),
    "test_import_vcard.py::test_android_2_1_examples": (
        "test_android_2_1_export_with_quoted_printable_over_several_soft_breaks",
    ),
    "test_import_vcard.py::test_vobject_card_with_full_n": (
        "test_name_falls_back_from_fn_to_n_to_org_to_email_and_a_nameless_card_is_skipped",
    ),
    "test_import_vcard.py::test_files_that_are_not_vcards": (
        "test_a_plain_text_file_is_not_a_vcard",
    ),
    "test_import_vcard.py::test_every_corpus_file_reads_or_fails_clearly": (
        "test_every_fixture_file_reads_or_fails_clearly",
    ),
    "test_import_vcard.py::test_importing_the_same_vcf_twice_adds_nothing": (
        "test_importing_a_fixture_vcf_twice_adds_nothing",
    ),
    "test_import_vcard.py::test_cli_broken_vcf_exits_2_with_one_line_and_no_workbook": (
        "test_a_file_cut_short_is_refused",
    ),
}
#: What a test names when it reads the corpus (``vcard``: test_import_vcard's helper).
CORPUS_NAMES = {"in_corpus", "corpus_file", "corpus_files", "ALL_CORPUS_FILES", "vcard"}


def _tests_by_file() -> dict[str, dict[str, set[str]]]:
    """Each test file's test functions and the names each one uses (decorators too)."""
    import ast
    from pathlib import Path

    found: dict[str, dict[str, set[str]]] = {}
    for path in sorted((Path(__file__).parent).glob("test_import_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found[path.name] = {
            node.name: {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
            for node in tree.body
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
        }
    return found


def test_every_corpus_test_has_a_twin_over_our_own_fixtures() -> None:
    tests = _tests_by_file()
    reading = {
        f"{file}::{name}"
        for file, functions in tests.items()
        if file != "test_import_corpus.py"
        for name, names in functions.items()
        if names & CORPUS_NAMES
    }
    assert reading == set(TWINS), "a corpus test needs its twin in TWINS (and back)"
    for corpus_test, twins in TWINS.items():
        file = corpus_test.split("::")[0]
        for twin in twins:
            assert twin in tests[file], f"{corpus_test}: no {twin} in {file}"
            assert not tests[file][twin] & CORPUS_NAMES, f"{twin} reads the corpus itself"
