"""Group commit for delivery outcomes: the rows that finished meanwhile are marked in one commit.

Every Slack call that finishes hands its outcome (a write over a session) to `submit` and
waits for it; one flusher task runs all writes queued so far in one transaction. On SQLite,
whose single writer the webhook intake also needs, that turns N small commits into one; on
PostgreSQL each outcome keeps its own transaction, so none holds two channel rows at once,
and at most a few run at once, so they never take the whole connection pool.
At most `max_in_flight` deliveries run at once, so the queue is bounded by that.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable

from sqlmodel.ext.asyncio.session import AsyncSession

from store.db import Database

Write = Callable[[AsyncSession], Awaitable[object]]
POSTGRES_OUTCOME_WRITERS = 4


class OutcomeBatch:
    """Runs queued outcome writes together, one transaction per flush."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._queued: list[tuple[Write, asyncio.Future[None]]] = []
        self._flusher: asyncio.Task[None] | None = None
        # PostgreSQL: a few outcome transactions at once, well inside the connection pool
        # (32 sends finishing together once held every pooled connection, and ingest waited).
        self._writers = asyncio.Semaphore(POSTGRES_OUTCOME_WRITERS)

    async def submit(self, write: Write) -> None:
        """Store one outcome durably (with whatever else is queued); raises if the commit fails."""
        if not self._db.is_sqlite:  # concurrent commits are cheap there, and one row each
            async with self._writers, self._db.transaction() as session:  # no two channels
                await write(session)  # locked at once: no deadlock
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._queued.append((write, future))
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush(), name="outcome-flush")
        await future

    async def close(self) -> None:
        """Stop flushing (outcomes not yet written are retried by their lease)."""
        if self._flusher is not None:
            self._flusher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._flusher

    async def _flush(self) -> None:
        while self._queued:
            await asyncio.sleep(0)  # outcomes finishing in this loop turn join the commit
            batch, self._queued = self._queued, []
            try:
                async with self._db.transaction() as session:
                    for write, _ in batch:
                        await write(session)
            except Exception as error:  # each caller retries its own outcome
                for _, future in batch:
                    if not future.done():
                        future.set_exception(error)
                continue
            for _, future in batch:
                if not future.done():
                    future.set_result(None)
