"""files.place_new: a finished file takes a name only if nothing is there yet — the one
rule by which a new workbook (init, import, demo) appears (docs/robustness.md)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from workbook.files import place_new


def test_a_free_name_is_taken_and_a_taken_one_is_left_alone(tmp_path: Path) -> None:
    private, target = tmp_path / ".w.db.x1.new-workbook", tmp_path / "w.db"
    private.write_text("new")
    assert place_new(private, target) is True
    assert target.read_text() == "new" and not private.exists()
    other = tmp_path / ".w.db.x2.new-workbook"
    other.write_text("second")
    assert place_new(other, target) is False
    assert target.read_text() == "new" and other.read_text() == "second"


def test_without_hard_links_the_name_is_claimed_exclusively(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A FAT stick or a network share refuses hard links (EPERM): the same rule holds."""

    def no_links(source: object, target: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    private, target = tmp_path / ".w.db.x1.new-workbook", tmp_path / "w.db"
    private.write_text("new")
    assert place_new(private, target) is True
    assert target.read_text() == "new" and not private.exists()
    private.write_text("again")
    assert place_new(private, target) is False
    assert target.read_text() == "new"
