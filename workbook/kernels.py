"""The kernel a report runs in: its own environment and working directory.

papermill's ``cwd=`` changes the working directory of the whole calling process (racing
between parallel reports), and a variable set in ``os.environ`` for the kernel stays set
in the caller. Here both are handed to the kernel process alone, through the kernel
manager nbclient creates; the kernel's connection file goes to the run's scratch folder.
Where it can, the kernel talks over Unix sockets in that folder rather than TCP ports: no
other process can take its address between the moment it is chosen and the kernel's
start (kernels started side by side raced for TCP ports: "Address already in use").

A batch of client reports starts the next client's kernel while the current client's
notebook runs (:class:`PreparedKernel`): a fresh process, started with that client's own
environment and folder, used for that one report and shut down after it. A kernel never
serves two clients, so no client's data stays in a process that serves another.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # jupyter_client is imported when a kernel starts, not with this module
    from jupyter_client.manager import AsyncKernelManager

KERNEL_NAME = "python3"
#: The arguments every report kernel starts with: its own start-up log is noise to
#: someone running a report.
KERNEL_ARGUMENTS = ("--IPKernelApp.log_level=CRITICAL",)
#: What a kernel started ahead imports while it waits: the modules the report notebook
#: imports first (code only; no data is read until the notebook runs). The trailing ``;``
#: keeps IPython from storing the result; nothing enters the notebook's history.
WARM_IMPORTS = ("workbook.sections", "workbook.display")
#: The file a kernel's own standard output and error go to, in its run folder: never the
#: terminal of the command that runs the report (a kernel shutting down can print a
#: harmless traceback there), and kept beside a failed run's notebook.
KERNEL_LOG = "kernel.log"
#: The longest Unix socket path the system takes (108 bytes with its NUL on Linux), with
#: room for the ``-N`` suffix of each of the kernel's five sockets.
MAX_SOCKET_PATH = 100


def unix_sockets_fit(prefix: str | Path) -> bool:
    """Whether a kernel's Unix sockets ``<prefix>-1`` … ``<prefix>-5`` can be used here
    (POSIX, and a path short enough)."""
    return os.name == "posix" and len(os.fsencode(str(prefix))) + 3 <= MAX_SOCKET_PATH


def socket_prefix(connection_file: Path) -> str | None:
    """Where the kernel's Unix sockets go (``<folder>/kernel-1`` …), or None when they
    cannot be used here (not POSIX, or the folder's path is too long): then TCP."""
    prefix = str(Path(connection_file).with_name("kernel"))
    return prefix if unix_sockets_fit(prefix) else None


def kernel_environment(extra: Mapping[str, str]) -> dict[str, str]:
    """This process's environment plus ``extra``, as a new dict (``os.environ`` untouched)."""
    return {**os.environ, **extra}


def isolated_kernel_manager(
    env: Mapping[str, str], cwd: Path, connection_file: Path
) -> type[AsyncKernelManager]:
    """A kernel manager class whose kernels start with ``env`` in ``cwd``."""
    from jupyter_client.manager import AsyncKernelManager

    kernel_env = dict(env)

    class IsolatedKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.connection_file = str(connection_file)
            prefix = socket_prefix(connection_file)
            if prefix is not None:
                self.transport = "ipc"
                self.ip = prefix

        async def _async_pre_start_kernel(self, **kw: Any) -> Any:
            kw["env"] = dict(kernel_env)
            kw["cwd"] = str(cwd)
            return await super()._async_pre_start_kernel(**kw)

        async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
            with open(connection_file.with_name(KERNEL_LOG), "ab") as log:  # the child keeps it
                output = {"stdout": log, "stderr": log}
                await super()._async_launch_kernel(kernel_cmd, **{**kw, **output})

    return IsolatedKernelManager


def warm_arguments(modules: tuple[str, ...] = WARM_IMPORTS) -> list[str]:
    """Kernel arguments that import ``modules`` while the kernel starts."""
    line = " ".join(f"__import__({name!r});" for name in modules)
    return [f"--IPKernelApp.exec_lines={line}"]


def shutdown_kernel(manager: AsyncKernelManager) -> None:
    """Stop ``manager``'s kernel now, whatever state it is in; never raises."""
    from jupyter_client.utils import run_sync

    with contextlib.suppress(Exception):
        if manager.has_kernel:
            run_sync(manager.shutdown_kernel)(now=True)
    with contextlib.suppress(Exception):  # the process is gone whatever happened above
        process = getattr(manager.provisioner, "process", None)  # a local kernel's Popen
        if process is not None:
            process.kill()


class PreparedKernel:
    """A kernel started ahead of its report, for one client: ``extra_env`` and ``cwd`` are
    fixed when it starts. :meth:`take` hands its manager out once; :meth:`close` shuts
    the kernel down and removes its scratch folder (the run's folder too)."""

    def __init__(self, extra_env: Mapping[str, str], cwd: Path, warm: bool = True) -> None:
        from jupyter_client.utils import run_sync

        from workbook import scratch

        self.extra_env = dict(extra_env)
        self.cwd = Path(cwd)
        self.taken = False
        self._stack = contextlib.ExitStack()
        try:
            self.folder = self._stack.enter_context(scratch.run_folder())
            manager_class = isolated_kernel_manager(
                kernel_environment(self.extra_env), self.cwd, self.folder / "kernel.json"
            )
            self.manager = manager_class(kernel_name=KERNEL_NAME)
            self._stack.callback(shutdown_kernel, self.manager)
            arguments = [*KERNEL_ARGUMENTS, *(warm_arguments() if warm else [])]
            run_sync(self.manager.start_kernel)(extra_arguments=arguments)
        except BaseException:
            self._stack.close()
            raise

    def serves(self, extra_env: Mapping[str, str], cwd: Path) -> bool:
        """Whether this kernel was started for a run with this environment and folder."""
        return not self.taken and self.extra_env == dict(extra_env) and self.cwd == Path(cwd)

    def take(self) -> AsyncKernelManager:
        """The kernel's manager, for its one run."""
        if self.taken:
            raise RuntimeError("a prepared kernel serves one run only")
        self.taken = True
        return self.manager

    def close(self) -> None:
        """Shut the kernel down and remove its folder; closing twice does nothing."""
        self._stack.close()
