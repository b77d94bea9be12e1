"""Saving a form once (docs/app.md, "Every save happens once"): each form carries a
one-time submission id; the id and the answer are written in the same transaction as the
records, so the same submission sent again (a double tap, a resend from the phone's
outbox) writes nothing new and gets the first answer."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from workbook import capture
from workbook.errors import CaptureError
from workbook.periods import now
from workbook.store import Workbook

#: A submission id: a uuid4 in hex, made when the page is rendered.
SUBMISSION_ID = re.compile(r"[0-9a-f]{32}")
#: What a saved message starts with (the status line and the JSON answer).
SAVED = "Saved: "


def new_submission() -> str:
    """A fresh submission id for a form being rendered."""
    return uuid.uuid4().hex


@dataclass(frozen=True)
class Answer:
    """What a save answers: the message for the status line, where to go next (None: the
    page the form is on), and what undoes it (``"touchpoints:t12"``, ``"snooze:…"``, or
    None)."""

    message: str
    redirect: str | None = None
    undo: str | None = None


def check_submission(submission: str | None) -> str:
    """The submission id, or a :class:`CaptureError` (a page from before, or a forged one)."""
    if not submission or not SUBMISSION_ID.fullmatch(submission):
        raise CaptureError("Form", "this form is out of date: reload the page and try again")
    return submission


def save_once(path: Path, submission: str, action: Callable[[Workbook], Answer]) -> Answer:
    """Run ``action`` (the writes of one form) unless ``submission`` was saved before;
    either way, the answer of the first save. One transaction."""
    check_submission(submission)
    with capture.writing(path) as wb:
        before = wb.submission(submission)
        if before is not None:
            return Answer(*before)
        answer = action(wb)
        message = answer.message if answer.message.startswith(SAVED) else SAVED + answer.message
        answer = Answer(message, answer.redirect, answer.undo)
        stamp = now(dt.UTC).isoformat(timespec="seconds")
        wb.record_submission(submission, stamp, answer.message, answer.redirect, answer.undo)
    return answer


def saved_answer(path: Path, submission: str) -> Answer | None:
    """The answer a saved submission got (for the page it redirects to), or None."""
    if not SUBMISSION_ID.fullmatch(submission) or not path.is_file():
        return None
    with Workbook.open(path) as wb:
        found = wb.submission(submission)
    return None if found is None else Answer(*found)
