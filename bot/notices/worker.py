"""The delivery worker: claims due outbox rows, makes their Slack calls, records the outcome.

One worker runs per process (the web lifespan starts it; `zoombridge worker` runs it alone).
It wakes when this process accepts a webhook and polls otherwise, so rows written by other
processes and rows waiting to be retried are picked up too.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from dataclasses import dataclass
from datetime import timedelta

import aiohttp
from slack_sdk.errors import SlackApiError

from bot.notices.heartbeat import LoopHeartbeat
from bot.notices.retention import KEEP_EVENTS, KEEP_OUTBOX, prune
from bot.notices.send import Verdict, judge, send
from bot.observability import observe
from bot.observability.correlation import bound_request_id
from bot.slack.gateway import SlackGateway, WorkspaceNotInstalled
from store.db import Database
from store.repos.outbox import (
    Claimed,
    claim_due,
    mark_dead,
    mark_delivered,
    next_due,
    schedule_retry,
)
from store.types import utcnow

logger = logging.getLogger(__name__)


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
    heartbeat_every: float = 10.0  # how often the loop's heartbeat is written to the database


class DeliveryWorker:
    """Drains the outbox to Slack until stopped."""

    def __init__(
        self, *, db: Database, slack: SlackGateway, config: WorkerConfig | None = None
    ) -> None:
        self._db = db
        self._slack = slack
        self.config = config or WorkerConfig()
        self._wake = asyncio.Event()
        self._stopping = False
        self._task: asyncio.Task[None] | None = None
        self._last_prune = float("-inf")
        self.heartbeat = LoopHeartbeat(db, every=self.config.heartbeat_every)

    def wake(self) -> None:
        """Look at the outbox now (a webhook was just accepted)."""
        self._wake.set()

    def start(self) -> None:
        """Run in the background of the current event loop."""
        self._task = asyncio.create_task(self.run(), name="outbox-delivery")
        self.heartbeat.started(self._task)

    async def stop(self, timeout: float = 5.0) -> None:
        """Finish the call in flight (briefly), then stop."""
        self._stopping = True
        self._wake.set()
        if self._task is None:
            return
        try:
            await asyncio.wait_for(asyncio.shield(self._task), timeout)
        except TimeoutError:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await self.heartbeat.forget()

    async def run(self) -> None:
        """Deliver, prune now and then, sleep until woken or the next row is due."""
        logger.info("outbox.worker_started", extra={"lease": self.config.lease})
        while not self._stopping:
            self._wake.clear()
            handled = 0
            try:
                handled = await self.run_once()
                await self._maybe_prune()
                await self.heartbeat.beat()
            except Exception:  # the database may be briefly away; keep the worker alive
                logger.exception("outbox.worker_error")
            if handled and not self._stopping:
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), await self._idle_seconds())
        logger.info("outbox.worker_stopped")

    async def run_once(self) -> int:
        """Claim one batch and deliver it (rows of different channels concurrently)."""
        now = utcnow()
        lease_until = now + timedelta(seconds=self.config.lease)
        async with self._db.transaction() as session:
            rows = await claim_due(
                session=session, now=now, lease_until=lease_until, limit=self.config.batch_size
            )
        if rows:
            await asyncio.gather(*(self._deliver_traced(row) for row in rows))
        return len(rows)

    async def _deliver_traced(self, row: Claimed) -> None:
        with bound_request_id(row.request_id):  # its log lines carry the webhook's id
            await self._deliver(row)

    async def _deliver(self, row: Claimed) -> None:
        try:
            client = await self._slack.client_for(row.team_id)
            ts = await send(client, row)
        except WorkspaceNotInstalled:
            await self._fail(row, Verdict(False, "workspace_not_installed"))
        except SlackApiError as error:
            await self._fail(row, judge(error))
        except (aiohttp.ClientError, TimeoutError, OSError) as error:  # worth another try
            await self._fail(row, Verdict(True, type(error).__name__))
        except Exception as error:  # a bug or a surprise: keep the row, say so loudly
            logger.exception("outbox.unexpected_error", extra={"outbox_id": row.id})
            await self._fail(row, Verdict(True, type(error).__name__))
        else:
            async with self._db.transaction() as session:
                await mark_delivered(session=session, message_id=row.id, now=utcnow())
            observe.delivery("delivered", accepted_at=row.created_at)
            logger.info(
                "outbox.delivered",
                extra={"outbox_id": row.id, "action": row.action, "ts": ts, "tries": row.attempts},
            )

    def _backoff(self, attempts: int) -> float:
        ceiling = min(self.config.backoff_cap, self.config.backoff_base * 2 ** (attempts - 1))
        return float(ceiling * random.uniform(0.5, 1.0))

    async def _fail(self, row: Claimed, verdict: Verdict) -> None:
        age = (utcnow() - row.created_at).total_seconds()
        extra = {"outbox_id": row.id, "reason": verdict.reason, "tries": row.attempts}
        async with self._db.transaction() as session:
            if not verdict.retry or age > self.config.give_up_after:
                reason = verdict.reason if not verdict.retry else f"gave up: {verdict.reason}"
                await mark_dead(session=session, message_id=row.id, reason=reason)
                logger.warning("outbox.dead", extra=extra)
                observe.delivery("dead")
                return
            delay = verdict.retry_after
            if delay is None:
                delay = self._backoff(row.attempts)
            at = utcnow() + timedelta(seconds=delay)
            await schedule_retry(session=session, message_id=row.id, at=at, error=verdict.reason)
        logger.info("outbox.retry", extra={**extra, "delay": round(delay, 3)})
        observe.delivery("retry")

    async def _idle_seconds(self) -> float:
        async with self._db.transaction() as session:
            due = await next_due(session=session)
        wait = self.config.poll_interval
        if due is not None:
            wait = min(wait, max(0.0, (due - utcnow()).total_seconds()))
        return max(wait, 0.01)

    async def _maybe_prune(self) -> None:
        if time.monotonic() - self._last_prune < self.config.prune_every:
            return
        self._last_prune = time.monotonic()
        await prune(
            self._db, keep_events=self.config.keep_events, keep_outbox=self.config.keep_outbox
        )
