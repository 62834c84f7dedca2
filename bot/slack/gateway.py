"""Slack Web API clients for work that starts outside a Slack request (OAuth callbacks, notices)."""

from __future__ import annotations

from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.metered import MeteredWebClient


def slack_error_code(error: SlackApiError) -> str:
    """Slack's `error` code, or "" when the answer was not Slack's JSON (an HTML or text page)."""
    data = getattr(error.response, "data", None)
    if not isinstance(data, dict):
        return ""
    return str(data.get("error") or "")


class WorkspaceNotInstalled(Exception):
    """No bot token is known for this workspace (never installed, or uninstalled)."""


class SlackGateway:
    """Hands out a bot-token client for a workspace, in single- or multi-workspace mode."""

    def __init__(
        self,
        *,
        api_url: str,
        session: aiohttp.ClientSession,
        bot_token: str | None = None,
        installation_store: AsyncInstallationStore | None = None,
    ) -> None:
        self._api_url = api_url
        self._session = session
        self._bot_token = bot_token
        self._installations = installation_store

    def client(self, token: str | None = None) -> AsyncWebClient:
        """A client on the shared HTTP session (retries are the caller's business)."""
        client = MeteredWebClient(token=token, base_url=self._api_url, session=self._session)
        client.retry_handlers = []
        return client

    async def bot_token(self, team_id: str) -> str:
        """The bot token that acts in this workspace."""
        if self._bot_token is not None:
            return self._bot_token
        if self._installations is not None:
            bot = await self._installations.async_find_bot(enterprise_id=None, team_id=team_id)
            if bot is not None and bot.bot_token:
                return bot.bot_token
        raise WorkspaceNotInstalled(team_id)

    async def client_for(self, team_id: str) -> AsyncWebClient:
        """A client holding this workspace's bot token."""
        return self.client(await self.bot_token(team_id))

    async def direct_message(
        self, team_id: str, user_id: str, *, text: str, blocks: list[dict[str, Any]]
    ) -> None:
        """Send a Slack user a DM from the bot."""
        client = await self.client_for(team_id)
        await client.chat_postMessage(channel=user_id, text=text, blocks=blocks)
