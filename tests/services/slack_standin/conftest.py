"""Fixtures for the Slack stand-in's own tests: a private stand-in and a client for it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from tests.standins.loopback import LoopbackServer
from tests.standins.slack.api import build_slack_api
from tests.standins.slack.state import SlackState
from tests.support.slack_calls import web_client


@pytest.fixture
def state() -> SlackState:
    return SlackState()


@pytest.fixture
def server(state: SlackState) -> Iterator[LoopbackServer]:
    with LoopbackServer(build_slack_api(state), name="slack") as running:
        yield running


@pytest.fixture
async def slack(server: LoopbackServer) -> AsyncIterator[AsyncWebClient]:
    async with web_client(server, retry_handlers=[]) as client:
        yield client
