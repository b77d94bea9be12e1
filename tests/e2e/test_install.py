"""The built wheel, installed (not editable) in a fresh virtualenv, works from anywhere.

The wheel is built from this checkout and installed with ``--no-deps`` into a new venv
that does not see this checkout; its dependencies come from the test environment's
site-packages through a ``.pth`` file (installing them again would take minutes and need
the network). Then the commands run from an empty folder, and the coach's documented
cron line runs in a bare environment as cron gives it.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
AS_OF = "2026-11-20"
PIP = [sys.executable, "-m", "pip"]


def bare_env(home: Path) -> dict[str, str]:
    """What cron gives a job: a minimal PATH and HOME, nothing else."""
    return {"PATH": "/usr/bin:/bin", "HOME": str(home)}


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel installed; returns its ``bin`` folder."""
    folder = tmp_path_factory.mktemp("install")
    wheels = folder / "wheels"
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(ROOT), "-w", str(wheels)],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=folder,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = wheels.glob("networking_on_purpose-*.whl")
    venv = folder / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    done = subprocess.run(
        [*PIP, "--python", str(python), "install", "-q", "--no-deps", "--force-reinstall", wheel],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin"},
    ).stdout.strip()
    # The dependencies: the test environment's site-packages, after the venv's own.
    (Path(site) / "test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    # …and their data files (nbconvert's base templates, the kernel spec), which an
    # install puts under the venv's share/jupyter.
    (venv / "share").mkdir(exist_ok=True)
    (venv / "share" / "jupyter").symlink_to(Path(sys.prefix) / "share" / "jupyter")
    return venv / "bin"


def test_the_installed_package_is_not_this_checkout(installed: Path, tmp_path: Path) -> None:
    code = "import workbook, workbook.resources as r; print(workbook.__file__, r.notebooks_dir())"
    done = subprocess.run(
        [str(installed / "python"), "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=bare_env(tmp_path),
        check=True,
    )
    module, notebooks = done.stdout.split()
    assert module.startswith(str(installed.parent))
    assert notebooks.startswith(str(installed.parent))
    assert (Path(notebooks) / "periodic_report.ipynb").is_file()


def test_the_wheel_carries_the_partial_plotly_bundle_and_its_licence(
    installed: Path, tmp_path: Path
) -> None:
    code = (
        "from workbook.export import PARTIAL_BUNDLE as b; "
        "print(b.stat().st_size, (b.parent / 'plotly.js-LICENSE').read_text().splitlines()[0])"
    )
    done = subprocess.run(
        [str(installed / "python"), "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=bare_env(tmp_path),
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    size, licence = done.stdout.split(" ", 1)
    assert int(size) > 1_000_000
    assert licence.strip() == "MIT License"


def test_demo_and_report_from_an_empty_folder(installed: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    env = bare_env(tmp_path)
    demo = subprocess.run(
        [str(installed / "workbook"), "demo", "mine.db", "--as-of", AS_OF],
        capture_output=True,
        text=True,
        cwd=empty,
        env=env,
        timeout=300,
    )
    assert demo.returncode == 0, demo.stderr
    report = subprocess.run(
        [str(installed / "workbook"), "report", "--workbook", "mine.db", "--as-of", AS_OF],
        capture_output=True,
        text=True,
        cwd=empty,
        env=env,
        timeout=900,
    )
    assert report.returncode == 0, report.stderr
    folder = empty / "reports" / "mine" / "2026-10"
    html = (folder / "report.html").read_text(encoding="utf-8")
    assert html.rstrip().endswith("</html>")
    assert "networking report 2026-10" in html
    # The charts' library, embedded once: the partial bundle, shipped in the wheel.
    assert html.count("* plotly.js (finance - minified) v") == 1
    assert "Follow-up rate" in html or "follow-up rate" in html
    summary = json.loads((folder / "summary.json").read_text())
    assert summary["period"]["label"] == "2026-10"
    assert sorted(os.listdir(empty)) == ["mine.db", "reports"]


def documented_cron_line() -> str:
    """The crontab line of the README, exactly as a coach would paste it."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = [line for line in readme.splitlines() if re.match(r"^\d+ \d+ [\d*]+ \* [\d*]+ ", line)]
    assert len(lines) == 1, "the README shows one crontab line"
    return lines[0]


def test_the_documented_cron_line_runs_in_a_bare_environment(
    installed: Path, tmp_path: Path
) -> None:
    from workbook.demo import write_demo

    home = tmp_path / "home"
    clients = home / "coaching" / "clients"
    clients.mkdir(parents=True)
    import datetime as dt

    for seed, name in enumerate(("amy", "ben"), start=1):
        write_demo(clients / f"{name}.db", as_of=dt.date.fromisoformat(AS_OF), seed=seed, people=10)
    (clients / "broken.db").write_text("not a workbook")
    line = documented_cron_line()
    command = line.split(maxsplit=5)[5]
    # The README's paths, for this test's home and venv; the date fixed for the figures.
    command = command.replace("/home/coach/", f"{home}/")
    command = command.replace(f"{home}/.venvs/workbook/bin/", f"{installed}/")
    command = command.replace(" report ", f" report --as-of {AS_OF} ", 1)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    done = subprocess.run(
        ["/bin/sh", "-c", command],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=bare_env(home),
        timeout=900,
    )

    assert done.returncode == 1  # one client failed: cron mails it, the log says which
    reports = home / "coaching" / "reports"
    for name in ("amy", "ben"):
        assert (reports / name / "2026-10" / "report.html").is_file()
    log = (home / "coaching" / "workbook.log").read_text(encoding="utf-8")
    assert "broken.db" in log and "not a workbook" in log
    assert os.listdir(elsewhere) == []
    assert shlex.split(command)[0].startswith(str(installed))


def test_the_installed_app_serves_login_and_its_own_files(installed: Path, tmp_path: Path) -> None:
    """``workbook app`` from the wheel: /login, and the templates, style sheet, script, icons
    and manifest shipped inside the package."""
    import signal
    import urllib.request

    env = bare_env(tmp_path)
    made = subprocess.run(
        [str(installed / "workbook"), "demo", "mine.db", "--people", "20", "--months", "2"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=600,
    )
    assert made.returncode == 0, made.stderr
    app = subprocess.Popen(
        [str(installed / "workbook"), "app", "--workbook", "mine.db", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        env=env,
        start_new_session=True,
    )
    try:
        line = app.stdout.readline()  # type: ignore[union-attr]
        found = re.fullmatch(r"(http://127\.0\.0\.1:\d+)/\?token=\S{16,}\n", line)
        assert found, line + (app.stderr.read() if app.poll() is not None else "")  # type: ignore[union-attr]
        base = found[1]
        for path, expected in [
            ("/login", b'<label for="password_input">Token</label>'),
            ("/workbook/static/app.css", b"--touch"),
            ("/workbook/static/app.js", b"submission"),
            ("/workbook/static/icon-192.png", b"PNG"),
            ("/workbook/manifest.webmanifest", b'"icons"'),
        ]:
            with urllib.request.urlopen(base + path, timeout=60) as answer:
                assert answer.status == 200 and expected in answer.read(), path
    finally:
        app.send_signal(signal.SIGTERM)
        assert app.wait(timeout=60) == 0
