"""A background job run every few seconds that outlives any exception it meets, and logs it.

Each job keeps a `Heartbeat` (readiness shows it) and logs a failing turn at most once per
throttle interval, saying how many it held back.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from bot.loops import Heartbeat, Throttle, finish

logger = logging.getLogger(__name__)
MIN_MAX_AGE = 60.0


class Periodic:
    """Runs `job` every `interval` seconds until stopped; a failure is logged, never fatal."""

    def __init__(self, name: str, interval: float, job: Callable[[], Awaitable[int]]) -> None:
        self.name = name
        self.interval = interval
        self.heartbeat = Heartbeat(name, max_age=max(MIN_MAX_AGE, 3 * interval))
        self._job = job
        self._errors = Throttle()
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Run in the background of the current event loop."""
        self._task = asyncio.create_task(self.run(), name=f"job-{self.name}")

    async def stop(self, timeout: float = 5.0) -> None:
        """Let the round in flight finish (briefly), then stop."""
        self._stop.set()
        await finish(self._task, timeout)

    async def run(self) -> None:
        """One round per interval; whatever a round raises is logged and the next one runs."""
        logger.info("job.started", extra={"job": self.name, "interval": self.interval})
        self.heartbeat.started()
        try:
            while not self._stop.is_set():
                await self._turn()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stop.wait(), self.interval)
        finally:
            self.heartbeat.stopped()
            logger.info("job.stopped", extra={"job": self.name})

    async def _turn(self) -> None:
        try:
            done = await self._job()
        except Exception as error:  # the database or an API may be briefly away: next round
            self.heartbeat.failed(error)
            allowed, held_back = self._errors.allow(type(error).__name__)
            if allowed:
                extra = {"job": self.name, "error": type(error).__name__, "suppressed": held_back}
                logger.error("job.failed", extra=extra, exc_info=error)
        else:
            self.heartbeat.beat()
            if done:
                logger.info("job.round", extra={"job": self.name, "handled": done})
