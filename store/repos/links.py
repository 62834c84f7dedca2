"""Zoom links and the one-time OAuth states that create them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, delete, or_, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from store.models import LinkStatus, ZoomLink, ZoomOAuthState
from store.types import utcnow


async def create_oauth_state(
    *,
    session: AsyncSession,
    state_hash: str,
    team_id: str,
    slack_user_id: str,
    code_verifier_enc: str,
    expires_at: datetime,
) -> ZoomOAuthState:
    """Record a state issued for one Slack user."""
    row = ZoomOAuthState(
        state_hash=state_hash,
        team_id=team_id,
        slack_user_id=slack_user_id,
        code_verifier_enc=code_verifier_enc,
        expires_at=expires_at,
    )
    session.add(row)
    await session.flush()
    return row


async def find_oauth_state(*, session: AsyncSession, state_hash: str) -> ZoomOAuthState | None:
    """A state by its hash, without using it up."""
    query = select(ZoomOAuthState).where(col(ZoomOAuthState.state_hash) == state_hash)
    return (await session.exec(query)).first()


async def consume_oauth_state(*, session: AsyncSession, state_hash: str) -> ZoomOAuthState | None:
    """Delete and return a state; a second caller gets None (single use)."""
    row = await find_oauth_state(session=session, state_hash=state_hash)
    if row is None:
        return None
    statement = delete(ZoomOAuthState).where(col(ZoomOAuthState.id) == row.id)
    deleted = await session.exec(statement)
    return row if deleted.rowcount == 1 else None


async def purge_expired_states(*, session: AsyncSession, now: datetime) -> int:
    """Delete states past their expiry."""
    statement = delete(ZoomOAuthState).where(col(ZoomOAuthState.expires_at) < now)
    return (await session.exec(statement)).rowcount


async def get_link(
    *, session: AsyncSession, team_id: str, slack_user_id: str, for_update: bool = False
) -> ZoomLink | None:
    """A Slack user's link; `for_update` locks the row until the transaction ends."""
    query = select(ZoomLink).where(
        col(ZoomLink.team_id) == team_id, col(ZoomLink.slack_user_id) == slack_user_id
    )
    if for_update:
        query = query.with_for_update()
    return (await session.exec(query)).first()


async def save_link(
    *,
    session: AsyncSession,
    team_id: str,
    slack_user_id: str,
    zoom_user_id: str,
    zoom_account_id: str,
    zoom_email: str,
    zoom_name: str,
    access_token_enc: str,
    refresh_token_enc: str,
    expires_at: datetime,
    scope: str,
) -> ZoomLink:
    """Create or replace a Slack user's link (a relink replaces tokens and clears 'broken')."""
    link = await get_link(
        session=session, team_id=team_id, slack_user_id=slack_user_id, for_update=True
    )
    if link is None:
        link = ZoomLink(
            team_id=team_id,
            slack_user_id=slack_user_id,
            zoom_user_id=zoom_user_id,
            access_token_enc=access_token_enc,
            refresh_token_enc=refresh_token_enc,
            expires_at=expires_at,
        )
    link.zoom_user_id = zoom_user_id
    link.zoom_account_id = zoom_account_id
    link.zoom_email = zoom_email
    link.zoom_name = zoom_name
    link.access_token_enc = access_token_enc
    link.refresh_token_enc = refresh_token_enc
    link.expires_at = expires_at
    link.scope = scope
    link.status = LinkStatus.ACTIVE
    link.updated_at = utcnow()
    session.add(link)
    await session.flush()
    return link


async def store_tokens(
    *,
    session: AsyncSession,
    link: ZoomLink,
    access_token_enc: str,
    refresh_token_enc: str,
    expires_at: datetime,
    scope: str,
) -> None:
    """Persist a refreshed token pair on a (locked) link."""
    link.access_token_enc = access_token_enc
    link.refresh_token_enc = refresh_token_enc
    link.expires_at = expires_at
    link.scope = scope or link.scope
    link.updated_at = utcnow()
    session.add(link)
    await session.flush()


async def claim_refresh(
    *, session: AsyncSession, link_id: int, now: datetime, stale_before: datetime
) -> bool:
    """Mark a link as being refreshed by the caller, unless a fresh claim is held elsewhere."""
    statement = (
        update(ZoomLink)
        .where(
            col(ZoomLink.id) == link_id,
            or_(
                col(ZoomLink.status) == LinkStatus.ACTIVE,
                and_(
                    col(ZoomLink.status) == LinkStatus.REFRESHING,
                    col(ZoomLink.updated_at) < stale_before,
                ),
            ),
        )
        .values(status=LinkStatus.REFRESHING, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return (await session.exec(statement)).rowcount == 1


async def finish_refresh(
    *,
    session: AsyncSession,
    link_id: int,
    old_refresh_enc: str,
    status: LinkStatus,
    **tokens: object,
) -> bool:
    """End a refresh: store the new tokens (or just the status) if nobody stored others first."""
    statement = (
        update(ZoomLink)
        .where(col(ZoomLink.id) == link_id, col(ZoomLink.refresh_token_enc) == old_refresh_enc)
        .values(status=status, updated_at=utcnow(), **tokens)
        .execution_options(synchronize_session=False)
    )
    return (await session.exec(statement)).rowcount == 1


async def mark_broken(*, session: AsyncSession, link: ZoomLink) -> None:
    """Zoom no longer accepts this link's refresh token."""
    link.status = LinkStatus.BROKEN
    link.updated_at = utcnow()
    session.add(link)
    await session.flush()


async def delete_link(*, session: AsyncSession, team_id: str, slack_user_id: str) -> bool:
    """Remove a Slack user's link; whether there was one."""
    statement = delete(ZoomLink).where(
        col(ZoomLink.team_id) == team_id, col(ZoomLink.slack_user_id) == slack_user_id
    )
    return (await session.exec(statement)).rowcount > 0


async def links_for_zoom_user(*, session: AsyncSession, zoom_user_id: str) -> list[ZoomLink]:
    """Every Slack user (in any workspace) linked to one Zoom user."""
    query = select(ZoomLink).where(col(ZoomLink.zoom_user_id) == zoom_user_id)
    return list((await session.exec(query)).all())
