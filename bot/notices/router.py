"""Routing stored webhook events into outbox rows, on the worker side of ingest.

Each batch runs in one transaction: the routes read meetings and subscriptions, update
meeting status, the outbox rows are inserted and the events marked routed, all or nothing;
so after a crash routing resumes from the events still unrouted, and none is routed twice.
On PostgreSQL a transaction-scoped advisory lock lets one process route at a time, so
outbox rows are queued in the order the events were stored, whichever process routes them.
"""

from __future__ import annotations

import logging

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.notices.payload import MalformedEvent, parse_event
from bot.notices.render import NoticeRenderer
from bot.notices.routes.route_context import RouteContext
from bot.notices.routes.table import ROUTES
from bot.observability.correlation import bound_request_id
from store.db import Database
from store.repos.outbox import NewMessage, add_messages
from store.repos.webhook_events import (
    Unrouted,
    mark_routed,
    take_routing_lock,
    unrouted_events,
)

logger = logging.getLogger(__name__)


class NoticeRouter:
    """Turns stored events into outbox rows, a bounded batch at a time."""

    def __init__(self, *, db: Database, renderer: NoticeRenderer) -> None:
        self._db = db
        self._renderer = renderer

    async def route_pending(self, limit: int = 100) -> int:
        """Route up to `limit` stored events in one transaction; how many (0: none waiting)."""
        try:
            async with self._db.transaction() as session:
                return await self._route_batch(session, limit, None)
        except Exception:  # one event's route failed: route them one by one to isolate it
            logger.warning("zoom.route_batch_failed", exc_info=True)
        return await self._route_singly(limit)

    async def _route_singly(self, limit: int) -> int:
        handled = 0
        async with self._db.transaction() as session:
            ids = [e.id for e in await unrouted_events(session=session, limit=limit)]
        for event_id in ids:
            try:
                async with self._db.transaction() as session:
                    handled += await self._route_batch(session, limit, event_id)
            except Exception as error:
                logger.exception("zoom.route_failed", extra={"event_id": event_id})
                async with self._db.transaction() as session:
                    await mark_routed(session=session, event_ids=[event_id], error=repr(error))
                handled += 1
        return handled

    async def _route_batch(self, session: AsyncSession, limit: int, only: int | None) -> int:
        if not await take_routing_lock(session=session):
            return 0
        events = await unrouted_events(session=session, limit=limit)
        if only is not None:
            events = [e for e in events if e.id == only]
        for event in events:
            with bound_request_id(event.request_id):  # the webhook's id, on rows and log lines
                await self._route(session, event)
        await mark_routed(session=session, event_ids=[e.id for e in events])
        return len(events)

    async def _route(self, session: AsyncSession, stored: Unrouted) -> None:
        try:
            event = parse_event(stored.body.encode())
        except MalformedEvent as error:  # verified when stored, so only a bug gets here
            logger.warning("zoom.route_unreadable", extra={"reason": error.reason})
            return
        route = ROUTES.get(event.event)
        if route is None:
            return
        ctx = RouteContext(session=session, renderer=self._renderer)
        await route(event, ctx)
        messages = [
            NewMessage(n.team_id, n.channel_id, n.action, n.payload, n.meeting_id)
            for n in ctx.notices
        ]
        queued = await add_messages(
            session=session,
            webhook_event_id=stored.id,
            messages=messages,
            request_id=stored.request_id,
        )
        logger.info("notices.routed", extra={"zoom_event": event.event, "outbox_ids": queued})
        logger.info(
            "zoom.event_routed",
            extra={"zoom_event": event.event, "event_id": stored.id, "notices": len(messages)},
        )
