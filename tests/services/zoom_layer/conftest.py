"""Fixtures for the Zoom layer's tests: the shared stand-in, one HTTP client, tokens."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from bot.zoom.client import ZoomClient
from tests.standins.zoom.state import ZoomState
from tests.support.deployment import ZoomStandin
from tests.support.zoom_calls import RecordingSleep


@pytest.fixture
def state(zoom_api: ZoomStandin) -> ZoomState:
    """The shared Zoom stand-in's state (its tokens are covered by the secret-in-logs guard)."""
    return zoom_api.state


@pytest.fixture
def server(zoom_api: ZoomStandin) -> ZoomStandin:
    return zoom_api


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=5.0) as client:
        yield client


@pytest.fixture
def sleep() -> RecordingSleep:
    return RecordingSleep()


@pytest.fixture
def zoom(http: httpx.AsyncClient, server: ZoomStandin, sleep: RecordingSleep) -> ZoomClient:
    return ZoomClient(http, server.url + "/v2", sleep=sleep)


@pytest.fixture
def ada(state: ZoomState) -> str:
    return state.grant_user("zu-ada").access_token


@pytest.fixture
def bob(state: ZoomState) -> str:
    return state.grant_user("zu-bob").access_token
