"""The light app's pieces that need no server: where the token comes from, its scrubbing
from the log, the address printed, and a form saved once (docs/app.md)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from workbook import capture
from workbook.app.saving import Answer, save_once, saved_answer
from workbook.app.standalone import (
    SCRUBBED,
    TokenScrubber,
    address,
    failure_delay,
    qr_code,
)
from workbook.app.token import TOKEN_ENV, resolve_token
from workbook.errors import CaptureError, WorkbookInputError
from workbook.store import Workbook, init_workbook

GOOD = "0123456789abcdef"  # 16 characters: the shortest accepted


def test_the_token_from_the_option_then_the_file_then_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    token_file = tmp_path / "token"
    token_file.write_text(f"  file-{GOOD}\n")
    assert resolve_token(GOOD, str(token_file)) == GOOD
    assert resolve_token(None, str(token_file)) == f"file-{GOOD}"
    monkeypatch.setenv(TOKEN_ENV, f"env-{GOOD}")
    assert resolve_token(None, str(token_file)) == f"file-{GOOD}"
    assert resolve_token(None, None) == f"env-{GOOD}"
    monkeypatch.delenv(TOKEN_ENV)
    made = resolve_token(None, None)
    assert len(made) == 32 and made != resolve_token(None, None)


@pytest.mark.parametrize(
    ("token", "where"),
    [(GOOD[:-1], "--token"), ("with a space in it!", "--token"), ("", "--token")],
)
def test_a_weak_token_is_refused(token: str, where: str) -> None:
    with pytest.raises(WorkbookInputError, match=f"^{where}: a token must be at least 16"):
        resolve_token(token, None)


def test_a_weak_token_from_the_file_or_environment_names_where_it_came_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    token_file = tmp_path / "token"
    token_file.write_text("1234\n")
    with pytest.raises(WorkbookInputError, match=rf"^--token-file {token_file}: a token"):
        resolve_token(None, str(token_file))
    monkeypatch.setenv(TOKEN_ENV, "1234")
    with pytest.raises(WorkbookInputError, match=r"^\$WORKBOOK_APP_TOKEN: a token"):
        resolve_token(None, None)
    with pytest.raises(WorkbookInputError, match="cannot read it"):
        resolve_token(None, str(tmp_path / "missing"))


def test_the_token_is_scrubbed_from_every_log_record(caplog: pytest.LogCaptureFixture) -> None:
    before = logging.getLogRecordFactory()
    TokenScrubber(GOOD).install()
    try:
        log = logging.getLogger("tornado.access")
        with caplog.at_level(logging.INFO):
            log.warning("404 GET /workbook/x?a=%s (%s)", GOOD, "127.0.0.1")
            try:
                raise ValueError(f"bad {GOOD}")
            except ValueError:
                log.exception("failed")
    finally:
        logging.setLogRecordFactory(before)
    assert GOOD not in caplog.text
    assert f"/workbook/x?a={SCRUBBED} (127.0.0.1)" in caplog.text
    assert f"ValueError: bad {SCRUBBED}" in caplog.text


def test_the_address_printed() -> None:
    assert address("127.0.0.1", 8866, GOOD) == f"http://127.0.0.1:8866/?token={GOOD}"
    assert address("::1", 8866, GOOD) == f"http://[::1]:8866/?token={GOOD}"
    assert "0.0.0.0" not in address("0.0.0.0", 8866, GOOD)


def test_wrong_tokens_in_a_row_wait_longer_and_longer() -> None:
    assert [failure_delay(n) for n in range(1, 8)] == [0.25, 0.5, 1, 2, 4, 8, 8]


def test_the_qr_code_is_drawn_with_characters() -> None:
    drawn = qr_code(f"http://192.0.2.2:8866/?token={GOOD}").splitlines()
    assert len(drawn) >= 15 and len({len(line) for line in drawn}) == 1  # a square-ish block
    assert set("".join(drawn)) <= set(" █▀▄")


def test_a_form_is_saved_once(tmp_path: Path) -> None:
    path = init_workbook(tmp_path / "wb.db")
    submission = "ab" * 16
    calls: list[str] = []

    def log(wb: Workbook) -> Answer:
        calls.append("saved")
        saved = capture.log_encounter(wb, "Ana", place="rink", today=None)
        return Answer(saved.summary, undo="x")

    first = save_once(path, submission, log)
    again = save_once(path, submission, log)
    assert calls == ["saved"]
    assert first == again == saved_answer(path, submission)
    assert first.message.startswith("Saved: your encounter with Ana on ")
    assert first.undo == "x"
    with Workbook.open(path) as wb:
        assert len(wb.records("encounters")) == 1


def test_an_invalid_form_writes_nothing_not_even_its_id(tmp_path: Path) -> None:
    path = init_workbook(tmp_path / "wb.db")
    submission = "cd" * 16
    with pytest.raises(CaptureError, match=r"^Who: enter a name"):
        save_once(path, submission, lambda wb: Answer(capture.log_encounter(wb, " ").summary))
    assert saved_answer(path, submission) is None
    with pytest.raises(CaptureError, match=r"^Form: this form is out of date"):
        save_once(path, "not-an-id", lambda wb: Answer("never"))


def test_targets_set_by_typing_and_cleared_by_emptying() -> None:
    from workbook.forms.targets import parse_targets, shown_target

    typed = {"new_people": " 5 ", "follow_up_rate": "80", "median_follow_up_days": "2,5"}
    assert parse_targets(typed) == {
        "new_people": 5,
        "follow_up_rate": 0.8,
        "median_follow_up_days": 2.5,
    }
    assert parse_targets({"new_people": "", "follow_up_rate": None}) == {}
    assert [shown_target("follow_up_rate", 0.8), shown_target("new_people", 5)] == ["80", "5"]
    assert [shown_target("median_follow_up_days", 2.5), shown_target("new_people", None)] == [
        "2.5",
        "",
    ]
    for bad, problem in [
        ({"new_people": "five"}, "“five” is not a number"),
        ({"new_people": "2.5"}, "enter a whole number, not 2.5"),
        ({"new_people": "-1"}, "a target cannot be negative (-1)"),
        ({"follow_up_rate": "120"}, "between 0 and 100, not 120"),
        ({"follow_up_rate": "nan"}, "“nan” is not a number"),
        # float() reads all of these; nobody types them for a target
        ({"new_people": "٥"}, "“٥” is not a number"),
        ({"new_people": "1_000"}, "“1_000” is not a number"),
        ({"median_follow_up_days": "1e3"}, "“1e3” is not a number"),
        ({"follow_up_rate": "inf"}, "“inf” is not a number"),
    ]:
        with pytest.raises(CaptureError) as error:
            parse_targets(bad)
        assert problem in str(error.value)
