"""Bounded concurrency for the work that follows a Slack acknowledgement.

Every Slack listener acknowledges first; what follows (database, Zoom calls, the reply) runs
in the background. Unbounded, a burst of commands becomes thousands of tasks that hold the
database pool and Zoom's connections at once, and all of them fail late (measured: pool
timeouts after 30 s at 200 commands/s). The lane runs at most `limit` of them at once and
lets at most `backlog` more wait their turn; past that the caller hears at once that the app
is busy, and nothing else is done for that request.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class LaneFull(Exception):
    """Too much work is running and waiting already: this piece is refused, not queued."""


class WorkLane:
    """At most `limit` pieces of work at once, at most `backlog` waiting; the rest refused."""

    def __init__(self, *, limit: int, backlog: int) -> None:
        self._slots = asyncio.Semaphore(limit)
        self._capacity = limit + backlog
        self._admitted = 0  # running plus waiting
        self.refused = 0

    @property
    def admitted(self) -> int:
        """Pieces running or waiting right now."""
        return self._admitted

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Hold one slot for the block (waiting for it if need be); LaneFull when over capacity."""
        if self._admitted >= self._capacity:
            self.refused += 1
            raise LaneFull
        self._admitted += 1
        try:
            async with self._slots:
                yield
        finally:
            self._admitted -= 1
