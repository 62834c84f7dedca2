"""Drives the served app the way Slack and Zoom do: signed requests over real HTTP."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

import httpx

from tests.support.deployment import SLACK_SIGNING_SECRET, ZOOM_WEBHOOK_SECRET, SlackStandin
from tests.support.signing import (
    event_body,
    interactivity_body,
    slack_headers,
    slash_command_body,
    zoom_webhook_headers,
)


@dataclass
class CommandSent:
    """What a slash command POST returned, and where its replies will land."""

    response: httpx.Response
    response_url: str
    trigger_id: str
    elapsed: float


class SlackDriver:
    """Sends signed slash commands, interactions and events to the served app."""

    def __init__(self, app_url: str, slack: SlackStandin, *, team_id: str = "T0001") -> None:
        self.app_url = app_url
        self.slack = slack
        self.team_id = team_id
        self.http = httpx.Client(base_url=app_url, timeout=30)

    def close(self) -> None:
        self.http.close()

    def post_signed(
        self, body: str, *, content_type: str, timestamp: int | None = None
    ) -> httpx.Response:
        headers = slack_headers(body, secret=SLACK_SIGNING_SECRET, timestamp=timestamp)
        headers["Content-Type"] = content_type
        return self.http.post("/slack/events", content=body, headers=headers)

    def command(
        self, text: str, *, user_id: str = "U0001", channel_id: str = "C0001"
    ) -> CommandSent:
        response_url = self.slack.state.new_response_url(self.slack.url)
        trigger_id = self.slack.state.issue_trigger()
        body = slash_command_body(
            text,
            team_id=self.team_id,
            user_id=user_id,
            channel_id=channel_id,
            response_url=response_url,
            trigger_id=trigger_id,
        )
        started = time.perf_counter()
        response = self.post_signed(body, content_type="application/x-www-form-urlencoded")
        return CommandSent(response, response_url, trigger_id, time.perf_counter() - started)

    def interact(self, payload: dict[str, Any]) -> httpx.Response:
        return self.post_signed(
            interactivity_body(payload), content_type="application/x-www-form-urlencoded"
        )

    def event(self, event: dict[str, Any]) -> httpx.Response:
        return self.post_signed(
            event_body(event, team_id=self.team_id), content_type="application/json"
        )


class ZoomWebhookDriver:
    """Posts Zoom webhooks, signed like Zoom signs them."""

    def __init__(self, app_url: str, *, secret: str = ZOOM_WEBHOOK_SECRET) -> None:
        self.secret = secret
        self.http = httpx.Client(base_url=app_url, timeout=30)

    def close(self) -> None:
        self.http.close()

    def post(
        self,
        payload: dict[str, Any] | bytes,
        *,
        timestamp: int | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        signed = zoom_webhook_headers(body, secret=self.secret, timestamp=timestamp)
        signed.update(headers or {})
        return self.http.post("/zoom/webhook", content=body, headers=signed)
