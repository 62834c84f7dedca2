"""The outbox: Slack calls owed for accepted events, claimed per channel and marked once done.

Ordering: only the head (oldest pending row) of a channel is ever claimed, and the channel
stays leased until that row is finished, so each channel hears its notices in the order they
were queued while different channels are sent concurrently. Which channels are ready, leased
and paced lives in store.repos.outbox_channels; a claim costs the same four statements
whatever the backlog.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, update
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from store.models import OutboxMessage, OutboxStatus
from store.repos.outbox_channels import (
    heads_of,
    lease_channels,
    next_ready,
    release_channel,
    release_idle,
    touch_channels,
)
from store.types import utcnow


@dataclass(frozen=True)
class Claimed:
    """One claimed row, detached from the session, with its channel's lease key and pace."""

    id: int
    team_id: str
    channel_id: str
    action: str
    payload: dict[str, Any]
    attempts: int
    created_at: datetime
    channel_key: int = 0
    tat: datetime | None = None
    request_id: str | None = None


@dataclass(frozen=True)
class NewMessage:
    """One Slack call to queue."""

    team_id: str
    channel_id: str
    action: str
    payload: dict[str, Any]
    meeting_id: int | None = None


async def add_messages(
    *,
    session: AsyncSession,
    webhook_event_id: int | None,
    messages: Sequence[NewMessage],
    request_id: str | None = None,
) -> list[int]:
    """Queue several Slack calls in order (one INSERT, one upsert of their channels); their ids."""
    if not messages:
        return []
    now = utcnow()
    rows = [
        {
            "webhook_event_id": webhook_event_id,
            "team_id": m.team_id,
            "channel_id": m.channel_id,
            "action": m.action,
            "payload": m.payload,
            "meeting_id": m.meeting_id,
            "status": OutboxStatus.PENDING,
            "attempts": 0,
            "next_attempt_at": now,
            "created_at": now,
            "request_id": request_id,
        }
        for m in messages
    ]
    # executemany of one cached statement (a multi-VALUES statement is compiled every time)
    statement = insert(OutboxMessage).returning(col(OutboxMessage.id), sort_by_parameter_order=True)
    ids = list((await session.exec(statement, params=rows)).scalars().all())
    await touch_channels(session=session, channels=[(m.team_id, m.channel_id) for m in messages])
    return ids


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
    await touch_channels(session=session, channels=[(team_id, channel_id)])
    return row


async def claim_due(
    *, session: AsyncSession, now: datetime, lease_until: datetime, limit: int
) -> list[Claimed]:
    """Claim the head row of up to `limit` ready channels until `lease_until`."""
    leased = await lease_channels(session=session, now=now, lease_until=lease_until, limit=limit)
    if not leased:
        return []
    by_channel = {(c.team_id, c.channel_id): c for c in leased}
    # Read under this transaction's lease, so a head finished meanwhile is not taken again.
    heads = await session.exec(heads_of([c.channel_key for c in leased]))
    head_ids = [head for head in heads.all() if head is not None]
    table = OutboxMessage.__table__  # type: ignore[attr-defined]
    taken = await session.exec(
        update(OutboxMessage)
        .where(col(OutboxMessage.id).in_(head_ids))  # by primary key only: a seek per id
        .values(attempts=col(OutboxMessage.attempts) + 1)
        .returning(
            table.c.id,
            table.c.team_id,
            table.c.channel_id,
            table.c.action,
            table.c.payload,
            table.c.attempts,
            table.c.created_at,
            table.c.request_id,
        )
        .execution_options(synchronize_session=False)
    )
    claimed: list[Claimed] = []
    for row in taken.all():
        channel = by_channel.pop((row.team_id, row.channel_id))
        claimed.append(
            Claimed(
                id=row.id,
                team_id=row.team_id,
                channel_id=row.channel_id,
                action=row.action,
                payload=dict(row.payload),
                attempts=row.attempts,
                created_at=row.created_at,
                channel_key=channel.channel_key,
                tat=channel.tat,
                request_id=row.request_id,
            )
        )
    await release_idle(session=session, channel_keys=[c.channel_key for c in by_channel.values()])
    return sorted(claimed, key=lambda c: c.id)


async def _finish(
    session: AsyncSession, row: Claimed, ready_at: datetime, tat: datetime | None, **values: Any
) -> bool:
    statement = (
        update(OutboxMessage)
        .where(
            col(OutboxMessage.id) == row.id,
            col(OutboxMessage.status) == OutboxStatus.PENDING,
        )
        .values(claimed_until=None, **values)
        # Nothing in this session reads these rows back: skip the ORM's in-session sync.
        .execution_options(synchronize_session=False)
    )
    done = (await session.exec(statement)).rowcount == 1
    if row.channel_key:
        await release_channel(
            session=session, channel_key=row.channel_key, ready_at=ready_at, tat=tat
        )
    return done


async def mark_delivered(
    *,
    session: AsyncSession,
    row: Claimed,
    now: datetime,
    ready_at: datetime | None = None,
    tat: datetime | None = None,
) -> bool:
    """The Slack call succeeded; the channel's next row may go at `ready_at` (its pace)."""
    values = {"status": OutboxStatus.DELIVERED, "delivered_at": now, "last_error": None}
    return await _finish(session, row, ready_at or now, tat, **values)


async def schedule_retry(
    *, session: AsyncSession, row: Claimed, at: datetime, error: str, tat: datetime | None = None
) -> bool:
    """Try again at `at` (the whole channel waits: order is kept); keep the reason."""
    return await _finish(session, row, at, tat, next_attempt_at=at, last_error=error[:500])


async def mark_dead(*, session: AsyncSession, row: Claimed, reason: str) -> bool:
    """Give up on a row for good, with the reason; the channel moves on."""
    values = {"status": OutboxStatus.DEAD, "last_error": reason[:500]}
    return await _finish(session, row, utcnow(), None, **values)


async def next_due(*, session: AsyncSession, now: datetime | None = None) -> datetime | None:
    """When the earliest unleased channel that owes something may send next."""
    return await next_ready(session=session, now=now or utcnow())


async def prune_outbox(*, session: AsyncSession, before: datetime) -> int:
    """Delete delivered and dead rows created before `before`."""
    statement = delete(OutboxMessage).where(
        col(OutboxMessage.status).in_([OutboxStatus.DELIVERED, OutboxStatus.DEAD]),
        col(OutboxMessage.created_at) < before,
    )
    return (await session.exec(statement)).rowcount
