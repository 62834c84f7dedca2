"""A TCP proxy on loopback that refuses, hangs or drops connections on command.

Put it in front of PostgreSQL or a stand-in to give the app a bad day at the network layer,
where real outages happen: `refuse()` resets every open connection and every new one (a
database restart), `hang()` stops moving bytes while keeping connections open (a stuck
server or a partition), `drop()` resets what is open once, `heal()` goes back to normal.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time
from collections.abc import Callable
from typing import Literal
from urllib.parse import urlsplit, urlunsplit

from tests.support.managed import StartsAndStops

Mode = Literal["pass", "refuse", "hang"]
_CHUNK = 65536


class FaultProxy(StartsAndStops):
    """Forwards 127.0.0.1:<port> to an upstream host and port from a background thread."""

    def __init__(self, upstream_host: str, upstream_port: int, *, name: str = "proxy") -> None:
        self.upstream = (upstream_host, upstream_port)
        self.name = name
        self.port = 0
        self.accepted = 0  # connections accepted since start
        self._mode: Mode = "pass"
        self._loop: asyncio.AbstractEventLoop | None = None
        self._flowing: asyncio.Event | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._held = 0  # connections with bytes waiting while hung
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._stop: asyncio.Event | None = None

    @classmethod
    def for_url(cls, url: str, *, name: str = "proxy", default_port: int = 80) -> FaultProxy:
        """A proxy in front of the host and port of a URL."""
        parts = urlsplit(url)
        return cls(parts.hostname or "127.0.0.1", parts.port or default_port, name=name)

    def url_through(self, url: str) -> str:
        """The same URL with its host and port replaced by this proxy's."""
        parts = urlsplit(url)
        userinfo = parts.netloc.rpartition("@")[0]
        netloc = f"{userinfo}@" if userinfo else ""
        return urlunsplit(parts._replace(netloc=f"{netloc}127.0.0.1:{self.port}"))

    # -- commands (from any thread) -------------------------------------------------------

    @property
    def mode(self) -> Mode:
        """What the proxy does now."""
        return self._mode

    @property
    def held(self) -> int:
        """Connections whose bytes are being held back (while hung)."""
        return self._held

    def refuse(self) -> None:
        """Reset every open connection and every new one until `heal()`."""
        self._call(self._set_mode, "refuse")

    def hang(self) -> None:
        """Accept and keep connections but move no bytes until `heal()`."""
        self._call(self._set_mode, "hang")

    def drop(self) -> None:
        """Reset every open connection once; new ones pass."""
        self._call(self._reset_all)

    def heal(self) -> None:
        """Forward normally again (held bytes flow on)."""
        self._call(self._set_mode, "pass")

    def wait_held(self, count: int = 1, timeout: float = 10.0) -> None:
        """Block until at least `count` connections have bytes held back."""
        self._wait(lambda: self._held >= count, timeout, f"{count} held connection(s)")

    def wait_accepted(self, count: int, timeout: float = 10.0) -> None:
        """Block until `count` connections were accepted in all."""
        self._wait(lambda: self.accepted >= count, timeout, f"{count} accepted connection(s)")

    # -- lifecycle --------------------------------------------------------------------------

    def start(self) -> FaultProxy:
        """Listen on a free loopback port; returns once it accepts connections."""
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        self.port = int(sock.getsockname()[1])
        self._thread = threading.Thread(
            target=lambda: asyncio.run(self._serve(sock)),
            name=f"faultproxy-{self.name}",
            daemon=True,
        )
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError(f"{self.name} did not start")
        return self

    def stop(self) -> None:
        """Close every connection and stop listening."""
        if self._thread is None or self._loop is None or self._stop is None:
            return
        self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(10)
        self._thread = None

    # -- inside the proxy's loop ------------------------------------------------------------

    def _call(self, function: Callable[..., None], *args: object) -> None:
        assert self._loop is not None, "start the proxy first"
        done = threading.Event()

        def run() -> None:
            function(*args)
            done.set()

        self._loop.call_soon_threadsafe(run)
        done.wait(5)

    def _set_mode(self, mode: Mode) -> None:
        self._mode = mode
        assert self._flowing is not None
        if mode == "pass":
            self._flowing.set()
        else:
            self._flowing.clear()
        if mode == "refuse":
            self._reset_all()

    def _reset_all(self) -> None:
        for writer in list(self._writers):
            _abort(writer)
        self._writers.clear()

    async def _serve(self, sock: socket.socket) -> None:
        self._loop = asyncio.get_running_loop()
        self._flowing = asyncio.Event()
        self._flowing.set()
        self._stop = asyncio.Event()
        server = await asyncio.start_server(self._client, sock=sock)
        self._ready.set()
        async with server:
            await self._stop.wait()
            self._reset_all()
            server.close()

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.accepted += 1
        if self._mode == "refuse":
            _abort(writer)
            return
        self._writers.add(writer)
        try:
            await self._gate()
            if self.mode == "refuse":  # refused while it waited
                return
            up_reader, up_writer = await asyncio.open_connection(*self.upstream)
        except (OSError, asyncio.CancelledError):
            _abort(writer)
            self._writers.discard(writer)
            return
        self._writers.add(up_writer)
        with contextlib.suppress(asyncio.CancelledError):  # the proxy is stopping
            await asyncio.gather(
                self._pump(reader, up_writer), self._pump(up_reader, writer), return_exceptions=True
            )
        for end in (writer, up_writer):
            self._writers.discard(end)
            _abort(end)

    async def _gate(self) -> None:
        assert self._flowing is not None
        if self._flowing.is_set():
            return
        self._held += 1
        try:
            await self._flowing.wait()
        finally:
            self._held -= 1

    async def _pump(self, source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
        try:
            while chunk := await source.read(_CHUNK):
                await self._gate()
                if sink.is_closing():
                    break
                sink.write(chunk)
                await sink.drain()
        except (OSError, asyncio.IncompleteReadError):
            pass
        finally:
            _abort(sink)

    def _wait(self, check: Callable[[], bool], timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while not check():
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.name}: never saw {what}")
            time.sleep(0.01)


def _abort(writer: asyncio.StreamWriter) -> None:
    with contextlib.suppress(Exception):
        writer.transport.abort()
