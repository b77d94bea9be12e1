"""The kernel a report runs in: its own environment and working directory.

papermill's ``cwd=`` changes the working directory of the whole calling process (racing
between parallel reports), and a variable set in ``os.environ`` for the kernel stays set
in the caller. Here both are handed to the kernel process alone, through the kernel
manager nbclient creates; the kernel's connection file goes to the run's scratch folder.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jupyter_client.manager import AsyncKernelManager


def kernel_environment(extra: Mapping[str, str]) -> dict[str, str]:
    """This process's environment plus ``extra``, as a new dict (``os.environ`` untouched)."""
    return {**os.environ, **extra}


def isolated_kernel_manager(
    env: Mapping[str, str], cwd: Path, connection_file: Path
) -> type[AsyncKernelManager]:
    """A kernel manager class whose kernels start with ``env`` in ``cwd``."""
    kernel_env = dict(env)

    class IsolatedKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.connection_file = str(connection_file)

        async def _async_pre_start_kernel(self, **kw: Any) -> Any:
            kw["env"] = dict(kernel_env)
            kw["cwd"] = str(cwd)
            return await super()._async_pre_start_kernel(**kw)

    return IsolatedKernelManager
