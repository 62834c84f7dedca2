"""Making one outbox row's Slack call, and sorting Slack's failures into retry or give up."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from store.repos.outbox import Claimed

# ok:false answers worth another try; every other error code will fail the same way again.
TRANSIENT_ERRORS = frozenset(
    {"internal_error", "fatal_error", "service_unavailable", "request_timeout", "ratelimited"}
)
RETRY_AFTER_MAX = 3600.0


@dataclass(frozen=True)
class Verdict:
    """What to do after a failed call: retry (maybe at a time Slack asked for) or give up."""

    retry: bool
    reason: str
    retry_after: float | None = None


def method_of(action: str) -> str:
    """The Web API method that posts a row with this action."""
    return "chat.update" if action == "update" else "chat.postMessage"


async def send(client: AsyncWebClient, row: Claimed) -> str | None:
    """Make the row's call; the ts of the message it touched."""
    payload = row.payload
    content: dict[str, Any] = {"text": payload.get("text", ""), "blocks": payload.get("blocks")}
    if row.action == "update":
        answer = await client.chat_update(channel=row.channel_id, ts=payload["ts"], **content)
        return str(answer.get("ts", ""))
    channel = row.channel_id
    if row.action == "dm":
        opened = await client.conversations_open(users=row.channel_id)
        channel = str(opened["channel"]["id"])
    answer = await client.chat_postMessage(
        channel=channel,
        thread_ts=payload.get("thread_ts"),
        unfurl_links=False,
        unfurl_media=False,
        **content,
    )
    return str(answer.get("ts", ""))


def _retry_after(headers: Any) -> float | None:
    for name, value in dict(headers or {}).items():
        if str(name).lower() == "retry-after":
            try:
                return min(max(float(value), 0.0), RETRY_AFTER_MAX)
            except ValueError:
                return None
    return None


def judge(error: SlackApiError) -> Verdict:
    """Retry on 429 (honouring Retry-After), 5xx and transient codes; otherwise give up."""
    response = error.response
    status = getattr(response, "status_code", 200)
    code = str(response.get("error", "") or "") if response is not None else ""
    reason = code or f"http_{status}"
    if status == 429 or code == "ratelimited":
        return Verdict(True, reason, _retry_after(getattr(response, "headers", None)))
    if status >= 500 or code in TRANSIENT_ERRORS:
        return Verdict(True, reason)
    return Verdict(False, reason)
