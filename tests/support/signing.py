"""Build and sign requests the way Slack and Zoom send them."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier


def slack_headers(
    body: bytes | str, *, secret: str, timestamp: int | None = None
) -> dict[str, str]:
    """Slack's signature headers for `body` (form content type; override it for JSON)."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    assert signature is not None  # None only for a missing timestamp
    return {
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": signature,
        "Content-Type": "application/x-www-form-urlencoded",
    }


def slash_command_body(
    command_text: str,
    *,
    team_id: str = "T0001",
    user_id: str = "U0001",
    channel_id: str = "C0001",
    response_url: str,
    trigger_id: str = "",
    command: str = "/zoom",
) -> str:
    """A form-encoded slash command payload as Slack posts it."""
    return urlencode(
        {
            "token": "verification-token-unused",
            "team_id": team_id,
            "team_domain": "acme",
            "channel_id": channel_id,
            "channel_name": "general" if channel_id == "C0001" else channel_id.lower(),
            "user_id": user_id,
            "user_name": user_id.lower(),
            "command": command,
            "text": command_text,
            "api_app_id": "A0APP",
            "is_enterprise_install": "false",
            "response_url": response_url,
            "trigger_id": trigger_id,
        }
    )


def interactivity_body(payload: dict[str, Any]) -> str:
    """An interactivity request body: `payload=<json>`, form-encoded."""
    return urlencode({"payload": json.dumps(payload)})


def event_body(event: dict[str, Any], *, team_id: str = "T0001", api_app_id: str = "A0APP") -> str:
    """An Events API `event_callback` envelope around `event`, as JSON."""
    now = int(time.time())
    return json.dumps(
        {
            "token": "verification-token-unused",
            "team_id": team_id,
            "api_app_id": api_app_id,
            "event": event,
            "type": "event_callback",
            "event_id": f"Ev{uuid.uuid4().hex[:10].upper()}",
            "event_time": now,
            "authorizations": [
                {"team_id": team_id, "user_id": "U0BOT", "is_bot": True, "enterprise_id": None}
            ],
            "is_ext_shared_channel": False,
        }
    )


def zoom_webhook_headers(
    body: bytes, *, secret: str, timestamp: int | None = None
) -> dict[str, str]:
    """Zoom's `x-zm-signature` headers for a webhook body."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    message = b"v0:" + ts.encode() + b":" + body
    digest = hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    return {
        "x-zm-request-timestamp": ts,
        "x-zm-signature": f"v0={digest}",
        "content-type": "application/json",
    }
