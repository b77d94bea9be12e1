"""The ``workbook`` command run in this process (click's ``CliRunner``), answering like a
finished process: ``returncode``, ``stdout``, ``stderr``.

A separate process proves nothing more for most command-line tests and costs a Python
start (and pandas' import) each time; the few tests about processes themselves —
relative paths from another folder, exit codes of the real script, the installed wheel —
keep :data:`tests.conftest.WORKBOOK_CLI` (docs/development.md).

``env``, as for ``subprocess.run``, is the whole environment (variables it lacks are
unset for the run); ``cwd`` is the folder the command starts in. An exception the
command does not turn into its one-line message shows up as a traceback in ``stderr``,
as it would from the real script, so "no traceback" assertions keep their meaning.
"""

from __future__ import annotations

import contextlib
import os
import traceback
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner


@dataclass(frozen=True)
class Ran:
    """What a finished ``workbook`` command left: its exit code and its two streams."""

    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str


def invoke(
    *args: str | os.PathLike[str],
    env: Mapping[str, str] | None = None,
    cwd: str | os.PathLike[str] | None = None,
    input: str | None = None,
) -> Ran:
    """``workbook ARGS`` in this process, as :class:`Ran`."""
    from workbook.cli import main

    words = tuple(str(a) for a in args)
    overrides: dict[str, str | None] | None = None
    if env is not None:
        overrides = {name: None for name in os.environ if name not in env}
        overrides.update(env)
    with contextlib.chdir(Path(cwd) if cwd is not None else Path.cwd()):
        result = CliRunner().invoke(main, list(words), env=overrides, input=input)
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        trace = "".join(traceback.format_exception(result.exception))
        stderr += f"Traceback (most recent call last), in process:\n{trace}"
    return Ran(words, result.exit_code, result.stdout, stderr)
