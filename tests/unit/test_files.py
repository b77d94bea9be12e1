"""workbook.files: how a path a person typed is shown back to them."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbook.files import absolute


def test_absolute_folds_dots_against_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    assert absolute("../coach/./shared") == tmp_path / "coach" / "shared"
    assert absolute(tmp_path / "a" / ".." / "b") == tmp_path / "b"
    assert absolute("Acme {UK}.db") == tmp_path / "elsewhere" / "Acme {UK}.db"
