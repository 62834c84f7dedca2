"""Where a benchmark runs: both stand-ins, a migrated database, one linked and subscribed user."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bot.settings import Settings
from store.migrate import upgrade
from store.repos.subscriptions import save_subscription
from store.types import utcnow
from tests.standins.loopback import LoopbackServer
from tests.standins.slack.api import build_slack_api
from tests.standins.slack.state import SlackState
from tests.standins.zoom.api import build_zoom_api
from tests.standins.zoom.state import ZoomState
from tests.support.pg_schema import fresh_schema
from tests.support.service_world import running_services, seed_link

SIGNING_SECRET = "bench-signing-secret"
WEBHOOK_SECRET = "bench-webhook-secret"
TOKEN_KEY = "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4="
POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"
# Bench hosts zu-bench-0..N-1, each subscribed in its own channel: Slack allows about one
# message per second per channel, so a realistic 50 events/s spreads over many channels.
BENCH_HOSTS = 50


def bench_channel(index: int) -> str:
    """The channel host zu-bench-{index} is subscribed in."""
    return f"CB{index:04d}"


@dataclass
class World:
    """Stand-ins, database and the environment that points `zoombridge serve` at them."""

    slack: SlackState
    zoom: ZoomState
    slack_url: str
    zoom_url: str
    database_url: str
    zoom_token: str = ""  # the linked bench user's Zoom access token (for baseline (c))

    def env(self) -> dict[str, str]:
        """Environment variables for the app process."""
        return {
            "DATABASE_URL": self.database_url,
            "PUBLIC_URL": "https://zoombridge.bench",
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_BOT_TOKEN": "xoxb-test-token",
            "SLACK_API_URL": self.slack_url + "/api/",
            "ZOOM_CLIENT_ID": "zoom-client-id",
            "ZOOM_CLIENT_SECRET": "zoom-client-secret",
            "ZOOM_WEBHOOK_SECRET_TOKEN": WEBHOOK_SECRET,
            "ZOOM_API_URL": self.zoom_url + "/v2",
            "ZOOM_OAUTH_URL": self.zoom_url,
            "TOKEN_ENCRYPTION_KEY": TOKEN_KEY,
            "LOG_LEVEL": "WARNING",
        }

    def settings(self) -> Settings:
        """The same configuration as a Settings object (for seeding)."""
        return Settings(_env_file=None, **{k.lower(): v for k, v in self.env().items()})  # type: ignore[arg-type]


async def _seed(world: World) -> None:
    grant = world.zoom.grant_user("zu-ada")
    assert grant.refresh_token is not None
    world.zoom_token = grant.access_token
    async with running_services(world.settings()) as services:
        await seed_link(
            services,
            access_token=grant.access_token,
            refresh_token=grant.refresh_token,
            expires_at=grant.expires_at if grant.expires_at > utcnow() else utcnow(),
        )
        async with services.db.transaction() as session:
            for index in range(BENCH_HOSTS):
                await save_subscription(
                    session=session,
                    team_id="T0001",
                    channel_id=bench_channel(index),
                    slack_user_id=f"UB{index:04d}",
                    zoom_user_id=f"zu-bench-{index}",
                    events=["started", "ended", "recordings"],
                    include_passcodes=False,
                )


@contextmanager
def _database(kind: str, workdir: Path) -> Iterator[str]:
    if kind == "sqlite":
        url = f"sqlite:///{workdir / f'bench-{uuid.uuid4().hex[:8]}.db'}"
        upgrade(url)
        yield url
        return
    with fresh_schema(POSTGRES_URL, prefix="bench") as url:
        yield url


@contextmanager
def world(database: str, workdir: Path) -> Iterator[World]:
    """Start the stand-ins, prepare and seed a database."""
    slack, zoom = SlackState(), ZoomState()
    with (
        LoopbackServer(build_slack_api(slack), name="slack") as slack_server,
        LoopbackServer(build_zoom_api(zoom), name="zoom") as zoom_server,
        _database(database, workdir) as url,
    ):
        for index in range(BENCH_HOSTS):
            slack.add_channel(bench_channel(index), name=f"bench-{index}")
        here = World(slack, zoom, slack_server.url, zoom_server.url, url)
        asyncio.run(_seed(here))
        yield here
