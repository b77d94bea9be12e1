"""What ``workbook log`` loads: checked in a fresh process (docs/capture.md)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from workbook.store import init_workbook


def test_logging_from_a_terminal_does_not_load_pandas(tmp_path: Path) -> None:
    """A log is a look-up and a write: no data frames, so no pandas (89 MB, half a second)."""
    path = init_workbook(tmp_path / "w.db")
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from workbook.cli import main\n"
        # log touch takes only someone known: Ana comes in by an encounter first.
        f"for args in (['log', 'encounter', 'Ana', '--workbook', {str(path)!r}],\n"
        f"             ['log', 'touch', 'Ana', '--out', '--workbook', {str(path)!r}]):\n"
        "    done = CliRunner().invoke(main, args)\n"
        "    assert done.exit_code == 0, done.output\n"
        "print('pandas' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "False", done.stderr
