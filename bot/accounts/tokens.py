"""Whose Zoom account acts for a Slack user, and with which token.

User-level mode: tokens are stored encrypted and refreshed once per user (an asyncio lock,
and across processes a committed claim on the link row: no transaction stays open while Zoom
answers), because Zoom's refresh tokens rotate. Server-to-Server mode: one account token;
Slack users map to Zoom users by profile email, in the allowed workspaces only.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal, TypeVar

from bot.crypto import TokenCipher
from bot.slack.gateway import SlackGateway
from bot.zoom.client import ZoomClient
from bot.zoom.errors import LinkBroken, NotLinked, TokenExpired, ZoomUnavailable
from bot.zoom.models import TokenSet
from bot.zoom.oauth import ZoomOAuth
from store.db import Database
from store.models import LinkStatus, ZoomLink
from store.repos import links as repo
from store.types import utcnow

logger = logging.getLogger(__name__)

T = TypeVar("T")
REFRESH_LEEWAY = timedelta(seconds=60)
CLAIM_TTL = timedelta(seconds=60)  # longer than one token call may take (15 s client timeout)
CLAIM_POLL_SECONDS = 0.1
NOT_AN_S2S_WORKSPACE = "This workspace may not use this server's account-level Zoom app."
EMAIL_CACHE_SECONDS = 300.0


@dataclass(frozen=True)
class ZoomIdentity:
    """The Zoom user acting for one Slack user."""

    team_id: str
    slack_user_id: str
    api_user: str  # the {userId} for Zoom's API: "me" (user-level) or the email (S2S)
    zoom_user_id: str  # Zoom's id for the user ("" in S2S until Zoom was asked)
    email: str
    name: str
    mode: Literal["user", "s2s"]


class ZoomAccounts:
    """Resolves identities and tokens; `call` runs one Zoom operation with a fresh token."""

    def __init__(
        self,
        *,
        db: Database,
        cipher: TokenCipher,
        oauth: ZoomOAuth,
        client: ZoomClient,
        slack: SlackGateway,
        account_id: str | None = None,
        s2s_team_ids: frozenset[str] = frozenset(),
    ) -> None:
        self.db = db
        self.cipher = cipher
        self.oauth = oauth
        self.client = client
        self.slack = slack
        self.account_id = account_id
        self.s2s_team_ids = s2s_team_ids  # empty: every workspace this app serves
        self.on_link_broken: Callable[[str, str], Awaitable[None]] | None = None
        self._user_locks: dict[tuple[str, str], asyncio.Lock] = {}
        self._account_lock = asyncio.Lock()
        self._account_token: TokenSet | None = None
        self._emails: dict[tuple[str, str], tuple[float, str]] = {}

    @property
    def mode(self) -> Literal["user", "s2s"]:
        """Server-to-Server when an account id is configured, else user-level."""
        return "s2s" if self.account_id else "user"

    async def call(
        self,
        team_id: str,
        slack_user_id: str,
        operation: Callable[[str, ZoomIdentity], Awaitable[T]],
    ) -> T:
        """Run `operation(token, identity)`; on an expired token, refresh once and retry."""
        identity, token = await self.credentials(team_id, slack_user_id)
        try:
            return await operation(token, identity)
        except TokenExpired:
            identity, token = await self.credentials(team_id, slack_user_id, stale=token)
            return await operation(token, identity)

    async def credentials(
        self, team_id: str, slack_user_id: str, *, stale: str | None = None
    ) -> tuple[ZoomIdentity, str]:
        """The identity and a usable access token; `stale` is a token Zoom just refused."""
        if self.mode == "s2s":
            token = await self._account_access(stale)
            email = await self.slack_email(team_id, slack_user_id)
            identity = ZoomIdentity(team_id, slack_user_id, email, "", email, email, "s2s")
            return identity, token
        link = await self._link(team_id, slack_user_id)
        token = self.cipher.decrypt(link.access_token_enc)
        if stale is None and link.expires_at - utcnow() > REFRESH_LEEWAY:
            return _identity(link), token
        return await self._refresh(team_id, slack_user_id, stale or token)

    async def identity(self, team_id: str, slack_user_id: str) -> ZoomIdentity:
        """Who acts for this Slack user, without touching tokens (S2S asks Zoom for the id)."""
        if self.mode == "s2s":

            async def lookup(token: str, who: ZoomIdentity) -> ZoomIdentity:
                user = await self.client.get_user(token=token, user_id=who.api_user)
                return ZoomIdentity(
                    team_id, slack_user_id, user.email, user.id, user.email, user.name, "s2s"
                )

            return await self.call(team_id, slack_user_id, lookup)
        return _identity(await self._link(team_id, slack_user_id))

    async def find_link(self, team_id: str, slack_user_id: str) -> ZoomLink | None:
        """The stored link, if any (for status pages)."""
        async with self.db.sessions() as session:
            return await repo.get_link(
                session=session, team_id=team_id, slack_user_id=slack_user_id
            )

    async def slack_email(self, team_id: str, slack_user_id: str) -> str:
        """The Slack user's profile email (users:read.email), cached for a few minutes."""
        if self.s2s_team_ids and team_id not in self.s2s_team_ids:
            raise NotLinked(NOT_AN_S2S_WORKSPACE)  # emails only identify people where allowed
        key = (team_id, slack_user_id)
        loop = asyncio.get_running_loop()
        cached = self._emails.get(key)
        if cached and loop.time() - cached[0] < EMAIL_CACHE_SECONDS:
            return cached[1]
        client = await self.slack.client_for(team_id)
        answer = await client.users_info(user=slack_user_id)
        email = str((answer.get("user") or {}).get("profile", {}).get("email") or "")
        if not email:
            raise NotLinked(
                "Your Slack profile has no email address, so I can't find your Zoom user. "
                "Ask an admin to add the users:read.email scope or set your email."
            )
        self._emails[key] = (loop.time(), email)
        return email

    async def _link(self, team_id: str, slack_user_id: str) -> ZoomLink:
        link = await self.find_link(team_id, slack_user_id)
        if link is None:
            raise NotLinked()
        if link.status == LinkStatus.BROKEN:
            raise LinkBroken()
        return link

    async def _refresh(
        self, team_id: str, slack_user_id: str, stale: str
    ) -> tuple[ZoomIdentity, str]:
        """Renew once per user across processes, with no transaction open during Zoom's call."""
        lock = self._user_locks.setdefault((team_id, slack_user_id), asyncio.Lock())
        async with lock:
            link = await self._claim(team_id, slack_user_id, stale)
            if isinstance(link, tuple):
                return link  # another task or process refreshed it meanwhile
            old = link.refresh_token_enc
            try:
                tokens = await self.oauth.refresh(self.cipher.decrypt(old))
            except LinkBroken:
                await self._finish(link, old, LinkStatus.BROKEN)
            except BaseException:
                with contextlib.suppress(Exception):  # else the claim lapses after CLAIM_TTL
                    await self._finish(link, old, LinkStatus.ACTIVE)
                raise
            else:
                refresh = tokens.refresh_token
                await self._finish(  # the new pair is stored before anyone uses it
                    link,
                    old,
                    LinkStatus.ACTIVE,
                    access_token_enc=self.cipher.encrypt(tokens.access_token),
                    refresh_token_enc=self.cipher.encrypt(refresh) if refresh else old,
                    expires_at=tokens.expires_at,
                    scope=tokens.scope or link.scope,
                )
                logger.info("zoom.token_refreshed", extra={"team_id": team_id})
                return _identity(link), tokens.access_token
        logger.warning("zoom.link_broken", extra={"team_id": team_id})
        if self.on_link_broken is not None:
            await self.on_link_broken(team_id, slack_user_id)
        raise LinkBroken()

    async def _claim(
        self, team_id: str, slack_user_id: str, stale: str
    ) -> ZoomLink | tuple[ZoomIdentity, str]:
        """Claim the refresh (committed at once), or the token someone else just stored."""
        deadline = asyncio.get_running_loop().time() + CLAIM_TTL.total_seconds()
        while True:
            link = await self._link(team_id, slack_user_id)
            current = self.cipher.decrypt(link.access_token_enc)
            if current != stale and link.expires_at - utcnow() > REFRESH_LEEWAY:
                return _identity(link), current
            held = link.status == LinkStatus.REFRESHING and utcnow() - link.updated_at < CLAIM_TTL
            if not held:  # nobody else is refreshing (or their claim lapsed)
                assert link.id is not None
                async with self.db.transaction() as session:
                    now = utcnow()
                    won = await repo.claim_refresh(
                        session=session, link_id=link.id, now=now, stale_before=now - CLAIM_TTL
                    )
                if won:
                    return link
            if asyncio.get_running_loop().time() > deadline:
                raise ZoomUnavailable(maybe_sent=False)
            await asyncio.sleep(CLAIM_POLL_SECONDS)

    async def _finish(self, link: ZoomLink, old: str, status: LinkStatus, **tokens: object) -> None:
        assert link.id is not None
        async with self.db.transaction() as session:
            await repo.finish_refresh(
                session=session, link_id=link.id, old_refresh_enc=old, status=status, **tokens
            )

    async def _account_access(self, stale: str | None) -> str:
        async with self._account_lock:
            cached = self._account_token
            usable = cached is not None and not cached.is_expired(utcnow(), leeway=REFRESH_LEEWAY)
            if cached is not None and usable and cached.access_token != stale:
                return cached.access_token
            assert self.account_id is not None
            self._account_token = await self.oauth.account_token(self.account_id)
            return self._account_token.access_token


def _identity(link: ZoomLink) -> ZoomIdentity:
    return ZoomIdentity(
        team_id=link.team_id,
        slack_user_id=link.slack_user_id,
        api_user="me",
        zoom_user_id=link.zoom_user_id,
        email=link.zoom_email,
        name=link.zoom_name,
        mode="user",
    )
