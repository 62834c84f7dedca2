"""GET /v2/users/{user}/meetings: types, page sizes and next_page_token paging."""

from __future__ import annotations

import secrets
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from tests.standins.zoom.serving import ZoomServing
from tests.standins.zoom.state import (
    format_utc,
)
from tests.standins.zoom.wire import (
    Call,
    zoom_error,
)


class ZoomMeetingList(ZoomServing):
    """Listing a host's meetings."""

    async def list_meetings(self, request: Request, call: Call) -> Response:
        assert call.grant is not None
        user = self._user(call.grant, request.path_params["user"])
        if isinstance(user, Response):
            return user
        q = request.query_params
        page_size = int(q.get("page_size", "30"))
        if not 1 <= page_size <= 300:
            error = {"field": "page_size", "message": "Must be between 1 and 300."}
            return zoom_error(400, 300, "Validation Failed.", errors=[error])
        token = q.get("next_page_token")
        if token:
            if token not in self._pages:
                return zoom_error(400, 300, "Invalid next_page_token.")
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
