"""What an unlucky user or a careful attacker tries, through the command line.

Each case must end with exit code 2, exactly one line on stderr naming the user's file,
no traceback, and every file that should not change byte-identical (see docs/robustness.md).

Each behaviour is tried at least once through the real script in a process of its own
(:func:`run`); its other cases run the same command in this process (:func:`here`), which
answers alike without a Python start and its imports each time. A case stays a process
of its own where the process is the point: several at once, another user, a file that
never ends (a hang is stopped by the timeout, not by killing the test run).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import WORKBOOK_CLI
from tests.helpers.cli import Ran, invoke
from tests.helpers.importing import many_cards

pytestmark = pytest.mark.slow  # every test here starts processes


def run(*args: str, cwd: Path | None = None, user: list[str] | None = None, **kw: Any):
    return subprocess.run(
        [*(user or []), *WORKBOOK_CLI, *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
        **kw,
    )


def here(*args: str, cwd: Path | None = None) -> Ran:
    """``workbook ARGS`` in this process, answering as :func:`run` does."""
    return invoke(*args, cwd=cwd)


def assert_one_line_failure(result: subprocess.CompletedProcess | Ran, *words: str) -> None:
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in result.stderr, (word, result.stderr)
    assert ".tmp" not in result.stderr, "an internal temporary file must never be named"


def fingerprint(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


@pytest.fixture
def workbook(tmp_path: Path, spec_document: dict[str, Any], write_json) -> Path:
    path = tmp_path / "ada.db"
    done = here(
        "import", "json", str(write_json(spec_document, "spec.json")), "--workbook", str(path)
    )
    assert done.returncode == 0, done.stderr
    return path


# -- concurrent writers ----------------------------------------------------------------------


def test_two_imports_at_once_keep_both_files_people(tmp_path: Path) -> None:
    first, second = tmp_path / "a.vcf", tmp_path / "b.vcf"
    first.write_text(many_cards("Alpha", 200), encoding="utf-8")
    second.write_text(many_cards("Beta", 200), encoding="utf-8")
    for round_ in range(4):
        target = tmp_path / f"round{round_}.db"
        if round_ % 2:  # half the rounds start from an existing workbook, half create it
            assert here("init", str(target)).returncode == 0
        processes = [
            subprocess.Popen(
                [*WORKBOOK_CLI, "import", "vcard", str(f), "--workbook", str(target)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for f in (first, second)
        ]
        outputs = [p.communicate(timeout=300) for p in processes]
        assert [p.returncode for p in processes] == [0, 0], outputs
        with sqlite3.connect(target) as con:
            emails = {row[0] for row in con.execute("SELECT email FROM person")}
            count = con.execute("SELECT count(*) FROM person").fetchone()[0]
        expected = {f"alpha{i}@example.com" for i in range(200)} | {
            f"beta{i}@example.com" for i in range(200)
        }
        assert emails == expected, f"round {round_}: {len(expected - emails)} people lost"
        assert count == 400
        for out, _ in outputs:
            assert "added 200 people" in out


_ADDER = """
import sys
from workbook.store import Workbook
with Workbook.open(sys.argv[1]) as wb:
    for i in range(int(sys.argv[3])):
        wb.add("people", {"name": f"{sys.argv[2]} {i}"})
