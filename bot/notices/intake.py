"""Group commit for webhook ingest: one writer task stores what arrived meanwhile in one commit.

Each request puts its verified raw event on a bounded queue and awaits its own future; the
writer takes everything queued (up to a batch size), inserts it in one statement, commits,
and only then resolves the futures, so no request is answered before its row is durable.
The queue is bounded: when the database falls behind, requests wait instead of memory growing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable

from store.db import Database
from store.repos.webhook_events import RawEvent, store_raw_events

logger = logging.getLogger(__name__)

Pending = tuple[RawEvent, "asyncio.Future[bool]"]


class EventWriter:
    """Stores raw webhook events with group commit; `submit` says whether the key was new."""

    def __init__(
        self,
        db: Database,
        *,
        max_batch: int = 256,
        max_queue: int = 2048,
        on_stored: Callable[[], None] = lambda: None,
    ) -> None:
        self._db = db
        self._max_batch = max_batch
        self._queue: asyncio.Queue[Pending] = asyncio.Queue(max_queue)
        self._on_stored = on_stored
        # PostgreSQL overlaps concurrent commits (its own group commit of the WAL flush), so a
        # few batches may be in flight; SQLite has one writer, so one batch at a time.
        self._writers = 1 if db.is_sqlite else 4
        self._tasks: list[asyncio.Task[None]] = []
        # Requests per commit, smoothed: near 1 while webhooks trickle in, large when they queue
        # behind the writer, i.e. exactly when ingest is the bottleneck.
        self._batch_mean = 1.0
        self._writing = 0
        self._last_batch = float("-inf")

    def busy(self, crowded: float = 4.0, within: float = 0.05) -> bool:
        """Whether ingest is under pressure: commits have lately carried `crowded` requests
        each (they queued behind the writer) and one is being written or began within
        `within` seconds, or several requests are waiting right now. A commit in flight alone
        is not pressure: at a trickle there usually is one."""
        if self._queue.qsize() >= 2:
            return True
        active = self._writing > 0 or time.monotonic() - self._last_batch < within
        return active and self._batch_mean >= crowded

    async def submit(self, event: RawEvent) -> bool:
        """Store one event durably; True when new, False when its key was already stored."""
        self._ensure_running()
        future: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        await self._queue.put((event, future))
        return await future

    def _ensure_running(self) -> None:
        self._tasks = [task for task in self._tasks if not task.done()]
        while len(self._tasks) < self._writers:
            self._tasks.append(asyncio.create_task(self._run(), name="webhook-writer"))

    async def close(self) -> None:
        """Stop the writers; events still queued are refused (Zoom retries them)."""
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        while not self._queue.empty():
            _, future = self._queue.get_nowait()
            if not future.done():
                future.set_exception(RuntimeError("shutting down"))

    async def _run(self) -> None:
        while True:
            batch = [await self._queue.get()]
            await asyncio.sleep(0)  # requests parsed in this loop turn join the same commit
            while len(batch) < self._max_batch and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            batch = [item for item in batch if not item[1].done()]  # gave up (503): not stored
            if not batch:
                continue
            self._batch_mean += 0.2 * (len(batch) - self._batch_mean)
            self._last_batch = time.monotonic()
            self._writing += 1
            try:
                await self._write_isolated(batch)
            finally:
                self._writing -= 1

    async def _write_isolated(self, batch: list[Pending]) -> None:
        """Write the batch; if it fails, each event alone, so one bad value fails only itself."""
        try:
            await self._write(batch)
            return
        except Exception as error:
            if len(batch) == 1:
                self._fail(batch, error)
                return
        for pending in batch:
            try:
                await self._write([pending])
            except Exception as error:  # the database is away or this value is refused
                self._fail([pending], error)

    @staticmethod
    def _fail(batch: list[Pending], error: Exception) -> None:
        logger.warning("zoom.webhook_store_failed", extra={"error": type(error).__name__})
        for _, future in batch:
            if not future.done():
                future.set_exception(error)

    async def _write(self, batch: list[Pending]) -> None:
        unique: dict[str, RawEvent] = {}
        for event, _ in batch:
            unique.setdefault(event.event_key, event)
        async with self._db.transaction() as session:
            new = await store_raw_events(session=session, events=list(unique.values()))
        first: set[str] = set()
        for event, future in batch:
            fresh = event.event_key in new and event.event_key not in first
            first.add(event.event_key)
            if not future.done():  # the client may have gone away meanwhile
                future.set_result(fresh)
        if new:
            self._on_stored()
