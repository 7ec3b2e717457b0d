"""`blogtui serve`: the app in a browser, through textual-serve: each browser tab runs its own
`blogtui PATH` process, and its screen and keys travel over a websocket.

There is no login. So it listens on this machine only unless told otherwise, and a websocket
is accepted only from a page the server itself served: textual-serve checks neither the
`Origin` (any web page the user visits could start the app and type into it) nor the `Host`
(a DNS-rebinding page could pass for it).
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import Any

from textual_serve.server import Server

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


class GuardedServer(Server):
    """textual-serve's server with the origin of each websocket checked."""

    def __init__(self, command: str, host: str, port: int, title: str) -> None:
        super().__init__(command, host=host, port=port, title=title)
        names = {host, *(LOCAL_HOSTS if host in LOCAL_HOSTS else ())}
        self.allowed = {f"{name}:{port}" for name in names} | {f"[{n}]:{port}" for n in names}

    async def handle_websocket(self, request: Any) -> Any:
        from aiohttp import web

        origin = request.headers.get("Origin", "")
        host = request.headers.get("Host", "")
        origin_host = origin.split("://", 1)[-1].rstrip("/")
        if host not in self.allowed or origin_host not in self.allowed:
            raise web.HTTPForbidden(text="blogtui serve: this page was not served here")
        return await super().handle_websocket(request)

    async def handle_index(self, request: Any) -> Any:
        from aiohttp import web

        if request.headers.get("Host", "") not in self.allowed:
            raise web.HTTPForbidden(text="blogtui serve: unknown host")
        return await super().handle_index(request)


def serve(folder: Path, host: str, port: int) -> None:
    command = f"exec {shlex.quote(sys.executable)} -m blogtui {shlex.quote(str(folder))}"
    GuardedServer(command, host=host, port=port, title=f"blogtui · {folder.name}").serve()
