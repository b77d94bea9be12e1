"""What a fresh Python process loads: checked in a subprocess, so it is an e2e test."""

from __future__ import annotations

import subprocess
import sys


def test_reading_a_workbook_does_not_load_pydantic() -> None:
    """A report's kernel only reads: it starts faster without the validating models."""
    code = "import sys, workbook.sections; print('pydantic' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "False", done.stderr


def test_the_command_line_starts_without_pandas() -> None:
    """``workbook --help`` stays quick: the defaults it shows come from light modules."""
    code = "import sys, workbook.cli; print('pandas' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "False", done.stderr
