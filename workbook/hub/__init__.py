"""The coach's practice on JupyterHub (docs/hub.md).

Each client is a hub user and a system user with a private home; their single-user
server offers JupyterLab on their own copies of the notebooks and the capture app at
``/user/<name>/workbook/``, both on ``~/networking-workbook/workbook.db``. The coach is
the hub's admin and has the practice service at ``/services/practice/``. Everything that
touches a client's files runs as that client (:mod:`workbook.hub.client`), so what the hub
writes for them (the workbook, the coach's notes, the reports) is theirs alone.

The names, folders and defaults of the practice live here, one definition each.
"""

from __future__ import annotations

import pwd
from dataclasses import dataclass
from pathlib import Path

from workbook.locations import DEFAULT_WORKSPACE

#: The coach's service: its name, hence its address ``/services/practice/``.
SERVICE_NAME = "practice"
#: The hub-managed service that runs the reports on a schedule.
BATCH_SERVICE_NAME = "reports"
#: A client's folder in their home: notebooks, workbook and reports.
WORKSPACE_NAME = DEFAULT_WORKSPACE.name
WORKBOOK_NAME = "workbook.db"
REPORTS_NAME = "reports"
#: The period the hub's reports are for: the month so far, refreshed on each run (a
#: capture of today is in the next report); last month's is finished once, when missing.
HUB_PERIOD = "this-month"
FINISHED_PERIOD = "last-month"
#: ``workbook hub try``'s defaults.
TRY_PORT = 8000
TRY_CLIENTS = 3
#: Hours between two scheduled runs of the reports.
DEFAULT_INTERVAL_HOURS = 6.0
#: Home folders are private: only their owner may enter (root, the hub, aside).
HOME_MODE = 0o700
#: The system group of every user the hub made: a hub name that is another account of the
#: computer (a person's, the coach's own) never gets a server running as that account.
CLIENT_GROUP = "networking-clients"
#: A hub name is also a system user's name: lower-case letters, digits and dashes.
USERNAME_PATTERN = r"^[a-z][a-z0-9-]{0,31}$"
#: The shortest password the hub accepts at sign-up.
MIN_PASSWORD_LENGTH = 10


@dataclass(frozen=True)
class ClientSpace:
    """Where one client's things are, in their home."""

    name: str
    home: Path

    @property
    def workspace(self) -> Path:
        return self.home / WORKSPACE_NAME

    @property
    def workbook(self) -> Path:
        return self.workspace / WORKBOOK_NAME

    @property
    def reports(self) -> Path:
        """The reports' root (``workbook report --out``): ``reports/<stem>/<period>/``."""
        return self.workspace / REPORTS_NAME

    def report_dir(self, label: str) -> Path:
        return reports_folder(self.workbook) / label


def reports_folder(workbook: Path) -> Path:
    """The folder of a workbook's reports, one sub-folder per period: beside the
    workbook, ``reports/<workbook stem>/`` (what the app's Reports page lists)."""
    return workbook.parent / REPORTS_NAME / workbook.stem


def client_space(name: str) -> ClientSpace:
    """The client's folders, from their system account (``KeyError`` when there is none)."""
    return ClientSpace(name, Path(pwd.getpwnam(name).pw_dir))
