"""The Zoom stand-in's running and finished meetings: GET /meetings/{id} reports `status`
("waiting", "started", "finished"), and GET /past_meetings/{uuid} the instance that ended.

UUIDs that start with "/" or hold "//" arrive double-encoded, as Zoom asks of callers.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import unquote

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from tests.standins.zoom.delegation import may_manage
from tests.standins.zoom.state import ZoomState, format_utc
from tests.standins.zoom.wire import Call, Handler


def start_meeting(state: ZoomState, meeting_id: int, uuid: str) -> None:
    """The meeting is running: GET /meetings/{id} says "started"."""
    with state.lock:
        state.meetings[meeting_id]["status"] = "started"
        state.meetings[meeting_id]["uuid"] = uuid
        state.meetings_in_progress.add(meeting_id)


def finish_meeting(
    state: ZoomState, meeting_id: int, uuid: str, start: datetime, end: datetime
) -> None:
    """The instance `uuid` ran from `start` to `end`: "finished", with past-meeting details."""
    with state.lock:
        meeting = state.meetings[meeting_id]
        meeting["status"] = "finished"
        state.meetings_in_progress.discard(meeting_id)
        state.past_meetings[uuid] = {
            "id": meeting_id,
            "uuid": uuid,
            "host_id": meeting["host_id"],
            "topic": meeting["topic"],
            "type": meeting["type"],
            "start_time": format_utc(start),
            "end_time": format_utc(end),
            "duration": round((end - start).total_seconds() / 60),
            "total_minutes": round((end - start).total_seconds() / 60),
            "participants_count": 0,
        }


def past_meeting_handler(state: ZoomState) -> Handler:
    """GET /past_meetings/{uuid}: 404 code 3001 until the instance has ended."""

    async def get_past_meeting(request: Request, call: Call) -> Response:
        raw = request.path_params["uuid"]
        uuid = unquote(raw) if "%" in raw else raw  # the second encoding of a double-encoded id
        past: dict[str, Any] | None = state.past_meetings.get(uuid)
        if past is None:
            return JSONResponse(
                {"code": 3001, "message": "This meeting is not available or ID is not valid."},
                status_code=404,
            )
        grant = call.grant
        meeting = state.meetings.get(int(past["id"]), {"host_id": past["host_id"]})
        if grant is None or (grant.user_id is not None and not may_manage(state, grant, meeting)):
            return JSONResponse({"code": 3003, "message": "You are not the meeting host."}, 400)
        return JSONResponse(past)

    return get_past_meeting
