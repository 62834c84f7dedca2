"""Channel subscriptions: `/zoom subscribe`, `unsubscribe` and `subscriptions`.

A channel qualifies when the bot can post there: not a DM, not archived, and the bot is a
member (a private channel the bot is not in is invisible to it: `channel_not_found`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass

from slack_sdk.errors import SlackApiError

from bot.accounts.tokens import ZoomAccounts
from bot.slack.gateway import SlackGateway, slack_error_code
from bot.zoom.errors import NotLinked
from store.db import Database
from store.models import ChannelSubscription
from store.repos.links import get_link
from store.repos.subscriptions import (
    channel_subscriptions,
    delete_subscription,
    event_names,
    save_subscription,
)

Identify = Callable[[str, str], Awaitable[str]]

INVITE = "I'm not in this channel yet. Invite me with `/invite @Zoombridge`, then subscribe again."
NOT_A_CHANNEL = "Subscriptions work in channels, not in direct messages. Try again in a channel."
ARCHIVED = "This channel is archived, so I can't post notices here."


class ChannelProblem(Exception):
    """The channel can't receive notices; ``message`` tells the user what to do."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class SubscriptionView:
    """One subscription as the user sees it."""

    slack_user_id: str
    events: tuple[str, ...]
    include_passcodes: bool


def _view(row: ChannelSubscription) -> SubscriptionView:
    events = tuple(sorted(event_names(row)))
    return SubscriptionView(row.slack_user_id, events, row.include_passcodes)


class SubscriptionService:
    """Creates, removes and lists subscriptions after checking the channel with Slack."""

    def __init__(
        self, *, db: Database, slack: SlackGateway, identify: Identify | None = None
    ) -> None:
        self._db = db
        self._slack = slack
        self._identify = identify or self._linked_zoom_user

    async def _linked_zoom_user(self, team_id: str, user_id: str) -> str:
        async with self._db.transaction() as session:
            link = await get_link(session=session, team_id=team_id, slack_user_id=user_id)
        if link is None:
            raise NotLinked
        return link.zoom_user_id

    async def check_channel(self, team_id: str, channel_id: str) -> None:
        """Raise ChannelProblem unless the bot can post notices in this channel."""
        if channel_id.startswith("D"):
            raise ChannelProblem(NOT_A_CHANNEL)
        client = await self._slack.client_for(team_id)
        try:
            answer = await client.conversations_info(channel=channel_id)
        except SlackApiError as error:
            if slack_error_code(error) == "channel_not_found":
                raise ChannelProblem(INVITE) from None
            if error.response.get("needed") in ("mpim:read", "im:read"):
                # Installed before the manifest asked for mpim:read: only DMs need it.
                raise ChannelProblem(NOT_A_CHANNEL) from None
            raise
        channel = answer.get("channel") or {}
        if channel.get("is_im") or channel.get("is_mpim"):
            raise ChannelProblem(NOT_A_CHANNEL)
        if channel.get("is_archived"):
            raise ChannelProblem(ARCHIVED)
        if not channel.get("is_member"):
            raise ChannelProblem(INVITE)

    async def subscribe(
        self,
        *,
        team_id: str,
        user_id: str,
        channel_id: str,
        events: Iterable[str],
        include_passcodes: bool,
    ) -> SubscriptionView:
        """Send notices about the caller's meetings to this channel."""
        zoom_user_id = await self._identify(team_id, user_id)
        await self.check_channel(team_id, channel_id)
        async with self._db.transaction() as session:
            row = await save_subscription(
                session=session,
                team_id=team_id,
                channel_id=channel_id,
                slack_user_id=user_id,
                zoom_user_id=zoom_user_id,
                events=events,
                include_passcodes=include_passcodes,
            )
            return _view(row)

    async def unsubscribe(self, *, team_id: str, user_id: str, channel_id: str) -> bool:
        """Stop the caller's notices in this channel; whether there were any."""
        async with self._db.transaction() as session:
            return await delete_subscription(
                session=session, team_id=team_id, channel_id=channel_id, slack_user_id=user_id
            )

    async def in_channel(self, *, team_id: str, channel_id: str) -> list[SubscriptionView]:
        """This channel's subscriptions."""
        async with self._db.transaction() as session:
            rows = await channel_subscriptions(
                session=session, team_id=team_id, channel_id=channel_id
            )
            return [_view(row) for row in rows]


def identify_with(accounts: ZoomAccounts | None) -> Identify | None:
    """Resolve Zoom user ids through the accounts service (S2S asks Zoom), when there is one."""
    if accounts is None:
        return None
    resolver = accounts

    async def identify(team_id: str, user_id: str) -> str:
        return (await resolver.identity(team_id, user_id)).zoom_user_id

    return identify
