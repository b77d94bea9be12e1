"""The light app's token (docs/app.md, The token): where it comes from and what a good one
is. Light to import, so that ``workbook app`` refuses a bad token in a blink, before the
web server is loaded.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from workbook.errors import WorkbookInputError

#: A token shorter than this is refused: it could be guessed.
MIN_TOKEN_LENGTH = 16
#: Where a token may come from besides ``--token`` (which others can see in ``ps``).
TOKEN_ENV = "WORKBOOK_APP_TOKEN"


def resolve_token(token: str | None, token_file: str | None) -> str:
    """The token: ``--token``, else ``--token-file``, else ``$WORKBOOK_APP_TOKEN``, else a
    fresh random one. A short one is refused (:class:`WorkbookInputError`, one line)."""
    where = "--token"
    if token is None and token_file is not None:
        where = f"--token-file {token_file}"
        try:
            token = Path(token_file).read_text(encoding="utf-8").strip()
        except OSError as error:
            raise WorkbookInputError(f"{where}: cannot read it ({error.strerror})") from None
        except UnicodeDecodeError:
            raise WorkbookInputError(f"{where}: not a text file") from None
    if token is None and os.environ.get(TOKEN_ENV):
        where, token = f"${TOKEN_ENV}", os.environ[TOKEN_ENV].strip()
    if token is None:
        return secrets.token_urlsafe(24)
    if len(token) < MIN_TOKEN_LENGTH or any(c.isspace() for c in token):
        raise WorkbookInputError(
            f"{where}: a token must be at least {MIN_TOKEN_LENGTH} characters without spaces "
            "(a short one can be guessed); leave it out for a random one"
        )
    return token
