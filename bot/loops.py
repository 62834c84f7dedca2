"""Background loops: their heartbeats (for readiness checks and metrics) and log throttling.

A loop calls `beat()` after every turn that did its work and `failed()` after a turn that
raised; `stopped()` when it ends. Readers call `status()` (or read the fields) from the same
event loop, so no locking is needed.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

Status = Literal["ok", "failing", "stale", "stopped", "starting"]
THROTTLE_SECONDS = 10.0


@dataclass
class Heartbeat:
    """When a background loop last completed a turn, and how it is doing."""

    name: str
    max_age: float  # seconds without a successful turn before the loop counts as stuck
    running: bool = False
    started_at: float | None = None  # time.monotonic()
    last_ok: float | None = None
    last_error: str | None = None  # the exception type of the latest failed turn
    consecutive_failures: int = 0
    turns: int = 0
    failures: int = 0
    clock: Callable[[], float] = field(default=time.monotonic, repr=False)

    def started(self) -> None:
        """The loop began."""
        self.running = True
        self.started_at = self.clock()

    def beat(self) -> None:
        """A turn completed."""
        self.turns += 1
        self.last_ok = self.clock()
        self.consecutive_failures = 0
        self.last_error = None

    def failed(self, error: BaseException) -> None:
        """A turn raised (the loop carries on)."""
        self.turns += 1
        self.failures += 1
        self.consecutive_failures += 1
        self.last_error = type(error).__name__

    def stopped(self) -> None:
        """The loop ended (stopped on purpose or died)."""
        self.running = False

    def age(self) -> float | None:
        """Seconds since the last successful turn (or since the start), None before starting."""
        since = self.last_ok if self.last_ok is not None else self.started_at
        return None if since is None else self.clock() - since

    def status(self) -> Status:
        """ok, failing (the last turn raised), stale (no turn for too long) or stopped."""
        if not self.running:
            return "stopped" if self.started_at is not None else "starting"
        if self.consecutive_failures:
            return "failing"
        age = self.age()
        if age is not None and age > self.max_age:
            return "stale"
        return "ok" if self.last_ok is not None else "starting"


class Throttle:
    """Lets one occurrence of each key through per interval and counts the rest."""

    def __init__(self, interval: float = THROTTLE_SECONDS) -> None:
        self.interval = interval
        self._last: dict[str, float] = {}
        self._dropped: dict[str, int] = {}

    def allow(self, key: str) -> tuple[bool, int]:
        """Whether to log now, and how many were held back since the last one."""
        now = time.monotonic()
        last = self._last.get(key)
        if last is not None and now - last < self.interval:
            self._dropped[key] = self._dropped.get(key, 0) + 1
            return False, 0
        self._last[key] = now
        return True, self._dropped.pop(key, 0)


async def finish(task: asyncio.Task[None] | None, timeout: float) -> None:
    """Let a background loop end its round in flight (briefly), then cancel it."""
    if task is None:
        return
    try:
        await asyncio.wait_for(asyncio.shield(task), timeout)
    except TimeoutError:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
