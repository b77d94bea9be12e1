"""docs/README.md's table "Where each thing is defined" names things that exist where it
says: every file or folder it names is there, every dotted name resolves, and every bare
name it lists is defined in one of the modules named on the same row."""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "docs" / "README.md"
TICKED = re.compile(r"`([^`]+)`")
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*")
FILE = re.compile(r"[\w*./-]+\.(py|toml|j2|js|json)")
#: Names on the table that are not Python: JSON keys and a jinja filter; a report's output.
NOT_PYTHON = {"format", "version", "lines", "dependencies", "summary.json"}


def _rows() -> list[tuple[str, str]]:
    text = README.read_text(encoding="utf-8")
    table = text.split("## Where each thing is defined", 1)[1]
    rows = []
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 2 and cells[0] not in ("what", "---"):
            rows.append((cells[0], cells[1]))
        elif rows and not line.startswith("|") and line.strip():
            break  # the table has ended
    return rows


def _module(dotted: str) -> tuple[ModuleType, list[str]] | None:
    """The longest importable module of ``dotted`` and the attribute path after it."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            return importlib.import_module(".".join(parts[:cut])), parts[cut:]
        except ImportError:
            continue
    return None


def _resolves(dotted: str) -> bool:
    found = _module(dotted)
    if found is None:
        return False
    thing: object = found[0]
    for attribute in found[1]:
        if not hasattr(thing, attribute):
            return False
        thing = getattr(thing, attribute)
    return True


def _modules_of(cell: str) -> list[str]:
    """The modules a cell names: ``workbook/x/y.py`` or ``workbook/x/``, ``workbook.x``."""
    names = []
    for token in TICKED.findall(cell):
        if token.startswith("workbook/") and token.endswith((".py", "/")):
            names.append(token.removesuffix(".py").strip("/").replace("/", "."))
        elif token.startswith("workbook.") and NAME.fullmatch(token):
            found = _module(token)
            if found is not None:
                names.append(found[0].__name__)
    return names


@pytest.mark.parametrize(("what", "where"), _rows(), ids=[row[0][:40] for row in _rows()])
def test_every_home_in_the_table_exists(what: str, where: str) -> None:
    modules = _modules_of(what + " " + where)
    missing = []
    for token in TICKED.findall(what + " " + where):
        token = token.removesuffix("()")
        if token in NOT_PYTHON:
            continue
        if "/" in token or FILE.fullmatch(token):
            # A path from the top (a glob matches something), else a template's file name.
            pattern = token.rstrip("/")
            named = "/" not in token and any((ROOT / "workbook").rglob(token))
            if not (any(ROOT.glob(pattern)) or named):
                missing.append(token)
            continue
        if not NAME.fullmatch(token):
            continue  # a command, a variable, a value: not a Python name
        if token.startswith("workbook."):
            ok = _resolves(token)
        else:
            ok = (
                _resolves(f"workbook.{token}")
                or any(_resolves(f"{module}.{token}") for module in modules)
                or ("." in token and _resolves(token))  # a library's (concurrent.futures)
            )
        if not ok:
            missing.append(token)
    assert missing == [], f"docs/README.md names what is not there: {missing}"


def test_the_table_is_read_and_a_wrong_name_is_seen() -> None:
    rows = _rows()
    assert len(rows) > 30
    assert any("`workbook/options.py`" in where for _, where in rows)
    assert _resolves("workbook.periods.DEFAULT_WINDOW")
    assert not _resolves("workbook.periods.DEFAULT_WINDOWS")
    assert _modules_of("`workbook/capture/` and `workbook.limits.whole_number`") == [
        "workbook.capture",
        "workbook.limits",
    ]
