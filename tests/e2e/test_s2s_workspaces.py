"""Server-to-Server mode with several workspaces: profile emails count only where allowed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from bot.app import create_app
from bot.settings import SettingsError, load_settings
from tests.standins.loopback import LoopbackServer
from tests.support.deployment import SlackStandin, ZoomStandin, make_settings
from tests.support.drivers import SlackDriver


def _install(url: str, slack_api: SlackStandin, team_id: str, team_name: str) -> None:
    with httpx.Client(base_url=url) as http:
        install = http.get("/slack/install")
        link = re.search(r'href="(https://slack.com/oauth/v2/authorize[^"]+)"', install.text)
        assert link is not None, install.text
        state = parse_qs(urlsplit(link[1].replace("&amp;", "&")).query)["state"][0]
        cookie = install.headers["set-cookie"].split(";", 1)[0]
        code = slack_api.state.issue_oauth_code(team_id=team_id, team_name=team_name)
        done = http.get(
            "/slack/oauth_redirect",
            params={"code": code, "state": state},
            headers={"cookie": cookie},
        )
        assert done.status_code == 200, done.text


@pytest.fixture
def multi_s2s(database_url: str, slack_api: SlackStandin, zoom_api: ZoomStandin) -> Iterator[str]:
    """Multi-workspace, Server-to-Server, with only T0001 allowed; T0001 and T0002 installed."""
    settings = make_settings(
        database_url,
        slack_api,
        zoom_api,
        slack_bot_token=None,
        slack_client_id=slack_api.state.client_id,
        slack_client_secret=slack_api.state.client_secret,
        zoom_account_id="acct-1",
        zoom_s2s_team_ids="T0001",
    )
    with LoopbackServer(create_app(settings)) as server:
        _install(server.url, slack_api, "T0001", "Acme")
        _install(server.url, slack_api, "T0002", "Beta")
        yield server.url


def test_a_matching_email_in_another_workspace_acts_as_nobody(
    multi_s2s: str, slack_api: SlackStandin, zoom_api: ZoomStandin
) -> None:
    zoom_api.state.add_meeting("zu-ada", "Ada's private review")
    slack_api.state.add_user(
        "UB0001", name="mallory", real_name="Mallory", email="ada@example.com", team_id="T0002"
    )
    driver = SlackDriver(multi_s2s, slack_api, team_id="T0002")
    try:
        sent = driver.command("list", user_id="UB0001")
        reply = slack_api.state.wait_for_response(sent.response_url)[-1]
    finally:
        driver.close()
    assert "not allowed" in reply["text"] or "may not use" in reply["text"]
    assert "Ada's private review" not in str(reply)
    assert not zoom_api.state.requests_to("GET", "/v2/users/ada@example.com")


def test_s2s_with_several_workspaces_needs_the_allowed_list(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name, value in {
        "SLACK_CLIENT_ID": "1.2",
        "SLACK_CLIENT_SECRET": "s",
        "ZOOM_CLIENT_ID": "z",
        "ZOOM_CLIENT_SECRET": "zs",
        "ZOOM_ACCOUNT_ID": "acct-1",
    }.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError, match="ZOOM_S2S_TEAM_IDS"):
        load_settings(_env_file=None)
    monkeypatch.setenv("ZOOM_S2S_TEAM_IDS", "T0001, T0002")
    assert load_settings(_env_file=None).s2s_team_ids == {"T0001", "T0002"}
