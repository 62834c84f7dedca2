"""A stand-in for the Slack Web API that answers like the real one, over real HTTP.

Serve `build_slack_api(state)` with `LoopbackServer` and point slack_sdk at
`server.url + "/api/"`. Response URLs live under `/response/{key}`.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from tests.standins.slack import chat, conversations, oauth, views
from tests.standins.slack.records import (
    Bot,
    Fault,
    SlackCall,
    SlackError,
)
from tests.standins.slack.state import SlackState
from tests.standins.slack.wire import Ctx, Handler

__all__ = ["SlackCall", "SlackState", "build_slack_api"]

_JSON_FIELDS = ("blocks", "attachments", "view", "metadata")

METHODS: dict[str, Handler] = {
    "auth.test": conversations.auth_test,
    "chat.delete": chat.chat_delete,
    "chat.postEphemeral": chat.chat_post_ephemeral,
    "chat.postMessage": chat.chat_post_message,
    "chat.update": chat.chat_update,
    "conversations.info": conversations.conversations_info,
    "conversations.open": conversations.conversations_open,
    "users.info": conversations.users_info,
    "views.open": views.views_open,
    "views.publish": views.views_publish,
    "views.push": views.views_push,
    "views.update": views.views_update,
}


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


# -- plumbing --------------------------------------------------------------------------------


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
        return oauth.oauth_v2_access(state, params, headers)
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
    if exc.needed:
        body["needed"] = exc.needed
    if exc.messages:
        body["response_metadata"] = {"messages": exc.messages}
    return JSONResponse(body)


def _fault_response(fault: Fault) -> Response:
    if fault.page is not None:
        headers = {} if fault.retry_after is None else {"Retry-After": str(fault.retry_after)}
        return Response(fault.page, fault.status, headers=headers, media_type=fault.page_type)
    if fault.status == 429:
        headers = {} if fault.retry_after is None else {"Retry-After": str(fault.retry_after)}
        body = {"ok": False, "error": fault.error or "ratelimited"}
        return JSONResponse(body, status_code=429, headers=headers)
    default = "fatal_error" if fault.status == 200 else "internal_error"
    return JSONResponse({"ok": False, "error": fault.error or default}, status_code=fault.status)
