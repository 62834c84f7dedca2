"""Making one outbox row's Slack call, and sorting Slack's failures into retry or give up."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.notices.scheduled import SCHEDULE_ACTIONS, send_scheduled
from bot.slack.gateway import slack_error_code
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
    if row.action in SCHEDULE_ACTIONS:
        return await send_scheduled(client, row)
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
    try:
        items = dict(headers or {}).items()
    except (TypeError, ValueError):
        return None
    for name, value in items:
        if str(name).lower() == "retry-after":
            try:
                seconds = float(value)
            except (TypeError, ValueError):
                return None
            return min(max(seconds, 0.0), RETRY_AFTER_MAX) if seconds == seconds else None
    return None


def judge(error: SlackApiError) -> Verdict:
    """Retry 429, 5xx, transient codes and non-Slack answers (honour Retry-After); else give up."""
    response = error.response
    status = getattr(response, "status_code", None)
    status = status if isinstance(status, int) else 0
    code = slack_error_code(error)
    reason = code or f"http_{status}"
    retry_after = _retry_after(getattr(response, "headers", None))
    if status == 429 or code == "ratelimited" or status >= 500:
        return Verdict(True, reason, retry_after)
    if code in TRANSIENT_ERRORS:
        return Verdict(True, reason, retry_after)
    if not code:  # no Slack error code at all: not an answer from Slack's API, try again
        return Verdict(True, f"{reason}_unreadable", retry_after)
    return Verdict(False, reason)
