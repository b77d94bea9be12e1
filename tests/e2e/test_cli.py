"""The command line as a user runs it (docs/cli.md): exit codes, messages, files written.

The commands run in this process (:func:`tests.helpers.cli.invoke`); the tests about the
real script — the workbook found from the environment and the working folder, an exit
code and its one line as a shell sees them — start it as a process of its own.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import WORKBOOK_CLI
from tests.helpers.cli import Ran
from tests.helpers.cli import invoke as run


def real_run(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None):
    """The real ``python -m workbook`` script, as a process of its own."""
    return subprocess.run(
        [*WORKBOOK_CLI, *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=300
    )


def assert_clean_failure(result: Ran | subprocess.CompletedProcess, code: int, *words: str) -> None:
    """One clear line on stderr, the expected code, and never a traceback."""
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 or result.stderr.startswith("Usage:"), result.stderr
    for word in words:
        assert word in result.stderr


@pytest.fixture
def spec_workbook(tmp_path: Path, spec_document: dict[str, Any], write_json) -> Path:
    path = tmp_path / "ada.db"
    done = run("import", "json", str(write_json(spec_document)), "--workbook", str(path))
    assert done.returncode == 0, done.stderr
    return path


def test_init_creates_an_empty_workbook_and_refuses_to_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    assert run("init", str(path)).returncode == 0
    assert path.exists()
    assert_clean_failure(run("init", str(path)), 2, "already there")


def test_workbook_path_comes_from_option_then_env_then_default(tmp_path: Path) -> None:
    env_path = tmp_path / "from_env.db"
    import os

    env = {**os.environ, "WORKBOOK": str(env_path)}
    assert real_run("init", env=env).returncode == 0
    assert env_path.exists()
    explicit = tmp_path / "explicit.db"
    assert real_run("init", "--workbook", str(explicit), env=env).returncode == 0
    assert explicit.exists()
    bare = {k: v for k, v in os.environ.items() if k != "WORKBOOK"}
    bare["XDG_DATA_HOME"] = str(tmp_path / "share")  # the person's data folder
    here = tmp_path / "here"
    here.mkdir()
    done = real_run("init", env=bare, cwd=here)
    default = tmp_path / "share" / "networking-workbook" / "workbook.db"
    assert (done.returncode, done.stdout) == (0, f"created {default}\n")
    assert default.exists()
    assert list(here.iterdir()) == []  # not in the working folder


def test_export_then_import_round_trips(tmp_path, spec_workbook) -> None:
    out = tmp_path / "backup.json"
    assert run("export", "--out", str(out), "--workbook", str(spec_workbook)).returncode == 0
    again = tmp_path / "again.db"
    assert run("import", "json", str(out), "--workbook", str(again)).returncode == 0
    out2 = tmp_path / "backup2.json"
    assert run("export", "--out", str(out2), "--workbook", str(again)).returncode == 0
    assert json.loads(out.read_text()) == json.loads(out2.read_text())


def test_import_twice_adds_nothing(tmp_path, spec_document, write_json, spec_workbook) -> None:
    result = run("import", "json", str(write_json(spec_document)), "--workbook", str(spec_workbook))
    assert result.returncode == 0
    assert "added nothing new" in result.stdout


@pytest.mark.parametrize(
    ("mutate", "words"),
    [
        (
            lambda d: d["encounters"][0].update(person="ghost"),
            ["encounters record 'n1'", "field 'person'", "'ghost'"],
        ),
        (
            lambda d: d["events"][0].update(date="2026-13-01"),
            ["events record 'e1'", "field 'date'"],
        ),
        (
            lambda d: d["touchpoints"][0].update(kind="bribe"),
            ["touchpoints record 't1'", "field 'kind'", "'bribe'"],
        ),
        (
            lambda d: d["purposes"][0]["targets"].update(happiness=3),
            ["purposes record 'g1'", "field 'targets'", "'happiness'"],
        ),
        (
            lambda d: d["people"].append(dict(d["people"][0])),
            ["people record 'p1'", "duplicate id"],
        ),
    ],
)
def test_bad_records_exit_2_and_change_nothing(
    tmp_path, spec_document, write_json, spec_workbook, mutate, words
) -> None:
    before = spec_workbook.read_bytes()
    spec_document["people"][0]["id"] = "p1"
    mutate(spec_document)
    # New ids everywhere else, so that the import would add records if it wrote anything.
    spec_document["opportunities"][0]["id"] = "o-new"
    bad = write_json(spec_document, "bad.json")
    result = run("import", "json", str(bad), "--workbook", str(spec_workbook))
    assert_clean_failure(result, 2, "bad.json", *words)
    exported = tmp_path / "after.json"
    run("export", "--out", str(exported), "--workbook", str(spec_workbook))
    assert [o["id"] for o in json.loads(exported.read_text())["opportunities"]] == ["o1"]
    assert before  # the file existed and was read


def test_truncated_json_names_line_and_column(tmp_path, spec_document, write_json) -> None:
    text = json.dumps(spec_document, indent=1)
    bad = write_json(text[: len(text) // 2], "truncated.json")
    target = tmp_path / "never.db"
    result = run("import", "json", str(bad), "--workbook", str(target))
    assert_clean_failure(result, 2, "truncated.json", "line ", "column ")
    assert not target.exists(), "a failed import must not leave a workbook behind"


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["import", "json", "missing.json"], 2, ["missing.json", "no such file"]),
        (["import", "csv", "x.csv"], 2, ["'csv'"]),
        (["export", "--out", "x.json", "--workbook", "nowhere.db"], 2, ["nowhere.db"]),
        (["report", "--workbook", "nowhere.db"], 2, ["nowhere.db", "no workbook"]),
        (["report", "--workbook", "w.db", "--period", "2026-13"], 2, ["2026-13"]),
        (["report", "--workbook", "w.db", "--period", "last-year"], 2, ["last-year"]),
        (["report", "--workbook", "w.db", "--as-of", "26/11/2026"], 2, ["26/11/2026"]),
        (["report", "--workbook", "w.db", "--window", "-3"], 2, ["-3"]),
        (["run", "no_such_notebook", "--workbook", "w.db"], 2, ["no_such_notebook"]),
        (
            ["run", "periodic_report", "--workbook", "w.db", "-p", "colour", "blue"],
            2,
            ["unknown parameter 'colour'"],
        ),
        (
            ["run", "periodic_report", "--workbook", "w.db", "-p", "window", "7; import os"],
            2,
            ["'window'"],
        ),
        (
            ["run", "periodic_report", "--workbook", "w.db", "-p", "as_of", "yesterday"],
            2,
            ["as_of"],
        ),
    ],
)
def test_bad_usage_exits_2_with_one_clear_message(tmp_path, args, code, words) -> None:
    assert run("init", str(tmp_path / "w.db")).returncode == 0
    result = run(*args, cwd=tmp_path)
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in result.stderr


def test_the_real_script_exits_2_with_one_line_and_writes_nothing(tmp_path) -> None:
    result = real_run("report", "--workbook", "nowhere.db", "--period", "2026-13", cwd=tmp_path)
    assert_clean_failure(result, 2, "2026-13")
    assert list(tmp_path.iterdir()) == []


def test_a_damaged_workbook_file_is_bad_input(tmp_path) -> None:
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)
    assert_clean_failure(run("report", "--workbook", str(damaged)), 2, "damaged.db")


def test_every_command_that_writes_a_workbook_names_it(tmp_path, spec_document, write_json) -> None:
    """So that a person always knows which file changed (docs/cli.md)."""
    mine, demo = tmp_path / "mine.db", tmp_path / "demo.db"
    source = write_json(spec_document)
    said = {
        "init": run("init", "--workbook", str(mine)),
        "demo": run("demo", str(demo), "--people", "5", "--months", "2", "--as-of", "2026-11-15"),
        "import": run("import", "json", str(source), "--workbook", str(tmp_path / "new.db")),
        "log encounter": run("log", "encounter", "Ada", "--place", "rink", "--workbook", str(mine)),
        "log touch": run("log", "touch", "ada", "--out", "--workbook", str(mine)),
        "note": run("note", "--workbook", str(mine), "--period", "2026-10", "--text", "Well done"),
    }
    for command, result in said.items():
        assert result.returncode == 0, (command, result.stderr)
    assert said["init"].stdout == f"created {mine}\n"
    assert said["demo"].stdout.startswith(f"wrote {demo}: 5 people, ")
    assert said["import"].stdout.startswith(f"{tmp_path / 'new.db'}: ")
    for command in ("log encounter", "log touch"):
        assert said[command].stdout.endswith(f" in {mine}.\n"), command
    assert said["note"].stdout == f"saved the coach's note for 2026-10 in {mine}\n"
