"""How `zoombridge serve` runs uvicorn: limits and deadlines for connections from the internet.

uvicorn drops a connection that stays idle between requests (`timeout_keep_alive`) but not
one that never finishes sending a request: a client trickling headers or a body keeps a
socket and a file descriptor forever. `DeadlineProtocol` gives every request a deadline
to arrive in full; past it the client gets 408 and the connection is closed.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

logger = logging.getLogger(__name__)

READ_TIMEOUT = 10.0  # seconds for a whole request (headers and body) to arrive
LIMIT_CONCURRENCY = 200  # open connections plus requests in flight; beyond it: 503
KEEP_ALIVE = 5  # seconds an idle keep-alive connection stays open
MAX_HEADER_BYTES = 16 * 1024  # h11's limit for the request line and headers
_TIMED_OUT = b"HTTP/1.1 408 Request Timeout\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"


class DeadlineProtocol(H11Protocol):
    """uvicorn's h11 protocol, plus a deadline for each request to arrive in full."""

    read_timeout = READ_TIMEOUT

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        """Start the clock for the first request."""
        super().connection_made(transport)
        self._deadline: asyncio.TimerHandle | None = None
        self._arm()

    def data_received(self, data: bytes) -> None:
        """Stop the clock once the request has fully arrived."""
        super().data_received(data)
        if self.conn.their_state in (h11.DONE, h11.MUST_CLOSE, h11.CLOSED):
            self._disarm()

    def on_response_complete(self) -> None:
        """Start the clock again for the next request on this connection."""
        super().on_response_complete()
        self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        """Forget the clock."""
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(self.read_timeout, self._timed_out)

    def _disarm(self) -> None:
        if getattr(self, "_deadline", None) is not None:
            assert self._deadline is not None
            self._deadline.cancel()
            self._deadline = None

    def _timed_out(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        if self.conn.their_state in (h11.DONE, h11.MUST_CLOSE):
            return  # the request arrived; the app is answering it
        logger.info("http.request_timeout", extra={"client": self.client and self.client[0]})
        if self.cycle is None or not self.cycle.response_started:
            self.transport.write(_TIMED_OUT)
        self.transport.close()


def deadline_protocol(seconds: float) -> type[DeadlineProtocol]:
    """The protocol class with a given deadline (uvicorn instantiates it per connection)."""
    return type("DeadlineProtocol", (DeadlineProtocol,), {"read_timeout": seconds})


def uvicorn_config(
    app: Any,
    *,
    host: str,
    port: int,
    forwarded_allow_ips: str,
    read_timeout: float = READ_TIMEOUT,
    limit_concurrency: int = LIMIT_CONCURRENCY,
) -> uvicorn.Config:
    """uvicorn's settings for serving the internet (behind the platform's router or not)."""
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        http=deadline_protocol(read_timeout),
        ws="none",
        proxy_headers=True,
        forwarded_allow_ips=forwarded_allow_ips,  # X-Forwarded-* only from these proxies
        limit_concurrency=limit_concurrency,
        timeout_keep_alive=KEEP_ALIVE,
        h11_max_incomplete_event_size=MAX_HEADER_BYTES,
        log_config=None,
        access_log=False,
        lifespan="on",
    )
