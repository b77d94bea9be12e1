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
