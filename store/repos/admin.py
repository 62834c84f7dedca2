"""What a workspace admin sees: links, dead notices, subscriptions, the last webhook."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, or_, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from store.models import (
    ChannelSubscription,
    LinkStatus,
    OutboxMessage,
    OutboxStatus,
    WebhookEvent,
    ZoomLink,
)


async def team_links(*, session: AsyncSession, team_id: str) -> list[ZoomLink]:
    """Every Zoom link in a workspace, broken ones first."""
    query = select(ZoomLink).where(col(ZoomLink.team_id) == team_id)
    rows = list((await session.exec(query.order_by(col(ZoomLink.slack_user_id)))).all())
    return sorted(rows, key=lambda link: link.status != LinkStatus.BROKEN)


async def dead_messages(
    *, session: AsyncSession, team_id: str, limit: int = 10
) -> list[OutboxMessage]:
    """The newest notices that died in a workspace."""
    query = (
        select(OutboxMessage)
        .where(
            col(OutboxMessage.team_id) == team_id,
            col(OutboxMessage.status) == OutboxStatus.DEAD,
        )
        .order_by(col(OutboxMessage.id).desc())
        .limit(limit)
    )
    return list((await session.exec(query)).all())


async def revive_message(
    *, session: AsyncSession, team_id: str, message_id: int, now: datetime
) -> bool:
    """Put a dead notice of this workspace back in the queue, due now."""
    statement = (
        update(OutboxMessage)
        .where(
            col(OutboxMessage.id) == message_id,
            col(OutboxMessage.team_id) == team_id,
            col(OutboxMessage.status) == OutboxStatus.DEAD,
        )
        .values(status=OutboxStatus.PENDING, attempts=0, next_attempt_at=now, claimed_until=None)
        .execution_options(synchronize_session=False)
    )
    return (await session.exec(statement)).rowcount == 1


async def team_subscriptions(*, session: AsyncSession, team_id: str) -> list[ChannelSubscription]:
    """A workspace's channel subscriptions, by channel."""
    query = select(ChannelSubscription).where(col(ChannelSubscription.team_id) == team_id)
    order = (col(ChannelSubscription.channel_id), col(ChannelSubscription.slack_user_id))
    return list((await session.exec(query.order_by(*order))).all())


async def last_webhook_at(*, session: AsyncSession) -> datetime | None:
    """When the newest Zoom webhook was accepted."""
    value = (await session.exec(select(func.max(col(WebhookEvent.received_at))))).one()
    return value if isinstance(value, datetime) else None


async def stale_links(*, session: AsyncSession, older_than: datetime) -> list[ZoomLink]:
    """Active links untouched since `older_than` and not warned about since their last touch."""
    query = select(ZoomLink).where(
        col(ZoomLink.status) == LinkStatus.ACTIVE,
        col(ZoomLink.updated_at) < older_than,
        or_(
            col(ZoomLink.stale_notified_at).is_(None),
            col(ZoomLink.stale_notified_at) < col(ZoomLink.updated_at),
        ),
    )
    return list((await session.exec(query)).all())


async def mark_stale_notified(*, session: AsyncSession, link_id: int, now: datetime) -> None:
    """Remember that the person was warned (until the link is used again)."""
    statement = (
        update(ZoomLink)
        .where(col(ZoomLink.id) == link_id)
        .values(stale_notified_at=now)
        .execution_options(synchronize_session=False)
    )
    await session.exec(statement)


async def sample_token(*, session: AsyncSession) -> str | None:
    """One stored (encrypted) Zoom token, to prove the configured keys still open them."""
    query = select(col(ZoomLink.access_token_enc)).limit(1)
    value = (await session.exec(query)).first()
    return value if isinstance(value, str) else None
