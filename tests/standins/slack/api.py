"""A stand-in for the Slack Web API that answers like the real one, over real HTTP.

Serve `build_slack_api(state)` with `LoopbackServer` and point slack_sdk at
`server.url + "/api/"`. Response URLs live under `/response/{key}`.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from tests.standins.slack.block_limits import block_problems
from tests.standins.slack.state import (
    Bot,
    Channel,
    Fault,
    SlackCall,
    SlackError,
    SlackState,
    validate_view,
)

__all__ = ["SlackCall", "SlackState", "build_slack_api"]

APP_ID = "A0APP"
_JSON_FIELDS = ("blocks", "attachments", "view", "metadata")


@dataclass
class Ctx:
    """One authenticated call, as a method handler sees it."""

    params: dict[str, Any]
    bot: Bot
    headers: dict[str, str]

    def require(self, name: str) -> Any:
        """A required argument, or Slack's `invalid_arguments`."""
        value = self.params.get(name)
        if value in (None, ""):
            raise SlackError(
                "invalid_arguments", messages=[f"[ERROR] missing required field: {name}"]
            )
        return value


Handler = Callable[[SlackState, Ctx], dict[str, Any]]


def build_slack_api(state: SlackState) -> Starlette:
    """The Starlette app serving `state` as Slack's Web API and response URLs."""

    async def api(request: Request) -> Response:
        method = request.path_params["method"]
        headers = dict(request.headers)
        try:
            params = await _read_params(request)
        except ValueError:
            state.record(method, {}, headers).failed = True
            return _error(SlackError("invalid_json"))
        call = state.record(method, params, headers)
        if delay := state.delays.get(method):
            await asyncio.sleep(delay)
        if (fault := state.take_fault(method)) is not None:
            call.failed = True
            return _fault_response(fault)
        if method == "chat.postMessage" and not state.take_post_token(str(params.get("channel"))):
            call.failed = True
            return _fault_response(Fault(1, 429, 1, None))
        try:
            with state.lock:
                body = _dispatch(state, method, params, headers)
        except SlackError as exc:
            return _error(exc)
        return JSONResponse({"ok": True, **body})

    async def response_url(request: Request) -> Response:
        key = request.path_params["key"]
        raw = await request.body()
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        call = state.record("response_url", {"key": key, "body": body}, dict(request.headers))
        if delay := state.delays.get("response_url"):
            await asyncio.sleep(delay)
        if (fault := state.take_fault("response_url")) is not None:
            call.failed = True
            return _fault_response(fault)
        with state.lock:
            bodies = state.responses.get(key)
            if bodies is None:
                return PlainTextResponse("no_service", status_code=404)
            if len(bodies) >= state.response_url_max_uses:
                return PlainTextResponse("used_url", status_code=404)
            if not isinstance(body, dict):
                return PlainTextResponse("invalid_payload", status_code=400)
            bodies.append(body)
        return PlainTextResponse("ok")

    return Starlette(
        routes=[
            Route("/api/{method}", api, methods=["GET", "POST"]),
            Route("/response/{key}", response_url, methods=["POST"]),
        ]
    )


# -- plumbing ---------------------------------------------------------------------------------


async def _read_params(request: Request) -> dict[str, Any]:
    params: dict[str, Any] = dict(request.query_params)
    raw = await request.body()
    if request.headers.get("content-type", "").startswith("application/json"):
        parsed = json.loads(raw or b"{}")
        if isinstance(parsed, dict):
            params.update(parsed)
    elif raw:
        params.update(parse_qsl(raw.decode(), keep_blank_values=True))
    for name in _JSON_FIELDS:  # form bodies carry structured arguments as JSON strings
        if isinstance(params.get(name), str) and params[name]:
            try:
                params[name] = json.loads(params[name])
            except ValueError:
                pass
    return params


def _dispatch(
    state: SlackState, method: str, params: dict[str, Any], headers: dict[str, str]
) -> dict[str, Any]:
    if method == "oauth.v2.access":  # the one method here that takes no token
        return oauth_v2_access(state, params, headers)
    handler = METHODS.get(method)
    if handler is None:
        raise SlackError("unknown_method")
    return handler(state, Ctx(params, _authenticate(state, params, headers), headers))


