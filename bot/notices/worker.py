"""The delivery worker: claims due outbox rows, makes their Slack calls, records the outcome.

One worker runs per process (the web lifespan starts it; `zoombridge worker` runs it alone).
It wakes on this process's webhooks and polls, so other processes' rows and retries are seen.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime, timedelta
from functools import partial

import aiohttp
from slack_sdk.errors import SlackApiError
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.loops import Heartbeat, Throttle, finish
from bot.notices.delivered import record_delivered
from bot.notices.heartbeat import HeartbeatRecorder
from bot.notices.retention import prune
from bot.notices.send import Verdict, judge, send
from bot.notices.threads import resolve_thread
from bot.notices.worker_config import WorkerConfig as WorkerConfig
from bot.observability import observe
from bot.observability.correlation import bound_request_id
from bot.slack.gateway import SlackGateway, WorkspaceNotInstalled
from store.db import Database, bounded
from store.repos.outbox import (
    Claimed,
    claim_due,
    mark_dead,
    next_due,
    schedule_retry,
)
from store.types import utcnow

logger = logging.getLogger(__name__)
DELIVERY_LOOP = "outbox-delivery"  # the heartbeat readiness holds to READY_WORKER_STALE_AFTER

Call = Callable[[Claimed], Awaitable[str | None]]  # makes one row's Slack calls itself


class DeliveryWorker:
    """Drains the outbox to Slack until stopped."""

    def __init__(
        self,
        *,
        db: Database,
        slack: SlackGateway,
        config: WorkerConfig | None = None,
        calls: Mapping[str, Call] | None = None,
    ) -> None:
        self._db = db
        self._slack = slack
        self._calls = dict(calls or {})  # call kinds beyond post/update/dm, by outbox action
        self.config = config or WorkerConfig()
        self._wake = asyncio.Event()
        self._stopping = False
        self._task: asyncio.Task[None] | None = None
        self._last_prune = float("-inf")
        self.heartbeat = Heartbeat(DELIVERY_LOOP, max_age=self.config.stale_after)
        self._errors = Throttle(30.0)
        self.recorder = HeartbeatRecorder(db, every=self.config.heartbeat_every)

    def wake(self) -> None:
        """Look at the outbox now (a webhook was just accepted)."""
        self._wake.set()

    def start(self) -> None:
        """Run in the background of the current event loop."""
        self._task = asyncio.create_task(self.run(), name="outbox-delivery")

    async def stop(self, timeout: float = 5.0) -> None:
        """Finish the call in flight (briefly), then stop."""
        self._stopping = True
        self._wake.set()
        await finish(self._task, timeout)
        await self.recorder.forget()

    async def run(self) -> None:
        """Deliver, prune now and then, sleep until woken or the next row is due; never die."""
        logger.info("outbox.worker_started", extra={"lease": self.config.lease})
        self.heartbeat.started()
        try:
            while not self._stopping:
                await self._turn()
        finally:
            self.heartbeat.stopped()
            logger.info("outbox.worker_stopped")

    async def _turn(self) -> None:
        self._wake.clear()
        try:
            handled = await self.run_once()
            await self._maybe_prune()
            await bounded(self.recorder.record(), self.config.db_deadline)
            wait = 0.0 if handled else await self._idle_seconds()
        except Exception as error:  # any await may fail while the database is away: carry on
            self.heartbeat.failed(error)
            self._log_error(error)
            failures = self.heartbeat.consecutive_failures
            wait = min(self.config.error_backoff_cap, 0.25 * 2 ** (failures - 1))
        else:
            self.heartbeat.beat()
        if wait > 0 and not self._stopping:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), wait)

    def _log_error(self, error: Exception) -> None:
        allowed, dropped = self._errors.allow(type(error).__name__)
        if allowed:
            extra = {"error": type(error).__name__, "suppressed": dropped}
            logger.warning("outbox.worker_error", extra=extra, exc_info=error)

    async def run_once(self) -> int:
        """Claim one batch and deliver it (rows of different channels concurrently)."""
        now = utcnow()
        lease_until = now + timedelta(seconds=self.config.lease)
        rows = await bounded(self._claim(now, lease_until), self.config.db_deadline)
        if rows:
            await asyncio.gather(*(self._deliver_traced(row) for row in rows))
        return len(rows)

    async def _claim(self, now: datetime, lease_until: datetime) -> list[Claimed]:
        async with self._db.transaction() as session:
            return await claim_due(
                session=session, now=now, lease_until=lease_until, limit=self.config.batch_size
            )

    async def _deliver_traced(self, row: Claimed) -> None:
        with bound_request_id(row.request_id):  # its log lines carry the webhook's id
            await self._deliver(row)

    async def _deliver(self, row: Claimed) -> None:
        try:
            row = await resolve_thread(self._db, row)
            call = self._calls.get(row.action)
            if call is not None:
                ts = await call(row)
            else:
                ts = await send(await self._slack.client_for(row.team_id), row)
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
            await self._record(partial(record_delivered, row=row, ts=ts))
            observe.delivery("delivered", accepted_at=row.created_at)
            logger.info(
                "outbox.delivered",
                extra={"outbox_id": row.id, "action": row.action, "ts": ts, "tries": row.attempts},
            )

    def _backoff(self, attempts: int) -> float:
        ceiling = min(self.config.backoff_cap, self.config.backoff_base * 2 ** (attempts - 1))
        return float(ceiling * random.uniform(0.5, 1.0))

    async def _record(self, write: Callable[[AsyncSession], Awaitable[object]]) -> None:
        """Write a call's outcome, retrying while the database is away (within the lease).

        Slack already has the message: if the outcome were lost, the row would be sent again
        once its lease ends, so keep trying well inside the lease.
        """
        deadline = time.monotonic() + self.config.lease * 0.8
        pause = 0.25
        while True:
            try:
                await bounded(self._write(write), self.config.db_deadline)
                return
            except Exception as error:
                if self._stopping or time.monotonic() + pause > deadline:
                    raise
                self.heartbeat.failed(error)
                self._log_error(error)
            await asyncio.sleep(pause)
            pause = min(pause * 2, self.config.error_backoff_cap)

    async def _write(self, write: Callable[[AsyncSession], Awaitable[object]]) -> None:
        async with self._db.transaction() as session:
            await write(session)

    async def _fail(self, row: Claimed, verdict: Verdict) -> None:
        age = (utcnow() - row.created_at).total_seconds()
        extra = {"outbox_id": row.id, "reason": verdict.reason, "tries": row.attempts}
        if not verdict.retry or age > self.config.give_up_after:
            reason = verdict.reason if not verdict.retry else f"gave up: {verdict.reason}"
            await self._record(
                lambda session: mark_dead(session=session, message_id=row.id, reason=reason)
            )
            logger.warning("outbox.dead", extra=extra)
            observe.delivery("dead")
            return
        delay = verdict.retry_after
        if delay is None:
            delay = self._backoff(row.attempts)
        at = utcnow() + timedelta(seconds=delay)
        await self._record(
            lambda session: schedule_retry(
                session=session, message_id=row.id, at=at, error=verdict.reason
            )
        )
        logger.info("outbox.retry", extra={**extra, "delay": round(delay, 3)})
        observe.delivery("retry")

    async def _idle_seconds(self) -> float:
        due = await bounded(self._next_due(), self.config.db_deadline)
        wait = self.config.poll_interval
        if due is not None:
            wait = min(wait, max(0.0, (due - utcnow()).total_seconds()))
        return max(wait, 0.01)

    async def _next_due(self) -> datetime | None:
        async with self._db.transaction() as session:
            return await next_due(session=session)

    async def _maybe_prune(self) -> None:
        if time.monotonic() - self._last_prune < self.config.prune_every:
            return
        self._last_prune = time.monotonic()
        keep_events, keep_outbox = self.config.keep_events, self.config.keep_outbox
        pruning = prune(self._db, keep_events=keep_events, keep_outbox=keep_outbox)
        await bounded(pruning, 3 * self.config.db_deadline)
