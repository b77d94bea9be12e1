"""Where the workbook is: the one place that resolves a workbook's path.

The rule (see ``docs/capture.md``): the workbook named with ``--workbook PATH`` (or a
notebook's ``workbook`` parameter, or a page's path), else ``$WORKBOOK``, else
``workbook.db`` in the person's own data folder (:func:`default_workbook`: e.g.
``~/.local/share/networking-workbook/workbook.db`` on Linux), never inside the code's
checkout, so that updating or deleting the code leaves a person's workbook alone.
Nothing here ever falls back to
the demo workbook: writing into the demo would put a person's real contacts among made-up
ones. When the resolved file does not exist, :func:`writable_workbook` raises
:class:`NoWorkbook`, whose message says how to start one (``workbook init``); the forms and
pages show that message and save nothing. A workbook named explicitly is always the one
written, whoever made it (even one made by ``workbook demo``).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import platformdirs

from workbook.errors import WorkbookInputError

#: The environment variable naming the workbook when no path is given.
WORKBOOK_ENV = "WORKBOOK"
#: The name of the person's data folder (``platformdirs.user_data_dir``).
DATA_FOLDER_NAME = "networking-workbook"
#: The workbook's file name in that folder.
WORKBOOK_FILE = "workbook.db"


def default_workbook() -> Path:
    """The workbook used when nothing names one: ``workbook.db`` in the person's data
    folder (``$XDG_DATA_HOME/networking-workbook``, by default
    ``~/.local/share/networking-workbook`` on Linux; the platform's own place elsewhere)."""
    return Path(platformdirs.user_data_dir(DATA_FOLDER_NAME, appauthor=False)) / WORKBOOK_FILE


def __getattr__(name: str) -> Path:
    """``DEFAULT_WORKBOOK``: :func:`default_workbook`, worked out when asked for (a value
    fixed at import would miss a data folder set later, as the tests set theirs)."""
    if name == "DEFAULT_WORKBOOK":
        return default_workbook()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class NoWorkbook(WorkbookInputError):
    """There is no workbook at the resolved path: say how to start one."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(
            f"{path}: no workbook here yet. Start your own with `{init_command(path)}` "
            "(or name another with --workbook PATH or $WORKBOOK); nothing was saved"
        )


def workbook_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """``explicit``, else ``$WORKBOOK``, else :func:`default_workbook` (not checked to
    exist)."""
    if explicit:
        return Path(explicit)
    if os.environ.get(WORKBOOK_ENV):
        return Path(os.environ[WORKBOOK_ENV])
    return default_workbook()


#: The checkout the package runs from (a notebook opened in ``notebooks/`` finds a
#: relative ``--workbook`` path there, and the demo in ``data/demo.db``).
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def notebook_workbook(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The workbook a notebook's forms write to: :func:`workbook_path`, and a relative
    path not found from the working directory is looked up in the project folder. Never
    the demo: a notebook that shows the demo's figures says how to start your own."""
    path = workbook_path(explicit)
    if not path.is_absolute() and not path.exists() and (PROJECT_ROOT / path).exists():
        return PROJECT_ROOT / path
    return path


#: The demo workbook the report notebooks show when a person has no workbook yet.
DEMO_WORKBOOK = Path("data") / "demo.db"


def reading_workbook(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The workbook a notebook *reads* to show figures: :func:`notebook_workbook`, else —
    only when nothing names one and there is no default workbook yet — the demo, so that
    a first look shows something. Never used for writing."""
    path = notebook_workbook(explicit)
    if explicit or os.environ.get(WORKBOOK_ENV) or path.exists():
        return path
    demo = PROJECT_ROOT / DEMO_WORKBOOK
    return demo if demo.exists() else path


def writable_workbook(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The workbook to write to; :class:`NoWorkbook` when there is none (never the demo)."""
    path = workbook_path(explicit)
    if not path.is_file():
        raise NoWorkbook(path)
    return path


def workbook_command() -> str:
    """How to run ``workbook`` from a terminal here: the bare name when it is on the PATH,
    else the script beside this Python (e.g. ``.venv/bin/workbook``)."""
    if shutil.which("workbook"):
        return "workbook"
    beside = Path(sys.executable).with_name("workbook")
    if beside.exists():
        try:
            return str(beside.relative_to(Path.cwd()))
        except ValueError:
            return str(beside)
    return f"{Path(sys.executable).name} -m workbook"


def init_command(path: Path | None = None) -> str:
    """The command that starts a workbook at ``path`` (the default one: no argument)."""
    target = "" if path is None or path == default_workbook() else f" {path}"
    return f"{workbook_command()} init{target}"


#: Where ``workbook lab`` puts a person's own copies of the notebooks.
DEFAULT_WORKSPACE = Path("~") / "networking-workbook"
#: The notebooks a person opens in JupyterLab (copied into their workspace).
LAB_NOTEBOOKS = (
    "start_here.ipynb",
    "log.ipynb",
    "purpose_setting.ipynb",
    "event_debrief.ipynb",
    "follow_up_analysis.ipynb",
    "periodic_report.ipynb",
)


def notebooks_dir() -> Path:
    """The folder of the tracked notebooks shipped with the package."""
    from workbook.resources import notebooks_dir as shipped

    return shipped()


def workspace(folder: Path | None = None) -> tuple[Path, list[Path]]:
    """A person's own folder of notebooks: copies made once, never the tracked originals.

    A notebook already in the folder is kept as it is (their runs and notes stay); a
    missing one is copied. Returns the folder and the notebooks copied this time.
    """
    space = (folder or DEFAULT_WORKSPACE).expanduser().resolve()
    source = notebooks_dir().resolve()
    if space == source:
        raise WorkbookInputError(f"{space}: that is the package's own notebooks folder")
    space.mkdir(parents=True, exist_ok=True)
    copied = []
    for name in LAB_NOTEBOOKS:
        original, copy = source / name, space / name
        if original.is_file() and not copy.exists():
            shutil.copyfile(original, copy)
            copied.append(copy)
    return space, copied


def start_lab(space: Path, workbook: Path) -> int:
    """Run JupyterLab in ``space`` with ``$WORKBOOK`` set to ``workbook``; its exit code."""
    import subprocess

    env = {**os.environ, WORKBOOK_ENV: str(workbook)}
    command = [sys.executable, "-m", "jupyterlab", "--notebook-dir", str(space)]
    return subprocess.call(command, cwd=space, env=env)
