"""Outbox calls for channel reminders: chat.scheduleMessage and chat.deleteScheduledMessage.

Both are safe to repeat. Before scheduling, the channel's scheduled messages are listed and one
with the same post time and text is adopted, so a retry after a lost answer (or a restart
mid-call) never schedules a second reminder. Deleting finds the message the same way, so it
works without the id Slack returned and does nothing once the reminder has been posted.
"""

from __future__ import annotations

from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from store.repos.outbox import Claimed

SCHEDULE = "schedule"
UNSCHEDULE = "unschedule"
SCHEDULE_ACTIONS = frozenset({SCHEDULE, UNSCHEDULE})
GONE = frozenset({"invalid_scheduled_message_id", "message_not_found"})
LIST_PAGE = 100


async def matching(client: AsyncWebClient, channel: str, post_at: int, text: str) -> list[str]:
    """Ids of the channel's scheduled messages posting `text` at `post_at`."""
    found: list[str] = []
    cursor: str | None = None
    while True:
        answer = await client.chat_scheduledMessages_list(
            channel=channel,
            oldest=str(post_at - 1),
            latest=str(post_at + 1),
            limit=LIST_PAGE,
            cursor=cursor,
        )
        for message in answer.get("scheduled_messages") or []:
            same_time = int(message.get("post_at") or 0) == post_at
            if same_time and message.get("text") == text:
                found.append(str(message.get("id")))
        cursor = ((answer.get("response_metadata") or {}).get("next_cursor")) or None
        if not cursor:
            return found


async def send_scheduled(client: AsyncWebClient, row: Claimed) -> str | None:
    """Schedule (at most once) or delete a reminder; the scheduled message's id."""
    payload: dict[str, Any] = row.payload
    post_at, text = int(payload["post_at"]), str(payload.get("text", ""))
    existing = await matching(client, row.channel_id, post_at, text)
    if row.action == SCHEDULE:
        if existing:
            return existing[0]
        answer = await client.chat_scheduleMessage(
            channel=row.channel_id,
            post_at=post_at,
            text=text,
            blocks=payload.get("blocks"),
            unfurl_links=False,
            unfurl_media=False,
        )
        return str(answer.get("scheduled_message_id", ""))
    for message_id in existing:
        try:
            await client.chat_deleteScheduledMessage(
                channel=row.channel_id, scheduled_message_id=message_id
            )
        except SlackApiError as error:
            if error.response.get("error") not in GONE:  # posted or deleted meanwhile: done
                raise
    return existing[0] if existing else None
