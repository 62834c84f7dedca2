"""The delivery worker's heartbeat: when its loop last completed, in memory and in the database.

Readiness reads the in-memory time of this process's worker; `zoombridge status` and the
metrics read the rows every worker writes (at most every few seconds), to count the
processes claiming work.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

from bot.observability import observe
from store.db import Database
from store.repos.ops import forget_heartbeat, record_heartbeat
from store.types import utcnow

logger = logging.getLogger(__name__)

FORGET_TIMEOUT = 2.0


class LoopHeartbeat:
    """Beats at the end of every completed loop of one worker task."""

    def __init__(self, db: Database, *, every: float) -> None:
        self._db = db
        self._every = every
        self._task: asyncio.Task[None] | None = None
        self._started_at: float | None = None
        self._last_loop: float | None = None
        self._last_written = float("-inf")

    def started(self, task: asyncio.Task[None]) -> None:
        """The worker's task began."""
        self._task = task
        self._started_at = time.monotonic()

    @property
    def task(self) -> asyncio.Task[None] | None:
        """The worker's task, once started."""
        return self._task

    @property
    def alive(self) -> bool:
        """Whether the worker's task is still running."""
        return self._task is not None and not self._task.done()

    def loop_age(self) -> float | None:
        """Seconds since the last completed loop (or the start), None before starting."""
        since = self._last_loop if self._last_loop is not None else self._started_at
        return None if since is None else time.monotonic() - since

    async def beat(self) -> None:
        """A loop completed: note it, and now and then tell the database."""
        self._last_loop = time.monotonic()
        observe.worker_loop()
        if self._last_loop - self._last_written < self._every:
            return
        async with self._db.transaction() as session:
            await record_heartbeat(session=session, process=observe.process_name(), now=utcnow())
        self._last_written = self._last_loop

    async def forget(self) -> None:
        """The worker stopped: remove its row so it no longer counts as claiming work."""
        with contextlib.suppress(Exception):  # best effort: the row ages out anyway
            async with asyncio.timeout(FORGET_TIMEOUT), self._db.transaction() as session:
                await forget_heartbeat(session=session, process=observe.process_name())
