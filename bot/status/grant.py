"""Granting status sync: Slack's OAuth v2 with user scopes, bound to the person who asked.

`/zoom status sync on` (or App Home) issues a one-time state bound to (team, user); our start
page remembers it in the browser and redirects to Slack's authorize page (built by
slack_sdk's AuthorizeUrlGenerator); the redirect back exchanges the code (oauth.v2.access)
and stores the user token encrypted, provided Slack says the same person granted it.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta

from slack_sdk.errors import SlackApiError
from slack_sdk.oauth import AuthorizeUrlGenerator

from bot.crypto import TokenCipher
from bot.slack.gateway import SlackGateway
from bot.status.facts import PAUSE_SCOPE, USER_SCOPES
from store.db import Database
from store.repos import status_people as repo
from store.types import utcnow

logger = logging.getLogger(__name__)

STATE_TTL = timedelta(minutes=10)
START_PATH = "/slack/status/start"
CALLBACK_PATH = "/slack/status/oauth_redirect"
EXPIRED = "This link has expired or was already used. Run /zoom status sync on again."


class GrantError(Exception):
    """The grant could not finish; the message is shown in the person's browser."""


@dataclass(frozen=True)
class Granted:
    """Who turned status sync on, and whether notifications pause too."""

    team_id: str
    slack_user_id: str
    pause_notifications: bool


def state_digest(state: str) -> str:
    """What we store and put in the browser cookie: never the state itself."""
    return hashlib.sha256(state.encode()).hexdigest()


class StatusGrantFlow:
    """The user-token OAuth dance for status sync (single- and multi-workspace alike)."""

    def __init__(
        self,
        *,
        db: Database,
        cipher: TokenCipher,
        slack: SlackGateway,
        client_id: str,
        client_secret: str,
        public_url: str,
        authorize_url: str,
    ) -> None:
        self.db = db
        self.cipher = cipher
        self.slack = slack
        self.client_id = client_id
        self._client_secret = client_secret
        self.public_url = public_url.rstrip("/")
        self._authorize = authorize_url

    @property
    def redirect_uri(self) -> str:
        """Where Slack sends the browser back to."""
        return self.public_url + CALLBACK_PATH

    async def start(self, team_id: str, slack_user_id: str, *, pause: bool) -> str:
        """Issue a one-time state (10 minutes) and return the URL of our start page."""
        state = secrets.token_urlsafe(32)
        async with self.db.transaction() as session:
            await repo.create_grant_state(
                session=session,
                state_hash=state_digest(state),
                team_id=team_id,
                slack_user_id=slack_user_id,
                pause_notifications=pause,
                expires_at=utcnow() + STATE_TTL,
            )
        return f"{self.public_url}{START_PATH}?state={state}"

    async def authorize_url(self, state: str) -> str:
        """Slack's authorize URL for a live state, asking for user scopes only."""
        async with self.db.sessions() as session:
            row = await repo.find_grant_state(session=session, state_hash=state_digest(state))
        if row is None or row.expires_at <= utcnow():
            raise GrantError(EXPIRED)
        scopes = [*USER_SCOPES, PAUSE_SCOPE] if row.pause_notifications else list(USER_SCOPES)
        generator = AuthorizeUrlGenerator(
            client_id=self.client_id,
            redirect_uri=self.redirect_uri,
            scopes=[],
            user_scopes=scopes,
            authorization_url=self._authorize,
        )
        return generator.generate(state, team=row.team_id)

    async def discard(self, state: str) -> None:
        """Use up a state without granting (the person declined at Slack)."""
        async with self.db.transaction() as session:
            await repo.consume_grant_state(session=session, state_hash=state_digest(state))

    async def complete(self, state: str, code: str) -> Granted:
        """Use up the state, exchange the code, check who granted it, store the token."""
        async with self.db.transaction() as session:
            row = await repo.consume_grant_state(session=session, state_hash=state_digest(state))
        if row is None or row.expires_at <= utcnow():
            raise GrantError(EXPIRED)
        try:
            answer = await self.slack.client().oauth_v2_access(
                client_id=self.client_id,
                client_secret=self._client_secret,
                code=code,
                redirect_uri=self.redirect_uri,
            )
        except SlackApiError as error:
            reason = error.response.get("error", "unknown error")
            raise GrantError(f"Slack did not accept the permission ({reason}).") from None
        user = answer.get("authed_user") or {}
        team = (answer.get("team") or {}).get("id")
        token = user.get("access_token")
        if user.get("id") != row.slack_user_id or team != row.team_id or not token:
            raise GrantError(
                "That permission was granted by a different Slack account than the one that "
                "asked. Run /zoom status sync on from your own account."
            )
        scope = str(user.get("scope") or "")
        async with self.db.transaction() as session:
            await repo.save_grant(
                session=session,
                team_id=row.team_id,
                slack_user_id=row.slack_user_id,
                email=await self._email(row.team_id, row.slack_user_id),
                user_token_enc=self.cipher.encrypt(str(token)),
                scope=scope,
                pause_notifications=row.pause_notifications and PAUSE_SCOPE in scope.split(","),
            )
        logger.info("status.granted", extra={"team_id": row.team_id})
        return Granted(row.team_id, row.slack_user_id, row.pause_notifications)

    async def _email(self, team_id: str, slack_user_id: str) -> str:
        """The Slack profile email (bot, users:read.email): how Zoom participants are matched."""
        try:
            client = await self.slack.client_for(team_id)
            answer = await client.users_info(user=slack_user_id)
        except Exception as error:  # linked Zoom emails still match; say why this one is empty
            logger.warning("status.email_unavailable", extra={"error": type(error).__name__})
            return ""
        return str((answer.get("user") or {}).get("profile", {}).get("email") or "")
