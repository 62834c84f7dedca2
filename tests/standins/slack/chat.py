"""chat.postMessage, chat.update, chat.delete and chat.postEphemeral."""

from __future__ import annotations

from typing import Any

from tests.standins.slack.records import SlackError
from tests.standins.slack.state import SlackState
from tests.standins.slack.wire import APP_ID, Ctx


def _content(ctx: Ctx) -> dict[str, Any]:
    text, blocks = ctx.params.get("text"), ctx.params.get("blocks")
    attachments = ctx.params.get("attachments")
    if not text and not blocks and not attachments:
        raise SlackError("no_text")
    if blocks is not None:
        valid = isinstance(blocks, list) and all(
            isinstance(b, dict) and "type" in b for b in blocks
        )
        if not valid or len(blocks) > 50:
            raise SlackError("invalid_blocks")
    content: dict[str, Any] = {"text": text or ""}
    if blocks:
        content["blocks"] = blocks
    if attachments:
        content["attachments"] = attachments
    return content


def chat_post_message(state: SlackState, ctx: Ctx) -> dict[str, Any]:
    """chat.postMessage"""
    channel = state.channel(ctx.params.get("channel"), open_dm=True)
    state.check_writable(channel)
    content = _content(ctx)
    ts = state.next_ts()
    message = {"type": "message", "user": ctx.bot.user_id, "bot_id": ctx.bot.bot_id, "ts": ts}
    message.update(content, app_id=APP_ID, team=ctx.bot.team_id)
    thread_ts = ctx.params.get("thread_ts")
    if thread_ts:
        message["thread_ts"] = str(thread_ts)
        parent = next((m for m in state.messages.get(channel.id, []) if m["ts"] == thread_ts), None)
        if parent is not None:
            parent.update(thread_ts=parent["ts"], latest_reply=ts)
            parent["reply_count"] = parent.get("reply_count", 0) + 1
    state.messages.setdefault(channel.id, []).append(message)
    return {"channel": channel.id, "ts": ts, "message": dict(message)}


def chat_update(state: SlackState, ctx: Ctx) -> dict[str, Any]:
    """chat.update (the previous versions go to `state.edits`)."""
    channel = state.channel(ctx.params.get("channel"))
    message = state.find_message(channel.id, ctx.params.get("ts"))
    content = _content(ctx)
    state.edits.setdefault((channel.id, message["ts"]), []).append(dict(message))
    if "blocks" in ctx.params and not content.get("blocks"):
        message.pop("blocks", None)
    message.update(content, edited={"user": ctx.bot.user_id, "ts": state.next_ts()})
    return {"channel": channel.id, "ts": message["ts"], "message": dict(message)}


def chat_delete(state: SlackState, ctx: Ctx) -> dict[str, Any]:
    """chat.delete"""
    channel = state.channel(ctx.params.get("channel"))
    message = state.find_message(channel.id, ctx.params.get("ts"))
    state.messages[channel.id].remove(message)
    return {"channel": channel.id, "ts": message["ts"]}


def chat_post_ephemeral(state: SlackState, ctx: Ctx) -> dict[str, Any]:
    """chat.postEphemeral (stored in `state.ephemerals`)."""
    user = ctx.require("user")
    if user not in state.users:
        raise SlackError("user_not_found")
    channel = state.channel(ctx.params.get("channel"), open_dm=True)
    state.check_writable(channel)
    ts = state.next_ts()
    ephemeral = {"channel": channel.id, "user": user, "message_ts": ts, **_content(ctx)}
    if ctx.params.get("thread_ts"):
        ephemeral["thread_ts"] = str(ctx.params["thread_ts"])
    state.ephemerals.append(ephemeral)
    return {"message_ts": ts}
