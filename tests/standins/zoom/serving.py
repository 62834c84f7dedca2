"""How the Zoom stand-in serves each request: recording, delays, faults, auth, user look-up."""

from __future__ import annotations

import asyncio
import base64
import json
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from tests.standins.zoom.state import (
    Fault,
    Grant,
    StandinUser,
    ZoomRequest,
    ZoomState,
)
from tests.standins.zoom.wire import (
    PER_SECOND_MESSAGE,
    Call,
    Handler,
    oauth_error,
    zoom_error,
)


class ZoomServing:
    """Recording, faults and authentication around every endpoint."""

    def __init__(self, state: ZoomState) -> None:
        self.state = state
        self._pages: dict[str, tuple[list[dict[str, Any]], int]] = {}

    # plumbing ------------------------------------------------------------

    def endpoint(self, op: str, handler: Handler) -> Callable[[Request], Awaitable[Response]]:
        """Wrap a handler: record the request, apply delays, faults and auth."""

        async def run(request: Request) -> Response:
            call = await self._record(request)
            is_api = request.url.path.startswith("/v2/")
            delay = self.state.delay_seconds if is_api else 0.0
            if op == "token":
                delay = self.state.token_delay
            if delay:
                await asyncio.sleep(delay)
            fault = self.state.take_fault(request.url.path, op)
            if fault is not None:
                return self._fault_response(fault)
            if is_api:
                denied = self._bearer(request, call)
                if denied is not None:
                    return denied
            elif op in ("token", "revoke") and not self._basic_ok(request):
                return oauth_error(401, "invalid_client", "Invalid client_id or client_secret")
            return await handler(request, call)

        return run

    async def _record(self, request: Request) -> Call:
        body = await request.body()
        form: dict[str, str] = {}
        json_body: Any = None
        content_type = request.headers.get("content-type", "")
        if "json" in content_type and body:
            json_body = json.loads(body)
        elif "form" in content_type:
            form = dict(parse_qsl(body.decode()))
        headers = dict(request.headers)
        auth = headers.get("authorization", "")
        token = auth[7:] if auth.lower().startswith("bearer ") else None
        if auth:
            headers["authorization"] = auth.split(" ", 1)[0] + " [redacted]"
        query = dict(request.query_params)
        self.state.record(
            ZoomRequest(request.method, request.url.path, query, headers, token, json_body, form)
        )
        return Call(body, form, json_body)

    def _fault_response(self, fault: Fault) -> Response:
        body = fault.body
        if body is None:
            message = PER_SECOND_MESSAGE if fault.status == 429 else "Internal Server Error"
            body = {"code": fault.status, "message": message}
        headers = dict(fault.headers)
        if fault.retry_after is not None:
            headers["Retry-After"] = fault.retry_after
        return JSONResponse(body, status_code=fault.status, headers=headers)

    def _basic_ok(self, request: Request) -> bool:
        auth = request.headers.get("authorization", "")
        if not auth.lower().startswith("basic "):
            return False
        try:
            decoded = base64.b64decode(auth[6:]).decode()
        except ValueError:
            return False
        return decoded == f"{self.state.client_id}:{self.state.client_secret}"

    def _bearer(self, request: Request, call: Call) -> Response | None:
        auth = request.headers.get("authorization", "")
        token = auth[7:] if auth.lower().startswith("bearer ") else ""
        grant = self.state.grant_for_access(token) if token else None
        if grant is None:
            return zoom_error(401, 124, "Invalid access token.")
        if grant.expires_at <= self.state.clock():
            return zoom_error(401, 124, "Access token is expired.")
        call.grant = grant
        return None

    def _user(self, grant: Grant, user_ref: str) -> StandinUser | Response:
        if grant.user_id is not None:
            own = self.state.users[grant.user_id]
            if user_ref in ("me", own.id, own.email):
                return own
            return zoom_error(
                400, 4700, "Invalid access token, does not contain scopes:[user:read:admin]."
            )
        user = None if user_ref == "me" else self.state.find_user(user_ref)
        if user is None or user.account_id != grant.account_id:
            return zoom_error(404, 1001, f"User does not exist: {user_ref}.")
        return user

    async def get_user(self, request: Request, call: Call) -> Response:
        assert call.grant is not None
        user = self._user(call.grant, request.path_params["user"])
        return user if isinstance(user, Response) else JSONResponse(user.as_json())
