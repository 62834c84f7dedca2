"""The heads of the outbox: one row per channel holding its lease and its pace.

Claiming reads this small table (one row per channel that was ever owed a notice, pruned when
idle), never the backlog: the head of a channel is the first pending entry of the
(team, channel, status, id) index, found with one index seek however many rows wait behind it.
On PostgreSQL the channel rows are read ``FOR UPDATE SKIP LOCKED``, so concurrent workers
take different channels and a channel is never sent from twice at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, exists, func, or_, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import aliased
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from store.models import OutboxChannel, OutboxMessage, OutboxStatus
from store.types import utcnow


@dataclass(frozen=True)
class Head:
    """A leased channel and the id of the oldest row it owes."""

    channel_key: int
    message_id: int
    tat: datetime


def _pending_in(channel: Any) -> Any:
    return (
        col(OutboxMessage.team_id) == channel.team_id,
        col(OutboxMessage.channel_id) == channel.channel_id,
        col(OutboxMessage.status) == OutboxStatus.PENDING,
    )


async def touch_channels(*, session: AsyncSession, channels: Iterable[tuple[str, str]]) -> None:
    """Make sure each (team, channel) has its head row (one statement for all of them)."""
    wanted = sorted(set(channels))
    if not wanted:
        return
    now = utcnow()
    postgres = session.get_bind().dialect.name == "postgresql"
    insert: Any = pg_insert if postgres else sqlite_insert
    values = [
        {"team_id": t, "channel_id": c, "ready_at": now, "tat": now, "touched_at": now}
        for t, c in wanted
    ]
    statement = insert(OutboxChannel)
    # DO UPDATE (not NOTHING) takes the row lock, so a concurrent prune of an idle channel
    # either happens before (and we insert anew) or sees this touch and keeps the row.
    statement = statement.on_conflict_do_update(
        index_elements=["team_id", "channel_id"],
        set_={"touched_at": statement.excluded.touched_at},
    )
    await session.exec(statement, params=values)


async def claim_heads(
    *, session: AsyncSession, now: datetime, lease_until: datetime, limit: int
) -> list[Head]:
    """Lease up to `limit` ready channels that owe something; their heads (two statements)."""
    channel = aliased(OutboxChannel)
    head = (
        select(func.min(col(OutboxMessage.id)))
        .where(*_pending_in(channel))
        .scalar_subquery()
        .label("head")
    )
    query = (
        select(channel.id, channel.tat, head)
        .where(
            col(channel.ready_at) <= now,
            or_(col(channel.claimed_until).is_(None), col(channel.claimed_until) < now),
            exists().where(*_pending_in(channel)),
        )
        .order_by(col(channel.ready_at))
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True, of=channel)
    found = [(key, tat, first) for key, tat, first in (await session.exec(query)).all()]
    if not found:
        return []
    taken = await session.exec(
        update(OutboxChannel)
        .where(
            col(OutboxChannel.id).in_([key for key, _, _ in found]),
            or_(col(OutboxChannel.claimed_until).is_(None), col(OutboxChannel.claimed_until) < now),
        )
        .values(claimed_until=lease_until)
        .returning(col(OutboxChannel.id))
        .execution_options(synchronize_session=False)
    )
    ours = set(taken.scalars().all())
    return [
        Head(key, first, tat)
        for key, tat, first in found
        if key is not None and key in ours and first is not None
    ]


async def release_channel(
    *, session: AsyncSession, channel_key: int, ready_at: datetime, tat: datetime | None = None
) -> None:
    """Give a channel back: its next row may go at `ready_at` (pace, backoff or Retry-After)."""
    values: dict[str, Any] = {"claimed_until": None, "ready_at": ready_at}
    if tat is not None:
        values["tat"] = tat
    await session.exec(
        update(OutboxChannel)
        .where(col(OutboxChannel.id) == channel_key)
        .values(**values)
        .execution_options(synchronize_session=False)
    )


async def next_ready(*, session: AsyncSession, now: datetime) -> datetime | None:
    """The earliest ready_at of an unleased channel that owes something."""
    query = select(func.min(col(OutboxChannel.ready_at))).where(
        or_(col(OutboxChannel.claimed_until).is_(None), col(OutboxChannel.claimed_until) < now),
        exists().where(*_pending_in(OutboxChannel)),
    )
    value = (await session.exec(query)).one()
    return value if isinstance(value, datetime) else None


async def repair_channels(*, session: AsyncSession) -> None:
    """Give a head row to any channel owing rows without one (a safety net; scans pending)."""
    query = (
        select(OutboxMessage.team_id, OutboxMessage.channel_id)
        .where(col(OutboxMessage.status) == OutboxStatus.PENDING)
        .distinct()
    )
    await touch_channels(session=session, channels=list((await session.exec(query)).all()))


async def prune_channels(*, session: AsyncSession, before: datetime) -> int:
    """Forget channels untouched since `before` that owe nothing and are not leased."""
    statement = delete(OutboxChannel).where(
        col(OutboxChannel.touched_at) < before,
        col(OutboxChannel.claimed_until).is_(None),
        ~exists().where(*_pending_in(OutboxChannel)),
    )
    return (await session.exec(statement)).rowcount
