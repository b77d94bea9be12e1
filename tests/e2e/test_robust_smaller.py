"""The smaller cases of a hostile afternoon (docs/robustness.md): digits of another
script in --period, the demo and the real workbook, a full disk, a lock, and a read-only
copy that has its write-ahead log but not its shared memory."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.cli import invoke
from tests.helpers.outcomes import assert_refused, fingerprint, run_cli
from workbook.store import Workbook, database_problem, init_workbook, is_demo_file

pytestmark = pytest.mark.slow  # every test here starts processes

AS_OF = "2026-10-31"


@pytest.mark.parametrize("period", ["٢٠٢٦-١٠", "2026-W٤٤", "۲۰۲۶-Q3", "２０２６-10"])
def test_period_takes_ascii_digits_only_like_as_of(tmp_path: Path, period: str) -> None:
    init_workbook(tmp_path / "w.db")
    before = fingerprint(tmp_path / "w.db")
    # The real script for the first spelling; the others answer alike in this process.
    cli = run_cli if period == "٢٠٢٦-١٠" else invoke
    note = cli("note", "--workbook", "w.db", "--period", period, "--text", "hi", cwd=tmp_path)
    assert_refused(note, f"--period {period!r} is not a period")
    as_of = cli("note", "--workbook", "w.db", "--period", "2026-10", "--text", "hi",
                "--as-of", "٢٠٢٦-١٠-٣١", cwd=tmp_path)  # fmt: skip
    assert_refused(as_of, "--as-of")
    assert fingerprint(tmp_path / "w.db") == before


def test_demo_without_a_path_never_writes_the_real_workbook(tmp_path: Path) -> None:
    real = tmp_path / "mine.db"
    init_workbook(real, "Me")
    with Workbook.open(real) as workbook:
        workbook.add("people", {"name": "Ada"})
    before = fingerprint(real)
    env = {**os.environ, "WORKBOOK": str(real)}
    args = ("demo", "--people", "5", "--months", "1", "--as-of", AS_OF)
    for force in ([], ["--force"]):  # the second replaces the first demo, nothing else
        done = run_cli(*args, *force, cwd=tmp_path, env=env)
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith("wrote data/demo.db: 5 people")
    assert is_demo_file(tmp_path / "data" / "demo.db")
    assert not (tmp_path / "data" / "workbook.db").exists()
    assert fingerprint(real) == before
    # --force replaces a demo only: never a workbook of one's own, nor any other file.
    (tmp_path / "notes.txt").write_text("mine")
    for target in ("mine.db", "notes.txt"):
        kept = fingerprint(tmp_path / target)
        refused = run_cli(*args, target, "--force", cwd=tmp_path)
        assert_refused(refused, target, "not a demo workbook", "--force only replaces a demo")
        assert fingerprint(tmp_path / target) == kept


@contextlib.contextmanager
def small_disk(size: str) -> Iterator[Path]:
    """A folder on a tmpfs of ``size``: a disk that fills up (needs the right to mount)."""
    folder = Path(tempfile.mkdtemp(prefix="workbook-full-"))
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True
    )
    if done.returncode != 0:
        folder.rmdir()
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)
        shutil.rmtree(folder, ignore_errors=True)


def fill(folder: Path) -> Path:
    """Fill the disk to the last byte; the file to remove to free it again."""
    filler = folder / "filler"
    with contextlib.suppress(OSError), filler.open("wb", buffering=0) as out:
        while True:
            out.write(b"\0" * 4096)
    return filler


def test_init_on_a_full_disk_says_so_and_leaves_nothing(tmp_path: Path) -> None:
    with small_disk("1m") as disk:
        filler = fill(disk)
        done = run_cli("init", "w.db", cwd=disk)
        assert_refused(done, "w.db: no space left on the device")
        assert sorted(p.name for p in disk.iterdir()) == ["filler"]  # no 0-byte w.db
        filler.unlink()
        again = run_cli("init", "w.db", cwd=disk)  # nothing blocks the next init
        assert again.returncode == 0, again.stderr
        with Workbook.open(disk / "w.db") as workbook:
            assert workbook.is_empty()


def test_an_import_on_a_full_disk_says_so(tmp_path: Path) -> None:
    with small_disk("1m") as disk:
        assert run_cli("init", "w.db", cwd=disk).returncode == 0
        cards = "".join(
            f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {i}\r\nEMAIL:p{i}@example.com\r\n"
            f"NOTE:{'words ' * 100}\r\nEND:VCARD\r\n"
            for i in range(3000)
        )
        (tmp_path / "many.vcf").write_text(cards)
        fill(disk)
        done = run_cli("import", "vcard", str(tmp_path / "many.vcf"), "--workbook", "w.db",
                       cwd=disk)  # fmt: skip
        line = assert_refused(done, "w.db", "no space left on the device")
        assert "not a workbook" not in line and "damaged" not in line


def test_a_lock_is_busy_not_damage(tmp_path: Path) -> None:
    path = init_workbook(tmp_path / "w.db")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        waiter = sqlite3.connect(path, timeout=0, isolation_level=None)
        with pytest.raises(sqlite3.OperationalError) as raised:
            waiter.execute("BEGIN IMMEDIATE")
        waiter.close()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert str(database_problem(path, raised.value)) == (
        f"{path}: busy (another program is writing to it); try again in a moment"
    )


@pytest.fixture
def copy_with_log_only(tmp_path: Path) -> Iterator[Path]:
    """A workbook whose last record is still in its write-ahead log, copied with its
    ``-wal`` but without its ``-shm`` to a folder mounted read-only."""
    source = init_workbook(tmp_path / "src" / "w.db", "Ada")
    writer = sqlite3.connect(source, isolation_level=None)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("INSERT INTO person (id, name, tags) VALUES ('p1', 'Grace Hopper', '[]')")
    copy, mounted = tmp_path / "copy", tmp_path / "mounted"
    copy.mkdir()
    mounted.mkdir()
    shutil.copy(source, copy / "w.db")
    shutil.copy(f"{source}-wal", copy / "w.db-wal")  # taken while the writer is open
    writer.close()
    assert (copy / "w.db-wal").stat().st_size > 0
    done = subprocess.run(
        ["mount", "--bind", "-o", "ro", str(copy), str(mounted)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot make a read-only mount here: {done.stderr.decode().strip()}")
    try:
        yield mounted / "w.db"
    finally:
        subprocess.run(["umount", str(mounted)], check=False)


def test_a_read_only_copy_with_its_log_but_no_shm_misses_nothing(copy_with_log_only: Path) -> None:
    before = {p.name: fingerprint(p) for p in copy_with_log_only.parent.iterdir()}
    done = run_cli("export", "--workbook", str(copy_with_log_only), "--out", "-")
    assert done.returncode == 0, done.stderr
    assert '"name": "Grace Hopper"' in done.stdout
    with Workbook.open(copy_with_log_only) as workbook:
        assert workbook.read_only
        assert [p["name"] for p in workbook.records("people")] == ["Grace Hopper"]
    after = {p.name: fingerprint(p) for p in copy_with_log_only.parent.iterdir()}
    assert after == before  # nothing written beside it, not even a -shm
