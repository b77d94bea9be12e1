"""The calendar subscription's pieces (workbook/app/calendar.py, docs/app-offline.md):
the owner's e-mail as the browser's type=email checks it, the key made once, the
addresses and the QR code. The feed itself is tested end to end in
tests/e2e/test_app_phone.py."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from workbook.app.calendar import (
    KEY_BYTES,
    check_email,
    ensure_calendar_key,
    new_key,
    subscription,
)
from workbook.errors import CaptureError
from workbook.store import Workbook


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("", None),
        ("   ", None),
        (" alex@example.org ", "alex@example.org"),
        ("a@b", "a@b"),  # what <input type=email> accepts, the server accepts
        ("o'brien+cal@mail.example.co.uk", "o'brien+cal@mail.example.co.uk"),
    ],
)
def test_emails_kept(typed: str, kept: str | None) -> None:
    assert check_email(typed) == kept


@pytest.mark.parametrize(
    "typed", ["alex", "alex@", "@example.org", "a b@example.org", "a@-b.org", "zoë@example.org"]
)
def test_emails_refused_name_the_field(typed: str) -> None:
    with pytest.raises(CaptureError) as caught:
        check_email(typed)
    assert caught.value.field == "Your e-mail"
    assert caught.value.problem == f"“{typed.strip()}” is not an e-mail address"


def test_a_key_is_made_once_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "w.db"
    Workbook.open(path, create=True).close()
    first = ensure_calendar_key(path)
    assert ensure_calendar_key(path) == first
    with Workbook.open(path) as wb:
        assert wb.calendar_key == first
    # 24 random bytes, URL-safe base64 without padding: 32 characters
    assert len(first) == 32 == len(new_key()) == KEY_BYTES * 4 // 3
    assert new_key() != new_key()


def _handler(protocol: str, host: str, app_url: str) -> Any:
    return SimpleNamespace(request=SimpleNamespace(protocol=protocol, host=host), app_url=app_url)


def test_addresses_as_the_request_reached_the_app() -> None:
    local = subscription(_handler("http", "127.0.0.1:8866", "/workbook/"), "k-y_1")
    assert local.url == "http://127.0.0.1:8866/workbook/agenda.ics?key=k-y_1"
    assert local.webcal == "webcal://127.0.0.1:8866/workbook/agenda.ics?key=k-y_1"
    hub = subscription(_handler("https", "hub.example.org", "/user/ada/workbook/"), "K")
    assert hub.url == "https://hub.example.org/user/ada/workbook/agenda.ics?key=K"
    assert hub.webcal == "webcal://hub.example.org/user/ada/workbook/agenda.ics?key=K"


def test_the_qr_code_is_an_inline_svg_of_the_address() -> None:
    svg = str(subscription(_handler("http", "h:1", "/workbook/"), "abc").qr_svg)
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "<title>QR code of the calendar address</title>" in svg
    assert "<script" not in svg and "abc" not in svg  # the address is drawn, not written
