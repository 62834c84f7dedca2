"""A stand-in for Zoom's OAuth server (/oauth/*) and Meetings API (/v2/*).

Serve ``build_zoom_api(state)`` with LoopbackServer; ZOOM_OAUTH_URL is the server
URL and ZOOM_API_URL is the server URL + "/v2". Behaviour follows Zoom's docs:
rotating refresh tokens, code 124 for bad tokens, 300 with ``errors`` for bad
meetings, 3001/3002/3003, the 100-a-day create/update limit per host.
"""

from __future__ import annotations

import asyncio
import base64
import json
import secrets
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, time, timedelta
from typing import Any
from urllib.parse import parse_qsl, urlencode

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from tests.standins.zoom.delegation import delegated_host, may_manage, pmi_fields
from tests.standins.zoom.state import (
    Fault,
    Grant,
    StandinUser,
    ZoomRequest,
    ZoomState,
    format_utc,
    make_occurrences,
    meeting_errors,
    parse_start,
    s256,
)
from tests.standins.zoom.summaries import summary_handler

Handler = Callable[[Request, "Call"], Awaitable[Response]]

DAILY_LIMIT_MESSAGE = (
    "You have exceeded the daily rate limit ({limit}) of Meeting Create/Update API requests "
    "permitted for this particular user. You may resume these requests at GMT 00:00:00."
)
PER_SECOND_MESSAGE = (
    "You have reached the maximum per-second rate limit for this API. Try again later."
)


class Call:
    """What a handler gets besides the request: parsed body and the caller's grant."""

    def __init__(self, body: bytes, form: dict[str, str], json_body: Any) -> None:
        self.body = body
        self.form = form
        self.json = json_body
        self.grant: Grant | None = None


def _zoom_error(status: int, code: int, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"code": code, "message": message, **extra}, status_code=status)


def _oauth_error(status: int, error: str, reason: str) -> JSONResponse:
    return JSONResponse({"reason": reason, "error": error}, status_code=status)


