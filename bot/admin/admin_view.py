"""What a workspace admin sees and may do; every action re-checks admin rights with Slack."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from bot.observability.correlation import current_request_id
from bot.slack.gateway import SlackGateway
from store.db import Database
from store.models import LinkStatus
from store.repos import admin as repo
from store.repos.outbox import add_message
from store.types import utcnow

logger = logging.getLogger(__name__)

RELINK_REMINDER = (
    ":link: An admin of this workspace asks you to link your Zoom account again: "
    "Zoombridge can no longer act for you in Zoom. Run `/zoom link` and follow the button."
)


@dataclass(frozen=True)
class LinkRow:
    """One person's Zoom link as the admin sees it."""

    slack_user_id: str
    zoom_name: str
    zoom_email: str
    broken: bool
    last_refreshed: datetime


@dataclass(frozen=True)
class DeadNotice:
    """A notice that could not be delivered, and why."""

    id: int
    channel_id: str
    reason: str
    text: str
    created_at: datetime


@dataclass(frozen=True)
class Overview:
    """Everything the admin section of App Home shows."""

    links: list[LinkRow]
    dead: list[DeadNotice]
    subscriptions: dict[str, list[tuple[str, str]]]  # channel -> [(slack user, events)]
    last_webhook_at: datetime | None


class AdminService:
    """Admin checks (users.info) and the admin's view and actions for one workspace."""

    def __init__(
        self, *, db: Database, slack: SlackGateway, wake: Callable[[], None] = lambda: None
    ) -> None:
        self._db = db
        self._slack = slack
        self._wake = wake

    async def is_admin(self, team_id: str, user_id: str) -> bool:
        """Whether Slack says this user is an admin or owner of the workspace (asked each time)."""
        try:
            client = await self._slack.client_for(team_id)
            answer = await client.users_info(user=user_id)
        except Exception as error:  # unknown user, no token, Slack away: not an admin
            logger.info("admin.check_failed", extra={"error": type(error).__name__})
            return False
        user = answer.get("user") or {}
        same_team = str(user.get("team_id") or team_id) == team_id
        flags = ("is_admin", "is_owner", "is_primary_owner")
        return same_team and any(user.get(flag) is True for flag in flags)

    async def overview(self, team_id: str) -> Overview:
        """Links, dead notices, subscriptions by channel and the last webhook seen."""
        async with self._db.sessions() as session:
            links = await repo.team_links(session=session, team_id=team_id)
            dead = await repo.dead_messages(session=session, team_id=team_id)
            subs = await repo.team_subscriptions(session=session, team_id=team_id)
            last = await repo.last_webhook_at(session=session)
        by_channel: dict[str, list[tuple[str, str]]] = {}
        for sub in subs:
            by_channel.setdefault(sub.channel_id, []).append((sub.slack_user_id, sub.events))
        return Overview(
            links=[
                LinkRow(
                    link.slack_user_id,
                    link.zoom_name,
                    link.zoom_email,
                    link.status == LinkStatus.BROKEN,
                    link.updated_at,
                )
                for link in links
            ],
            dead=[
                DeadNotice(
                    row.id or 0,
                    row.channel_id,
                    row.last_error or "unknown",
                    str(row.payload.get("text") or ""),
                    row.created_at,
                )
                for row in dead
            ],
            subscriptions=by_channel,
            last_webhook_at=last,
        )

    async def remind_relink(self, team_id: str, admin_id: str, slack_user_id: str) -> bool:
        """DM a person (through the outbox) to relink Zoom; nothing unless `admin_id` is admin."""
        if not await self.is_admin(team_id, admin_id):
            logger.warning("admin.refused", extra={"team_id": team_id, "action": "remind"})
            return False
        async with self._db.transaction() as session:
            await add_message(
                session=session,
                webhook_event_id=None,
                team_id=team_id,
                channel_id=slack_user_id,
                action="dm",
                payload={"text": RELINK_REMINDER},
                request_id=current_request_id(),
            )
        self._wake()
        logger.info("admin.relink_reminded", extra={"team_id": team_id})
        return True

    async def retry_dead(self, team_id: str, admin_id: str, message_id: int) -> bool:
        """Queue a dead notice again; nothing unless `admin_id` is admin of its workspace."""
        if not await self.is_admin(team_id, admin_id):
            logger.warning("admin.refused", extra={"team_id": team_id, "action": "retry"})
            return False
        async with self._db.transaction() as session:
            revived = await repo.revive_message(
                session=session, team_id=team_id, message_id=message_id, now=utcnow()
            )
        if revived:
            self._wake()
        logger.info("admin.retry", extra={"team_id": team_id, "revived": revived})
        return revived
