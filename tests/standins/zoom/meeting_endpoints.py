"""Create, get, update and delete a meeting, with Zoom's validation, limits and host rules."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, time, timedelta
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from tests.standins.zoom.delegation import delegated_host, may_manage, pmi_fields
from tests.standins.zoom.serving import ZoomServing
from tests.standins.zoom.state import (
    StandinUser,
    format_utc,
    make_occurrences,
    meeting_errors,
    parse_start,
)
from tests.standins.zoom.wire import (
    DAILY_LIMIT_MESSAGE,
    Call,
    zoom_error,
)


class ZoomMeetingEndpoints(ZoomServing):
    """/v2/users/{user}/meetings (POST) and /v2/meetings/{id}."""

    async def create_meeting(self, request: Request, call: Call) -> Response:
        assert call.grant is not None
        user = self._user(call.grant, request.path_params["user"])
        if isinstance(user, Response):
            return user
        body = call.json if isinstance(call.json, dict) else {}
        errors = meeting_errors(body, partial=False)
        if errors:
            return zoom_error(400, 300, "Validation Failed.", errors=errors)
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
            return zoom_error(404, 3001, f"Meeting does not exist: {raw}.")
        host = self.state.users.get(meeting["host_id"])
        if call.grant.user_id is not None:
            allowed = may_manage(self.state, call.grant, meeting)
        else:
            allowed = host is not None and host.account_id == call.grant.account_id
        if not allowed:
            return zoom_error(400, 3003, "You are not the meeting host.")
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
                return zoom_error(400, 3000, "Invalid occurrence_id.")
            data["start_time"] = match[0]["start_time"]
        return JSONResponse(data)

    async def delete_meeting(self, request: Request, call: Call) -> Response:
        meeting = self._meeting(request, call)
        if isinstance(meeting, Response):
            return meeting
        if meeting["id"] in self.state.meetings_in_progress:
            return zoom_error(
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
        return zoom_error(400, 3000, "Invalid occurrence_id.")

    async def update_meeting(self, request: Request, call: Call) -> Response:
        meeting = self._meeting(request, call)
        if isinstance(meeting, Response):
            return meeting
        body = call.json if isinstance(call.json, dict) else {}
        errors = meeting_errors(body, partial=True)
        if errors:
            return zoom_error(400, 300, "Validation Failed.", errors=errors)
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
