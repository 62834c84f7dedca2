"""Channel subscriptions: which channels hear about whose meetings."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from store.models import ChannelSubscription


def event_names(subscription: ChannelSubscription) -> set[str]:
    """The events a subscription asked for."""
    return {name for name in subscription.events.split(",") if name}


async def save_subscription(
    *,
    session: AsyncSession,
    team_id: str,
    channel_id: str,
    slack_user_id: str,
    zoom_user_id: str,
    events: Iterable[str],
    include_passcodes: bool,
    show_names: bool = False,
    remind_minutes: int | None = None,
) -> ChannelSubscription:
    """Create or replace one person's subscription in one channel."""
    query = select(ChannelSubscription).where(
        col(ChannelSubscription.team_id) == team_id,
        col(ChannelSubscription.channel_id) == channel_id,
        col(ChannelSubscription.slack_user_id) == slack_user_id,
    )
    row = (await session.exec(query.with_for_update())).first()
    if row is None:
        row = ChannelSubscription(
            team_id=team_id,
            channel_id=channel_id,
            slack_user_id=slack_user_id,
            zoom_user_id=zoom_user_id,
        )
    row.zoom_user_id = zoom_user_id
    row.events = ",".join(sorted(set(events)))
    row.include_passcodes = include_passcodes
    row.show_names = show_names
    row.remind_minutes = remind_minutes
    session.add(row)
    await session.flush()
    return row


async def delete_subscription(
    *, session: AsyncSession, team_id: str, channel_id: str, slack_user_id: str
) -> bool:
    """Remove one person's subscription in one channel; whether there was one."""
    statement = delete(ChannelSubscription).where(
        col(ChannelSubscription.team_id) == team_id,
        col(ChannelSubscription.channel_id) == channel_id,
        col(ChannelSubscription.slack_user_id) == slack_user_id,
    )
    return (await session.exec(statement)).rowcount > 0


async def channel_subscriptions(
    *, session: AsyncSession, team_id: str, channel_id: str
) -> list[ChannelSubscription]:
    """Every subscription in one channel of one workspace, oldest first."""
    query = select(ChannelSubscription).where(
        col(ChannelSubscription.team_id) == team_id,
        col(ChannelSubscription.channel_id) == channel_id,
    )
    return list((await session.exec(query.order_by(col(ChannelSubscription.id)))).all())


async def subscriptions_for_host(
    *, session: AsyncSession, zoom_user_id: str, event: str
) -> list[ChannelSubscription]:
    """Subscriptions (in any workspace) to one Zoom host that include `event`."""
    query = select(ChannelSubscription).where(col(ChannelSubscription.zoom_user_id) == zoom_user_id)
    rows = (await session.exec(query.order_by(col(ChannelSubscription.id)))).all()
    return [row for row in rows if event in event_names(row)]


async def delete_user_subscriptions(
    *, session: AsyncSession, team_id: str, slack_user_id: str
) -> int:
    """Remove every subscription one person made in a workspace (they unlinked)."""
    statement = delete(ChannelSubscription).where(
        col(ChannelSubscription.team_id) == team_id,
        col(ChannelSubscription.slack_user_id) == slack_user_id,
    )
    return (await session.exec(statement)).rowcount
