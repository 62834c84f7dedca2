"""The notice worker: routes stored webhook events into the outbox, then delivers it to Slack.

One worker runs per process (the web lifespan starts it unless told not to; `zoombridge
worker` runs it alone). Two loops: routing (stored events -> outbox rows) and delivery, which
keeps up to `max_in_flight` Slack calls going, one per channel, claiming each channel's head
as soon as the channel is free and its pace allows. Routing wakes when this process stores
an event, delivery when routing queued rows; both poll otherwise, so work written by other
processes and retries are picked up too.
No exception at any await ends either loop; each has a heartbeat that readiness reads.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime, timedelta

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.loops import Heartbeat, Throttle
from bot.notices.delivery import Call, deliver_one
from bot.notices.heartbeat import HeartbeatRecorder
from bot.notices.outcome_batch import OutcomeBatch
from bot.notices.pacing import MethodPauses
from bot.notices.render import NoticeRenderer
from bot.notices.retention import prune
from bot.notices.router import NoticeRouter
from bot.notices.worker_config import WorkerConfig as WorkerConfig
from bot.observability.correlation import bound_request_id
from bot.slack.gateway import SlackGateway
from store.db import Database, bounded
from store.repos.outbox import Claimed, claim_due, next_due
from store.types import utcnow

logger = logging.getLogger(__name__)
SMALL_ROUTE_BATCH = 20
DELIVERY_LOOP = "outbox-delivery"  # the heartbeat readiness holds to READY_WORKER_STALE_AFTER


async def _sleep_or_wake(event: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(event.wait(), max(seconds, 0.0))


class DeliveryWorker:
    """Routes and delivers notices until stopped."""

    def __init__(
        self,
        *,
        db: Database,
        slack: SlackGateway,
        renderer: NoticeRenderer,
        config: WorkerConfig | None = None,
        calls: Mapping[str, Call] | None = None,
    ) -> None:
        self._db = db
        self._slack = slack
        self._calls = dict(calls or {})  # call kinds beyond post/update/dm, by outbox action
        self.config = config or WorkerConfig()
        self._router = NoticeRouter(db=db, renderer=renderer)
        self._route_wake = asyncio.Event()
        self._deliver_wake = asyncio.Event()
        self._stopping = False
        self._tasks: list[asyncio.Task[None]] = []
        self._in_flight: set[asyncio.Task[None]] = set()
        self._pauses = MethodPauses()
        self._outcomes = OutcomeBatch(db)
        self._last_prune = float("-inf")
        stale = self.config.stale_after
        self.heartbeat = Heartbeat(DELIVERY_LOOP, max_age=stale)
        self.routing_heartbeat = Heartbeat("notice-routing", max_age=stale)
        self._errors = Throttle(30.0)
        self.recorder = HeartbeatRecorder(db, every=self.config.heartbeat_every)
        # Ingest comes first: while this says webhooks are being stored, routing waits a little.
        self.yield_to: Callable[[], bool] = lambda: False
        self._last_routed = time.monotonic()

    def events_stored(self) -> None:
        """Route now: webhooks were stored (delivery wakes once routing has queued rows)."""
        self._route_wake.set()

    def wake(self) -> None:
        """Route and deliver now (outbox rows were queued outside routing, e.g. a reminder)."""
        self._route_wake.set()
        self._deliver_wake.set()

    def start(self) -> None:
        """Run both loops in the background of the current event loop."""
        self._tasks = [
            asyncio.create_task(self._loop("route", self._route_turn), name="notice-routing"),
            asyncio.create_task(self._loop("deliver", self._deliver_turn), name="delivery"),
        ]

    async def stop(self, timeout: float = 5.0) -> None:
        """Let the calls in flight finish (briefly), then stop."""
        self._stopping = True
        self._route_wake.set()
        self._deliver_wake.set()
        tasks = [*self._tasks, *self._in_flight]
        if tasks:
            _, late = await asyncio.wait(tasks, timeout=timeout)
            for task in late:
                task.cancel()
            await asyncio.gather(*late, return_exceptions=True)
            await self._outcomes.close()
        await self.recorder.forget()

    async def _loop(self, name: str, turn: Callable[[], Awaitable[float]]) -> None:
        logger.info("outbox.worker_started", extra={"loop": name, "lease": self.config.lease})
        routing = name == "route"
        wake = self._route_wake if routing else self._deliver_wake
        heartbeat = self.routing_heartbeat if routing else self.heartbeat
        heartbeat.started()
        try:
            while not self._stopping:
                wake.clear()
                try:
                    wait = await turn()
                except Exception as error:  # any await may fail while the database is away
                    heartbeat.failed(error)
                    self._log_error(name, error)
                    failures = heartbeat.consecutive_failures
                    wait = min(self.config.error_backoff_cap, 0.25 * 2 ** (failures - 1))
                else:
                    heartbeat.beat()
                if wait > 0 and not self._stopping:
                    await _sleep_or_wake(wake, wait)
        finally:
            heartbeat.stopped()
            logger.info("outbox.worker_stopped", extra={"loop": name})

    def _log_error(self, loop: str, error: Exception) -> None:
        allowed, dropped = self._errors.allow(f"{loop}:{type(error).__name__}")
        if allowed:
            extra = {"loop": loop, "error": type(error).__name__, "suppressed": dropped}
            logger.warning("outbox.worker_error", extra=extra, exc_info=error)

    async def _route_turn(self) -> float:
        if self.yield_to() and time.monotonic() - self._last_routed < self.config.route_defer_max:
            return 0.005
        self._last_routed = time.monotonic()
        # A batch holds SQLite's one writer for its whole transaction (some 8 ms an event), so
        # there batches stay small, and so they do anywhere while webhooks are queueing.
        small = self._db.is_sqlite or self.yield_to()
        limit = SMALL_ROUTE_BATCH if small else self.config.route_batch
        routing = self._router.route_pending(limit)
        routed = await bounded(routing, self.config.db_deadline)
        if routed:
            self._deliver_wake.set()
            return 0.0 if routed >= limit else 0.001
        return self.config.poll_interval

    async def _deliver_turn(self) -> float:
        free = self.config.max_in_flight - len(self._in_flight)
        if free <= 0:
            return self.config.poll_interval  # a finishing call wakes the loop
        claiming = self._claim(min(free, self.config.batch_size))
        rows = await bounded(claiming, self.config.db_deadline)
        for row in rows:
            task = asyncio.create_task(self._deliver(row), name=f"deliver-{row.id}")
            self._in_flight.add(task)
            task.add_done_callback(self._finished)
        await self._maybe_prune()
        await bounded(self.recorder.record(), self.config.db_deadline)
        if rows:
            return 0.0
        return await self._idle_seconds()

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._in_flight.discard(task)
        self._deliver_wake.set()  # the channel is free again, and so is a slot

    async def _claim(self, limit: int) -> list[Claimed]:
        now = utcnow()
        lease_until = now + timedelta(seconds=self.config.lease)
        async with self._db.transaction() as session:
            return await claim_due(session=session, now=now, lease_until=lease_until, limit=limit)

    async def _deliver(self, row: Claimed) -> None:
        try:
            with bound_request_id(row.request_id):  # its log lines carry the webhook's id
                await deliver_one(
                    row,
                    db=self._db,
                    slack=self._slack,
                    calls=self._calls,
                    pauses=self._pauses,
                    pace=self.config.pace,
                    backoff=self._backoff,
                    give_up_after=self.config.give_up_after,
                    record=self._record,
                )
        except Exception:  # the outcome could not be stored: the lease runs out, then a retry
            logger.exception("outbox.outcome_lost", extra={"outbox_id": row.id})

    def _backoff(self, attempts: int) -> float:
        ceiling = min(self.config.backoff_cap, self.config.backoff_base * 2 ** (attempts - 1))
        return float(ceiling * random.uniform(0.5, 1.0))

    async def _record(self, write: Callable[[AsyncSession], Awaitable[object]]) -> None:
        """Store a call's outcome, retrying while the database is away (within the lease)."""
        deadline = time.monotonic() + self.config.lease * 0.8
        pause = 0.25
        while True:
            try:
                await bounded(self._outcomes.submit(write), self.config.db_deadline)
                return
            except Exception as error:
                if self._stopping or time.monotonic() + pause > deadline:
                    raise
                self.heartbeat.failed(error)
                self._log_error("deliver", error)
            await asyncio.sleep(pause)
            pause = min(pause * 2, self.config.error_backoff_cap)

    async def _idle_seconds(self) -> float:
        due = await bounded(self._next_due(), self.config.db_deadline)
        wait = self.config.poll_interval
        if due is not None:
            wait = min(wait, max(0.0, (due - utcnow()).total_seconds()))
        return max(wait, 0.01)

    async def _next_due(self) -> datetime | None:
        async with self._db.sessions() as session:  # a read: no need to queue for the writer
            return await next_due(session=session)

    async def _maybe_prune(self) -> None:
        if time.monotonic() - self._last_prune < self.config.prune_every:
            return
        self._last_prune = time.monotonic()
        keep_events, keep_outbox = self.config.keep_events, self.config.keep_outbox
        pruning = prune(self._db, keep_events=keep_events, keep_outbox=keep_outbox)
        await bounded(pruning, 3 * self.config.db_deadline)
