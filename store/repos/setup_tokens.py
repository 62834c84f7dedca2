"""One-time operator sign-ins for the setup page, stored as hashes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from store.models import SetupToken


async def add_setup_token(
    *, session: AsyncSession, token_hash: str, expires_at: datetime
) -> SetupToken:
    """Record a freshly issued token (its hash only)."""
    row = SetupToken(token_hash=token_hash, expires_at=expires_at)
    session.add(row)
    await session.flush()
    return row


async def consume_setup_token(*, session: AsyncSession, token_hash: str, now: datetime) -> bool:
    """Use up a live token; a second use, an unknown or an expired token gives False."""
    await session.exec(delete(SetupToken).where(col(SetupToken.expires_at) <= now))
    statement = delete(SetupToken).where(col(SetupToken.token_hash) == token_hash)
    return (await session.exec(statement)).rowcount == 1
