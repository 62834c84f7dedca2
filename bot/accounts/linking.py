"""Linking a Slack user to their Zoom account: one-time state, PKCE, code exchange, unlink."""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta

from bot.crypto import TokenCipher, TokenDecryptError
from bot.slack.gateway import SlackGateway
from bot.zoom.client import ZoomClient
from bot.zoom.errors import ZoomError
from bot.zoom.oauth import ZoomOAuth, pkce_challenge
from store.db import Database
from store.models import ZoomOAuthState
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


@dataclass(frozen=True)
class PendingLink:
    """Who asked for a link that is waiting to be confirmed in a browser."""

    team_id: str
    slack_user_id: str
    user_name: str  # the Slack display name, or the user id when Slack would not say
    team_name: str  # the workspace name, or the team id


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
        slack: SlackGateway | None = None,
    ) -> None:
        self.slack = slack
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

    async def pending(self, state: str) -> PendingLink:
        """The Slack user and workspace a live state was issued to, named for the person."""
        row = await self._live_state(state)
        user_name, team_name = row.slack_user_id, row.team_id
        if self.slack is not None:
            try:  # names help the person notice a link that is not theirs; ids will do
                client = await self.slack.client_for(row.team_id)
                user = (await client.users_info(user=row.slack_user_id)).get("user") or {}
                profile = user.get("profile") or {}
                user_name = str(profile.get("real_name") or user.get("name") or user_name)
                team_name = str((await client.auth_test()).get("team") or team_name)
            except Exception as error:
                logger.info("zoom.link_names_unavailable", extra={"error": type(error).__name__})
        return PendingLink(row.team_id, row.slack_user_id, user_name, team_name)

    def browser_token(self, state: str) -> str:
        """A cookie value binding this browser to the state: random, sealed, not derivable."""
        return self.cipher.encrypt(f"{state_digest(state)}:{secrets.token_urlsafe(16)}")

    def browser_matches(self, state: str, token: str | None) -> bool:
        """Whether `token` was issued by `browser_token` for this state."""
        if not token:
            return False
        try:
            sealed = self.cipher.decrypt(token)
        except TokenDecryptError:
            return False
        return sealed.partition(":")[0] == state_digest(state)

    async def _live_state(self, state: str) -> ZoomOAuthState:
        async with self.db.sessions() as session:
            row = await repo.find_oauth_state(session=session, state_hash=state_digest(state))
        if row is None or row.expires_at <= utcnow():
            raise LinkError("This link has expired or was already used. Run /zoom link again.")
        return row

    async def authorize_url(self, state: str) -> str:
        """Zoom's authorize URL for a live state (after the person confirmed in the browser)."""
        row = await self._live_state(state)
        verifier = self.cipher.decrypt(row.code_verifier_enc)
        challenge = pkce_challenge(verifier)
        return self.oauth.authorize_url(
            redirect_uri=self.redirect_uri, state=state, code_challenge=challenge
        )

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
        async with self.db.sessions() as session:
            link = await repo.get_link(
                session=session, team_id=team_id, slack_user_id=slack_user_id
            )
        if link is None:
            return False
        try:  # no transaction is open while Zoom answers
            await self.oauth.revoke(self.cipher.decrypt(link.access_token_enc))
        except ZoomError as error:  # the link goes regardless; Zoom may have dropped it
            logger.warning("zoom.revoke_failed", extra={"error": type(error).__name__})
        async with self.db.transaction() as session:
            removed = await repo.delete_link(
                session=session, team_id=team_id, slack_user_id=slack_user_id
            )
            # Their subscriptions name the Zoom user they no longer speak for.
            await delete_user_subscriptions(
                session=session, team_id=team_id, slack_user_id=slack_user_id
            )
        logger.info("zoom.unlinked", extra={"team_id": team_id})
        return removed
