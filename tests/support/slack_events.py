"""Slack-native flows driven like Slack drives them: granting status sync through the browser
hop, signed link_shared and function_executed events."""

from __future__ import annotations

import time
import uuid
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from tests.standins.slack.people import issue_user_code
from tests.standins.slack.platform import share_links, start_execution
from tests.support.deployment import Served, SlackStandin
from tests.support.drivers import SlackDriver

COOKIE = "zb_status_grant"
WORKFLOW_CALLBACK = "create_zoom_meeting"


def _local(url: str, base: str) -> str:
    parts = urlsplit(url)
    return f"{base.rstrip('/')}{parts.path}?{parts.query}"


def grant_buttons(body: dict[str, Any]) -> list[str]:
    """The grant link buttons' URLs in a message or view, in order."""
    return [
        str(element["url"])
        for block in body.get("blocks", [])
        for element in block.get("elements", [])
        if element.get("type") == "button" and "status_sync_grant" in element.get("action_id", "")
    ]


def grant_status_sync(
    served: Served,
    slack: SlackStandin,
    *,
    user_id: str = "U0001",
    pause: bool = False,
    approved_by: str | None = None,
) -> httpx.Response:
    """`/zoom status sync on` -> the grant button -> our start page -> Slack -> our redirect.

    `approved_by`: the Slack account that approves at Slack (another one than who asked).
    """
    driver = SlackDriver(served.url, slack)
    try:
        sent = driver.command("status sync on", user_id=user_id)
        assert sent.response.status_code == 200, sent.response.text
        reply = slack.state.wait_for_response(sent.response_url)[-1]
    finally:
        driver.close()
    plain, with_pause = grant_buttons(reply)
    with httpx.Client(timeout=30) as browser:
        start = browser.get(_local(with_pause if pause else plain, served.url))
        assert start.status_code == 302, start.text
        authorize = parse_qs(urlsplit(start.headers["location"]).query)
        scope = authorize["user_scope"][0]
        code = issue_user_code(slack.state, scope, user_id=approved_by or user_id)
        cookie = start.cookies.get(COOKIE)
        return browser.get(
            f"{served.url}/slack/status/oauth_redirect",
            params={"code": code, "state": authorize["state"][0]},
            headers={"Cookie": f"{COOKIE}={cookie}"},
        )


def send_link_shared(
    driver: SlackDriver, slack: SlackStandin, urls: list[str], *, user_id: str = "U0001"
) -> dict[str, Any]:
    """Share `urls` in #general as `user_id` and send the signed link_shared event."""
    shared = share_links(slack.state, urls, user_id=user_id)
    event = {
        "type": "link_shared",
        "channel": shared["channel"],
        "is_bot_user_member": True,
        "user": user_id,
        "message_ts": shared["ts"],
        "unfurl_id": shared["unfurl_id"],
        "source": "conversations_history",
        "links": [{"domain": urlsplit(u).hostname or "", "url": u} for u in urls],
        "event_ts": f"{time.time():.6f}",
    }
    response = driver.event(event)
    assert response.status_code == 200, response.text
    return shared


def function_event(slack: SlackStandin, inputs: dict[str, Any]) -> dict[str, Any]:
    """A function_executed event for our Workflow Builder step, with a fresh execution."""
    execution_id, token = start_execution(slack.state)
    return {
        "type": "function_executed",
        "function": {
            "id": "Fn0ZOOM",
            "callback_id": WORKFLOW_CALLBACK,
            "title": "Create a Zoom meeting",
            "description": "",
            "type": "app",
            "app_id": "A0APP",
            "date_created": 1_700_000_000,
            "date_updated": 1_700_000_000,
        },
        "inputs": inputs,
        "function_execution_id": execution_id,
        "workflow_execution_id": f"Wx{uuid.uuid4().hex[:10].upper()}",
        "event_ts": f"{time.time():.6f}",
        "bot_access_token": token,
    }
