"""Reports go exactly where ``--out`` says, and nothing else is left anywhere.

Run from a folder outside the checkout with relative paths and parallel jobs, with file
names that look like templates, after killed runs, redacted and failing.
"""

from __future__ import annotations

import csv
import datetime as dt
import fcntl
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.helpers.cli import invoke
from workbook import scratch
from workbook.demo import write_demo

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 11, 20)
REPORT_FILES = {"report.html", "report.ipynb", "summary.json"}


def cli_env(tmp_path: Path) -> dict[str, str]:
    """This process's environment, with the scratch cache inside the test's own folder."""
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": path, "XDG_CACHE_HOME": str(tmp_path / "cache")}


def workbook_cli(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    """The real script, where the process is the point: started in another folder, with
    worker processes. The others run the command in this process
    (:func:`tests.helpers.cli.invoke`, same ``cwd`` and ``env``)."""
    return subprocess.run(
        [sys.executable, "-m", "workbook", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=900,
    )


def files_under(folder: Path) -> set[str]:
    """Every file and folder under ``folder``, as paths relative to it."""
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def demo(path: Path, seed: int = 7) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_demo(path, as_of=AS_OF, seed=seed, people=12, months=3)
    return path


def checkout_entries() -> set[str]:
    return {p.name for p in ROOT.iterdir()}


def test_clients_from_a_foreign_folder_with_relative_paths_and_two_jobs(tmp_path: Path) -> None:
    practice = tmp_path / "coaching"
    for seed, name in enumerate(("amy", "ben", "cat"), start=1):
        demo(practice / "clients" / f"{name}.db", seed=seed)
    (practice / "clients" / "broken.db").write_bytes(b"SQLite format 3\x00" + b"\xff" * 600)
    before = checkout_entries()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    result = workbook_cli(
        "report",
        "--clients",
        "clients",
        "--out",
        "shared-reports",
        "--period",
        "2026-10",
        "--as-of",
        AS_OF.isoformat(),
        "--jobs",
        "2",
        cwd=practice,
        env=cli_env(tmp_path),
    )

    assert result.returncode == 1, result.stderr
    assert "broken.db" in result.stderr
    assert "3 of 4 client reports written; 1 failed" in result.stderr
    assert "Traceback" not in result.stderr
    out = practice / "shared-reports"
    reports = {f"{name}/2026-10/{file}" for name in ("amy", "ben", "cat") for file in REPORT_FILES}
    folders = {"amy", "ben", "cat", "amy/2026-10", "ben/2026-10", "cat/2026-10"}
    overview = {"index.html", "overview.csv"}
    assert files_under(out) - overview == reports | folders  # no .run-*, no broken/
    assert set(os.listdir(practice)) == {"clients", "shared-reports"}
    assert files_under(elsewhere) == set()
    assert checkout_entries() == before
    rows = {row["client"]: row for row in csv.DictReader((out / "overview.csv").open())}
    assert next(iter(rows)) == "broken"  # the failed client first
    assert rows["broken"]["status"] == "failed" and "broken.db" in rows["broken"]["cause"]
    index = (out / "index.html").read_text(encoding="utf-8")
    for name in ("amy", "ben", "cat"):
        summary = json.loads((out / name / "2026-10" / "summary.json").read_text())
        assert summary["workbook"] == name
        assert str(out / name / "2026-10" / "report.html") in result.stdout
        row = rows[name]
        rate = summary["metrics"]["follow_up"]["rate"]
        assert row["follow_up_rate"] == ("" if rate is None else f"{rate:.2f}")
        assert row["new_people"] == str(summary["metrics"]["new_people"])
        assert row["overdue"] == str(summary["metrics"]["follow_up"]["overdue"])
        assert row["report"] == f"{name}/2026-10/report.html"
        assert f'href="{name}/2026-10/report.html"' in index
    assert str(out / "index.html") in result.stdout
    assert "Your clients · 2026-10" in index  # titled for the coach, whatever the folder
    assert not list((tmp_path / "cache" / "networking-on-purpose" / "runs").iterdir())


def test_a_report_leaves_the_callers_environment_and_directory_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workbook.reports import HEADLESS_ENV, build_report

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv(HEADLESS_ENV, raising=False)
    for name in ("one", "two"):
        demo(tmp_path / "clients" / f"{name}.db")
    monkeypatch.chdir(tmp_path)
    environment = dict(os.environ)
    errors: list[BaseException] = []

    def report(name: str) -> None:
        try:
            build_report(f"clients/{name}.db", period="2026-10", as_of=AS_OF, out_root="out")
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=report, args=(name,)) for name in ("one", "two")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert dict(os.environ) == environment
    assert Path.cwd() == tmp_path
    for name in ("one", "two"):
        assert {p.name for p in (tmp_path / "out" / name / "2026-10").iterdir()} == REPORT_FILES


def test_file_names_with_braces_are_names_not_templates(tmp_path: Path) -> None:
    demo(tmp_path / "Acme {UK}.db")
    result = invoke(
        "report",
        "--workbook",
        "Acme {UK}.db",
        "--out",
        "out/{period}",
        "--period",
        "2026-10",
        "--as-of",
        AS_OF.isoformat(),
        cwd=tmp_path,
        env=cli_env(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out"
    assert files_under(out) == {
        "{period}",
        "{period}/Acme {UK}",
        "{period}/Acme {UK}/2026-10",
        *(f"{{period}}/Acme {{UK}}/2026-10/{file}" for file in REPORT_FILES),
    }
    summary = json.loads((out / "{period}/Acme {UK}/2026-10/summary.json").read_text())
    assert summary["workbook"] == "Acme {UK}"


def test_a_redacted_report_has_a_folder_of_its_own_and_no_absolute_path(tmp_path: Path) -> None:
    demo(tmp_path / "clients" / "ada.db")
    env = cli_env(tmp_path)
    common = ["--period", "2026-10", "--as-of", AS_OF.isoformat(), "--out", "out"]
    full = invoke("report", "--workbook", "clients/ada.db", *common, cwd=tmp_path, env=env)
    assert full.returncode == 0, full.stderr
    unredacted = tmp_path / "out" / "ada" / "2026-10"
    before = {name: (unredacted / name).read_bytes() for name in REPORT_FILES}

    redacted = invoke(
        "report", "--workbook", "clients/ada.db", "--redact", *common, cwd=tmp_path, env=env
    )

    assert redacted.returncode == 0, redacted.stderr
    folder = tmp_path / "out" / "ada" / "2026-10-redacted"
    assert {p.name for p in folder.iterdir()} == REPORT_FILES
    assert str(folder / "report.html") in redacted.stdout
    assert {name: (unredacted / name).read_bytes() for name in REPORT_FILES} == before
    for report in (unredacted, folder):
        notebook = json.loads((report / "report.ipynb").read_text(encoding="utf-8"))
        assert notebook["metadata"]["papermill"]["parameters"]["workbook"] == "ada.db"
        assert str(tmp_path) not in (report / "report.ipynb").read_text(encoding="utf-8")
        assert str(tmp_path) not in (report / "report.html").read_text(encoding="utf-8")


def test_the_next_run_cleans_up_what_a_killed_run_left(tmp_path: Path) -> None:
    demo(tmp_path / "ada.db")
    out = tmp_path / "out"
    # What a killed run leaves: a half-written report file, and a scratch folder (marked
    # as ours) with its kernel connection file. A hidden ``.run-*`` folder in OUT is not
    # named as ours (it may be the coach's own): it stays.
    (out / "ada" / "2026-10" / ".run-x1y2" / "report.ipynb").parent.mkdir(parents=True)
    (out / "ada" / "2026-10" / ".run-x1y2" / "report.ipynb").write_text("{}")
    half = out / "ada" / "2026-10" / ".report.html.k3j4.workbook-partial.tmp"
    half.write_text("<html")
    os.utime(half, (0, 0))
    runs = tmp_path / "cache" / "networking-on-purpose" / "runs"
    dead = runs / "run-dead"
    dead.mkdir(parents=True)
    (dead / "kernel.json").write_text('{"shell_port": 1}')
    (dead / "lock").write_text("")
    (dead / scratch.MARKER_NAME).write_text(scratch.MARKER_TEXT)
    alive = runs / "run-alive"  # another run still going: its folder stays
    alive.mkdir()
    lock = (alive / "lock").open("w")
    fcntl.flock(lock, fcntl.LOCK_EX)
    try:  # flock: a lock taken through another open file, even in this process, is held
        result = invoke(
            "report",
            "--workbook",
            "ada.db",
            "--out",
            "out",
            "--period",
            "2026-10",
            "--as-of",
            AS_OF.isoformat(),
            cwd=tmp_path,
            env=cli_env(tmp_path),
        )
    finally:
        lock.close()
    assert result.returncode == 0, result.stderr
    assert files_under(out) == {
        "ada",
        "ada/2026-10",
        "ada/2026-10/.run-x1y2",
        "ada/2026-10/.run-x1y2/report.ipynb",
        *(f"ada/2026-10/{f}" for f in REPORT_FILES),
    }
    assert {p.name for p in runs.iterdir()} == {"run-alive"}


FAILING_NOTEBOOK = {
    "cells": [
        {
            "cell_type": "code",
            "id": "parameters",
            "metadata": {"tags": ["parameters"]},
            "source": 'workbook = ""\nas_of = ""',
            "outputs": [],
            "execution_count": None,
        },
        {
            "cell_type": "code",
            "id": "failing",
            "metadata": {},
            "source": 'raise RuntimeError("the chart broke")',
            "outputs": [],
            "execution_count": None,
        },
    ],
    "metadata": {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
    },
    "nbformat": 4,
    "nbformat_minor": 5,
}


def test_a_failed_run_keeps_the_previous_report_and_names_its_notebook(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workbook.errors import ReportFailed
    from workbook.reports import run_notebook

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    notebook = tmp_path / "failing.ipynb"
    notebook.write_text(json.dumps(FAILING_NOTEBOOK))
    workbook = demo(tmp_path / "ada.db")
    out = tmp_path / "out" / "ada" / "2026-10"
    out.mkdir(parents=True)
    (out / "report.html").write_text("last month's report")
    (out / "report.ipynb").write_text("{}")

    with pytest.raises(ReportFailed) as failure:
        run_notebook(notebook, {"workbook": str(workbook)}, out, "Ada", stem="report")

    message = str(failure.value)
    assert "RuntimeError: the chart broke" in message
    kept = tmp_path / "cache" / "networking-on-purpose" / "failed" / "ada" / "2026-10"
    assert f"(the executed notebook: {kept / 'report.ipynb'})" in message
    executed = json.loads((kept / "report.ipynb").read_text())
    assert "the chart broke" in json.dumps(executed["cells"])
    assert (out / "report.html").read_text() == "last month's report"
    assert {p.name for p in out.iterdir()} == {"report.html", "report.ipynb"}
    assert not list((tmp_path / "cache" / "networking-on-purpose" / "runs").iterdir())


def test_a_dead_kernel_keeps_what_it_printed_out_of_the_callers_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    """What a report's kernel prints itself (not through the notebook) goes to its own log,
    never to the terminal of the command; when the kernel dies, the message names where
    that log was kept."""
    from workbook.errors import ReportFailed
    from workbook.reports import run_notebook

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    dying = json.loads(json.dumps(FAILING_NOTEBOOK))
    dying["cells"][1]["source"] = (
        "import os\n"
        "os.write(1, b'kernel stdout: \\xc3\\xa9t\\xc3\\xa9\\n')\n"
        "os.write(2, b'kernel stderr: Traceback (most recent call last)\\n')\n"
        "os._exit(3)"
    )
    notebook = tmp_path / "dying.ipynb"
    notebook.write_text(json.dumps(dying))
    workbook = demo(tmp_path / "ada.db")
    out = tmp_path / "out" / "ada" / "2026-10"

    with pytest.raises(ReportFailed) as failure:
        run_notebook(notebook, {"workbook": str(workbook)}, out, "Ada", stem="report")

    kept = tmp_path / "cache" / "networking-on-purpose" / "failed" / "ada" / "2026-10"
    log = kept / "report.kernel.log"
    assert f"(what the kernel printed: {log})" in str(failure.value)
    printed = log.read_text(encoding="utf-8")
    assert "kernel stdout: été" in printed
    assert "kernel stderr: Traceback (most recent call last)" in printed
    terminal = capfd.readouterr()
    assert "kernel stdout" not in terminal.out + terminal.err
    assert "kernel stderr" not in terminal.out + terminal.err
    assert not out.exists() or not list(out.iterdir())