def _authenticate(state: SlackState, params: dict[str, Any], headers: dict[str, str]) -> Bot:
    auth = headers.get("authorization", "")
    token = auth.removeprefix("Bearer ").strip() if auth.startswith("Bearer ") else None
    token = token or params.get("token")
    if not token:
        raise SlackError("not_authed")
    bot = state.bots.get(token)
    if bot is None:
        raise SlackError("invalid_auth")
    if bot.revoked:
        raise SlackError("token_revoked")
    return bot


def _error(exc: SlackError) -> JSONResponse:
    body: dict[str, Any] = {"ok": False, "error": exc.error}
    if exc.messages:
        body["response_metadata"] = {"messages": exc.messages}
    return JSONResponse(body)


def _fault_response(fault: Fault) -> JSONResponse:
    if fault.status == 429:
        headers = {} if fault.retry_after is None else {"Retry-After": str(fault.retry_after)}
        body = {"ok": False, "error": fault.error or "ratelimited"}
        return JSONResponse(body, status_code=429, headers=headers)
    default = "fatal_error" if fault.status == 200 else "internal_error"
    return JSONResponse({"ok": False, "error": fault.error or default}, status_code=fault.status)


# -- conversations ----------------------------------------------------------------------------


def conversations_info(state: SlackState, ctx: Ctx) -> dict[str, Any]:
    """conversations.info"""
    return {"channel": state.channel(ctx.params.get("channel")).to_json()}


def conversations_open(state: SlackState, ctx: Ctx) -> dict[str, Any]:
    """conversations.open (DMs; several users make a group DM)."""
    if ctx.params.get("channel"):
        return {
            "channel": {"id": state.channel(ctx.params.get("channel")).id},
            "no_op": True,
            "already_open": True,
        }
    users = ctx.params.get("users") or []
    users = users.split(",") if isinstance(users, str) else list(users)
    if not users:
        raise SlackError("users_list_not_supplied")
    if any(user not in state.users for user in users):
        raise SlackError("user_not_found")
    if len(users) == 1:
        existed = f"D{users[0]}" in state.channels
        channel = state.open_dm(users[0])
        extra = {"no_op": True, "already_open": True} if existed else {}
        return {"channel": {"id": channel.id}, **extra}
    channel_id = "GM" + "".join(sorted(users))
    state.channels.setdefault(channel_id, Channel(channel_id, channel_id.lower(), True))
    return {"channel": {"id": channel_id}}


def users_info(state: SlackState, ctx: Ctx) -> dict[str, Any]:
    """users.info (the email only with users:read.email, as Slack does)."""
    user = state.users.get(str(ctx.params.get("user")))
    if user is None:
        raise SlackError("user_not_found")
    user = {**user, "profile": dict(user["profile"])}
    if "users:read.email" not in ctx.bot.scope.split(","):
        user["profile"].pop("email", None)
    return {"user": user}


def auth_test(state: SlackState, ctx: Ctx) -> dict[str, Any]:
    """auth.test"""
    team = state.teams.get(ctx.bot.team_id, ctx.bot.team_id)
    return {
        "url": f"https://{team.lower()}.slack.com/",
        "team": team,
        "user": "zoombridge",
        "team_id": ctx.bot.team_id,
        "user_id": ctx.bot.user_id,
        "bot_id": ctx.bot.bot_id,
        "is_enterprise_install": False,
    }


# -- chat -------------------------------------------------------------------------------------


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
        if problems := block_problems(blocks):
            raise SlackError("invalid_blocks", messages=problems)
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


# -- views ------------------------------------------------------------------------------------


def _store_view(
    state: SlackState, ctx: Ctx, view: dict[str, Any], previous: dict[str, Any] | None = None
) -> dict[str, Any]:
    external_id = str(view.get("external_id", ""))
    view_id = previous["id"] if previous else state.next_id("V")
    if external_id and any(
        v["external_id"] == external_id and v["id"] != view_id for v in state.views.values()
    ):
        raise SlackError("duplicate_external_id")
    stored = {
        "id": view_id,
        "team_id": ctx.bot.team_id,
        "app_id": APP_ID,
        "bot_id": ctx.bot.bot_id,
        "private_metadata": "",
        "callback_id": "",
        "external_id": external_id,
        "clear_on_close": False,
        "notify_on_close": False,
        **view,
        "state": previous["state"] if previous else {"values": {}},
        "hash": f"{int(time.time())}.{secrets.token_hex(4)}",
        "root_view_id": previous["root_view_id"] if previous else view_id,
        "previous_view_id": None,
    }
    state.views[view_id] = stored
    return stored


