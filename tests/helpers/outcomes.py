"""Running the real command line and judging how it failed (docs/robustness.md): exit
code 2, exactly one line on stderr with the words that matter, no traceback."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from tests.conftest import WORKBOOK_CLI
from tests.helpers.cli import Ran


def run_cli(*args: str, cwd: Path | None = None, **kw: Any) -> subprocess.CompletedProcess[str]:
    """``workbook ARGS…`` in a fresh process."""
    return subprocess.run(
        [*WORKBOOK_CLI, *args], capture_output=True, text=True, cwd=cwd, timeout=600, **kw
    )


def assert_refused(result: subprocess.CompletedProcess[str] | Ran, *words: str) -> str:
    """Exit 2, one line on stderr holding every one of ``words``; returns that line."""
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]


def fingerprint(path: Path) -> tuple[bytes, int]:
    """A file's bytes and modification time: unchanged means untouched."""
    return path.read_bytes(), path.stat().st_mtime_ns
