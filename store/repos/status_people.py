"""Status sync: opted-in people, the meetings they are in, and the one-time grant states."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from store.models import ZoomLink
from store.status_models import StatusGrantState, StatusPresence, StatusSync
from store.types import utcnow


async def get_sync(
    *, session: AsyncSession, team_id: str, slack_user_id: str, for_update: bool = False
) -> StatusSync | None:
    """A person's status sync row; `for_update` locks it until the transaction ends."""
    query = select(StatusSync).where(
        col(StatusSync.team_id) == team_id, col(StatusSync.slack_user_id) == slack_user_id
    )
    if for_update:
        query = query.with_for_update()
    return (await session.exec(query)).first()


async def save_grant(
    *,
    session: AsyncSession,
    team_id: str,
    slack_user_id: str,
    email: str,
    user_token_enc: str,
    scope: str,
    pause_notifications: bool,
) -> StatusSync:
    """Create or refresh a person's grant (a new token keeps any status on display)."""
    row = await get_sync(
        session=session, team_id=team_id, slack_user_id=slack_user_id, for_update=True
    )
    if row is None:
        row = StatusSync(team_id=team_id, slack_user_id=slack_user_id, user_token_enc="")
    row.email = email.lower()
    row.user_token_enc = user_token_enc
    row.scope = scope
    row.pause_notifications = pause_notifications
    row.updated_at = utcnow()
    session.add(row)
    await session.flush()
    return row


async def update_sync(*, session: AsyncSession, row: StatusSync, **values: Any) -> None:
    """Store what a delivery learnt (saved and shown status, snooze) on a locked row."""
    for name, value in values.items():
        setattr(row, name, value)
    row.updated_at = utcnow()
    session.add(row)
    await session.flush()


async def delete_sync(*, session: AsyncSession, team_id: str, slack_user_id: str) -> bool:
    """Forget a person's grant and presence; whether there was one."""
    row = await get_sync(session=session, team_id=team_id, slack_user_id=slack_user_id)
    if row is None:
        return False
    await session.exec(delete(StatusPresence).where(col(StatusPresence.sync_id) == row.id))
    await session.exec(delete(StatusSync).where(col(StatusSync.id) == row.id))
    return True


async def syncs_for_zoom_user(*, session: AsyncSession, zoom_user_id: str) -> list[StatusSync]:
    """Opted-in people linked to this Zoom user (the host of a meeting), locked."""
    query = (
        select(StatusSync)
        .join(
            ZoomLink,
            (col(ZoomLink.team_id) == col(StatusSync.team_id))
            & (col(ZoomLink.slack_user_id) == col(StatusSync.slack_user_id)),
        )
        .where(col(ZoomLink.zoom_user_id) == zoom_user_id)
        .order_by(col(StatusSync.id))
        .with_for_update(of=StatusSync)
    )
    return list((await session.exec(query)).all())


async def syncs_for_email(*, session: AsyncSession, email: str) -> list[StatusSync]:
    """Opted-in people whose Slack email or linked Zoom email is `email`, locked."""
    email = email.lower()
    linked = select(ZoomLink.team_id, ZoomLink.slack_user_id).where(
        func.lower(col(ZoomLink.zoom_email)) == email
    )
    pairs = {(team, user) for team, user in (await session.exec(linked)).all()}
    query = select(StatusSync).order_by(col(StatusSync.id)).with_for_update()
    if pairs:
        teams = {team for team, _ in pairs}
        query = query.where((col(StatusSync.email) == email) | col(StatusSync.team_id).in_(teams))
    else:
        query = query.where(col(StatusSync.email) == email)
    found = (await session.exec(query)).all()
    return [r for r in found if r.email == email or (r.team_id, r.slack_user_id) in pairs]


async def syncs_in_meeting(*, session: AsyncSession, meeting_key: str) -> list[StatusSync]:
    """Opted-in people who are in this meeting, locked."""
    query = (
        select(StatusSync)
        .join(StatusPresence, col(StatusPresence.sync_id) == col(StatusSync.id))
        .where(col(StatusPresence.meeting_key) == meeting_key)
        .order_by(col(StatusSync.id))
        .with_for_update(of=StatusSync)
    )
    return list((await session.exec(query)).all())


async def presences(*, session: AsyncSession, sync_id: int) -> list[StatusPresence]:
    """The meetings a person is in, earliest joined first."""
    query = (
        select(StatusPresence)
        .where(col(StatusPresence.sync_id) == sync_id)
        .order_by(col(StatusPresence.started_at), col(StatusPresence.id))
    )
    return list((await session.exec(query)).all())


async def add_presence(
    *, session: AsyncSession, sync_id: int, meeting_key: str, zoom_user_id: str, ends_at: datetime
) -> bool:
    """Record that a person is in a meeting; False when already recorded."""
    for row in await presences(session=session, sync_id=sync_id):
        if row.meeting_key == meeting_key:
            return False
    session.add(
        StatusPresence(
            sync_id=sync_id, meeting_key=meeting_key, zoom_user_id=zoom_user_id, ends_at=ends_at
        )
    )
    await session.flush()
    return True


async def remove_presence(*, session: AsyncSession, sync_id: int, meeting_key: str) -> bool:
    """A person left a meeting; False when they were not recorded in it."""
    statement = delete(StatusPresence).where(
        col(StatusPresence.sync_id) == sync_id, col(StatusPresence.meeting_key) == meeting_key
    )
    return (await session.exec(statement)).rowcount > 0


async def create_grant_state(
    *,
    session: AsyncSession,
    state_hash: str,
    team_id: str,
    slack_user_id: str,
    pause_notifications: bool,
    expires_at: datetime,
) -> None:
    """Record a state issued to one Slack user (and drop expired ones)."""
    await session.exec(delete(StatusGrantState).where(col(StatusGrantState.expires_at) < utcnow()))
    session.add(
        StatusGrantState(
            state_hash=state_hash,
            team_id=team_id,
            slack_user_id=slack_user_id,
            pause_notifications=pause_notifications,
            expires_at=expires_at,
        )
    )
    await session.flush()


async def find_grant_state(*, session: AsyncSession, state_hash: str) -> StatusGrantState | None:
    """A state by its hash, without using it up."""
    query = select(StatusGrantState).where(col(StatusGrantState.state_hash) == state_hash)
    return (await session.exec(query)).first()


async def consume_grant_state(*, session: AsyncSession, state_hash: str) -> StatusGrantState | None:
    """Delete and return a state; a second caller gets None (single use)."""
    row = await find_grant_state(session=session, state_hash=state_hash)
    if row is None:
        return None
    deleted = await session.exec(delete(StatusGrantState).where(col(StatusGrantState.id) == row.id))
    return row if deleted.rowcount == 1 else None
