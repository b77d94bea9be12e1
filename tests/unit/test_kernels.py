"""Where a report kernel's Unix sockets go, and when it falls back to TCP."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from workbook.kernels import MAX_SOCKET_PATH, socket_prefix, warm_arguments


@pytest.mark.skipif(os.name != "posix", reason="Unix sockets")
def test_sockets_go_beside_the_connection_file() -> None:
    assert socket_prefix(Path("/tmp/run-x/kernel.json")) == "/tmp/run-x/kernel"


def test_a_path_too_long_for_a_unix_socket_falls_back_to_tcp() -> None:
    # "/" + name + "/kernel" + "-5" must fit: 100 bytes is the limit taken.
    fits = "/" + "a" * (MAX_SOCKET_PATH - len("/kernel") - 3 - 1)
    assert socket_prefix(Path(fits) / "kernel.json") == (
        f"{fits}/kernel" if os.name == "posix" else None
    )
    assert socket_prefix(Path(fits + "a") / "kernel.json") is None


def test_warm_imports_are_one_line_that_shows_nothing() -> None:
    assert warm_arguments(("a.b", "c")) == [
        "--IPKernelApp.exec_lines=__import__('a.b'); __import__('c');"
    ]
