"""Timing of the delivery worker (its own module so the worker stays small)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.notices.retention import KEEP_EVENTS, KEEP_OUTBOX


@dataclass(frozen=True)
class WorkerConfig:
    """Timing of the delivery worker, in seconds (tests shorten them)."""

    poll_interval: float = 2.0
    lease: float = 60.0  # longer than one Slack call may take (the client times out at 30 s)
    batch_size: int = 20
    backoff_base: float = 2.0
    backoff_cap: float = 300.0
    give_up_after: float = 6 * 3600.0
    prune_every: float = 3600.0
    keep_events: timedelta = KEEP_EVENTS
    keep_outbox: timedelta = KEEP_OUTBOX
    db_deadline: float = 10.0  # one database step; a hung database must not hang the loop
    error_backoff_cap: float = 5.0  # after a failed turn (the database away): 0.25 s .. this
    heartbeat_every: float = 10.0  # how often a completed turn is written to the database

    @property
    def stale_after(self) -> float:
        """Seconds without a completed turn after which the worker counts as stuck."""
        return self.lease + 3 * self.poll_interval + 2 * self.db_deadline
