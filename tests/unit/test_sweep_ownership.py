"""The leftover sweep removes only what this package made (docs/robustness.md).

Planted exactly as a careful attacker did: a reports folder given as ``--out`` that is
really a home or project folder, holding hidden ``.run-*`` folders and old ``.*.tmp``
files of other programs. Only our own half-written files and marked run folders go.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

import pytest

from workbook import scratch
from workbook.files import write_text_atomic


def plant(path: Path, text: str = "keep me", old: bool = True) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    if old:
        os.utime(path, (0, 0))
    return path


def test_a_home_folder_as_out_loses_nothing_but_our_own_leftovers(tmp_path: Path) -> None:
    home = tmp_path / "home"
    theirs = [
        plant(home / ".run-backup" / "important.txt"),
        plant(home / "projects" / ".run-2024" / "results.csv"),
        plant(home / ".vimrc.tmp"),
        plant(home / "projects" / ".draft.tmp"),
        plant(home / "projects" / "thesis" / ".notes.md.tmp"),
        plant(home / "projects" / "thesis" / ".report.html.x1.tmp"),  # looks like an old one
    ]
    ours = [
        plant(home / ".index.html.k3j4q.workbook-partial.tmp"),
        plant(home / "ada" / "2026-10" / ".report.html.abcd.workbook-partial.tmp"),
    ]
    young = plant(home / "ada" / "2026-10" / ".summary.json.ef.workbook-partial.tmp", old=False)
    removed = scratch.sweep_output(home)
    assert sorted(removed) == sorted(ours)
    for path in theirs:
        assert path.read_text() == "keep me", path
    assert young.exists()  # being written right now by another run


def test_a_symlink_named_like_ours_is_not_followed(tmp_path: Path) -> None:
    target = plant(tmp_path / "elsewhere" / "precious.txt")
    out = tmp_path / "out"
    out.mkdir()
    link = out / ".report.html.zz.workbook-partial.tmp"
    link.symlink_to(target)
    assert scratch.sweep_output(out) == []
    assert target.read_text() == "keep me" and link.is_symlink()


def test_an_atomic_write_names_its_temporary_file_as_ours(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []
    real_replace = os.replace

    def spy(source: str, target: object) -> None:
        seen.append(Path(source).name)
        real_replace(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", spy)
    write_text_atomic("x", tmp_path / "report.html")
    assert len(seen) == 1 and seen[0].startswith(".report.html.")
    assert seen[0].endswith(".workbook-partial.tmp")


def test_only_marked_run_folders_in_our_scratch_folder_are_swept(tmp_path: Path) -> None:
    runs = tmp_path / "runs"
    unmarked = runs / "run-mine-really"  # a folder someone made by hand, with a lock file
    plant(unmarked / "lock", "")
    plant(unmarked / "data.csv")
    os.utime(unmarked, (0, 0))
    forged = runs / "run-forged"  # a marker file with other content is not ours
    plant(forged / scratch.MARKER_NAME, "hello")
    plant(forged / "lock", "")
    dead = runs / "run-dead"
    plant(dead / scratch.MARKER_NAME, scratch.MARKER_TEXT)
    plant(dead / "lock", "")
    assert scratch.sweep_runs(runs) == [dead]
    assert (unmarked / "data.csv").exists() and (forged / "lock").exists()


def test_a_live_run_is_marked_and_locked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    with scratch.run_folder() as folder:
        assert (folder / scratch.MARKER_NAME).read_text() == scratch.MARKER_TEXT
        with (folder / scratch.LOCK_NAME).open("a") as lock, pytest.raises(BlockingIOError):
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        assert scratch.sweep_runs(folder.parent) == []
    assert not folder.exists()
