"""Every command the README and docs/ show works as written (docs/development.md).

A ```` ```sh ```` block holds commands to run: each of its lines is a ``workbook``
command, run in-process (click's ``CliRunner``) exactly as written, each file's in order,
from a fresh empty folder with a fresh data folder and no ``$WORKBOOK``. The long-running
commands (:data:`LONG_RUNNING`) are run with ``--help`` added: their options must exist.
A plain ```` ``` ```` block's ``workbook …`` lines are synopses: each command and option
they name must exist.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from workbook.cli import main

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
#: Shell lines an ``sh`` block may hold besides ``workbook`` commands: they change the
#: shell, not the workbook (the test runs ``workbook`` itself).
SHELL_ONLY = {("source", ".venv/bin/activate")}
#: Commands that run until stopped (and their sub-commands, e.g. ``hub try``): only their
#: options are checked (with ``--help``).
LONG_RUNNING = {"app", "lab", "hub"}
_BLOCK = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```", re.S | re.M)


def blocks(path: Path, language: str) -> list[str]:
    """The bodies of ``path``'s code blocks in ``language`` ("" for a plain block)."""
    return [
        body for lang, body in _BLOCK.findall(path.read_text(encoding="utf-8")) if lang == language
    ]


def shell_commands(path: Path) -> list[list[str]]:
    """The ``sh`` blocks' commands, as argument lists (comments dropped, ``\\`` joined)."""
    commands = []
    for body in blocks(path, "sh"):
        for line in body.replace("\\\n", " ").splitlines():
            words = shlex.split(line, comments=True)
            if words and tuple(words) not in SHELL_ONLY:
                assert words[0] == "workbook", f"{path.name}: not a workbook command: {line}"
                commands.append(words)
    return commands


def _command(words: list[str]) -> tuple[click.Command, tuple[str, ...]]:
    """The click command ``words`` (after ``workbook``) names, and its name path."""
    command: click.Command = main
    names: list[str] = []
    for word in words:
        if not isinstance(command, click.Group) or word not in command.commands:
            break
        command = command.commands[word]
        names.append(word)
    return command, tuple(names)


DOCUMENTED = [
    pytest.param(path, id=path.relative_to(ROOT).as_posix())
    for path in DOCUMENTS
    if shell_commands(path)
]


def test_the_readme_and_the_cli_page_have_commands_to_run() -> None:
    ids = {param.id for param in DOCUMENTED}
    assert {"README.md", "docs/cli.md"} <= ids


@pytest.mark.parametrize("path", DOCUMENTED)
def test_every_documented_command_works_as_written(
    path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "here"
    folder.mkdir()
    monkeypatch.chdir(folder)
    monkeypatch.delenv("WORKBOOK", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    runner = CliRunner()
    for words in shell_commands(path):
        _, names = _command(words[1:])
        long_running = bool(names) and names[0] in LONG_RUNNING
        args = [*words[1:], "--help"] if long_running else words[1:]
        result = runner.invoke(main, args)
        assert result.exit_code == 0, f"{path.name}: {shlex.join(words)}\n{result.output}"
        if long_running:
            assert "Usage:" in result.output


def synopses() -> list[tuple[Path, str]]:
    """Every synopsis line (with its continuation lines) of a plain block."""
    found = []
    for path in DOCUMENTS:
        for body in blocks(path, ""):
            current: list[str] = []
            for line in [*body.splitlines(), ""]:
                if line.startswith(" ") and current:
                    current.append(line.strip())
                    continue
                if current:
                    found.append((path, " ".join(current)))
                current = [line] if line.startswith("workbook ") else []
    return found


@pytest.mark.parametrize(
    ("path", "line"),
    [pytest.param(p, line, id=f"{p.name}:{line[:40]}") for p, line in synopses()],
)
def test_every_synopsis_names_real_commands_and_options(path: Path, line: str) -> None:
    words = line.split()[1:]
    command, names = _command(words)
    assert names, f"{path.name}: no such command: {line}"
    known = {opt for param in command.params for opt in [*param.opts, *param.secondary_opts]}
    named = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", line))
    assert named - known == set(), f"{path.name}: {line}"
