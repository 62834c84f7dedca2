"""Pacing Slack calls: each channel at about one message a second with a short burst (GCRA),
and a 429's Retry-After honoured for the workspace and method that drew it.

The channel pace lives in the database (outbox_channels.tat), so every worker process keeps
to the same budget; pauses for methods not tied to a channel (conversations.open) are kept
per process, as each process learns of them from its own 429.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

# Methods whose limit Slack applies per channel: a 429 there pauses that channel only.
CHANNEL_METHODS = frozenset({"chat.postMessage", "chat.update"})


@dataclass(frozen=True)
class ChannelPace:
    """GCRA: `interval` seconds per message on average, `burst` messages back to back."""

    interval: float = 1.0
    burst: int = 4

    @property
    def _tolerance(self) -> timedelta:
        return timedelta(seconds=self.interval * max(self.burst - 1, 0))

    def after_send(self, tat: datetime | None, now: datetime) -> tuple[datetime, datetime]:
        """The channel's new (tat, ready_at) after one message went out at `now`."""
        base = max(tat or now, now)
        new_tat = base + timedelta(seconds=self.interval)
        return new_tat, max(now, new_tat - self._tolerance)

    def after_limit(self, now: datetime, retry_after: float) -> tuple[datetime, datetime]:
        """Slack said wait: no burst right after the pause, just the steady pace."""
        ready = now + timedelta(seconds=retry_after)
        return ready + self._tolerance, ready


@dataclass
class MethodPauses:
    """Until when each (workspace, method) must not be called, per Retry-After."""

    _until: dict[tuple[str, str], float] = field(default_factory=dict)

    def pause(self, team_id: str, method: str, seconds: float) -> None:
        """Remember a 429 for this workspace and method."""
        key = (team_id, method)
        self._until[key] = max(self._until.get(key, 0.0), time.monotonic() + seconds)

    def remaining(self, team_id: str, method: str) -> float:
        """Seconds this workspace must still wait before calling `method` (0 when free)."""
        until = self._until.get((team_id, method))
        if until is None:
            return 0.0
        left = until - time.monotonic()
        if left <= 0:
            del self._until[(team_id, method)]  # bounded: only live pauses are kept
            return 0.0
        return left
