"""The practice's accounts: hub log-ins (NativeAuthenticator) and system users (docs/hub.md).

Each hub user is a system user of the same name with a private home (mode 700), made the
first time their server starts; the coach approves sign-ups on the hub's ``authorize``
page. :func:`run_as` runs a :mod:`workbook.hub.client` command as a client, so whatever
it writes is owned by them. Making users needs root: :func:`require_root` says so.
"""

from __future__ import annotations

import contextlib
import fcntl
import grp
import json
import os
import pwd
import secrets
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from nativeauthenticator import NativeAuthenticator
from traitlets import Unicode

from workbook.errors import WorkbookError, WorkbookInputError
from workbook.hub import CLIENT_GROUP, HOME_MODE, ClientSpace

#: Letters of a made-up password: no look-alikes (l/1, O/0) to misread from a terminal.
PASSWORD_ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
PASSWORD_LENGTH = 16
#: Seconds a client command stopped by the hub has to end its kernels.
STOP_GRACE = 20


class NeedsRoot(WorkbookError):
    """Separate system users (private homes) can only be made by root."""

    exit_code = 2


def require_root() -> None:
    if os.geteuid() != 0:
        raise NeedsRoot(
            "the practice hub needs root: each client is a separate system user with a "
            "private home (run it with sudo; see docs/hub.md)"
        )


def new_password() -> str:
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH))


def person_uids(login_defs: Path = Path("/etc/login.defs")) -> range:
    """The user ids of people's accounts (``UID_MIN`` to ``UID_MAX``; outside: root and the
    system's own accounts, ``daemon``, ``www-data``, ``nobody``…)."""
    limits = {"UID_MIN": 1000, "UID_MAX": 60000}
    with contextlib.suppress(OSError):
        for line in login_defs.read_text(encoding="utf-8", errors="replace").splitlines():
            words = line.split()
            if len(words) == 2 and words[0] in limits and words[1].isdigit():
                limits[words[0]] = int(words[1])
    return range(limits["UID_MIN"], limits["UID_MAX"] + 1)


def ensure_system_user(
    name: str, home_root: Path | None = None, adopt: bool = False
) -> ClientSpace:
    """The system user ``name`` with a private home (made when missing, in the group
    :data:`~workbook.hub.CLIENT_GROUP`; kept as it is).

    Never one of the system's own accounts: a hub name such as ``root`` or ``www-data``,
    even approved by the coach, gets no server running as that account. Nor, unless
    ``adopt`` (the hub's ``adopt_existing_users``), an account the hub did not make — a
    person's on this computer, the coach's own: a sign-up of that name would run as them."""
    try:
        entry: pwd.struct_passwd | None = pwd.getpwnam(name)
    except KeyError:
        entry = None
    if entry is not None and entry.pw_uid not in person_uids():
        raise WorkbookInputError(
            f"{name!r} is one of this system's own accounts, not a client's: "
            "choose another name (docs/hub.md)"
        )
    if entry is not None and not (adopt or made_by_the_hub(name)):
        raise WorkbookInputError(
            f"{name!r} is an account this computer had before, not one the hub made: a "
            "client signs up with a name of their own (or see adopt_existing_users in "
            "docs/hub.md)"
        )
    if entry is None:
        _run_or_refuse(["groupadd", "--force", "--system", CLIENT_GROUP], name)
        command = ["useradd", "--create-home", "--shell", "/bin/bash", "--user-group"]
        command += ["--groups", CLIENT_GROUP]
        if home_root is not None:
            command += ["--home-dir", str(home_root / name)]
        _run_or_refuse([*command, name], name)
        entry = pwd.getpwnam(name)
    home = Path(entry.pw_dir)
    home.chmod(HOME_MODE)
    return ClientSpace(name, home)


def made_by_the_hub(name: str) -> bool:
    """Whether the system user ``name`` is one the hub made (in :data:`CLIENT_GROUP`)."""
    try:
        return name in grp.getgrnam(CLIENT_GROUP).gr_mem
    except KeyError:
        return False


def _run_or_refuse(command: list[str], name: str) -> None:
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise WorkbookInputError(f"cannot make the system user {name!r}: {result.stderr.strip()}")


def group_exists(name: str) -> bool:
    try:
        grp.getgrnam(name)
    except KeyError:
        return False
    return True


def remove_group(name: str) -> None:
    """Remove the system group ``name`` once nobody is in it (``workbook hub try``'s own,
    when it made it: another hub's users may have joined it meanwhile)."""
    with contextlib.suppress(KeyError):
        if not grp.getgrnam(name).gr_mem:
            subprocess.run(["groupdel", name], capture_output=True, check=False)


def remove_system_user(name: str) -> None:
    """Remove the user and their home (``workbook hub try``'s own users only)."""
    subprocess.run(["userdel", "--remove", name], capture_output=True, check=False)


