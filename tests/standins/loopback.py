"""Serve any ASGI app on a free loopback port from a background thread."""

from __future__ import annotations

import asyncio
import socket
import threading
import time

import uvicorn
from starlette.types import ASGIApp

from tests.support.managed import StartsAndStops

_START_TIMEOUT = 10.0
_STOP_TIMEOUT = 15.0


class LoopbackServer(StartsAndStops):
    """Run an ASGI app with uvicorn on 127.0.0.1 in a daemon thread with its own loop."""

    def __init__(self, app: ASGIApp, *, name: str = "server", port: int = 0) -> None:
        self.app = app
        self.name = name
        self.port = port
        self.url = ""
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    def start(self) -> LoopbackServer:
        """Start serving and block until the server accepts connections."""
        if self._thread is not None:
            raise RuntimeError(f"{self.name} was already started")
        # Binding the socket here, not in uvicorn, makes the port known before serving.
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", self.port))
        port = sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        config = uvicorn.Config(
            self.app,
            log_level="warning",
            lifespan="on",
            access_log=False,
            ws="none",
            timeout_graceful_shutdown=5,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._run, args=(self._server, sock), name=f"loopback-{self.name}", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + _START_TIMEOUT
        while not self._server.started:
            if not self._thread.is_alive():
                self._thread.join()
                raise RuntimeError(f"{self.name} failed to start") from self._error
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"{self.name} did not start within {_START_TIMEOUT:.0f} s")
            time.sleep(0.005)
        return self

    def stop(self) -> None:
        """Shut the server down gracefully and join its thread; safe to call twice."""
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        self._server = None
        server.should_exit = True
        thread.join(_STOP_TIMEOUT)
        if thread.is_alive():
            server.force_exit = True
            thread.join(_STOP_TIMEOUT)
        error = self._error
        if error is not None and not isinstance(error, SystemExit):
            raise RuntimeError(f"{self.name} crashed") from error

    def _run(self, server: uvicorn.Server, sock: socket.socket) -> None:
        try:
            asyncio.run(server.serve(sockets=[sock]))
        except BaseException as exc:  # uvicorn raises SystemExit when lifespan startup fails
            self._error = exc
        finally:
            sock.close()
