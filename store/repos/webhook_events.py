"""Received Zoom webhook events: the unique key that turns Zoom's retries into no-ops."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, exists
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from store.models import OutboxMessage, OutboxStatus, WebhookEvent
from store.types import utcnow


async def record_event(
    *,
    session: AsyncSession,
    event_key: str,
    event: str,
    event_ts: int,
    zoom_account_id: str,
    request_id: str | None = None,
) -> int | None:
    """Insert an event; its id, or None when the key was already recorded (a retry)."""
    postgres = session.get_bind().dialect.name == "postgresql"
    insert = pg_insert if postgres else sqlite_insert
    statement = (
        insert(WebhookEvent)
        .values(
            event_key=event_key,
            event=event,
            event_ts=event_ts,
            zoom_account_id=zoom_account_id,
            request_id=request_id,
            received_at=utcnow(),
        )
        .on_conflict_do_nothing(index_elements=["event_key"])
        .returning(col(WebhookEvent.id))
    )
    result = await session.exec(statement)
    found: int | None = result.scalar_one_or_none()
    return found


async def prune_events(*, session: AsyncSession, before: datetime) -> int:
    """Forget event keys received before `before` that no pending notice still needs."""
    pending = exists().where(
        col(OutboxMessage.webhook_event_id) == col(WebhookEvent.id),
        col(OutboxMessage.status) == OutboxStatus.PENDING,
    )
    statement = delete(WebhookEvent).where(col(WebhookEvent.received_at) < before, ~pending)
    return (await session.exec(statement)).rowcount