def interpreter_folders() -> list[Path]:
    """The folders a client's processes must pass through to run this Python."""
    places = {Path(sys.executable).resolve(), Path(sys.prefix), Path(sys.base_prefix).resolve()}
    folders: set[Path] = set()
    for place in places:
        folders.update(p for p in place.parents if p != Path("/"))
    return sorted(folders)


def closed_folders() -> list[Path]:
    """Folders on the way to this Python that other users may not pass (e.g. ``/root``)."""
    return [f for f in interpreter_folders() if f.is_dir() and not f.stat().st_mode & 0o001]


def open_way(name: str) -> list[Path]:
    """Let ``name`` pass (only pass: ``x``, not list or read) the closed folders on the way
    to this Python, with a POSIX ACL entry of its own; the folders it was given."""
    closed = closed_folders()
    if not closed:
        return []
    if shutil.which("setfacl") is None:
        raise WorkbookInputError(
            f"{closed[0]}: this Python is in a folder other users cannot enter; install "
            "the package where clients can run it (e.g. a venv in /opt), or install the "
            "`acl` package so the hub can let each client pass (docs/hub.md)"
        )
    with acl_lock():
        for folder in closed:
            subprocess.run(["setfacl", "-m", f"u:{name}:x", str(folder)], check=True)
    return closed


def close_way(name: str, folders: list[Path]) -> None:
    with acl_lock():
        for folder in folders:
            subprocess.run(["setfacl", "-x", f"u:{name}", str(folder)], check=False)


#: setfacl reads a folder's ACL, changes it and writes it back: two at once (the trial's
#: accounts made two at a time, the hub starting two servers, the trial and its hub) can
#: each write back the ACL without the other's entry. One at a time, across processes.
ACL_LOCK = Path("/run/lock" if Path("/run/lock").is_dir() else tempfile.gettempdir())
ACL_LOCK_NAME = "networking-on-purpose-acl.lock"


@contextlib.contextmanager
def acl_lock() -> Iterator[None]:
    """Hold the machine-wide lock on ACL changes (an advisory ``flock``)."""
    with (ACL_LOCK / ACL_LOCK_NAME).open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def client_env(space: ClientSpace) -> dict[str, str]:
    """The environment of a process of the client: their home, their workbook."""
    from workbook.locations import WORKBOOK_ENV

    keep = ("PATH", "LANG", "LC_ALL", "TZ", "PYTHONPATH")
    env = {key: os.environ[key] for key in keep if key in os.environ}
    env.update(HOME=str(space.home), USER=space.name, LOGNAME=space.name)
    env[WORKBOOK_ENV] = str(space.workbook)
    return env


def run_as(
    space: ClientSpace, args: list[str], text: str | None = None, timeout: float | None = None
) -> dict[str, Any]:
    """Run ``python -m workbook.hub.client ARGS`` as the client; its JSON answer.

    The client's own problem (exit 2) becomes a :class:`WorkbookInputError` with its line.
    """
    entry = pwd.getpwnam(space.name)
    same_user = os.geteuid() == entry.pw_uid
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "workbook.hub.client", *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=space.home,
            env=client_env(space),
            user=None if same_user else entry.pw_uid,
            group=None if same_user else entry.pw_gid,
            extra_groups=None if same_user else [],
        )
    except OSError as error:  # e.g. this Python is in a folder the client may not pass
        raise WorkbookError(f"{space.name}: cannot run {args[0]} as them: {error}") from None
    try:
        stdout, stderr = process.communicate(text, timeout=timeout)
    except BaseException:
        # Stopped (SIGTERM, Ctrl-C, a timeout): the client's command ends its own kernels
        # on SIGTERM; only if it does not end in time is it killed.
        process.terminate()
        try:
            process.wait(STOP_GRACE)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        raise
    result = subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)
    if result.returncode == 2:
        raise WorkbookInputError(result.stderr.strip().splitlines()[-1])
    if result.returncode != 0:
        raise WorkbookError(
            f"{space.name}: {' '.join(args[:1])} failed: {result.stderr.strip()[-500:]}"
        )
    answer: dict[str, Any] = json.loads(result.stdout)
    return answer


class PracticeAuthenticator(NativeAuthenticator):
    """NativeAuthenticator (sign up, the coach approves) and accounts made ahead.

    ``accounts_file``: a JSON object ``{name: password}`` read once at start-up (the
    accounts ``workbook hub try`` prints), made authorized, then deleted: afterwards only
    the password hashes remain, in the hub's database.
    """

    accounts_file = Unicode("", config=True, help="JSON {name: password} to create at start.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.accounts_file and Path(self.accounts_file).exists():
            accounts = json.loads(Path(self.accounts_file).read_text(encoding="utf-8"))
            for name, password in accounts.items():
                if not self.user_exists(name):
                    self.create_user(name, password, is_authorized=True)
            Path(self.accounts_file).unlink()
