"""Operational facts read straight from the database, and the worker heartbeat rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete, func
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from store.models import (
    LinkStatus,
    OutboxMessage,
    OutboxStatus,
    WebhookEvent,
    WorkerHeartbeat,
    ZoomLink,
)

REASON_MAX = 64  # dead-row reasons become label values: keep them short
FORGET_HEARTBEATS_AFTER = timedelta(days=1)  # processes that died without saying goodbye


@dataclass(frozen=True)
class OpsFacts:
    """The outbox and its surroundings as stored right now."""

    rows_by_status: dict[str, int] = field(default_factory=dict)
    oldest_pending_at: datetime | None = None
    dead_by_reason: dict[str, int] = field(default_factory=dict)
    broken_links: int = 0
    last_webhook_at: datetime | None = None
    heartbeats: dict[str, datetime] = field(default_factory=dict)


async def read_facts(*, session: AsyncSession) -> OpsFacts:
    """Outbox rows by status, the oldest pending one, dead rows by reason, links, heartbeats."""
    status = col(OutboxMessage.status)
    by_status = await session.exec(select(status, func.count()).group_by(status))
    oldest = await session.exec(
        select(func.min(col(OutboxMessage.created_at))).where(status == OutboxStatus.PENDING)
    )
    reason = col(OutboxMessage.last_error)
    dead = await session.exec(
        select(reason, func.count()).where(status == OutboxStatus.DEAD).group_by(reason)
    )
    dead_by_reason: dict[str, int] = {}
    for text, n in dead.all():
        key = (text or "unknown")[:REASON_MAX]
        dead_by_reason[key] = dead_by_reason.get(key, 0) + int(n)
    broken = await session.exec(
        select(func.count()).select_from(ZoomLink).where(col(ZoomLink.status) == LinkStatus.BROKEN)
    )
    last_webhook = await session.exec(select(func.max(col(WebhookEvent.received_at))))
    beats = await session.exec(select(WorkerHeartbeat))
    return OpsFacts(
        rows_by_status={str(s): int(n) for s, n in by_status.all()},
        oldest_pending_at=oldest.one(),
        dead_by_reason=dead_by_reason,
        broken_links=int(broken.one()),
        last_webhook_at=last_webhook.one(),
        heartbeats={beat.process: beat.beat_at for beat in beats.all()},
    )


async def record_heartbeat(*, session: AsyncSession, process: str, now: datetime) -> None:
    """Say that `process`'s worker completed a loop at `now` (and forget long-gone ones)."""
    postgres = session.get_bind().dialect.name == "postgresql"
    insert = pg_insert if postgres else sqlite_insert
    statement = (
        insert(WorkerHeartbeat)
        .values(process=process, beat_at=now)
        .on_conflict_do_update(index_elements=["process"], set_={"beat_at": now})
    )
    await session.exec(statement)
    gone = col(WorkerHeartbeat.beat_at) < now - FORGET_HEARTBEATS_AFTER
    await session.exec(delete(WorkerHeartbeat).where(gone))


async def forget_heartbeat(*, session: AsyncSession, process: str) -> None:
    """Remove a stopped worker's heartbeat (it no longer claims work)."""
    statement = delete(WorkerHeartbeat).where(col(WorkerHeartbeat.process) == process)
    await session.exec(statement)
