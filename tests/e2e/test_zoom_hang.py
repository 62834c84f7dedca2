"""A hung Zoom token endpoint (through a fault proxy) must not stall webhook intake or unlink.

Refreshes and revokes used to run inside a database transaction: on SQLite that is the
process-wide writer lock, on PostgreSQL a pooled connection each.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from bot.app import create_app
from bot.crypto import TokenCipher
from store.models import ZoomLink
from tests.standins.loopback import LoopbackServer
from tests.support.deployment import (
    ON_POSTGRES,
    TOKEN_KEY,
    SlackStandin,
    ZoomStandin,
    make_settings,
)
from tests.support.drivers import SlackDriver, ZoomWebhookDriver
from tests.support.faultproxy import FaultProxy
from tests.support.notice_world import add, rows, zoom_fixture

USERS = 10  # more than the PostgreSQL pool holds connections


@pytest.fixture
def oauth_proxy(zoom_api: ZoomStandin) -> Iterator[FaultProxy]:
    """A fault proxy in front of Zoom's OAuth endpoints only (the API stays direct)."""
    with FaultProxy.for_url(zoom_api.url, name="zoom-oauth") as proxy:
        yield proxy


@pytest.fixture
def app_url(
    database_url: str, oauth_proxy: FaultProxy, slack_api: SlackStandin, zoom_api: ZoomStandin
) -> Iterator[str]:
    """The app, with ZOOM_OAUTH_URL through the proxy."""
    settings = make_settings(
        database_url, slack_api, zoom_api, zoom_oauth_url=oauth_proxy.url_through(zoom_api.url)
    )
    with LoopbackServer(create_app(settings)) as server:
        yield server.url


def _seed_expired_links(database_url: str, zoom: ZoomStandin) -> None:
    cipher = TokenCipher([TOKEN_KEY])
    links = []
    for n in range(USERS):
        zoom_user = f"zu-hang-{n}"
        zoom.state.add_user(zoom_user, f"hang{n}@example.com", "Hang", str(n))
        grant = zoom.state.grant_user(zoom_user)
        assert grant.refresh_token is not None
        links.append(
            ZoomLink(
                team_id="T0001",
                slack_user_id=f"U9{n:03d}",
                zoom_user_id=zoom_user,
                access_token_enc=cipher.encrypt(grant.access_token),
                refresh_token_enc=cipher.encrypt(grant.refresh_token),
                expires_at=datetime.now(UTC) - timedelta(minutes=5),
            )
        )
    add(database_url, *links)


@pytest.mark.parametrize("command", ["list", "unlink"])
def test_webhooks_are_taken_while_zoom_oauth_hangs(
    app_url: str,
    database_url: str,
    oauth_proxy: FaultProxy,
    slack_api: SlackStandin,
    zoom_api: ZoomStandin,
    command: str,
) -> None:
    _seed_expired_links(database_url, zoom_api)
    driver = SlackDriver(app_url, slack_api)
    webhooks = ZoomWebhookDriver(app_url)
    # Zoom waits 3 s for a webhook; our Zoom client gives up on the token call after 15 s,
    # which is what used to free the intake. Anything near that fails the test here.
    webhooks.http.timeout = httpx.Timeout(10.0)
    oauth_proxy.hang()
    replies: list[str] = []
    try:
        for n in range(USERS):  # each refresh (or revoke) now waits on Zoom
            sent = driver.command(command, user_id=f"U9{n:03d}")
            assert sent.response.status_code == 200
            replies.append(sent.response_url)
        # On PostgreSQL every refresh used to hold a pooled connection: wait for them all.
        oauth_proxy.wait_held(USERS if ON_POSTGRES else 1)
        answer = webhooks.post(zoom_fixture("meeting.started"))
        assert answer.status_code == 200, answer.text
        assert oauth_proxy.mode == "hang"  # it was answered while Zoom still hung
        assert rows(database_url, "SELECT count(*) AS n FROM webhook_events")[0]["n"] == 1
    finally:
        oauth_proxy.heal()
        webhooks.close()
    try:  # the commands finish once Zoom answers again
        for response_url in replies:
            slack_api.state.wait_for_response(response_url, timeout=30)
    finally:
        driver.close()
