"""The served app over real HTTP: health, setup page, Slack signatures, OAuth install, uninstall."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from sqlalchemy import create_engine, text

from bot.app import create_app
from bot.settings import Settings
from store.db import sync_url
from tests.standins.loopback import LoopbackServer
from tests.support.deployment import (
    SLACK_SIGNING_SECRET,
    SlackStandin,
    ZoomStandin,
    make_settings,
)
from tests.support.drivers import SlackDriver
from tests.support.signing import slack_headers, slash_command_body


def _rows(database_url: str, sql: str) -> list[tuple[object, ...]]:
    engine = create_engine(sync_url(database_url))
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.execute(text(sql))]
    finally:
        engine.dispose()


def test_unconfigured_server_starts_and_explains(database_url: str) -> None:
    settings = Settings(_env_file=None, database_url=database_url)
    with LoopbackServer(create_app(settings)) as server, httpx.Client(base_url=server.url) as http:
        assert http.get("/healthz").status_code == 200
        assert http.get("/readyz").json() == {
            "ready": True,
            "database": "ok",
            "outbox": "ok",
        }
        page = http.get("/")
        assert page.status_code == 200
        for name in (
            "SLACK_SIGNING_SECRET",
            "SLACK_BOT_TOKEN",
            "TOKEN_ENCRYPTION_KEY",
            "PUBLIC_URL",
        ):
            assert name in page.text
        assert f"{server.url}/slack/events" in page.text  # the manifest, for this URL
        refused = http.post("/slack/events", content=b"x")
        assert refused.status_code == 503 and "SLACK_SIGNING_SECRET" in refused.text


def test_readyz_reports_an_unreachable_database(tmp_path) -> None:
    url = f"sqlite:///{tmp_path}/missing-dir/nothing.db"
    settings = Settings(_env_file=None, database_url=url)
    with LoopbackServer(create_app(settings)) as server, httpx.Client(base_url=server.url) as http:
        assert http.get("/healthz").status_code == 200
        ready = http.get("/readyz")
        assert ready.status_code == 503 and ready.json()["database"] == "unreachable"


def test_signed_help_is_answered_fast(slack_driver: SlackDriver, slack_api: SlackStandin) -> None:
    sent = slack_driver.command("help")
    assert sent.response.status_code == 200
    assert sent.elapsed < 3.0
    (reply,) = slack_api.state.wait_for_response(sent.response_url, timeout=3.0)
    assert reply["response_type"] == "ephemeral"
    assert "/zoom list" in str(reply)


@pytest.mark.parametrize("fault", ["unsigned", "wrong-secret", "six-minutes-old", "tampered"])
def test_bad_signatures_get_401_and_change_nothing(
    fault: str, slack_driver: SlackDriver, slack_api: SlackStandin
) -> None:
    response_url = slack_api.state.new_response_url(slack_api.url)
    body = slash_command_body("help", response_url=response_url)
    headers = slack_headers(body, secret=SLACK_SIGNING_SECRET)
    if fault == "unsigned":
        headers = {}
    elif fault == "wrong-secret":
        headers = slack_headers(body, secret="not-the-secret")
    elif fault == "six-minutes-old":
        headers = slack_headers(body, secret=SLACK_SIGNING_SECRET, timestamp=int(time.time()) - 360)
    elif fault == "tampered":
        body = body.replace("help", "list")
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    response = slack_driver.http.post("/slack/events", content=body, headers=headers)
    assert response.status_code == 401
    time.sleep(0.3)
    assert slack_api.state.responses[response_url.rsplit("/", 1)[-1]] == []
    assert slack_api.state.calls_to("chat.postMessage") == []


@pytest.fixture
def multi_workspace(
    database_url: str, slack_api: SlackStandin, zoom_api: ZoomStandin
) -> Iterator[tuple[str, Settings]]:
    settings = make_settings(
        database_url,
        slack_api,
        zoom_api,
        slack_bot_token=None,
        slack_client_id=slack_api.state.client_id,
        slack_client_secret=slack_api.state.client_secret,
    )
    with LoopbackServer(create_app(settings)) as server:
        yield server.url, settings


def test_oauth_install_stores_encrypted_installation_and_uninstall_deletes_it(
    multi_workspace: tuple[str, Settings], slack_api: SlackStandin, database_url: str
) -> None:
    url, _settings = multi_workspace
    with httpx.Client(base_url=url, follow_redirects=False) as http:
        install = http.get("/slack/install")
        assert install.status_code in (200, 302)
        link = re.search(r'href="(https://slack.com/oauth/v2/authorize[^"]+)"', install.text)
        assert link is not None, install.text
        state = parse_qs(urlsplit(link[1].replace("&amp;", "&")).query)["state"][0]
        cookie = install.headers["set-cookie"].split(";", 1)[0]
        code = slack_api.state.issue_oauth_code(team_id="T0002", team_name="Beta")
        done = http.get(
            "/slack/oauth_redirect",
            params={"code": code, "state": state},
            headers={"cookie": cookie},
        )
        assert done.status_code == 200, done.text
        reused = http.get(
            "/slack/oauth_redirect",
            params={"code": code, "state": state},
            headers={"cookie": cookie},
        )
        assert reused.status_code >= 400

    rows = _rows(database_url, "SELECT team_id, bot_token FROM slack_bots")
    assert [r[0] for r in rows] == ["T0002"]
    stored_token = str(rows[0][1])
    assert not stored_token.startswith("xoxb-") and "xoxb-" not in stored_token
    assert slack_api.state.calls_to("oauth.v2.access")

    driver = SlackDriver(url, slack_api, team_id="T0002")
    try:
        sent = driver.command("help")
        assert sent.response.status_code == 200
        slack_api.state.wait_for_response(sent.response_url)
        gone = driver.event({"type": "app_uninstalled"})
        assert gone.status_code == 200
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and _rows(database_url, "SELECT 1 FROM slack_bots"):
            time.sleep(0.05)
        assert _rows(database_url, "SELECT 1 FROM slack_bots") == []
        assert _rows(database_url, "SELECT 1 FROM slack_installations") == []
    finally:
        driver.close()


def test_install_route_is_absent_in_single_workspace_mode(slack_driver: SlackDriver) -> None:
    assert slack_driver.http.get("/slack/install").status_code == 404