"""


def test_two_processes_adding_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "w.db"
    assert here("init", str(path)).returncode == 0
    writers = [
        subprocess.Popen([sys.executable, "-c", _ADDER, str(path), name, "150"])
        for name in ("Alpha", "Beta", "Gamma")
    ]
    assert [w.wait(timeout=300) for w in writers] == [0, 0, 0]
    from workbook.store import Workbook

    with Workbook.open(path) as wb:
        people = wb.records("people")
    assert len(people) == 450
    assert {p["id"] for p in people} == {f"p{i}" for i in range(1, 451)}
    assert sum(p["name"].startswith("Beta ") for p in people) == 150


# -- files that are not workbooks ------------------------------------------------------------


def _foreign_sqlite(path: Path) -> Path:
    """Another program's SQLite file (in WAL mode and with a user_version, as Firefox's
    places.sqlite is)."""
    con = sqlite3.connect(path)
    con.execute("PRAGMA user_version = 74")
    con.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    con.execute("INSERT INTO moz_places (url) VALUES ('https://example.org/')")
    con.commit()
    con.close()
    return path


@pytest.mark.parametrize("kind", ["foreign sqlite", "zero bytes", "text"])
@pytest.mark.parametrize(
    "command",
    [
        ["export", "--out", "{out}"],
        ["report", "--out", "{out}"],
        ["run", "periodic_report", "--out", "{out}"],
    ],
)
def test_commands_that_read_never_write_into_a_file_that_is_not_a_workbook(
    tmp_path: Path, kind: str, command: list[str]
) -> None:
    path = tmp_path / "places.sqlite"
    if kind == "foreign sqlite":
        _foreign_sqlite(path)
    elif kind == "zero bytes":
        path.write_bytes(b"")
    else:
        path.write_text("a shopping list\n")
    before = fingerprint(path)
    listing = sorted(p.name for p in tmp_path.iterdir())
    args = [a.replace("{out}", str(tmp_path / "out")) for a in command]
    real = kind == "foreign sqlite"  # the real script once per command
    result = (run if real else here)(*args, "--workbook", str(path))
    assert_one_line_failure(result, str(path), "not a workbook")
    assert fingerprint(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == listing, "nothing created beside it"


def test_a_folder_of_clients_with_a_zero_byte_file_reports_it_and_leaves_it(
    tmp_path: Path,
) -> None:
    clients = tmp_path / "clients"
    clients.mkdir()
    empty = clients / "empty.db"
    empty.write_bytes(b"")
    result = here("report", "--clients", str(clients), "--out", str(tmp_path / "out"))
    assert result.returncode == 1, result.stderr  # one client failed: its cause is reported
    assert "Traceback" not in result.stderr
    assert "empty.db" in result.stderr and "not a workbook" in result.stderr
    assert empty.read_bytes() == b""
    assert sorted(p.name for p in clients.iterdir()) == ["empty.db"]


def test_importing_into_another_programs_sqlite_file_is_refused(
    tmp_path: Path, spec_document: dict[str, Any], write_json
) -> None:
    path = _foreign_sqlite(tmp_path / "places.sqlite")
    before = fingerprint(path)
    result = run("import", "json", str(write_json(spec_document)), "--workbook", str(path))
    assert_one_line_failure(result, str(path), "not a workbook")
    assert fingerprint(path) == before


def test_a_negative_schema_version_is_one_line(workbook: Path) -> None:
    con = sqlite3.connect(workbook)
    con.execute("PRAGMA user_version = -3")
    con.close()
    before = fingerprint(workbook)
    result = run("export", "--out", "-", "--workbook", str(workbook))
    assert_one_line_failure(result, str(workbook), "not a workbook")
    assert fingerprint(workbook) == before


def test_tags_that_are_not_json_name_the_person_and_field(workbook: Path, tmp_path: Path) -> None:
    con = sqlite3.connect(workbook)
    con.execute("UPDATE person SET tags = 'friend, tech' WHERE id = 'p1'")
    con.commit()
    con.close()
    before = fingerprint(workbook)
    export = run("export", "--out", "-", "--workbook", str(workbook))
    assert_one_line_failure(export, str(workbook), "'p1'", "tags")
    # The report's notebook is given the workbook by name only (never its absolute path).
    report = here("report", "--out", str(tmp_path / "out"), "--workbook", str(workbook))
    assert_one_line_failure(report, workbook.name, "'p1'", "tags")
    assert fingerprint(workbook) == before


# -- a workbook in a folder one cannot write to ----------------------------------------------


@pytest.fixture
def read_only_folder(workbook: Path) -> Iterator[tuple[Path, list[str]]]:
    """A copy of the workbook in a folder the user running the command cannot write to.

    As root every folder is writable, so there the command runs as ``nobody`` (setpriv);
    as anyone else, chmod is enough. The -wal/-shm files are absent, as after a clean close.
    """
    base = Path(tempfile.mkdtemp(prefix="workbook-ro-"))
    folder = base / "client"
    folder.mkdir()
    shutil.copy(workbook, folder / "ada.db")
    (folder / "ada.db").chmod(0o644)
    user: list[str] = []
    if os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("as root, needs setpriv to run as an unprivileged user")
        user = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        base.chmod(0o755)
        # The checkout may sit in a folder only root can enter (mktemp -d makes them 0700):
        # then nobody can even start the command, which says nothing of read-only folders.
        reach = subprocess.run(
            [*user, *WORKBOOK_CLI, "--version"], capture_output=True, text=True, cwd="/"
        )
        if reach.returncode != 0:
            shutil.rmtree(base, ignore_errors=True)
            pytest.skip(
                "the unprivileged user cannot run the package from this checkout "
                f"({reach.stderr.strip()[-120:]}); the read-only mount test covers this case"
            )
    folder.chmod(0o555)
    try:
        yield folder / "ada.db", user
    finally:
        folder.chmod(0o755)
        shutil.rmtree(base, ignore_errors=True)


def test_a_workbook_in_a_read_only_folder_can_still_be_read(read_only_folder) -> None:
    path, user = read_only_folder
    before = fingerprint(path)
    result = run("export", "--out", "-", "--workbook", str(path), user=user, cwd=Path("/"))
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert [p["name"] for p in document["people"]] == ["Jane Roe"]
    assert fingerprint(path) == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["ada.db"]
    # Writing is refused with one line naming the workbook.
    refused = run("import", "json", os.devnull, "--workbook", str(path), user=user, cwd=Path("/"))
    assert refused.returncode == 2 and "Traceback" not in refused.stderr


@pytest.fixture
def read_only_mount(workbook: Path) -> Iterator[Path]:
    """The workbook's folder mounted read-only (as a backup drive or a shared folder is):
    even root cannot write there. Needs the right to mount (root in a container)."""
    base = Path(tempfile.mkdtemp(prefix="workbook-mount-"))
    source, mounted = base / "source", base / "mounted"
    source.mkdir()
    mounted.mkdir()
    shutil.copy(workbook, source / "ada.db")
    done = subprocess.run(
        ["mount", "--bind", "-o", "ro", str(source), str(mounted)], capture_output=True
    )
    if done.returncode != 0:
        shutil.rmtree(base, ignore_errors=True)
        pytest.skip(f"cannot make a read-only mount here: {done.stderr.decode().strip()}")
    try:
        yield mounted / "ada.db"
    finally:
        subprocess.run(["umount", str(mounted)], check=False)
        shutil.rmtree(base, ignore_errors=True)


def test_a_workbook_on_a_read_only_mount_is_reported_on(read_only_mount: Path, tmp_path: Path):
    before = fingerprint(read_only_mount)
    out = tmp_path / "out"
    result = here(
        "report",
        "--workbook",
        str(read_only_mount),
        "--as-of",
        "2026-11-01",
        "--period",
        "2026-10",
        "--out",
        str(out),
    )
    assert result.returncode == 0, result.stderr
    summary = json.loads((out / "ada" / "2026-10" / "summary.json").read_text())
    assert summary["metrics"]["encounters"] == 1  # the spec document's one encounter
    assert summary["metrics"]["follow_up"]["followed"] == 1
    assert fingerprint(read_only_mount) == before
    assert sorted(p.name for p in read_only_mount.parent.iterdir()) == ["ada.db"]


# -- bad input files -------------------------------------------------------------------------


def _json_file(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def _deep_json(depth: int) -> str:
    return (
        '{"format": "networking-workbook", "version": 1, "people": '
        + "[" * depth
        + "]" * depth
        + "}"
    )


def _huge_int_json() -> str:
    return (
        '{"format": "networking-workbook", "version": 1, "people": [{"id": "p1", '
        '"name": "Jane", "cadence_days": ' + "9" * 5000 + "}]}"
    )


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("deep.json", _deep_json(100_000), ["nested"]),
        ("big.json", _huge_int_json(), ["digits"]),
        (
            "nan.json",
            '{"format": "networking-workbook", "version": 1, "purposes": [{"id": "g1", '
            '"start": "2026-10-01", "end": "2026-10-31", "targets": {"new_people": NaN}}]}',
            ["'g1'", "targets", "new_people"],
        ),
        (
            "infinite.json",
            '{"format": "networking-workbook", "version": 1, "purposes": [{"id": "g1", '
            '"start": "2026-10-01", "end": "2026-10-31", "targets": {"touches": Infinity}}]}',
            ["'g1'", "targets", "touches"],
        ),
        (
            "future.json",
            '{"format": "networking-workbook", "version": 1, "people": [{"id": "p9", '
            '"name": "Jane"}], "touchpoints": [{"id": "t9", "person": "p9", '
            '"date": "2300-01-01", "direction": "out"}]}',
            ["touchpoints record 't9'", "'date'", "2300-01-01"],
        ),
        (
            "cadence.json",
            '{"format": "networking-workbook", "version": 1, "people": [{"id": "p9", '
            '"name": "Jane", "cadence_days": 9223372036854775808}]}',
            ["people record 'p9'", "cadence_days"],
        ),
        (
            "due.json",
            '{"format": "networking-workbook", "version": 1, "people": [{"id": "p9", '
            '"name": "Jane"}], "encounters": [{"id": "n9", "person": "p9", '
            '"date": "2026-10-10", "follow_up_due": "2026-10-01"}]}',
            ["encounters record 'n9'", "follow_up_due", "before"],
        ),
        (
            "utf16.json",
            json.dumps({"format": "networking-workbook", "version": 2}).encode("utf-16"),
            ["'version'"],  # read as UTF-16 (BOM), then refused for its version
        ),
    ],
)
def test_a_bad_json_file_is_one_line_and_changes_nothing(
    tmp_path: Path, workbook: Path, name: str, content: str | bytes, words: list[str]
) -> None:
    before = fingerprint(workbook)
    path = _json_file(tmp_path, name, content)
    real = name == "deep.json"  # the real script once (and its own stack for the nesting)
    result = (run if real else here)("import", "json", str(path), "--workbook", str(workbook))
    assert_one_line_failure(result, name, *words)
    assert fingerprint(workbook) == before


def test_a_utf16_export_imports(tmp_path: Path, workbook: Path) -> None:
    exported = here("export", "--out", "-", "--workbook", str(workbook))
    assert exported.returncode == 0, exported.stderr
    for encoding in ("utf-16", "utf-16-le", "utf-16-be"):
        path = _json_file(tmp_path, f"{encoding}.json", exported.stdout.encode(encoding))
        target = tmp_path / f"{encoding}.db"
        result = here("import", "json", str(path), "--workbook", str(target))
        assert result.returncode == 0, result.stderr
        again = here("export", "--out", "-", "--workbook", str(target))
        assert json.loads(again.stdout)["people"] == json.loads(exported.stdout)["people"]


_CONTACT_FILES = {
    "ics": (
        "cal.ics",
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x1\r\n"
        "DTSTART;VALUE=DATE:20261001\r\nSUMMARY:Chamber mixer\r\nEND:VEVENT\r\n"
        "END:VCALENDAR\r\n",
    ),
    "linkedin": (
        "Connections.csv",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
        "Omar,Haddad,,omar@example.org,Acme,CEO,01 Oct 2026\r\n",
    ),
    "vcard": (
        "cards.vcf",
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Omar Haddad\r\nN:Haddad;Omar;;;\r\n"
        "EMAIL:omar@example.org\r\nEND:VCARD\r\n",
    ),
}


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-8-sig"])
@pytest.mark.parametrize("format", sorted(_CONTACT_FILES))
def test_utf16_contact_and_calendar_files_are_read(
    tmp_path: Path, format: str, encoding: str
) -> None:
    name, text = _CONTACT_FILES[format]
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    target = tmp_path / "w.db"
    extra = ["--since", "2026-01-01", "--until", "2026-12-31"] if format == "ics" else []
    real = encoding == "utf-16"  # the real script once per format
    result = (run if real else here)("import", format, str(path), "--workbook", str(target), *extra)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(target) as con:
        names = [
            r[0] for r in con.execute("SELECT name FROM person UNION ALL SELECT name FROM event")
        ]
    assert names == (["Chamber mixer"] if format == "ics" else ["Omar Haddad"])


def test_a_vcard_parameter_with_a_huge_number_is_one_line(tmp_path: Path, workbook: Path) -> None:
    before = fingerprint(workbook)
    card = tmp_path / "pref.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Jane Roe\r\n"
        f"EMAIL;PREF={'9' * 5000}:jane@example.com\r\nEND:VCARD\r\n"
    )
    result = here("import", "vcard", str(card), "--workbook", str(workbook))
    # Either read (the number is only a preference) or refused in one line.
    assert "Traceback" not in result.stderr
    assert result.returncode in (0, 2), result.stderr
    if result.returncode == 2:
        assert_one_line_failure(result, "pref.vcf")
        assert fingerprint(workbook) == before


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "fifo"])
@pytest.mark.parametrize("format", ["json", "vcard", "ics", "linkedin"])
def test_an_endless_file_is_refused_not_read(
    tmp_path: Path, workbook: Path, device: str, format: str
) -> None:
    if device == "fifo":
        path = tmp_path / "pipe.json"
        os.mkfifo(path)
        # Should the command open it anyway, a writer keeps it fed rather than letting it hang.
        stop = threading.Event()

        def feed() -> None:
            try:
                fd = os.open(path, os.O_WRONLY)
            except OSError:
                return
            with os.fdopen(fd, "wb") as pipe:
                while not stop.is_set():
                    try:
                        pipe.write(b"[" * 65536)
                    except BrokenPipeError:
                        return

        feeder = threading.Thread(target=feed, daemon=True)
        feeder.start()
    else:
        path = Path(device)
    before = fingerprint(workbook)
    try:
        result = run("import", format, str(path), "--workbook", str(workbook))
    finally:
        if device == "fifo":
            stop.set()
            with contextlib.suppress(OSError):  # unblock a feeder still waiting for a reader
                os.close(os.open(path, os.O_RDONLY | os.O_NONBLOCK))
    assert_one_line_failure(result, str(path), "not a regular file")
    assert fingerprint(workbook) == before


# -- options ---------------------------------------------------------------------------------


@pytest.mark.parametrize("as_of", ["0001-01-01", "9999-12-31", "1899-12-31", "2201-01-01"])
@pytest.mark.parametrize("command", ["report", "export", "demo"])
def test_an_as_of_outside_the_accepted_dates_is_one_line(
    tmp_path: Path, workbook: Path, as_of: str, command: str
) -> None:
    if command == "export":  # export has no --as-of: the notebook parameter path instead
        args = ["run", "periodic_report", "-p", "as_of", as_of, "--workbook", str(workbook)]
    elif command == "demo":
        args = ["demo", str(tmp_path / "demo.db"), "--as-of", as_of]
    else:
        args = ["report", "--as-of", as_of, "--workbook", str(workbook)]
    before = fingerprint(workbook)
    cli = run if as_of == "0001-01-01" else here  # the real script once per command
    result = cli(*args, "--out", str(tmp_path / "out")) if command != "demo" else cli(*args)
    assert_one_line_failure(result, as_of, "1900-01-01", "2200-12-31")
    assert fingerprint(workbook) == before
    assert not (tmp_path / "out").exists() and not (tmp_path / "demo.db").exists()


@pytest.mark.parametrize("period", ["0001-01", "1899-Q4", "2201-W01", "9999-12"])
def test_a_period_outside_the_accepted_dates_is_one_line(
    tmp_path: Path, workbook: Path, period: str
) -> None:
    cli = run if period == "0001-01" else here  # the real script once
    result = cli(
        "report", "--period", period, "--workbook", str(workbook), "--out", str(tmp_path / "o")
    )
    assert_one_line_failure(result, period)
    assert not (tmp_path / "o").exists()


def test_demo_refuses_more_people_than_it_can_build(tmp_path: Path) -> None:
    from workbook.demo import MAX_DEMO_PEOPLE

    result = run("demo", str(tmp_path / "big.db"), "--people", str(MAX_DEMO_PEOPLE + 1))
    assert_one_line_failure(result, "--people", str(MAX_DEMO_PEOPLE))
    assert not (tmp_path / "big.db").exists()
    helped = here("demo", "--help")
    assert f"at most {MAX_DEMO_PEOPLE}" in " ".join(helped.stdout.split())


# -- where output goes -----------------------------------------------------------------------


def test_export_to_dash_writes_standard_output(workbook: Path, tmp_path: Path) -> None:
    result = run("export", "--out", "-", "--workbook", str(workbook), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["people"][0]["name"] == "Jane Roe"
    assert not (tmp_path / "-").exists()


def test_an_unwritable_out_names_the_users_path_not_a_temporary_file(
    workbook: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "x.json"
    folder.mkdir()  # --out names a folder: the rename into place fails
    result = here("export", "--out", str(folder), "--workbook", str(workbook))
    assert_one_line_failure(result, str(folder))
    assert list(folder.iterdir()) == [] and sorted(p.name for p in tmp_path.iterdir()) == [
        "ada.db",
        "spec.json",
        "x.json",
    ]


@pytest.mark.parametrize("days", ["99999999999", "9" * 5000, "3651", "²", "-1"])
def test_agenda_days_beyond_ten_years_is_one_line(workbook: Path, days: str) -> None:
    cli = run if days == "99999999999" else here  # the real script once
    result = cli("agenda", "--workbook", str(workbook), "--as-of", "2026-11-01", "--days", days)
    assert_one_line_failure(result, "--days", "3650")
