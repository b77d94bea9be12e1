"""How a client's server is started (docs/hub.md, *The first log-in*): JupyterHub's
LocalProcessSpawner, which notices the server answering as soon as it does.

After starting a server, the hub asks it "are you up?" with a growing, random pause
between two asks (up to 5 s): a server ready between two asks waits for the next one, on
average a second or two of the client's first log-in. Here the spawner itself waits for
the server's port to open, looking every :attr:`PracticeSpawner.ready_interval` seconds
(a connection attempt on 127.0.0.1, nothing more), so the hub's first ask finds it up.
"""

from __future__ import annotations

import asyncio
from typing import Any

from jupyterhub.spawner import LocalProcessSpawner
from traitlets import Float


async def port_open(ip: str, port: int) -> bool:
    try:
        _, writer = await asyncio.open_connection(ip, port)
    except OSError:
        return False
    writer.close()
    return True


class PracticeSpawner(LocalProcessSpawner):
    """LocalProcessSpawner whose start ends when the server's port is open."""

    ready_interval = Float(
        0.1, config=True, help="Seconds between two looks at the new server's port."
    )

    async def start(self) -> Any:
        ip, port = await super().start()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.http_timeout
        # until the port opens, the server stops, or the hub's own wait would give up
        while loop.time() < deadline and self.proc.poll() is None:
            if await port_open(ip, port):
                break
            await asyncio.sleep(self.ready_interval)
        return ip, port
