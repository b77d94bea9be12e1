"""What a workbook process leaves out as it starts (workbook/startup.py): the IRI grammars
of rfc3987_syntax, in the command line, a hub client's server and its client commands."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

CHECKERS = """
import sys
{skip}
import jsonschema
import jupyter_events.logger  # what Jupyter Server's start imports first
checkers = jsonschema.Draft7Validator.FORMAT_CHECKER.checkers
print(sys.modules.get("rfc3987_syntax") is not None, "iri" in checkers, "uri" in checkers)
"""
SKIPPED = "False False True"  # not imported; only "iri" unchecked, "uri" still checked


@pytest.mark.parametrize(
    ("skip", "answer"),
    [
        ("", "True True True"),  # as any other process: the IRI grammars compiled
        ("from workbook.startup import skip_unneeded_imports\nskip_unneeded_imports()", SKIPPED),
        # a hub client's server, through its own entry point's module
        ("import workbook.hub.singleuser as s\ns.skip_unneeded_imports()", SKIPPED),
        # any `workbook` command: the group's callback runs before the command's own
        (
            "from workbook.cli import main\n"
            "try:\n    main(['agenda', '--help'])\nexcept SystemExit:\n    pass",
            SKIPPED,
        ),
    ],
    ids=["plain", "startup", "hub-server", "cli"],
)
def test_only_the_iri_grammars_are_left_out(skip: str, answer: str) -> None:
    pytest.importorskip("rfc3987_syntax")
    done = subprocess.run(
        [sys.executable, "-c", CHECKERS.format(skip=skip)],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(Path(__file__).resolve().parents[2]), "PATH": "/usr/bin:/bin"},
    )
    assert done.stdout.split()[-3:] == answer.split()
