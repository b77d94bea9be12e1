"""Reading and writing the user's files: one clear error for a file that can't be read,
and never a half-written file.

Only regular files are read, and at most :data:`workbook.limits.MAX_IMPORT_BYTES` of
them: a FIFO or a device such as ``/dev/zero`` would otherwise block or never end.
Every message names the user's path, never a temporary file of ours.
"""

from __future__ import annotations

import codecs
import os
import stat
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from workbook.errors import WorkbookInputError
from workbook.limits import MAX_IMPORT_BYTES

# Byte-order marks, longest first (UTF-32's LE mark starts with UTF-16's).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
STDOUT = "-"  # an ``--out`` of "-" means standard output
#: The first 16 bytes of every SQLite database file.
SQLITE_HEADER = b"SQLite format 3\x00"
#: What names an atomic write's temporary file: ``.<name>.<random>`` + this. Only such
#: files are ever swept up as leftovers of a killed run (see :mod:`workbook.scratch`).
TEMP_SUFFIX = ".workbook-partial.tmp"
#: How much of an existing file is read to tell who wrote it.
_HEAD_BYTES = 4096


def absolute(path: str | Path) -> Path:
    """``path`` made absolute against the working directory, with ``..`` and ``.`` folded
    (symbolic links kept): what a person reads in a message (``/home/coach/reports/…``,
    not ``/home/coach/elsewhere/../reports/…``)."""
    return Path(os.path.abspath(path))


def size_text(count: int) -> str:
    """A size in bytes as a person says it: ``64 KB``, ``20 MB``."""
    for unit, size in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if count >= size:
            value = count / size
            return (
                f"{value:.0f} {unit}"
                if value >= 10 or value.is_integer()
                else f"{value:.1f} {unit}"
            )
    return f"{count} bytes"


def read_bytes(
    path: str | Path, limit: int = MAX_IMPORT_BYTES, what: str = "an export this reads"
) -> bytes:
    """A regular file's content; a missing, special, too large or unreadable file is a
    :class:`WorkbookInputError` naming it. At most ``limit`` bytes are ever read: a larger
    file says it is larger than ``limit`` and not ``what`` (``"a coach's note"``)."""
    path = Path(path)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise WorkbookInputError(f"{path}: is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise WorkbookInputError(
                f"{path}: not a regular file (a pipe or a device); save it to a file first"
            )
        # O_NONBLOCK: should the file have been swapped for a FIFO since, open won't wait.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise WorkbookInputError(f"{path}: not a regular file (a pipe or a device)")
            content = handle.read(limit + 1)
    except FileNotFoundError:
        raise WorkbookInputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise WorkbookInputError(f"{path}: is a folder, not a file") from None
    except OSError as error:
        raise WorkbookInputError(f"{path}: cannot read ({error.strerror})") from None
    if len(content) > limit:
        raise WorkbookInputError(f"{path}: larger than {size_text(limit)}; too large for {what}")
    return content


def bom_encoding(raw: bytes) -> str | None:
    """The encoding a byte-order mark at the start of ``raw`` announces, if any; without a
    mark, UTF-16 is recognised by its zero bytes (ASCII text in UTF-16 is every other byte
    zero)."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return encoding
    head = raw[:200]
    if len(head) >= 4 and head.count(0) * 3 >= len(head):
        if head[1::2].count(0) > head[0::2].count(0):
            return "utf-16-le"
        return "utf-16-be"
    return None


def decode_text(raw: bytes, path: str | Path, fallbacks: tuple[str, ...] = ()) -> str:
    """Text from a file's bytes: the encoding its byte-order mark names (UTF-8, UTF-16 or
    UTF-32), else UTF-8, else each of ``fallbacks`` in turn. Names the file on failure."""
    marked = bom_encoding(raw)
    if marked is not None:
        bom = next((b for b, e in _BOMS if e == marked and raw.startswith(b)), b"")
        try:
            return raw[len(bom) :].decode(marked)
        except UnicodeDecodeError as error:
            raise WorkbookInputError(
                f"{path}: not valid {marked.upper()} text (byte {error.start + len(bom)})"
            ) from None
    first: UnicodeDecodeError | None = None
    for encoding in ("utf-8", *fallbacks):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError as error:
            first = first or error
    shown = " or ".join(("UTF-8", *fallbacks))
    where = f" (byte {first.start})" if first else ""
    raise WorkbookInputError(f"{path}: not {shown} text{where}")


def read_text(path: str | Path, fallbacks: tuple[str, ...] = ()) -> str:
    """A text file's content (see :func:`decode_text`)."""
    return decode_text(read_bytes(path), path, fallbacks)


