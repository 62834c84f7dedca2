"""The stand-in's scheduled-message methods (registered in `tests.standins.slack.api`)."""

from __future__ import annotations

from typing import Any

from tests.standins.slack.chat import _content
from tests.standins.slack.records import SlackError
from tests.standins.slack.scheduled import ScheduledError
from tests.standins.slack.state import SlackState
from tests.standins.slack.wire import Ctx, Handler

PAGE_MAX = 100


def post_due(state: SlackState) -> None:
    """Post every scheduled message whose time has come into its channel."""
    for message in state.scheduled.due():
        entry = {
            "type": "message",
            "ts": state.next_ts(),
            "text": message.get("text", ""),
            "scheduled_message_id": message["id"],
        }
        if message.get("blocks"):
            entry["blocks"] = message["blocks"]
        state.messages.setdefault(message["channel_id"], []).append(entry)


def _raise(error: ScheduledError) -> SlackError:
    return SlackError(error.error)


def chat_schedule_message(state: SlackState, ctx: Ctx) -> dict[str, Any]:
    """chat.scheduleMessage (no `metadata`: Slack does not take it here)."""
    post_due(state)
    channel = state.channel(ctx.require("channel"))
    state.check_writable(channel)
    if ctx.params.get("metadata"):
        raise SlackError("invalid_arguments", messages=["[ERROR] metadata is not supported"])
    content = _content(ctx)
    try:
        message = state.scheduled.schedule(channel.id, ctx.require("post_at"), content)
    except ScheduledError as error:
        raise _raise(error) from None
    return {
        "channel": channel.id,
        "scheduled_message_id": message["id"],
        "post_at": message["post_at"],
        "message": {"type": "message", "text": content.get("text", ""), "bot_id": ctx.bot.bot_id},
    }


def chat_delete_scheduled_message(state: SlackState, ctx: Ctx) -> dict[str, Any]:
    """chat.deleteScheduledMessage"""
    post_due(state)
    channel = state.channel(ctx.require("channel"))
    try:
        state.scheduled.delete(channel.id, ctx.require("scheduled_message_id"))
    except ScheduledError as error:
        raise _raise(error) from None
    return {}


def chat_scheduled_messages_list(state: SlackState, ctx: Ctx) -> dict[str, Any]:
    """chat.scheduledMessages.list, paged with `cursor` (an offset here)."""
    post_due(state)
    channel = ctx.params.get("channel") or None
    if channel is not None:
        channel = state.channel(channel).id
    items = state.scheduled.listing(channel, ctx.params.get("oldest"), ctx.params.get("latest"))
    limit = min(int(ctx.params.get("limit") or PAGE_MAX), PAGE_MAX)
    start = int(ctx.params.get("cursor") or 0)
    page = items[start : start + limit]
    following = str(start + limit) if start + limit < len(items) else ""
    return {"scheduled_messages": page, "response_metadata": {"next_cursor": following}}


SCHEDULED_METHODS: dict[str, Handler] = {
    "chat.scheduleMessage": chat_schedule_message,
    "chat.deleteScheduledMessage": chat_delete_scheduled_message,
    "chat.scheduledMessages.list": chat_scheduled_messages_list,
}
