"""Periods, the as-of date and the defaults the command line and notebooks share."""

from __future__ import annotations

import datetime as dt

import pytest

from workbook.errors import (
    EventNotFound,
    OptionError,
    PeriodError,
    WorkbookInputError,
    input_error_names,
)
from workbook.parameters import HEADLESS_ENV, is_headless
from workbook.periods import AS_OF_ENV, DEFAULT_PERIOD, parse_period, resolve_as_of

D = dt.date


@pytest.mark.parametrize(
    ("spec", "as_of", "label", "start", "end"),
    [
        ("last-month", D(2026, 11, 1), "2026-10", D(2026, 10, 1), D(2026, 10, 31)),
        ("this-month", D(2026, 11, 30), "2026-11", D(2026, 11, 1), D(2026, 11, 30)),
        ("last-week", D(2026, 11, 4), "2026-W44", D(2026, 10, 26), D(2026, 11, 1)),
        ("last-quarter", D(2026, 1, 15), "2025-Q4", D(2025, 10, 1), D(2025, 12, 31)),
        ("2026-W53", D(2000, 1, 1), "2026-W53", D(2026, 12, 28), D(2027, 1, 3)),
        ("2024-02", D(2000, 1, 1), "2024-02", D(2024, 2, 1), D(2024, 2, 29)),
    ],
)
def test_periods_resolve_against_the_as_of_date(
    spec: str, as_of: dt.date, label: str, start: dt.date, end: dt.date
) -> None:
    period = parse_period(spec, as_of)
    assert (period.label, period.start, period.end) == (label, start, end)


def test_the_default_period_is_last_month() -> None:
    assert parse_period(DEFAULT_PERIOD, D(2026, 1, 10)).label == "2025-12"


@pytest.mark.parametrize("bad", ["2026-13", "2026-W54", "2026-Q5", "october", ""])
def test_a_bad_period_is_a_period_error(bad: str) -> None:
    with pytest.raises(PeriodError):
        parse_period(bad, D(2026, 11, 1))


def test_as_of_given_wins_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(AS_OF_ENV, "2026-11-15")
    assert resolve_as_of("2026-10-03") == D(2026, 10, 3)
    assert resolve_as_of(D(2026, 10, 4)) == D(2026, 10, 4)


def test_an_empty_as_of_follows_the_environment_else_today(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(AS_OF_ENV, "2026-11-15")
    assert resolve_as_of("") == D(2026, 11, 15)
    assert resolve_as_of(None) == D(2026, 11, 15)
    monkeypatch.setenv(AS_OF_ENV, "15 Nov")
    with pytest.raises(OptionError, match=AS_OF_ENV):  # a bad date, not a bad period
        resolve_as_of("")
    monkeypatch.delenv(AS_OF_ENV)
    before = dt.date.today()
    assert before <= resolve_as_of("") <= dt.date.today()


def test_headless_only_when_the_flag_is_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(HEADLESS_ENV, raising=False)
    assert not is_headless()
    monkeypatch.setenv(HEADLESS_ENV, "0")
    assert not is_headless()
    monkeypatch.setenv(HEADLESS_ENV, "1")
    assert is_headless()


def test_every_bad_input_error_is_known_by_name_without_importing_the_walks() -> None:
    names = input_error_names()
    expected = {"WorkbookInputError", "RecordError", "OptionError", "PeriodError", "ParameterError"}
    assert expected <= names
    assert "EventNotFound" in names
    assert issubclass(EventNotFound, WorkbookInputError)
    assert "ReportFailed" not in names


def test_the_old_import_paths_still_work() -> None:
    from workbook.walks.debrief import EventNotFound as from_walks

    assert from_walks is EventNotFound
