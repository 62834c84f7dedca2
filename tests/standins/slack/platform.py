"""chat.unfurl and functions.completeSuccess/Error in the Slack stand-in, plus the arranging
helpers that make the events tests send: a shared link (link_shared) and a step execution
(function_executed, with its short-lived `xwfp-` token)."""

from __future__ import annotations

import json
import secrets
from typing import Any

from tests.standins.slack.records import SlackError
from tests.standins.slack.state import SlackState
from tests.standins.slack.wire import Ctx, Handler

UNFURL_BLOCKS_MAX = 50


def share_links(
    state: SlackState, urls: list[str], *, user_id: str = "U0001", channel_id: str = "C0001"
) -> dict[str, Any]:
    """Post a message carrying `urls` as `user_id`; what link_shared tells the app about it."""
    with state.lock:
        ts = state.next_ts()
        message = {"type": "message", "user": user_id, "text": " ".join(urls), "ts": ts}
        state.messages.setdefault(channel_id, []).append(message)
        unfurl_id = f"{channel_id}.{ts}.{secrets.token_hex(6)}"
        state.platform.shared[unfurl_id] = {"channel": channel_id, "ts": ts, "urls": list(urls)}
    return {"channel": channel_id, "ts": ts, "unfurl_id": unfurl_id, "user": user_id}


def start_execution(state: SlackState, *, team_id: str = "T0001") -> tuple[str, str]:
    """A function execution and its bot access token, as function_executed carries them."""
    execution_id = f"Fx{secrets.token_hex(5).upper()}"
    token = f"xwfp-{secrets.token_hex(16)}"
    state.add_token(token, team_id=team_id)
    with state.lock:
        state.platform.executions[execution_id] = {"state": "pending", "token": token}
    return execution_id, token


def _unfurls(ctx: Ctx) -> dict[str, Any]:
    unfurls = ctx.require("unfurls")
    if isinstance(unfurls, str):
        try:
            unfurls = json.loads(unfurls)
        except ValueError:
            raise SlackError("invalid_unfurls_format") from None
    if not isinstance(unfurls, dict) or not unfurls:
        raise SlackError("invalid_unfurls_format")
    for url, card in unfurls.items():
        blocks = card.get("blocks") if isinstance(card, dict) else None
        valid = isinstance(blocks, list) and all(
            isinstance(b, dict) and "type" in b for b in blocks
        )
        if not valid or len(blocks or []) > UNFURL_BLOCKS_MAX:
            raise SlackError("invalid_blocks", messages=[f"[ERROR] bad blocks for {url}"])
    return unfurls


def chat_unfurl(state: SlackState, ctx: Ctx) -> dict[str, Any]:
    """chat.unfurl by (channel, ts) or (unfurl_id, source); only links that were shared."""
    if "links:write" not in ctx.bot.scope.split(","):
        raise SlackError("missing_scope")
    unfurl_id = ctx.params.get("unfurl_id")
    if unfurl_id:
        if not ctx.params.get("source"):
            raise SlackError("invalid_source")
        shared = state.platform.shared.get(str(unfurl_id))
    else:
        channel, ts = ctx.require("channel"), ctx.require("ts")
        shared = next(
            (
                s
                for s in state.platform.shared.values()
                if s["channel"] == channel and s["ts"] == ts
            ),
            None,
        )
    if shared is None:
        raise SlackError("cannot_find_message")
    unfurls = _unfurls(ctx)
    if not set(unfurls) <= set(shared["urls"]):
        raise SlackError("cannot_unfurl_url")
    state.platform.unfurls.append({**shared, "unfurls": unfurls})
    return {}


def _execution(state: SlackState, ctx: Ctx) -> dict[str, Any]:
    execution = state.platform.executions.get(str(ctx.require("function_execution_id")))
    if execution is None:
        raise SlackError("function_execution_not_found")
    if execution["state"] != "pending":
        raise SlackError("function_execution_already_completed")
    return execution


def functions_complete_success(state: SlackState, ctx: Ctx) -> dict[str, Any]:
    """functions.completeSuccess (`outputs` as JSON text)."""
    execution = _execution(state, ctx)
    outputs = ctx.require("outputs")
    if isinstance(outputs, str):
        try:
            outputs = json.loads(outputs)
        except ValueError:
            raise SlackError("invalid_arguments") from None
    if not isinstance(outputs, dict):
        raise SlackError("invalid_arguments")
    execution.update(state="completed", outputs=outputs)
    return {}


def functions_complete_error(state: SlackState, ctx: Ctx) -> dict[str, Any]:
    """functions.completeError"""
    execution = _execution(state, ctx)
    execution.update(state="failed", error=str(ctx.require("error")))
    return {}


METHODS: dict[str, Handler] = {
    "chat.unfurl": chat_unfurl,
    "functions.completeError": functions_complete_error,
    "functions.completeSuccess": functions_complete_success,
}