class _ZoomApi:
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
                return _oauth_error(401, "invalid_client", "Invalid client_id or client_secret")
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
            return _zoom_error(401, 124, "Invalid access token.")
        if grant.expires_at <= self.state.clock():
            return _zoom_error(401, 124, "Access token is expired.")
        call.grant = grant
        return None

    # OAuth ---------------------------------------------------------------

    async def authorize(self, request: Request, call: Call) -> Response:
        q = request.query_params
        if q.get("client_id") != self.state.client_id or q.get("response_type") != "code":
            return JSONResponse({"error": "invalid_request"}, status_code=400)
        redirect_uri = q.get("redirect_uri", "")
        user = self.state.consenting_user
        if user is None:
            params = {"error": "access_denied", "state": q.get("state", "")}
        else:
            challenge = q.get("code_challenge")
            if challenge and q.get("code_challenge_method") != "S256":
                return JSONResponse({"error": "invalid_request"}, status_code=400)
            code = self.state.issue_code(user, redirect_uri, challenge)
            params = {"code": code, "state": q.get("state", "")}
        separator = "&" if "?" in redirect_uri else "?"
        return RedirectResponse(redirect_uri + separator + urlencode(params), status_code=302)

    async def token(self, request: Request, call: Call) -> Response:
        with self.state.lock:
            self.state.token_calls += 1
        grant_type = request.query_params.get("grant_type") or call.form.get("grant_type")
        if grant_type == "authorization_code":
            return self._code_grant(call.form)
        if grant_type == "refresh_token":
            grant = self.state.rotate(call.form.get("refresh_token", ""))
            if grant is None:
                return _oauth_error(400, "invalid_grant", "Invalid Token!")
            return self._token_json(grant)
        if grant_type == "account_credentials":
            if request.query_params.get("account_id") != self.state.account_id:
                return _oauth_error(400, "invalid_request", "Invalid account_id")
            return self._token_json(self.state.grant_account())
        return _oauth_error(400, "unsupported_grant_type", "Unsupported grant type")

    def _code_grant(self, form: dict[str, str]) -> Response:
        code = self.state.take_code(form.get("code", ""))
        invalid = _oauth_error(400, "invalid_grant", "Invalid authorization code")
        if code is None or code.redirect_uri != form.get("redirect_uri"):
            return invalid
        if code.code_challenge is not None:
            verifier = form.get("code_verifier", "")
            if not verifier or not secrets.compare_digest(s256(verifier), code.code_challenge):
                return _oauth_error(400, "invalid_grant", "Invalid code_verifier")
        return self._token_json(self.state.grant_user(code.user_id))

    def _token_json(self, grant: Grant) -> Response:
        body: dict[str, Any] = {
            "access_token": grant.access_token,
            "token_type": "bearer",
            "expires_in": self.state.expires_in,
            "scope": grant.scope,
        }
        if grant.refresh_token:
            body["refresh_token"] = grant.refresh_token
        if grant.user_id is None:
            body["api_url"] = "https://api.zoom.us"
        return JSONResponse(body)

    async def revoke(self, request: Request, call: Call) -> Response:
        self.state.revoke(call.form.get("token", ""))
        return JSONResponse({"status": "success"})

    # users ---------------------------------------------------------------

    def _user(self, grant: Grant, user_ref: str) -> StandinUser | Response:
        if grant.user_id is not None:
            own = self.state.users[grant.user_id]
            if user_ref in ("me", own.id, own.email):
                return own
            return _zoom_error(
                400, 4700, "Invalid access token, does not contain scopes:[user:read:admin]."
            )
        user = None if user_ref == "me" else self.state.find_user(user_ref)
        if user is None or user.account_id != grant.account_id:
            return _zoom_error(404, 1001, f"User does not exist: {user_ref}.")
        return user

    async def get_user(self, request: Request, call: Call) -> Response:
        assert call.grant is not None
        user = self._user(call.grant, request.path_params["user"])
        return user if isinstance(user, Response) else JSONResponse(user.as_json())

    # meetings ------------------------------------------------------------

    async def create_meeting(self, request: Request, call: Call) -> Response:
        assert call.grant is not None
        user = self._user(call.grant, request.path_params["user"])
        if isinstance(user, Response):
            return user
        body = call.json if isinstance(call.json, dict) else {}
        errors = meeting_errors(body, partial=False)
        if errors:
            return _zoom_error(400, 300, "Validation Failed.", errors=errors)
        host = delegated_host(self.state, call.grant, user, body)
        if isinstance(host, Response):
            return host
        if not self.state.count_write(host.id):  # the daily limit counts against the host
            return self._daily_limit()
        meeting = self._new_meeting(host, body)
        if host.id != user.id:
            meeting["assistant_id"] = user.id
        if self.state.hang_creates:
            # The meeting exists already: a client that times out and resends makes a duplicate.
            await asyncio.sleep(float(self.state.hang_creates))
        return JSONResponse(self._meeting_json(meeting), status_code=201)

    def _daily_limit(self) -> Response:
        now = self.state.clock()
        reset = datetime.combine(now.date() + timedelta(days=1), time(0), tzinfo=UTC)
        limit = self.state.daily_create_limit
        headers = {
            "X-RateLimit-Category": "Medium",
            "X-RateLimit-Type": "Daily-limit",
            "X-RateLimit-Limit": str(limit),
            "X-RateLimit-Remaining": "0",
            "Retry-After": format_utc(reset),
        }
        message = DAILY_LIMIT_MESSAGE.format(limit=limit)
        return JSONResponse({"code": 429, "message": message}, status_code=429, headers=headers)

    def _new_meeting(self, user: StandinUser, body: dict[str, Any]) -> dict[str, Any]:
        kind = int(body.get("type", 2))
        timezone = body.get("timezone") or user.timezone
        start = parse_start(body.get("start_time"), timezone) or self.state.clock()
        password = body.get("password", "")
        extra: dict[str, Any] = {
            "timezone": timezone,
            "agenda": body.get("agenda", ""),
            "password": password,
            "settings": dict(body.get("settings") or {}),
            "host_email": user.email,
            **pmi_fields(user, body),
        }
        if kind == 8:
            extra["recurrence"] = body["recurrence"]
            extra["occurrences"] = make_occurrences(
                start, timezone, int(body.get("duration", 60)), body["recurrence"]
            )
        return self.state.add_meeting(
            user.id,
            body.get("topic", "Zoom Meeting"),
            start_time=start,
            duration=int(body.get("duration", 60)),
            type=kind,
            **extra,
        )

    def _meeting_json(self, meeting: dict[str, Any]) -> dict[str, Any]:
        data = dict(meeting)
        if "occurrences" in data:
            data["occurrences"] = [o for o in data["occurrences"] if o["status"] != "deleted"]
        if data["type"] == 3:
            data.pop("start_time", None)
        return data

    def _meeting(self, request: Request, call: Call) -> dict[str, Any] | Response:
        assert call.grant is not None
        raw = request.path_params["meeting_id"]
        meeting = self.state.meetings.get(int(raw)) if raw.isdigit() else None
        if meeting is None:
            return _zoom_error(404, 3001, f"Meeting does not exist: {raw}.")
        host = self.state.users.get(meeting["host_id"])
        if call.grant.user_id is not None:
            allowed = may_manage(self.state, call.grant, meeting)
        else:
            allowed = host is not None and host.account_id == call.grant.account_id
        if not allowed:
            return _zoom_error(400, 3003, "You are not the meeting host.")
        return meeting

    async def get_meeting(self, request: Request, call: Call) -> Response:
        meeting = self._meeting(request, call)
        if isinstance(meeting, Response):
            return meeting
        data = self._meeting_json(meeting)
        occurrence_id = request.query_params.get("occurrence_id")
        if occurrence_id:
            match = [o for o in data.get("occurrences", []) if o["occurrence_id"] == occurrence_id]
            if not match:
                return _zoom_error(400, 3000, "Invalid occurrence_id.")
            data["start_time"] = match[0]["start_time"]
        return JSONResponse(data)

    async def delete_meeting(self, request: Request, call: Call) -> Response:
        meeting = self._meeting(request, call)
        if isinstance(meeting, Response):
            return meeting
        if meeting["id"] in self.state.meetings_in_progress:
            return _zoom_error(
                400, 3002, "Sorry, you cannot delete this meeting since it is in progress."
            )
        occurrence_id = request.query_params.get("occurrence_id")
        with self.state.lock:
            if not occurrence_id:
                del self.state.meetings[meeting["id"]]
                return Response(status_code=204)
            for occurrence in meeting.get("occurrences", []):
                if occurrence["occurrence_id"] == occurrence_id:
                    occurrence["status"] = "deleted"
                    return Response(status_code=204)
        return _zoom_error(400, 3000, "Invalid occurrence_id.")

    async def update_meeting(self, request: Request, call: Call) -> Response:
        meeting = self._meeting(request, call)
        if isinstance(meeting, Response):
            return meeting
        body = call.json if isinstance(call.json, dict) else {}
        errors = meeting_errors(body, partial=True)
        if errors:
            return _zoom_error(400, 300, "Validation Failed.", errors=errors)
        if not self.state.count_write(meeting["host_id"]):
            return self._daily_limit()
        with self.state.lock:
            for key in ("topic", "agenda", "duration", "password", "timezone"):
                if key in body:
                    meeting[key] = body[key]
            if "start_time" in body:
                start = parse_start(body["start_time"], meeting["timezone"])
                meeting["start_time"] = format_utc(start or self.state.clock())
            meeting["settings"] = {**meeting["settings"], **(body.get("settings") or {})}
        return Response(status_code=204)

    async def list_meetings(self, request: Request, call: Call) -> Response:
        assert call.grant is not None
        user = self._user(call.grant, request.path_params["user"])
        if isinstance(user, Response):
            return user
        q = request.query_params
        page_size = int(q.get("page_size", "30"))
        if not 1 <= page_size <= 300:
            error = {"field": "page_size", "message": "Must be between 1 and 300."}
            return _zoom_error(400, 300, "Validation Failed.", errors=[error])
        token = q.get("next_page_token")
        if token:
            if token not in self._pages:
                return _zoom_error(400, 300, "Invalid next_page_token.")
            meetings, offset = self._pages.pop(token)
        else:
            meetings, offset = self._select(user.id, q.get("type", "scheduled")), 0
        page = meetings[offset : offset + page_size]
        next_token = ""
        if offset + page_size < len(meetings):
            next_token = secrets.token_urlsafe(12)
            self._pages[next_token] = (meetings, offset + page_size)
        summaries = [_summary(m) for m in page]
        body = {
            "page_size": page_size,
            "total_records": len(meetings),
            "next_page_token": next_token,
            "meetings": summaries,
        }
        return JSONResponse(body)

    def _select(self, host_id: str, kind: str) -> list[dict[str, Any]]:
        now = format_utc(self.state.clock())
        with self.state.lock:
            mine = [m for m in self.state.meetings.values() if m["host_id"] == host_id]
            live = self.state.meetings_in_progress
        if kind in ("upcoming", "upcoming_meetings"):
            mine = [m for m in mine if m["type"] == 3 or _last_start(m) >= now]
        elif kind == "live":
            mine = [m for m in mine if m["id"] in live]
        elif kind == "previous_meetings":
            mine = [m for m in mine if m["start_time"] < now]
        return sorted(mine, key=lambda m: (m.get("start_time", ""), m["id"]))


