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

from store.models import OutboxMessage, OutboxStatus
from store.outbox_models import OutboxChannel
from store.types import utcnow


@dataclass(frozen=True)
class Leased:
    """A channel this worker now holds: nobody else sends from it until it is released."""

    channel_key: int
    team_id: str
    channel_id: str
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


async def lease_channels(
    *, session: AsyncSession, now: datetime, lease_until: datetime, limit: int
) -> list[Leased]:
    """Lease up to `limit` ready channels that owe something (two statements)."""
    channel = aliased(OutboxChannel)
    query = (
        select(channel.id, channel.team_id, channel.channel_id, channel.tat)
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
    found = {key: (team, chan, tat) for key, team, chan, tat in (await session.exec(query)).all()}
    if not found:
        return []
    # Re-checked in the UPDATE: on SQLite the SELECT ran before this transaction took the
    # writer, so another process may have leased (and even finished) a channel meanwhile.
    taken = await session.exec(
        update(OutboxChannel)
        .where(
            col(OutboxChannel.id).in_(list(found)),
            or_(col(OutboxChannel.claimed_until).is_(None), col(OutboxChannel.claimed_until) < now),
        )
        .values(claimed_until=lease_until)
        .returning(col(OutboxChannel.id))
        .execution_options(synchronize_session=False)
    )
    return [Leased(key, *found[key]) for key in taken.scalars().all() if key in found]


def heads_of(channel_keys: list[int]) -> Any:
    """The id of the oldest pending row of each of these channels (an index seek each)."""
    channel = aliased(OutboxChannel)
    first = select(func.min(col(OutboxMessage.id))).where(*_pending_in(channel)).scalar_subquery()
    return select(first).where(col(channel.id).in_(channel_keys))


async def release_idle(*, session: AsyncSession, channel_keys: list[int]) -> None:
    """Give back leased channels that turned out to owe nothing."""
    if channel_keys:
        await session.exec(
            update(OutboxChannel)
            .where(col(OutboxChannel.id).in_(channel_keys))
            .values(claimed_until=None)
            .execution_options(synchronize_session=False)
        )


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
