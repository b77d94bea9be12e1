"""The kernel a report runs in: its own environment and working directory.

papermill's ``cwd=`` changes the working directory of the whole calling process (racing
between parallel reports), and a variable set in ``os.environ`` for the kernel stays set
in the caller. Here every report's kernel is started by this module, through
jupyter_client's public API — ``KernelManager.start_kernel(env=…, cwd=…, stdout=…,
stderr=…)``, whose keyword arguments reach the kernel process's launch — and handed to
papermill already running (``km=``); the kernel's connection file goes to the run's
scratch folder (docs/cli.md, Reports).
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
from typing import IO, TYPE_CHECKING, Any

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


def kernel_manager(connection_file: Path) -> AsyncKernelManager:
    """A kernel manager whose kernel's connection file (and, where they fit, Unix
    sockets) are ``connection_file`` and beside it: public traits only."""
    from jupyter_client.manager import AsyncKernelManager

    options: dict[str, Any] = {"kernel_name": KERNEL_NAME, "connection_file": str(connection_file)}
    prefix = socket_prefix(connection_file)
    if prefix is not None:
        options.update(transport="ipc", ip=prefix)
    return AsyncKernelManager(**options)


def launch_options(env: Mapping[str, str], cwd: Path, log: IO[bytes]) -> dict[str, Any]:
    """The keyword arguments of ``start_kernel`` that start the kernel process with
    ``env`` in ``cwd``, its output going to ``log`` (``jupyter_client``'s local
    provisioner passes them to the process it launches)."""
    return {"env": dict(env), "cwd": str(cwd), "stdout": log, "stderr": log}


async def start(
    manager: AsyncKernelManager,
    env: Mapping[str, str],
    cwd: Path,
    arguments: list[str] | tuple[str, ...] = KERNEL_ARGUMENTS,
) -> None:
    """Start ``manager``'s kernel with ``env`` in ``cwd``; what the kernel prints goes to
    :data:`KERNEL_LOG` beside its connection file."""
    connection_file = Path(manager.connection_file)
    with open(connection_file.with_name(KERNEL_LOG), "ab") as log:  # the child keeps it
        await manager.start_kernel(extra_arguments=list(arguments), **launch_options(env, cwd, log))


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
    """A kernel for one run — one client's report — in a scratch folder of its own:
    ``extra_env`` and ``cwd`` (default: that folder) are fixed when it starts. Started
    ahead of its report (``warm``: the report's first imports done while it waits) or
    just before it. :meth:`take` hands its manager out once; :meth:`close` shuts the
    kernel down and removes its scratch folder (the run's folder too)."""

    def __init__(
        self,
        extra_env: Mapping[str, str],
        cwd: Path | None = None,
        warm: bool = True,
        folder: Path | None = None,
    ) -> None:
        """``folder``: a run folder the caller made and removes (then a kernel that fails
        to start leaves its log there); by default one of its own."""
        from jupyter_client.utils import run_sync

        from workbook import scratch

        self.extra_env = dict(extra_env)
        self.taken = False
        self._stack = contextlib.ExitStack()
        try:
            self.folder = folder or self._stack.enter_context(scratch.run_folder())
            self.cwd = Path(cwd) if cwd is not None else self.folder
            self.manager = kernel_manager(self.folder / "kernel.json")
            self._stack.callback(shutdown_kernel, self.manager)
            arguments = [*KERNEL_ARGUMENTS, *(warm_arguments() if warm else [])]
            run_sync(start)(self.manager, kernel_environment(self.extra_env), self.cwd, arguments)
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