def _last_start(meeting: dict[str, Any]) -> str:
    starts = [o["start_time"] for o in meeting.get("occurrences", []) if o["status"] != "deleted"]
    return str(max(starts, default=meeting["start_time"]))


_SUMMARY_KEYS = (
    "id", "uuid", "host_id", "topic", "type", "start_time", "duration", "timezone",
    "created_at", "join_url", "agenda",
)  # fmt: skip


def _summary(meeting: dict[str, Any]) -> dict[str, Any]:
    return {k: meeting[k] for k in _SUMMARY_KEYS if k in meeting}


def build_zoom_api(state: ZoomState) -> Starlette:
    """The stand-in as an ASGI app over ``state``."""
    api = _ZoomApi(state)

    def route(path: str, op: str, handler: Handler, method: str) -> Route:
        return Route(path, api.endpoint(op, handler), methods=[method])

    return Starlette(
        routes=[
            route("/oauth/authorize", "authorize", api.authorize, "GET"),
            route("/oauth/token", "token", api.token, "POST"),
            route("/oauth/revoke", "revoke", api.revoke, "POST"),
            route("/v2/users/{user}", "get_user", api.get_user, "GET"),
            route("/v2/users/{user}/meetings", "create_meeting", api.create_meeting, "POST"),
            route("/v2/users/{user}/meetings", "list_meetings", api.list_meetings, "GET"),
            route(
                "/v2/meetings/{uuid:path}/meeting_summary", "summary", summary_handler(state), "GET"
            ),
            route("/v2/meetings/{meeting_id}", "get_meeting", api.get_meeting, "GET"),
            route("/v2/meetings/{meeting_id}", "update_meeting", api.update_meeting, "PATCH"),
            route("/v2/meetings/{meeting_id}", "delete_meeting", api.delete_meeting, "DELETE"),
        ]
    )
