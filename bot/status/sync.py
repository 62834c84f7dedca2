"""Turning status sync on and off, and what happens when Slack revokes a person's token."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Literal

from slack_sdk.errors import SlackApiError

from bot.crypto import TokenCipher
from bot.slack.gateway import SlackGateway
from bot.status.facts import PAUSE_SCOPE, Status
from bot.status.grant import StatusGrantFlow
from store.db import Database
from store.repos import status_people as repo

logger = logging.getLogger(__name__)

TurnedOff = Callable[[str, str], Awaitable[None]]  # (team_id, slack_user_id): tell them


@dataclass(frozen=True)
class SyncState:
    """Whether a person's status follows their meetings."""

    kind: Literal["on", "off"]
    pause_notifications: bool = False


async def _nothing(_team_id: str, _user_id: str) -> None:
    return None


class StatusSyncService:
    """What `/zoom status sync`, App Home and Slack's tokens_revoked do."""

    def __init__(
        self, *, db: Database, cipher: TokenCipher, slack: SlackGateway, flow: StatusGrantFlow
    ) -> None:
        self.db = db
        self.cipher = cipher
        self.slack = slack
        self.flow = flow
        self.on_revoked: TurnedOff = _nothing

    async def state(self, team_id: str, slack_user_id: str) -> SyncState:
        """On (with or without pausing notifications) or off."""
        async with self.db.sessions() as session:
            row = await repo.get_sync(session=session, team_id=team_id, slack_user_id=slack_user_id)
        if row is None:
            return SyncState("off")
        return SyncState("on", row.pause_notifications)

    async def needs_grant(self, team_id: str, slack_user_id: str, *, pause: bool) -> bool:
        """Whether turning on (with `pause`) needs the person to grant a (wider) token."""
        async with self.db.sessions() as session:
            row = await repo.get_sync(session=session, team_id=team_id, slack_user_id=slack_user_id)
        return row is None or (pause and PAUSE_SCOPE not in row.scope.split(","))

    async def grant_urls(self, team_id: str, slack_user_id: str) -> tuple[str, str]:
        """Start-page URLs: status only, and status plus paused notifications."""
        plain = await self.flow.start(team_id, slack_user_id, pause=False)
        return plain, await self.flow.start(team_id, slack_user_id, pause=True)

    async def turn_off(self, team_id: str, slack_user_id: str) -> bool:
        """Put back a status we are showing, revoke the token, forget it; whether it was on."""
        async with self.db.transaction() as session:
            row = await repo.get_sync(
                session=session, team_id=team_id, slack_user_id=slack_user_id, for_update=True
            )
            if row is None:
                return False
            token = self.cipher.decrypt(row.user_token_enc)
            shown, saved = Status.from_json(row.shown_status), Status.from_json(row.saved_status)
            await repo.delete_sync(session=session, team_id=team_id, slack_user_id=slack_user_id)
        client = self.slack.client(token)
        try:
            if shown is not None:
                current = Status.from_profile((await client.users_profile_get()).get("profile"))
                if current.same_as(shown):
                    await client.users_profile_set(profile=(saved or Status()).to_profile())
            await client.auth_revoke()
        except SlackApiError as error:  # the token may be dead already; it is forgotten anyway
            logger.warning(
                "status.turn_off_incomplete", extra={"error": error.response.get("error")}
            )
        logger.info("status.turned_off", extra={"team_id": team_id})
        return True

    async def revoked(self, team_id: str, slack_user_ids: list[str]) -> int:
        """Slack revoked these people's user tokens: sync is off for them; they are told."""
        gone = []
        async with self.db.transaction() as session:
            for user in slack_user_ids:
                if await repo.delete_sync(session=session, team_id=team_id, slack_user_id=user):
                    gone.append(user)
        for user in gone:
            logger.info("status.token_revoked", extra={"team_id": team_id})
            await self.on_revoked(team_id, user)
        return len(gone)
