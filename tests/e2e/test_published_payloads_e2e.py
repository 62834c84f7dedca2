"""Every published Zoom and Slack payload in tests/fixtures, signed and posted over real HTTP.

A genuine payload is never refused: it is accepted and routed (and then stored and sent), or
acknowledged and ignored. tests/fixtures/SOURCES.md says where each one comes from.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import httpx
import pytest

from bot.notices.routes.table import ROUTES
from tests.support.deployment import SlackStandin
from tests.support.drivers import SlackDriver, ZoomWebhookDriver
from tests.support.notice_world import add, count, link, payloads, rows, subscription, wait_settled
from tests.support.paths import FIXTURES

ZOOM_FIXTURES = sorted((FIXTURES / "zoom").glob("*.json"))
SLACK_FIXTURES = sorted((FIXTURES / "slack").glob("*.json"))
SLACK_WRITES = ("chat.postMessage", "chat.update", "conversations.open")
NEVER_SENT = ("download_url", "download_token", "recording_play_passcode", "/rec/download/")


def _slack_escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _host(payload: dict[str, Any]) -> str:
    obj = payload.get("object") or {}
    return str(obj.get("host_id") or obj.get("meeting_host_id") or payload.get("user_id") or "")


def _sent(slack: SlackStandin) -> str:
    return json.dumps([c.params for c in slack.state.calls if c.method in SLACK_WRITES])


@pytest.mark.parametrize("path", ZOOM_FIXTURES, ids=lambda p: p.stem)
def test_every_published_zoom_payload_is_accepted_or_ignored(
    path: Path, zoom_webhooks: ZoomWebhookDriver, slack_api: SlackStandin, database_url: str
) -> None:
    body = path.read_bytes()  # posted exactly as written, so ids keep their published types
    data = json.loads(body)
    event, payload = data["event"], data["payload"]
    host = _host(payload)
    add(
        database_url,
        link("T0001", "U0001", zoom_user_id=host),
        subscription("C0001", zoom_user_id=host, include_passcodes=True),
    )

    answer = zoom_webhooks.post(body)
    assert answer.status_code == 200, answer.text

    if event == "endpoint.url_validation":
        assert answer.json()["plainToken"] == payload["plainToken"]
        assert len(answer.json()["encryptedToken"]) == 64
        return
    if event not in ROUTES:  # acknowledged so Zoom does not retry, and nothing else
        assert answer.json() == {"status": "ignored"}
        assert count(database_url, "webhook_events") == 0
        time.sleep(0.1)
        assert _sent(slack_api) == "[]"
        return

    assert answer.json() == {"status": "accepted"}
    assert zoom_webhooks.post(body).json() == {"status": "duplicate"}  # Zoom's retry
    assert count(database_url, "webhook_events") == 1
    CHECKS[event](payload, database_url, slack_api)


def _deauthorized(payload: dict[str, Any], database_url: str, _slack: SlackStandin) -> None:
    assert count(database_url, "zoom_links") == 0
    assert count(database_url, "channel_subscriptions") == 0


def _meeting_notice(payload: dict[str, Any], database_url: str, slack: SlackStandin) -> None:
    outbox = wait_settled(database_url)
    assert [r["status"] for r in outbox] == ["delivered"]
    [post] = slack.state.calls_to("chat.postMessage")
    assert post.params["channel"] == "C0001"
    assert _slack_escaped(payload["object"]["topic"]) in json.dumps(post.params)


def _recording(payload: dict[str, Any], database_url: str, slack: SlackStandin) -> None:
    obj = payload["object"]
    outbox = wait_settled(database_url)
    [post] = slack.state.calls_to("chat.postMessage")
    posted = json.dumps(post.params)
    assert obj["share_url"] in posted
    if obj.get("password"):  # the passcode a viewer types, shown where the channel allows
        assert _slack_escaped(obj["password"]) in posted
    assert obj["recording_play_passcode"] not in posted + json.dumps(payloads(outbox))
    for field in NEVER_SENT:
        assert field not in posted


CHECKS: dict[str, Callable[[dict[str, Any], str, SlackStandin], None]] = {
    "app_deauthorized": _deauthorized,
    "meeting.started": _meeting_notice,
    "meeting.ended": _meeting_notice,
    "recording.completed": _recording,
}


def test_every_routed_event_has_a_check() -> None:
    assert set(CHECKS) == set(ROUTES)


# -- Slack ---------------------------------------------------------------------------------------


def _encode(path: Path, slack: SlackStandin) -> tuple[str, str, dict[str, Any]]:
    """The body as Slack sends it, its content type, and the data (with live URLs and triggers)."""
    data: dict[str, Any] = json.loads(path.read_text())
    kind = path.name.split(".")[0]
    if "response_url" in data:  # so the app's reply lands at the stand-in
        data["response_url"] = slack.state.new_response_url(slack.url)
    if "trigger_id" in data:
        data["trigger_id"] = slack.state.issue_trigger()
    if kind == "command":
        return urlencode(data), "application/x-www-form-urlencoded", data
    if kind == "interactivity":
        return f"payload={quote(json.dumps(data))}", "application/x-www-form-urlencoded", data
    return json.dumps(data), "application/json", data


def _wait(ready: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 5
    while not ready():
        assert time.monotonic() < deadline, "the app never got there"
        time.sleep(0.02)


@pytest.mark.parametrize("path", SLACK_FIXTURES, ids=lambda p: p.stem)
def test_every_published_slack_request_is_answered(
    path: Path, slack_driver: SlackDriver, slack_api: SlackStandin, database_url: str
) -> None:
    add(database_url, link("T0001", "U0001"), subscription("C0001"))
    slack_api.state.add_channel("G0MPIM01", name="mpdm-ada--bob-1", is_mpim=True)
    slack_api.state.add_user(  # the Enterprise Grid member of bolt-python's fixtures
        "W111", name="primary-owner", real_name="Primary Owner", email="owner@example.com"
    )
    body, content_type, data = _encode(path, slack_api)
    answer = slack_driver.post_signed(body, content_type=content_type)
    assert answer.status_code == 200, answer.text
    SLACK_CHECKS[path.stem](answer, data, slack_api, database_url)


def _help(_answer: httpx.Response, data: dict[str, Any], slack: SlackStandin, _db: str) -> None:
    [reply] = slack.state.wait_for_response(data["response_url"])
    assert "/zoom" in json.dumps(reply) and reply["response_type"] == "ephemeral"


def _group_dm(_answer: httpx.Response, data: dict[str, Any], slack: SlackStandin, db: str) -> None:
    [reply] = slack.state.wait_for_response(data["response_url"])
    assert "Subscriptions work in channels, not in direct messages" in json.dumps(reply)
    assert count(db, "channel_subscriptions") == 1  # only the one seeded in C0001


def _challenge(answer: httpx.Response, data: dict[str, Any], _s: SlackStandin, _db: str) -> None:
    assert answer.json() == {"challenge": data["challenge"]}


def _home(_answer: httpx.Response, data: dict[str, Any], slack: SlackStandin, _db: str) -> None:
    [publish] = slack.state.wait_for("views.publish")
    assert publish.params["user_id"] == data["event"]["user"]


def _forgotten(_answer: httpx.Response, _data: dict[str, Any], _s: SlackStandin, db: str) -> None:
    _wait(lambda: count(db, "zoom_links") == 0)
    assert count(db, "channel_subscriptions") == 0


def _kept(_answer: httpx.Response, _data: dict[str, Any], slack: SlackStandin, db: str) -> None:
    time.sleep(0.2)  # nothing to wait for: show that nothing of T0001 went
    assert [r["team_id"] for r in rows(db, "SELECT team_id FROM zoom_links")] == ["T0001"]


def _modal(_answer: httpx.Response, data: dict[str, Any], slack: SlackStandin, _db: str) -> None:
    [opened] = slack.state.wait_for("views.open")
    assert opened.params["trigger_id"] == data["trigger_id"]
    assert "Schedule a Zoom meeting" in json.dumps(opened.params["view"])


def _link_by_dm(
    _answer: httpx.Response, data: dict[str, Any], slack: SlackStandin, _db: str
) -> None:
    # Not linked, and a shortcut has no response_url: the link button comes by DM.
    [dm] = slack.state.wait_for("chat.postMessage")
    assert dm.params["channel"] == data["user"]["id"]
    assert "/zoom/oauth/start?state=" in json.dumps(dm.params["blocks"])
    assert slack.state.calls_to("views.open") == []


Check = Callable[[httpx.Response, dict[str, Any], SlackStandin, str], None]
SLACK_CHECKS: dict[str, Check] = {
    "command.enterprise_grid": _help,
    "command.group_dm": _group_dm,
    "event.url_verification": _challenge,
    "event.app_home_opened": _home,
    "event.app_uninstalled": _forgotten,
    "event.app_uninstalled.enterprise": _kept,
    "event.tokens_revoked": _forgotten,
    "event.tokens_revoked.enterprise_user_only": _kept,
    "interactivity.global_shortcut": _link_by_dm,
    "interactivity.block_actions.home": _modal,
}


def test_every_slack_fixture_has_a_check() -> None:
    assert set(SLACK_CHECKS) == {p.stem for p in SLACK_FIXTURES}
