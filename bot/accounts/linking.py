"""Linking a Slack user to their Zoom account: one-time state, PKCE, code exchange, unlink."""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta

from bot.crypto import TokenCipher
from bot.zoom.client import ZoomClient
from bot.zoom.errors import ZoomError
from bot.zoom.oauth import ZoomOAuth, pkce_challenge
from store.db import Database
from store.repos import links as repo
from store.repos.subscriptions import delete_user_subscriptions
from store.types import utcnow

logger = logging.getLogger(__name__)

STATE_TTL = timedelta(minutes=10)
CALLBACK_PATH = "/zoom/oauth/callback"
START_PATH = "/zoom/oauth/start"


class LinkError(Exception):
    """Linking could not finish; the message is shown to the person in their browser."""


@dataclass(frozen=True)
class LinkedAccount:
    """The outcome of a completed link."""

    team_id: str
    slack_user_id: str
    zoom_name: str
    zoom_email: str


def state_digest(state: str) -> str:
    """What we store and put in the browser cookie: never the state itself."""
    return hashlib.sha256(state.encode()).hexdigest()


class LinkFlow:
    """The user-level OAuth dance, from `/zoom link` to a stored, encrypted link."""

    def __init__(
        self,
        *,
        db: Database,
        cipher: TokenCipher,
        oauth: ZoomOAuth,
        client: ZoomClient,
        public_url: str,
    ) -> None:
        self.db = db
        self.cipher = cipher
        self.oauth = oauth
        self.client = client
        self.public_url = public_url.rstrip("/")

    @property
    def redirect_uri(self) -> str:
        """Where Zoom sends the browser back to."""
        return self.public_url + CALLBACK_PATH

    async def start(self, team_id: str, slack_user_id: str) -> str:
        """Issue a one-time state (10 minutes, PKCE) and return the URL of our start page."""
        state = secrets.token_urlsafe(32)
        verifier, _challenge = ZoomOAuth.new_pkce_pair()
        async with self.db.transaction() as session:
            await repo.purge_expired_states(session=session, now=utcnow())
            await repo.create_oauth_state(
                session=session,
                state_hash=state_digest(state),
                team_id=team_id,
                slack_user_id=slack_user_id,
                code_verifier_enc=self.cipher.encrypt(verifier),
                expires_at=utcnow() + STATE_TTL,
            )
        return f"{self.public_url}{START_PATH}?state={state}"

    async def authorize_url(self, state: str) -> str:
        """Zoom's authorize URL for a live state (the start page redirects there)."""
        async with self.db.sessions() as session:
            row = await repo.find_oauth_state(session=session, state_hash=state_digest(state))
        if row is None or row.expires_at <= utcnow():
            raise LinkError("This link has expired or was already used. Run /zoom link again.")
        verifier = self.cipher.decrypt(row.code_verifier_enc)
        challenge = pkce_challenge(verifier)
        return self.oauth.authorize_url(
            redirect_uri=self.redirect_uri, state=state, code_challenge=challenge
        )

    async def linked_as(self, state: str) -> LinkedAccount | None:
        """Who the state's Slack user is already linked as (active links only)."""
        async with self.db.sessions() as session:
            row = await repo.find_oauth_state(session=session, state_hash=state_digest(state))
            if row is None:
                return None
            link = await repo.get_link(
                session=session, team_id=row.team_id, slack_user_id=row.slack_user_id
            )
        if link is None or link.status != "active":
            return None
        return LinkedAccount(row.team_id, row.slack_user_id, link.zoom_name, link.zoom_email)

    async def discard(self, state: str) -> None:
        """Use up a state without linking (the person declined at Zoom)."""
        async with self.db.transaction() as session:
            await repo.consume_oauth_state(session=session, state_hash=state_digest(state))

    async def complete(self, state: str, code: str) -> LinkedAccount:
        """Use up the state, exchange the code, read the Zoom user, store the link."""
        async with self.db.transaction() as session:
            row = await repo.consume_oauth_state(session=session, state_hash=state_digest(state))
        if row is None or row.expires_at <= utcnow():
            raise LinkError("This link has expired or was already used. Run /zoom link again.")
        verifier = self.cipher.decrypt(row.code_verifier_enc)
        try:
            tokens = await self.oauth.exchange_code(
                code=code, redirect_uri=self.redirect_uri, code_verifier=verifier
            )
            user = await self.client.get_user(token=tokens.access_token)
        except ZoomError as error:
            raise LinkError(f"Zoom did not accept the sign-in: {error.message}") from None
        if tokens.refresh_token is None:
            raise LinkError("Zoom returned no refresh token; check the Zoom app's type.")
        async with self.db.transaction() as session:
            await repo.save_link(
                session=session,
                team_id=row.team_id,
                slack_user_id=row.slack_user_id,
                zoom_user_id=user.id,
                zoom_account_id=user.account_id,
                zoom_email=user.email,
                zoom_name=user.name,
                access_token_enc=self.cipher.encrypt(tokens.access_token),
                refresh_token_enc=self.cipher.encrypt(tokens.refresh_token),
                expires_at=tokens.expires_at,
                scope=tokens.scope,
            )
        logger.info("zoom.linked", extra={"team_id": row.team_id})
        return LinkedAccount(row.team_id, row.slack_user_id, user.name, user.email)

    async def unlink(self, team_id: str, slack_user_id: str) -> bool:
        """Revoke at Zoom (best effort); delete the link and the person's subscriptions."""
        async with self.db.transaction() as session:
            link = await repo.get_link(
                session=session, team_id=team_id, slack_user_id=slack_user_id, for_update=True
            )
            if link is None:
                return False
            try:
                await self.oauth.revoke(self.cipher.decrypt(link.access_token_enc))
            except ZoomError as error:  # the link goes regardless; Zoom may have dropped it
                logger.warning("zoom.revoke_failed", extra={"error": type(error).__name__})
            await repo.delete_link(session=session, team_id=team_id, slack_user_id=slack_user_id)
            # Their subscriptions name the Zoom user they no longer speak for.
            await delete_user_subscriptions(
                session=session, team_id=team_id, slack_user_id=slack_user_id
            )
        logger.info("zoom.unlinked", extra={"team_id": team_id})
        return True
