"""Options declared once (workbook.options): the readers, the table, and who reads it."""

from __future__ import annotations

import datetime as dt

import click
import pytest
from click.testing import CliRunner

from workbook.cli import Checked, main
from workbook.errors import OptionError, ParameterError, PeriodError
from workbook.limits import MAX_AGENDA_DAYS, decimal_number, whole_number
from workbook.options import OPTIONS, plain
from workbook.parameters import PARAMETERS, validate
from workbook.periods import DEFAULT_WINDOW, MAX_WINDOW, check_period, iso_date

D = dt.date


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("42", 42),
        (" 7 ", 7),
        ("0", 0),
        (7, 7),
        ("007", 7),
        ("9" * 18, 10**18 - 1),
        # Not whole numbers written in ASCII digits:
        ("9" * 19, None),  # longer than any count (int() of long text is slow)
        (True, None),
        (-1, None),
        ("-1", None),
        ("+3", None),
        ("1_000", None),
        ("2.5", None),
        ("٤٢", None),  # Arabic-Indic digits: int() reads them
        ("²", None),  # a superscript: isdigit() says yes, int() refuses
        ("", None),
        ("  ", None),
    ],
)
def test_a_whole_number_is_ascii_digits_only(typed: object, number: int | None) -> None:
    assert whole_number(typed) == number


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("0.8", 0.8),
        (" 12 ", 12.0),
        (".5", 0.5),
        ("-1", -1.0),  # read; the caller says why a negative target is refused
        (0.9, 0.9),
        (5, 5.0),
        ("nan", None),
        ("inf", None),
        (float("inf"), None),
        ("1e3", None),
        ("1_0", None),
        ("٣", None),
        ("1.", None),
        ("", None),
        (True, None),
    ],
)
def test_a_typed_target_is_ascii_digits_and_a_point(typed: object, number: float | None) -> None:
    assert decimal_number(typed) == number


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("2026-10-31", D(2026, 10, 31)),
        ("2024-02-29", D(2024, 2, 29)),
        ("2026-02-29", None),  # not a leap year
        ("20261031", None),  # fromisoformat reads it; nobody types it
        ("2026-W44-1", None),  # an ISO week date, also 10 characters
        ("٢٠٢٦-١٠-٣١", None),
        ("2026-10-31\n", None),
        ("2026-1-31", None),
        ("31/10/2026", None),
    ],
)
def test_a_typed_date_is_yyyy_mm_dd(typed: str, day: dt.date | None) -> None:
    assert iso_date(typed) == day


def test_a_period_is_checked_without_a_made_up_date() -> None:
    assert check_period("last-month") == "last-month"
    assert check_period(" 2026-10 ") == "2026-10"
    assert check_period("2026-W53") == "2026-W53"  # 2026 ends on a Thursday: 53 weeks
    with pytest.raises(PeriodError, match=r"--period '2025-W53' is not a period"):
        check_period("2025-W53")  # 2025 has 52
    with pytest.raises(PeriodError, match=r"^parameter 'period': '2026-13' is not a period"):
        check_period("2026-13", "parameter 'period':")
    with pytest.raises(PeriodError, match="1899-12-01 is outside the dates"):
        check_period("1899-12")


def test_whole_number_options_take_both_bounds_and_say_them() -> None:
    window = OPTIONS["window"]
    assert window.read("0") == 0
    assert window.read(str(MAX_WINDOW)) == MAX_WINDOW
    assert window.default == DEFAULT_WINDOW
    with pytest.raises(OptionError) as refused:
        window.read(str(MAX_WINDOW + 1))
    assert (
        str(refused.value)
        == f"--window '{MAX_WINDOW + 1}' is not a whole number of days from 0 to {MAX_WINDOW}"
    )
    with pytest.raises(OptionError, match=r"^--clients '0' is not a whole number of clients"):
        OPTIONS["trial_clients"].read("0")
    assert OPTIONS["trial_clients"].flag == "--clients"
    assert OPTIONS["as_of"].flag == "--as-of"


