"""The delivery worker's heartbeat in the database and in the metrics.

The in-memory `bot.loops.Heartbeat` tells this process's `/readyz` how its loop is doing;
this recorder also writes a row per process (at most every few seconds) so that
`zoombridge status` and `/metrics` can count the processes claiming work, from anywhere.
"""

from __future__ import annotations

import asyncio
import contextlib
import time

from bot.observability import observe
from store.db import Database
from store.repos.ops import forget_heartbeat, record_heartbeat
from store.types import utcnow

FORGET_TIMEOUT = 2.0


class HeartbeatRecorder:
    """Notes each completed turn of one worker: a gauge always, a database row now and then."""

    def __init__(self, db: Database, *, every: float) -> None:
        self._db = db
        self._every = every
        self._last_written = float("-inf")

    async def record(self) -> None:
        """A turn completed."""
        observe.worker_loop()
        now = time.monotonic()
        if now - self._last_written < self._every:
            return
        async with self._db.transaction() as session:
            await record_heartbeat(session=session, process=observe.process_name(), now=utcnow())
        self._last_written = now

    async def forget(self) -> None:
        """The worker stopped: remove its row so it no longer counts as claiming work."""
        with contextlib.suppress(Exception):  # best effort: the row ages out anyway
            async with asyncio.timeout(FORGET_TIMEOUT), self._db.transaction() as session:
                await forget_heartbeat(session=session, process=observe.process_name())
