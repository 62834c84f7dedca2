"""The service layer built the way the app builds it, for service-level tests and subprocesses."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime

import aiohttp
import httpx

from bot.app import ADAPTERS
from bot.container import Services
from bot.crypto import TokenCipher
from bot.settings import Settings
from bot.slack.gateway import SlackGateway
from bot.wiring import build_services
from store.db import Database
from store.repos.links import save_link


@asynccontextmanager
async def running_services(settings: Settings) -> AsyncIterator[Services]:
    """`Services` with a real database and HTTP clients, closed on exit."""
    db = Database.connect(settings.database_url)
    cipher = TokenCipher(settings.encryption_keys)
    async with httpx.AsyncClient(timeout=15) as zoom_http, aiohttp.ClientSession() as session:
        token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
        slack = SlackGateway(api_url=settings.slack_api_url, session=session, bot_token=token)
        try:
            yield build_services(settings, db, zoom_http, slack, cipher, ADAPTERS)
        finally:
            await db.close()


async def seed_link(
    services: Services,
    *,
    access_token: str,
    refresh_token: str,
    expires_at: datetime,
    team_id: str = "T0001",
    slack_user_id: str = "U0001",
    zoom_user_id: str = "zu-ada",
    email: str = "ada@example.com",
) -> None:
    """Store a link as the OAuth callback would, tokens encrypted."""
    assert services.cipher is not None
    async with services.db.transaction() as session:
        await save_link(
            session=session,
            team_id=team_id,
            slack_user_id=slack_user_id,
            zoom_user_id=zoom_user_id,
            zoom_account_id="acct-1",
            zoom_email=email,
            zoom_name="Ada Lovelace",
            access_token_enc=services.cipher.encrypt(access_token),
            refresh_token_enc=services.cipher.encrypt(refresh_token),
            expires_at=expires_at,
            scope="meeting:write",
        )
