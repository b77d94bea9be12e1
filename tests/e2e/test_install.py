"""The built wheel, installed (not editable) in fresh virtualenvs, works from anywhere.

The wheel is built once from this checkout. pip resolves what it needs against the
package index (``--dry-run``, pinned by constraints.txt): the core alone, and the core
with the ``app`` extra. Each fresh venv then gets the wheel and exactly the distributions
pip resolved, linked from this test environment (where ``make test`` installed them at
the same pinned versions) instead of downloaded again: a venv holds nothing pip would not
have installed, so what is missing from the core is really missing there. Then the
commands run from an empty folder, the coach's documented cron line runs in a bare
environment as cron gives it, and the app from the ``[app]`` install opens ``/login``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import shlex
import signal
import subprocess
import sys
import sysconfig
import threading
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import distribution
from pathlib import Path

import pytest
from packaging.utils import canonicalize_name

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
AS_OF = "2026-11-20"
PIP = [sys.executable, "-m", "pip"]
PROJECT = "networking-on-purpose"
#: What the core must not pull in: JupyterLab and the web servers are the extras' job.
NOT_IN_THE_CORE = {"jupyterlab", "jupyter-server", "voila", "notebook", "jupyterhub"}
#: What the app extra adds to the core.
THE_APP_NEEDS = {"jupyter-server", "tornado"}


def bare_env(home: Path) -> dict[str, str]:
    """What cron gives a job: a minimal PATH and HOME, nothing else."""
    return {"PATH": "/usr/bin:/bin", "HOME": str(home)}


def _run(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    """``command``'s output; without ``$PYTHONPATH`` unless told otherwise (this checkout
    on the path would look installed to pip, and would be imported instead of the wheel)."""
    kwargs.setdefault("env", {k: v for k, v in os.environ.items() if k != "PYTHONPATH"})
    return subprocess.run(command, capture_output=True, text=True, **kwargs)  # type: ignore[call-overload]


#: What a wheel is built from: the package, its notebooks and templates, the metadata.
SOURCES = ("workbook", "notebooks", "templates", "pyproject.toml", "setup.py", "README.md")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The wheel, built once for the module from a copy of the sources (a build in the
    checkout would leave ``build/`` there, whose stale files a later wheel could ship),
    and the build's output."""
    import shutil

    source = tmp_path_factory.mktemp("source")
    ignore = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints", "*.pyc")
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=ignore)
        else:
            shutil.copy2(ROOT / name, source / name)
    wheels = tmp_path_factory.mktemp("wheels")
    done = _run([*PIP, "wheel", "-v", "--no-deps", str(source), "-w", str(wheels)], timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    (wheel,) = wheels.glob("networking_on_purpose-*.whl")
    return wheel, done.stdout + done.stderr


def _resolve(wheel: Path, extras: str, python: Path, report: Path) -> dict[str, str]:
    """What pip would install for ``wheel[extras]`` into ``python``'s empty venv."""
    target = f"{PROJECT}[{extras}] @ {wheel.as_uri()}" if extras else str(wheel)
    done = _run(
        [
            *PIP,
            "--python",
            str(python),
            "install",
            "--dry-run",
            "--quiet",
            "--report",
            str(report),
            "-c",
            str(ROOT / "constraints.txt"),
            target,
        ],
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    installs = json.loads(report.read_text())["install"]
    return {
        canonicalize_name(item["metadata"]["name"]): item["metadata"]["version"]
        for item in installs
    }


def _link_distribution(name: str, version: str, site: Path, venv: Path) -> None:
    """Put this environment's copy of distribution ``name`` into ``venv``, as links."""
    installed = distribution(name)
    assert installed.version == version, (
        f"pip resolves {name}=={version} but the test environment has {installed.version}: "
        "run `make test` again (it installs constraints.txt)"
    )
    here = Path(sysconfig.get_paths()["purelib"]).resolve()
    share = (Path(sys.prefix) / "share").resolve()
    for file in installed.files or []:
        path = Path(installed.locate_file(file)).resolve()
        if path.is_relative_to(here):
            top = path.relative_to(here).parts[0]
            if not (site / top).exists():
                (site / top).symlink_to(here / top)
        elif path.is_relative_to(share) and path.is_file():  # nbconvert's templates…
            copy = venv / "share" / path.relative_to(share)
            copy.parent.mkdir(parents=True, exist_ok=True)
            if not copy.exists():
                copy.symlink_to(path)


def _venv(folder: Path) -> tuple[Path, Path]:
    """An empty venv: its python and its site-packages."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True)
    python = folder / "bin" / "python"
    site = _run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        env={"PATH": "/usr/bin:/bin"},
    ).stdout.strip()
    return python, Path(site)


@pytest.fixture(scope="module")
def installs(
    built: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, tuple[Path, dict[str, str]]]:
    """Two fresh venvs, ``core`` and ``app``: each its ``bin`` and pip's resolved list."""
    wheel, _ = built
    folder = tmp_path_factory.mktemp("install")
    venvs = {
        extras or "core": (extras, _venv(folder / (extras or "core"))) for extras in ("", "app")
    }
    with ThreadPoolExecutor(2) as pool:  # two resolutions at once: each waits on the index
        resolving = {
            name: pool.submit(_resolve, wheel, extras, python, folder / f"{name}.json")
            for name, (extras, (python, _)) in venvs.items()
        }
        resolved = {name: job.result() for name, job in resolving.items()}
    result = {}
    for name, (_, (python, site)) in venvs.items():
        done = _run(
            [*PIP, "--python", str(python), "install", "-q", "--no-deps", str(wheel)], timeout=600
        )
        assert done.returncode == 0, done.stderr
        for dependency, version in resolved[name].items():
            if dependency != PROJECT:
                _link_distribution(dependency, version, site, python.parent.parent)
        result[name] = (python.parent, resolved[name])
    return result


@pytest.fixture(scope="module")
def installed(installs: dict[str, tuple[Path, dict[str, str]]]) -> Path:
    """The core install's ``bin`` folder."""
    return installs["core"][0]


def test_the_wheel_builds_without_setuptools_warnings(built: tuple[Path, str]) -> None:
    _, output = built
    warnings = [
        line
        for line in output.splitlines()
        if re.search(r"warning", line, re.I) and "byte-compiling is disabled" not in line
    ]
    assert warnings == []


def test_the_wheel_carries_every_file_of_the_package(built: tuple[Path, str]) -> None:
    import zipfile

    wheel, _ = built
    shipped = set(zipfile.ZipFile(wheel).namelist())
    skipped = {"__pycache__", ".ipynb_checkpoints"}
    expected = {
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "workbook").rglob("*")
        if path.is_file() and path.suffix != ".pyc" and not skipped & set(path.parts)
    }
    for folder in ("notebooks", "templates"):
        expected |= {
            f"workbook/{path.relative_to(ROOT).as_posix()}"
            for path in (ROOT / folder).rglob("*")
            if path.is_file() and not skipped & set(path.parts)
        }
    assert expected - shipped == set()


def test_the_core_needs_no_jupyterlab_and_no_web_server(
    installs: dict[str, tuple[Path, dict[str, str]]],
) -> None:
    core = set(installs["core"][1])
    assert {"pandas", "papermill", "nbconvert", "ipykernel", "click"} <= core
    assert core & NOT_IN_THE_CORE == set()
    # …and it is so in the venv, not only on paper.
    bin_ = installs["core"][0]
    for module in ("jupyterlab", "jupyter_server", "voila"):
        done = _run([str(bin_ / "python"), "-c", f"import {module}"])
        assert done.returncode == 1 and "ModuleNotFoundError" in done.stderr, module


@pytest.mark.parametrize(
    ("command", "extra"), [(["app", "--workbook", "mine.db"], "app"), (["lab"], "lab")]
)
def test_without_its_extra_a_command_says_what_to_install(
    installed: Path, tmp_path: Path, command: list[str], extra: str
) -> None:
    from workbook.demo import write_demo

    write_demo(tmp_path / "mine.db", people=5, months=2, as_of=dt.date.fromisoformat(AS_OF))
    done = _run(
        [str(installed / "workbook"), *command], cwd=tmp_path, env=bare_env(tmp_path), timeout=120
    )
    assert done.returncode == 2
    assert done.stderr.endswith(f"pip install 'networking-on-purpose[{extra}]'\n")
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


def test_the_app_extra_adds_the_web_server(
    installs: dict[str, tuple[Path, dict[str, str]]],
) -> None:
    core, app = set(installs["core"][1]), set(installs["app"][1])
    assert core < app
    assert app >= THE_APP_NEEDS
    assert "jupyterlab" not in app


def installed_python(installed: Path, folder: Path, code: str) -> subprocess.CompletedProcess[str]:
    """``code`` run by the installed package's Python, from ``folder``, in a bare
    environment (nothing of this checkout on the path)."""
    return subprocess.run(
        [str(installed / "python"), "-c", code],
        capture_output=True,
        text=True,
        cwd=folder,
        env=bare_env(folder),
        timeout=120,
    )


def test_the_installed_package_is_not_this_checkout(installed: Path, tmp_path: Path) -> None:
    code = "import workbook, workbook.resources as r; print(workbook.__file__, r.notebooks_dir())"
    done = installed_python(installed, tmp_path, code)
    assert done.returncode == 0, done.stderr
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
    done = installed_python(installed, tmp_path, code)
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
    assert demo.stdout.startswith("wrote mine.db: ")  # the workbook it wrote, named
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


def test_a_new_workbook_goes_to_the_data_folder_not_the_working_folder(
    installed: Path, tmp_path: Path
) -> None:
    home, here = tmp_path / "home", tmp_path / "here"
    here.mkdir(parents=True)
    done = _run([str(installed / "workbook"), "init"], cwd=here, env=bare_env(home), timeout=120)
    assert done.returncode == 0, done.stderr
    expected = home / ".local" / "share" / "networking-workbook" / "workbook.db"
    assert done.stdout == f"created {expected}\n"
    assert expected.is_file()
    assert os.listdir(here) == []


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


#: The one line ``workbook app`` prints on stdout: the address to open.
ADDRESS = re.compile(r"^(http://[^/\s]+)/\?token=(\S+)$")


def test_the_app_from_the_app_extra_serves_login_and_its_own_files(
    installs: dict[str, tuple[Path, dict[str, str]]], tmp_path: Path
) -> None:
    from workbook.demo import write_demo

    bin_ = installs["app"][0]
    write_demo(tmp_path / "mine.db", people=5, months=2, as_of=dt.date.fromisoformat(AS_OF))
    process = subprocess.Popen(
        [str(bin_ / "workbook"), "app", "--workbook", "mine.db", "--port", "0"],
        cwd=tmp_path,
        env=bare_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        first: list[str] = []
        reader = threading.Thread(target=lambda: first.append(process.stdout.readline()))  # type: ignore[union-attr]
        reader.start()
        reader.join(180)  # returns as soon as the address is printed
        match = ADDRESS.match(first[0].strip()) if first else None
        assert match, f"no address printed: {first!r}"
        with urllib.request.urlopen(f"{match[1]}/login", timeout=60) as response:
            assert response.status == 200
            page = response.read().decode("utf-8")
        assert "<form" in page
        for path, expected in [  # shipped inside the package: style sheet, script, icons…
            ("/workbook/static/app.css", b"--touch"),
            ("/workbook/static/app.js", b"submission"),
            ("/workbook/static/icon-192.png", b"PNG"),
            ("/workbook/manifest.webmanifest", b'"icons"'),
        ]:
            with urllib.request.urlopen(match[1] + path, timeout=60) as answer:
                assert answer.status == 200 and expected in answer.read(), path
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
