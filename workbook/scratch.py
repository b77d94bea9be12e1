"""Scratch space for report runs, kept out of the coach's folders, and cleaned up.

A run executes its notebook in a folder of its own under the user's cache
(``$XDG_CACHE_HOME/networking-on-purpose/runs/``, else ``~/.cache/…``): the executed
notebook and the kernel's connection file live there, never in ``--out``. Each run marks
its folder as ours (:data:`MARKER_NAME`) and holds a lock on it while it lives; the next
run removes every marked folder whose lock is free (a run that was killed), and the
half-written files of our atomic writes (:func:`workbook.files.is_temporary`) a killed
run can leave in ``--out``. Nothing else is ever removed: not a folder without our
marker, not a hidden ``.tmp`` file of someone else's, even in ``--out ~``.
A failed report's executed notebook is kept under ``failed/`` for the error message to
point to. Earlier versions left kernel connection files in the temporary directory; those
of kernels that are gone are removed too.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

APP_DIR = "networking-on-purpose"
RUN_PREFIX = "run-"
LOCK_NAME = "lock"
#: The file that marks a run folder as made by this package: only such folders are swept.
MARKER_NAME = ".networking-on-purpose-run"
MARKER_TEXT = "a report run's scratch folder (networking-on-purpose); removed when done\n"
#: A hidden temporary file beside a report (an atomic write) older than this was abandoned.
STALE_TEMP_SECONDS = 60
#: Without file locks (not POSIX), a run folder older than this was abandoned.
STALE_RUN_SECONDS = 24 * 3600

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


def scratch_root() -> Path:
    """``$XDG_CACHE_HOME/networking-on-purpose``, else ``~/.cache/…``, else the temp dir."""
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:  # no home directory at all
            base = tempfile.gettempdir()
    return Path(base).absolute() / APP_DIR


def failed_dir() -> Path:
    """Where failed runs keep their executed notebook."""
    return scratch_root() / "failed"


def _is_ours(folder: Path) -> bool:
    """Whether ``folder`` carries our marker (a regular file with our text)."""
    marker = folder / MARKER_NAME
    try:
        return (
            not marker.is_symlink()
            and marker.is_file()
            and marker.stat().st_size == len(MARKER_TEXT)
            and marker.read_text(encoding="utf-8") == MARKER_TEXT
        )
    except (OSError, UnicodeDecodeError):
        return False


def _is_abandoned(folder: Path) -> bool:
    if not _is_ours(folder):
        return False  # not made by a run of ours (or one still being set up): never touched
    lock = folder / LOCK_NAME
    if fcntl is None or not lock.exists():
        try:
            age = time.time() - folder.stat().st_mtime
        except OSError:
            return False
        # A marked folder without a lock file is one being created right now, or a broken one.
        return age > (STALE_RUN_SECONDS if fcntl is None else STALE_TEMP_SECONDS)
    try:
        with lock.open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False  # a live run holds it
    except OSError:
        return False
    return True


def sweep_runs(runs: Path | None = None) -> list[Path]:
    """Remove the run folders that killed runs left behind; return what was removed."""
    runs = runs or scratch_root() / "runs"
    removed = []
    with contextlib.suppress(FileNotFoundError):
        for folder in runs.iterdir():
            if (
                folder.name.startswith(RUN_PREFIX)
                and folder.is_dir()
                and not folder.is_symlink()
                and _is_abandoned(folder)
            ):
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder)
    return removed


#: The keys that make a JSON file a Jupyter kernel's connection file.
CONNECTION_KEYS = frozenset({"shell_port", "iopub_port", "hb_port", "key", "transport", "ip"})
_swept_connection_files = False


def _listening(ip: str, port: int) -> bool:
    try:
        with socket.create_connection((ip, port), timeout=0.2):
            return True
    except OSError:
        return False


def sweep_connection_files(folder: Path | None = None) -> list[Path]:
    """Remove kernel connection files that killed runs of earlier versions left in the
    temporary directory (``tmp*.json``): only this user's, and only those whose kernel is
    gone (nothing answers on its heartbeat port). A live kernel's file is never touched."""
    folder = folder or Path(tempfile.gettempdir())
    removed = []
    for path in list(folder.glob("tmp*.json"))[:500]:
        try:
            if path.stat().st_uid != os.getuid() or path.stat().st_size > 4096:
                continue
            info = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(info, dict) or not info.keys() >= CONNECTION_KEYS:
                continue
            if info["transport"] != "tcp" or _listening(str(info["ip"]), int(info["hb_port"])):
                continue
            path.unlink()
            removed.append(path)
        except (OSError, ValueError, TypeError, AttributeError):
            continue
    return removed


@contextlib.contextmanager
def run_folder() -> Iterator[Path]:
    """A fresh folder for one run, locked while it lives and removed afterwards."""
    runs = scratch_root() / "runs"
    runs.mkdir(parents=True, exist_ok=True)
    sweep_runs(runs)
    global _swept_connection_files
    if not _swept_connection_files and hasattr(os, "getuid"):
        _swept_connection_files = True  # once per process is enough
        sweep_connection_files()
    folder = Path(tempfile.mkdtemp(prefix=RUN_PREFIX, dir=runs))
    handle = (folder / LOCK_NAME).open("w")
    try:
        if fcntl is not None:
            fcntl.flock(handle, fcntl.LOCK_EX)
        # Marked once locked: a sweep never sees our marker on a folder it could lock.
        (folder / MARKER_NAME).write_text(MARKER_TEXT, encoding="utf-8")
        yield folder
    finally:
        handle.close()
        shutil.rmtree(folder, ignore_errors=True)


def sweep_output(out_root: Path) -> list[Path]:
    """Remove the half-written files of our atomic writes that killed runs left in a
    reports folder (:func:`workbook.files.is_temporary`, older than
    :data:`STALE_TEMP_SECONDS`), down to ``OUT/<workbook>/<period>/``. Reports, and any
    file or folder not named as ours, are never touched."""
    from workbook.files import is_temporary

    removed: list[Path] = []
    if not out_root.is_dir():
        return removed
    folders = [out_root]
    for _ in range(2):
        folders += [sub for f in folders for sub in _subfolders(f) if not sub.name.startswith(".")]
    now = time.time()
    for folder in dict.fromkeys(folders):
        for entry in _entries(folder):
            try:
                if (
                    is_temporary(entry)
                    and entry.is_file()
                    and not entry.is_symlink()
                    and now - entry.stat().st_mtime > STALE_TEMP_SECONDS
                ):
                    entry.unlink()
                    removed.append(entry)
            except OSError:
                continue
    return removed


def _entries(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except OSError:
        return []


def _subfolders(folder: Path) -> list[Path]:
    return [p for p in _entries(folder) if p.is_dir() and not p.is_symlink()]