def views_open(state: SlackState, ctx: Ctx) -> dict[str, Any]:
    """views.open (the trigger id must be fresh and unused)."""
    trigger_id = ctx.require("trigger_id")
    view = validate_view(ctx.require("view"), ("modal",))
    state.use_trigger(str(trigger_id))
    return {"view": _store_view(state, ctx, view)}


def views_push(state: SlackState, ctx: Ctx) -> dict[str, Any]:
    """views.push"""
    return views_open(state, ctx)


def _existing_view(state: SlackState, ctx: Ctx) -> dict[str, Any]:
    view_id, external_id = ctx.params.get("view_id"), ctx.params.get("external_id")
    if not view_id and not external_id:
        raise SlackError("invalid_arguments", messages=["[ERROR] view_id or external_id needed"])
    found = state.views.get(str(view_id)) if view_id else None
    if found is None and external_id:
        found = next((v for v in state.views.values() if v["external_id"] == external_id), None)
    if found is None:
        raise SlackError("not_found")
    expected = ctx.params.get("hash")
    if expected and expected != found["hash"]:
        raise SlackError("hash_conflict")
    return found


def views_update(state: SlackState, ctx: Ctx) -> dict[str, Any]:
    """views.update (by view_id or external_id; a stale hash is a `hash_conflict`)."""
    previous = _existing_view(state, ctx)
    view = validate_view(ctx.require("view"), ("modal", "home"))
    return {"view": _store_view(state, ctx, view, previous)}


def views_publish(state: SlackState, ctx: Ctx) -> dict[str, Any]:
    """views.publish (the user's App Home, kept in `state.home_views`)."""
    user_id = str(ctx.require("user_id"))
    if user_id not in state.users:
        raise SlackError("user_not_found")
    view = validate_view(ctx.require("view"), ("home",))
    previous = state.home_views.get(user_id)
    expected = ctx.params.get("hash")
    if previous is not None and expected and expected != previous["hash"]:
        raise SlackError("hash_conflict")
    stored = _store_view(state, ctx, view, previous)
    state.home_views[user_id] = stored
    return {"view": stored}


# -- oauth ------------------------------------------------------------------------------------


def _client_credentials(params: dict[str, Any], headers: dict[str, str]) -> tuple[str, str]:
    auth = headers.get("authorization", "")
    if auth.startswith("Basic "):
        try:
            client_id, _, secret = base64.b64decode(auth[6:]).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            raise SlackError("invalid_client_id") from None
        return client_id, secret
    return str(params.get("client_id", "")), str(params.get("client_secret", ""))


def oauth_v2_access(
    state: SlackState, params: dict[str, Any], headers: dict[str, str]
) -> dict[str, Any]:
    """oauth.v2.access (client credentials by Basic auth or form fields; single-use codes)."""
    client_id, secret = _client_credentials(params, headers)
    if client_id != state.client_id:
        raise SlackError("invalid_client_id")
    if secret != state.client_secret:
        raise SlackError("bad_client_secret")
    grant = state.use_code(str(params.get("code", "")))
    if grant.redirect_uri is not None and params.get("redirect_uri") != grant.redirect_uri:
        raise SlackError("bad_redirect_uri")
    token = f"xoxb-{grant.team_id}-{secrets.token_hex(12)}"
    state.add_token(token, team_id=grant.team_id, user_id=grant.bot_user_id, bot_id="B0BOT2")
    state.teams[grant.team_id] = grant.team_name
    return {
        "access_token": token,
        "token_type": "bot",
        "scope": state.bots[token].scope,
        "bot_user_id": grant.bot_user_id,
        "app_id": APP_ID,
        "team": {"id": grant.team_id, "name": grant.team_name},
        "enterprise": None,
        "is_enterprise_install": False,
        "authed_user": {"id": grant.user_id, "scope": "", "access_token": None, "token_type": None},
    }


METHODS: dict[str, Handler] = {
    "auth.test": auth_test,
    "chat.delete": chat_delete,
    "chat.postEphemeral": chat_post_ephemeral,
    "chat.postMessage": chat_post_message,
    "chat.update": chat_update,
    "conversations.info": conversations_info,
    "conversations.open": conversations_open,
    "users.info": users_info,
    "views.open": views_open,
    "views.publish": views_publish,
    "views.push": views_push,
    "views.update": views_update,
}
