"""Text someone typed, as a terminal should show it (docs/robustness.md, What you see).

A name or a note may hold characters a terminal obeys instead of showing: an escape
sequence, a bell, a carriage return, a line feed that starts a fake second line, or a
bidirectional control (U+202E turns the rest of the line around: ``evil\u202etxt.exe``).
Each is shown as its escape (``\\x1b``, ``\\u202e``), never obeyed. Kept free of click and
pandas so that any layer can use it.
"""

from __future__ import annotations

#: The bidirectional controls: the marks, embeddings, overrides and isolates.
BIDI_CONTROLS = frozenset((0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)))

#: Control characters (C0 but the line break, DEL, C1) as ``\xNN``; bidi controls as ``\uNNNN``.
_CONTROL = {c: f"\\x{c:02x}" for c in (*range(0x20), *range(0x7F, 0xA0)) if c != 0x0A}
_CONTROL |= {c: f"\\u{c:04x}" for c in BIDI_CONTROLS}
#: The same, and line breaks too: for a message that must stay one line.
_ONE_LINE = {**_CONTROL, 0x0A: "\\n", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def visible(text: object, one_line: bool = False) -> str:
    """``text`` as a terminal should show it: control and bidi characters escaped; line
    breaks kept (a table's rows), or escaped too with ``one_line`` (a message, a cell)."""
    return str(text).translate(_ONE_LINE if one_line else _CONTROL)


def has_bidi_control(text: str) -> bool:
    """Whether ``text`` holds a bidirectional control (a report isolates such text)."""
    return any(ord(c) in BIDI_CONTROLS for c in text)
