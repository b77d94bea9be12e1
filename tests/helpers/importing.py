"""Helpers for the importers' tests: fixture files, clean-failure and idempotence checks."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.cli import Ran, invoke
from workbook.errors import WorkbookInputError
from workbook.importers import Imported, import_contacts, import_file
from workbook.jsonio import export_document
from workbook.store import Workbook

ROOT = Path(__file__).resolve().parents[2]
# The public test corpus (real files from other projects), beside the repository — or
# where $WORKBOOK_TEST_CORPUS says (a git worktree elsewhere) —: the one definition of its
# place. Tests over it run when it is there, and always in CI.
CORPUS = Path(os.environ.get("WORKBOOK_TEST_CORPUS") or ROOT.parent / "shared" / "corpus")
FIXTURES = ROOT / "tests" / "fixtures"
MISSING = "<corpus missing>"


def require_corpus() -> None:
    """Skip the calling test when the corpus is not beside the repository — but fail in CI
    (``CI=true``), where it must be."""
    if CORPUS.is_dir():
        return
    reason = f"the public test corpus is not at {CORPUS} (see tests/helpers/importing.py)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true but {reason}")
    pytest.skip(reason)


def in_corpus(*parts: str) -> Path:
    """A path in the corpus, for a test that needs it (see :func:`require_corpus`)."""
    require_corpus()
    return CORPUS.joinpath(*parts)


def corpus_files(folder: str, pattern: str = "*") -> list[str]:
    """Paths (relative to the corpus) of the files under ``folder`` matching ``pattern``,
    to parametrize over; when the corpus is missing, one placeholder that
    :func:`corpus_file` turns into a skip (or a failure in CI)."""
    if not CORPUS.is_dir():
        return [MISSING]
    return sorted(
        str(p.relative_to(CORPUS)) for p in (CORPUS / folder).rglob(pattern) if p.is_file()
    )


def corpus_file(relative: str) -> Path:
    """The corpus file a :func:`corpus_files` parameter names."""
    require_corpus()
    return CORPUS / relative


def card_person(number: int, name: str, **fields: Any) -> dict[str, Any]:
    """What a contacts reader gives for card ``number``: every field it maps, defaults
    filled in."""
    return {
        "id": f"card {number}",
        "name": name,
        "organisation": None,
        "role": None,
        "email": None,
        "phone": None,
        "url": None,
        "tags": [],
        "notes": None,
        **fields,
    }


def many_cards(tag: str, count: int) -> str:
    """``count`` vCard 3.0 cards, "TAG Person I" with the e-mail tagI@example.com."""
    return "".join(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{tag} Person {i}\r\nN:Person {i};{tag};;;\r\n"
        f"EMAIL:{tag.lower()}{i}@example.com\r\nEND:VCARD\r\n"
        for i in range(count)
    )


def write_crlf(tmp_path: Path, text: str, name: str = "cards.vcf") -> Path:
    """Write ``text`` as UTF-8 with CRLF line ends (as vCard and iCalendar want)."""
    path = tmp_path / name
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    return path


def reads_or_fails_clearly(
    reader: Callable[[Path], Imported], path: Path, tmp_path: Path
) -> Imported | None:
    """``reader(path)`` returns an Imported that imports into a fresh workbook, or raises
    a one-line WorkbookInputError naming the file (then None); nothing else."""
    try:
        imported = reader(path)
    except WorkbookInputError as error:
        message = str(error)
    else:
        assert isinstance(imported, Imported)
        # A RecordError would be a clean failure too, but a reader should not need one.
        with Workbook.open(tmp_path / "w.db", create=True) as workbook:
            result = import_contacts(workbook, imported, source=str(path))
        assert result.skipped == imported.skipped
        return imported
    assert message.startswith(f"{path}: ")
    assert "\n" not in message
    return None


def import_twice(format: str, path: Path, tmp_path: Path) -> tuple[Any, Any, dict[str, Any]]:
    """Import ``path`` twice into a fresh workbook: both results and the workbook after the
    first import, which the second must leave exactly as it was."""
    with Workbook.open(tmp_path / "w.db", create=True) as workbook:
        first = import_file(workbook, format, path)
        before = export_document(workbook)
        second = import_file(workbook, format, path)
        assert export_document(workbook) == before
    assert sum(second.added.values()) == 0
    assert sum(second.updated.values()) == 0
    return first, second, before


def run_cli(*args: str) -> Ran:
    """``workbook ARGS`` from the project folder, in this process."""
    return invoke(*args, cwd=ROOT)


def assert_fails_cleanly(format: str, path: Path, where: str, tmp_path: Path) -> None:
    """``workbook import FORMAT PATH`` exits 2 with one line naming the file and ``where``,
    no traceback, and leaves no workbook behind."""
    db = tmp_path / "w.db"
    done = run_cli("import", format, str(path), "--workbook", str(db))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert str(path) in lines[0]
    assert where in lines[0]
    assert list(tmp_path.iterdir()) == []
