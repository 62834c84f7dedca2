"""Received Zoom webhook events: the unique key that turns Zoom's retries into no-ops.

Ingest stores the raw body under the key (many requests per INSERT); routing later reads
the unrouted rows in id order, turns each into outbox rows and marks it routed in the same
transaction, clearing the body (it may carry recording passcodes).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, exists, func, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from store.models import OutboxMessage, OutboxStatus, WebhookEvent
from store.types import utcnow


@dataclass(frozen=True)
class RawEvent:
    """A verified webhook to store: its key, name, Zoom's timestamp, account and body."""

    event_key: str
    event: str
    event_ts: int
    zoom_account_id: str
    body: str
    request_id: str | None = None


@dataclass(frozen=True)
class Unrouted:
    """A stored event that routing has not handled yet."""

    id: int
    event_key: str
    body: str
    request_id: str | None = None


def _insert(session: AsyncSession) -> Any:
    postgres = session.get_bind().dialect.name == "postgresql"
    return pg_insert if postgres else sqlite_insert


async def record_event(
    *,
    session: AsyncSession,
    event_key: str,
    event: str,
    event_ts: int,
    zoom_account_id: str,
    request_id: str | None = None,
) -> int | None:
    """Insert an event routed in the same transaction; its id, or None when already recorded."""
    now = utcnow()
    statement = (
        _insert(session)(WebhookEvent)
        .values(
            event_key=event_key,
            event=event,
            event_ts=event_ts,
            zoom_account_id=zoom_account_id,
            request_id=request_id,
            received_at=now,
            routed_at=now,
        )
        .on_conflict_do_nothing(index_elements=["event_key"])
        .returning(col(WebhookEvent.id))
    )
    result = await session.exec(statement)
    found: int | None = result.scalar_one_or_none()
    return found


async def store_raw_events(*, session: AsyncSession, events: Sequence[RawEvent]) -> set[str]:
    """Insert many raw events in one statement; the keys that were new (the rest are retries)."""
    if not events:
        return set()
    now = utcnow()
    values = [
        {
            "event_key": e.event_key,
            "event": e.event,
            "event_ts": e.event_ts,
            "zoom_account_id": e.zoom_account_id,
            "received_at": now,
            "body": e.body,
            "request_id": e.request_id,
        }
        for e in events
    ]
    # One cached Core statement run over the batch (insertmanyvalues sends it as few round
    # trips); a multi-VALUES statement built per batch would be compiled every time, and the
    # ORM's bulk path costs more per row than the whole HTTP request it answers.
    table = WebhookEvent.__table__  # type: ignore[attr-defined]
    statement = (
        _insert(session)(table)
        .on_conflict_do_nothing(index_elements=["event_key"])
        .returning(table.c.event_key)
    )
    connection = await session.connection()
    return set((await connection.execute(statement, values)).scalars().all())


ROUTING_LOCK = 0x7A6F6F6D  # any constant shared by every process of this app


async def take_routing_lock(*, session: AsyncSession) -> bool:
    """Whether this transaction may route now (PostgreSQL: one router at a time)."""
    if session.get_bind().dialect.name != "postgresql":
        return True  # SQLite: one process, and Database serialises its writers
    query = select(func.pg_try_advisory_xact_lock(ROUTING_LOCK))
    return bool((await session.exec(query)).one())


async def unrouted_events(*, session: AsyncSession, limit: int) -> list[Unrouted]:
    """The oldest events not routed yet (an index on unrouted ids: no scan of routed ones)."""
    query = (
        select(WebhookEvent.id, WebhookEvent.event_key, WebhookEvent.body, WebhookEvent.request_id)
        .where(col(WebhookEvent.routed_at).is_(None))
        .order_by(col(WebhookEvent.id))
        .limit(limit)
    )
    found = (await session.exec(query)).all()
    return [
        Unrouted(id, key, body or "", request_id)
        for id, key, body, request_id in found
        if id is not None
    ]


async def mark_routed(
    *, session: AsyncSession, event_ids: Sequence[int], error: str | None = None
) -> int:
    """Mark events routed (clearing their bodies); `error` when routing refused one."""
    if not event_ids:
        return 0
    statement = (
        update(WebhookEvent)
        .where(col(WebhookEvent.id).in_(list(event_ids)), col(WebhookEvent.routed_at).is_(None))
        .values(routed_at=utcnow(), body=None, route_error=error[:500] if error else None)
        .execution_options(synchronize_session=False)
    )
    return (await session.exec(statement)).rowcount


async def prune_events(*, session: AsyncSession, before: datetime) -> int:
    """Forget routed event keys received before `before` that no pending notice still needs."""
    pending = exists().where(
        col(OutboxMessage.webhook_event_id) == col(WebhookEvent.id),
        col(OutboxMessage.status) == OutboxStatus.PENDING,
    )
    statement = delete(WebhookEvent).where(
        col(WebhookEvent.received_at) < before,
        col(WebhookEvent.routed_at).is_not(None),
        ~pending,
    )
    return (await session.exec(statement)).rowcount
