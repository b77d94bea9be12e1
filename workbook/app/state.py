"""What the app's handlers share: the workbook they write to and the page templates."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment

from workbook.locations import workbook_path
from workbook.store import Workbook


@dataclass(frozen=True)
class AppState:
    """The app's workbook (resolved once, at start) and its template environment."""

    path: Path
    env: Environment

    @classmethod
    def start(cls, path: Path | None, env: Environment) -> AppState:
        """The state for ``path`` (None: ``$WORKBOOK``, else the default workbook, as
        :mod:`workbook.locations` says).

        An older workbook is upgraded here, once, so that no page (a GET) ever writes.
        No workbook there yet: the pages say how to start one.
        """
        resolved = workbook_path(path)
        if resolved.is_file():
            Workbook.open(resolved).close()
        return cls(resolved, env)

    def has_workbook(self) -> bool:
        return self.path.is_file()
