"""The test deployment: its secrets, the stand-ins' addresses, its settings and the served app."""

from __future__ import annotations

import os
from dataclasses import dataclass

import pytest

from bot.settings import Settings
from store.db import is_sqlite
from tests.standins.slack.state import SlackState
from tests.standins.zoom.state import ZoomState

# Read before the autouse fixture clears the environment: .ci/run sets it for the PostgreSQL run.
TEST_DATABASE_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = bool(TEST_DATABASE_URL) and not is_sqlite(TEST_DATABASE_URL)

SLACK_SIGNING_SECRET = "test-signing-secret"
SLACK_BOT_TOKEN = "xoxb-test-token"
ZOOM_CLIENT_ID = "zoom-client-id"
ZOOM_CLIENT_SECRET = "zoom-client-secret"
ZOOM_WEBHOOK_SECRET = "zoom-webhook-secret-token"
TOKEN_KEY = "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4="
PUBLIC_URL = "https://zoombridge.test"


requires_postgres = pytest.mark.skipif(
    not ON_POSTGRES,
    reason="needs PostgreSQL: run with DATABASE_URL=postgresql://... (.ci/run does)",
)


@dataclass
class SlackStandin:
    """The Slack stand-in's state and where it listens."""

    state: SlackState
    url: str

    @property
    def api_url(self) -> str:
        return self.url + "/api/"


@dataclass
class ZoomStandin:
    """The Zoom stand-in's state and where it listens."""

    state: ZoomState
    url: str

    @property
    def api_url(self) -> str:
        return self.url + "/v2"


def make_settings(
    database_url: str, slack: SlackStandin, zoom: ZoomStandin, **overrides: object
) -> Settings:
    """Settings pointing at a database and both stand-ins."""
    values: dict[str, object] = {
        "database_url": database_url,
        "public_url": PUBLIC_URL,
        "slack_signing_secret": SLACK_SIGNING_SECRET,
        "slack_bot_token": SLACK_BOT_TOKEN,
        "slack_api_url": slack.api_url,
        "zoom_client_id": ZOOM_CLIENT_ID,
        "zoom_client_secret": ZOOM_CLIENT_SECRET,
        "zoom_webhook_secret_token": ZOOM_WEBHOOK_SECRET,
        "zoom_api_url": zoom.api_url,
        "zoom_oauth_url": zoom.url,
        "token_encryption_key": TOKEN_KEY,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


@dataclass
class Served:
    """The app under test, served over real HTTP."""

    url: str
    settings: Settings
