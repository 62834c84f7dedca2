"""The outbox: Slack calls owed for accepted events, claimed under a lease and marked once done.

Ordering: a row is only claimable while no older pending row exists for the same
(team, channel), so each channel hears its notices in the order they were accepted.
Claims are compare-and-set updates of ``claimed_until``; on PostgreSQL the candidate rows
are also read ``FOR UPDATE SKIP LOCKED`` so concurrent workers pass each other by.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, exists, func, or_, update
from sqlalchemy.orm import aliased
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from store.models import OutboxMessage, OutboxStatus


@dataclass(frozen=True)
class Claimed:
    """One claimed row, detached from the session."""

    id: int
    team_id: str
    channel_id: str
    action: str
    payload: dict[str, Any]
    attempts: int
    created_at: datetime
    request_id: str | None = None


async def add_message(
    *,
    session: AsyncSession,
    webhook_event_id: int | None,
    team_id: str,
    channel_id: str,
    action: str,
    payload: dict[str, Any],
    meeting_id: int | None = None,
    request_id: str | None = None,
) -> OutboxMessage:
    """Queue one Slack call (`request_id`: the request that caused it, for the logs)."""
    row = OutboxMessage(
        webhook_event_id=webhook_event_id,
        team_id=team_id,
        channel_id=channel_id,
        action=action,
        payload=payload,
        meeting_id=meeting_id,
        request_id=request_id,
    )
    session.add(row)
    await session.flush()
    return row


def _claimable(now: datetime) -> Any:
    older = aliased(OutboxMessage)
    blocked = exists().where(
        col(older.team_id) == col(OutboxMessage.team_id),
        col(older.channel_id) == col(OutboxMessage.channel_id),
        col(older.status) == OutboxStatus.PENDING,
        col(older.id) < col(OutboxMessage.id),
    )
    return (
        col(OutboxMessage.status) == OutboxStatus.PENDING,
        col(OutboxMessage.next_attempt_at) <= now,
        or_(col(OutboxMessage.claimed_until).is_(None), col(OutboxMessage.claimed_until) < now),
        ~blocked,
    )


async def claim_due(
    *, session: AsyncSession, now: datetime, lease_until: datetime, limit: int
) -> list[Claimed]:
    """Claim up to `limit` due rows (the oldest pending row of each channel) until `lease_until`."""
    query = select(OutboxMessage).where(*_claimable(now)).order_by(col(OutboxMessage.id))
    query = query.limit(limit)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True, of=OutboxMessage)
    rows = list((await session.exec(query)).all())
    if not rows:
        return []
    # One UPDATE takes the whole batch, re-checking that nobody else holds a row.
    taken = await session.exec(
        update(OutboxMessage)
        .where(
            col(OutboxMessage.id).in_([row.id for row in rows]),
            col(OutboxMessage.status) == OutboxStatus.PENDING,
            or_(col(OutboxMessage.claimed_until).is_(None), col(OutboxMessage.claimed_until) < now),
        )
        .values(claimed_until=lease_until, attempts=col(OutboxMessage.attempts) + 1)
        .returning(col(OutboxMessage.id))
        .execution_options(synchronize_session=False)
    )
    ours: set[int] = set(taken.scalars().all())
    return [
        Claimed(
            id=row.id,
            team_id=row.team_id,
            channel_id=row.channel_id,
            action=row.action,
            payload=dict(row.payload),
            attempts=row.attempts + 1,
            created_at=row.created_at,
            request_id=row.request_id,
        )
        for row in rows
        if row.id is not None and row.id in ours
    ]


async def _finish(session: AsyncSession, message_id: int, **values: Any) -> bool:
    statement = (
        update(OutboxMessage)
        .where(
            col(OutboxMessage.id) == message_id,
            col(OutboxMessage.status) == OutboxStatus.PENDING,
        )
        .values(claimed_until=None, **values)
        # Nothing in this session reads these rows back: skip the ORM's in-session sync.
        .execution_options(synchronize_session=False)
    )
    return (await session.exec(statement)).rowcount == 1


async def mark_delivered(*, session: AsyncSession, message_id: int, now: datetime) -> bool:
    """The Slack call succeeded."""
    return await _finish(
        session, message_id, status=OutboxStatus.DELIVERED, delivered_at=now, last_error=None
    )


async def schedule_retry(
    *, session: AsyncSession, message_id: int, at: datetime, error: str
) -> bool:
    """Try again at `at`; keep the reason."""
    return await _finish(session, message_id, next_attempt_at=at, last_error=error[:500])


async def mark_dead(*, session: AsyncSession, message_id: int, reason: str) -> bool:
    """Give up on a row for good, with the reason."""
    return await _finish(session, message_id, status=OutboxStatus.DEAD, last_error=reason[:500])


async def next_due(*, session: AsyncSession) -> datetime | None:
    """When the earliest pending row becomes due (ignoring leases)."""
    query = select(func.min(col(OutboxMessage.next_attempt_at))).where(
        col(OutboxMessage.status) == OutboxStatus.PENDING
    )
    value = (await session.exec(query)).one()
    return value if isinstance(value, datetime) else None


async def prune_outbox(*, session: AsyncSession, before: datetime) -> int:
    """Delete delivered and dead rows created before `before`."""
    statement = delete(OutboxMessage).where(
        col(OutboxMessage.status).in_([OutboxStatus.DELIVERED, OutboxStatus.DEAD]),
        col(OutboxMessage.created_at) < before,
    )
    return (await session.exec(statement)).rowcount