def write_text_atomic(text: str, path: str | Path) -> Path:
    """Write ``text`` next to ``path`` and rename it into place, readable like any file
    one writes (reports are for sharing). ``-`` writes to standard output."""
    if str(path) == STDOUT:
        sys.stdout.write(text)
        sys.stdout.flush()
        return Path(STDOUT)
    path = Path(path)
    if path.is_dir():
        raise WorkbookInputError(f"{path}: is a folder; give a file name to write")
    temporary: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent
        )
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except OSError as error:
        if temporary:
            Path(temporary).unlink(missing_ok=True)
        raise WorkbookInputError(f"{path}: cannot write ({error.strerror or error})") from None
    except BaseException:
        if temporary:
            Path(temporary).unlink(missing_ok=True)
        raise
    return path


def is_temporary(path: Path) -> bool:
    """Whether ``path`` is named as one of our atomic writes' temporary files."""
    return path.name.startswith(".") and path.name.endswith(TEMP_SUFFIX)


def same_file(first: str | Path, second: str | Path) -> bool:
    """Whether two paths name one file: the same after resolving links and ``..``, or the
    same inode (a hard link, a bind mount)."""
    one, two = Path(first), Path(second)
    try:
        if one.resolve() == two.resolve():
            return True
        return one.exists() and two.exists() and os.path.samefile(one, two)
    except (OSError, RuntimeError):
        return False


def check_output_path(
    path: str | Path,
    force: bool,
    *,
    command: str,
    ours: Callable[[bytes], bool],
    workbook: str | Path | None = None,
) -> None:
    """Refuse to overwrite what a command did not write (docs/robustness.md).

    ``path`` is where ``command`` (``workbook export``) is about to write. Refused: the
    workbook itself or its journal files, whatever ``force`` says (also through a link or
    another spelling of the path); a special file (a device, a pipe); and, unless
    ``force``, an existing SQLite file (any workbook or another program's database) or a
    file whose first bytes ``ours`` does not recognise as this command's own output.
    A path where there is no file yet is fine, and so are an empty file and ``-``
    (standard output).
    """
    if str(path) == STDOUT:
        return
    path = Path(path)
    if workbook is not None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            if same_file(path, f"{workbook}{suffix}"):
                what = "the workbook itself" if not suffix else f"the workbook's {suffix[1:]} file"
                raise WorkbookInputError(f"{path}: is {what}; write the output to another file")
    try:
        info = path.stat()
    except FileNotFoundError:
        return
    except OSError as error:
        raise WorkbookInputError(f"{path}: cannot write ({error.strerror})") from None
    if stat.S_ISDIR(info.st_mode):
        raise WorkbookInputError(f"{path}: is a folder; give a file name to write")
    if not stat.S_ISREG(info.st_mode):
        raise WorkbookInputError(f"{path}: not a regular file (a pipe or a device); not writing")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            head = handle.read(_HEAD_BYTES)
    except OSError as error:
        raise WorkbookInputError(f"{path}: cannot read ({error.strerror})") from None
    # An empty file holds nothing to lose (``mktemp`` makes one for a script to fill).
    if force or not head or (not head.startswith(SQLITE_HEADER) and ours(head)):
        return
    if head.startswith(SQLITE_HEADER):
        what = "an SQLite database (a workbook, or another program's)"
    else:
        what = f"a file not written by `{command}`"
    raise WorkbookInputError(
        f"{path}: already exists and is {what}; not overwriting it (add --force to replace it)"
    )


def place_new(private: str | Path, path: str | Path) -> bool:
    """Move the finished file ``private`` to ``path`` only if nothing is there yet; False
    (and ``private`` left where it is) when a file is.

    A hard link decides atomically who created ``path``. On a filesystem without hard
    links (FAT, some network shares) the name is claimed with ``O_CREAT | O_EXCL`` and
    the file renamed over the claim: a reader may see the empty claim for that instant.
    """
    try:
        os.link(private, path)
    except FileExistsError:
        return False
    except OSError:
        try:
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
        except FileExistsError:
            return False
        os.replace(private, path)
        return True
    os.unlink(private)
    return True