def test_notebook_parameters_are_options_read_the_same_way() -> None:
    assert set(PARAMETERS) == {"workbook", "as_of", "period", "window", "event", "redact"}
    assert all(PARAMETERS[name] is OPTIONS[name] for name in PARAMETERS)
    assert validate(
        {"window": " 14 ", "as_of": D(2026, 10, 31), "redact": "yes", "period": "2026-Q3"}
    ) == {"window": 14, "as_of": "2026-10-31", "redact": True, "period": "2026-Q3"}
    assert validate({"as_of": "2026-10-31", "event": " e12 ", "redact": False}) == {
        "as_of": "2026-10-31",
        "event": "e12",
        "redact": False,
    }
    with pytest.raises(ParameterError) as refused:
        validate({"window": "7; import os"})
    assert str(refused.value) == (
        "parameter 'window': '7; import os' is not a whole number of days from 0 to 365"
    )
    with pytest.raises(ParameterError, match=r"^parameter 'as_of': '2026-W44-1' is not a date"):
        validate({"as_of": "2026-W44-1"})
    with pytest.raises(ParameterError, match=r"^parameter 'event': 'e1; x' is not an id"):
        validate({"event": "e1; x"})
    with pytest.raises(ParameterError, match=r"^parameter 'redact': 'maybe' is not true or false"):
        validate({"redact": "maybe"})
    assert plain(D(2026, 1, 2)) == "2026-01-02" and plain(3) == 3
    with pytest.raises(ParameterError) as unknown:
        validate({"colour": "blue"})
    assert str(unknown.value) == (
        "unknown parameter 'colour' (notebooks take: as_of, event, period, redact, window, "
        "workbook)"
    )
    with pytest.raises(ParameterError) as not_here:
        validate({"event": "e1"}, accepted={"workbook", "as_of", "period"})
    assert str(not_here.value) == (
        "unknown parameter 'event' (this notebook takes: as_of, period, workbook)"
    )


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = []
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            found += _commands(command, f"{prefix}{name} ")
        else:
            found.append((f"{prefix}{name}", command))
    return found


def test_every_command_takes_a_declared_option_from_the_table() -> None:
    """No command re-declares --as-of, --period, --window, --days … by hand: a flag the table
    has is made by workbook.cli.option from it (same parser, same default unless the command
    says its own)."""
    flags = {option.flag for option in OPTIONS.values()}
    seen: set[str] = set()
    for where, command in _commands(main):
        for param in command.params:
            if not isinstance(param, click.Option) or param.opts[0] not in flags:
                continue
            declared = next(
                o for o in OPTIONS.values() if o.flag == param.opts[0] and o.name == param.name
            )
            seen.add(declared.name)
            if isinstance(declared.default, bool):
                assert param.is_flag, f"workbook {where} {param.opts[0]}"
            else:
                assert isinstance(param.type, Checked), f"workbook {where} {param.opts[0]}"
                assert param.type.option is declared
    assert seen == set(OPTIONS)


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ["agenda", "--days", "٣"],
            "workbook: error: --days '٣' is not a whole number of days from 0 to "
            f"{MAX_AGENDA_DAYS}",
        ),
        (
            ["report", "--jobs", "²"],
            "workbook: error: --jobs '²' is not a whole number of reports at once from 1 to 64",
        ),
        (
            ["import", "ics", "x.ics", "--since", "2026-W44-1"],
            "workbook: error: --since '2026-W44-1' is not a date: write it YYYY-MM-DD",
        ),
        (
            ["note", "--period", "2026-13", "--text", "hi"],
            "workbook: error: --period '2026-13' is not a period: use one of last-week, "
            "last-month, last-quarter, this-week, this-month, this-quarter, or a month "
            "(2026-10), an ISO week (2026-W44) or a quarter (2026-Q3)",
        ),
        (
            ["hub", "try", "--clients", "9"],
            "workbook: error: --clients '9' is not a whole number of clients from 1 to 8",
        ),
    ],
)
def test_a_bad_option_is_one_line_and_exit_2_before_anything_runs(
    tmp_path, monkeypatch: pytest.MonkeyPatch, args: list[str], line: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [line]
    assert list(tmp_path.iterdir()) == []
