"""Helpers for calling the Slack stand-in with slack_sdk: a client, a minimal modal, errors."""

from __future__ import annotations

from contextlib import asynccontextmanager

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from tests.standins.loopback import LoopbackServer
from tests.standins.slack.records import DEFAULT_TOKEN

MODAL = {
    "type": "modal",
    "title": {"type": "plain_text", "text": "Schedule a Zoom meeting"},
    "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "hi"}}],
}


@asynccontextmanager
async def web_client(server: LoopbackServer, token: str | None = DEFAULT_TOKEN, **options):
    async with aiohttp.ClientSession() as session:
        yield AsyncWebClient(token=token, base_url=server.url + "/api/", session=session, **options)


async def slack_error(call) -> SlackApiError:
    with pytest.raises(SlackApiError) as caught:
        await call
    return caught.value
