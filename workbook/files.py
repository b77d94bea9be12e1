"""Reading and writing the user's files: one clear error for a file that can't be read,
and never a half-written file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from workbook.errors import WorkbookInputError


def read_bytes(path: str | Path) -> bytes:
    """A file's content; a missing or unreadable file is a :class:`WorkbookInputError`."""
    path = Path(path)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise WorkbookInputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise WorkbookInputError(f"{path}: is a folder, not a file") from None
    except OSError as error:
        raise WorkbookInputError(f"{path}: cannot read ({error.strerror})") from None


def write_text_atomic(text: str, path: str | Path) -> Path:
    """Write ``text`` next to ``path`` and rename it into place, readable like any file
    one writes (reports are for sharing)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path
