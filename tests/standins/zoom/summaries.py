"""GET /v2/meetings/{meetingUUID}/meeting_summary, as Zoom answers it.

A UUID that starts with ``/`` or contains ``//`` must arrive double-encoded: Zoom decodes
the path once before routing, so a single-encoded one names no meeting (404, code 3001).
Right after `meeting.summary_completed` the answer may lack the summary text (see
`SummaryStore`). The caller needs a summary scope and, with a user token, to be the host.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING
from urllib.parse import unquote

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from tests.standins.zoom.state import ZoomState

if TYPE_CHECKING:
    from tests.standins.zoom.wire import Call

PREFIX = "/v2/meetings/"
SUFFIX = "/meeting_summary"
SUMMARY_SCOPES = frozenset(
    {
        "meeting_summary:read",
        "meeting_summary:read:admin",
        "meeting:read:summary",
        "meeting:read:summary:admin",
    }
)
MISSING_SCOPE = "Invalid access token, does not contain scopes:[meeting_summary:read]."


def _error(status: int, code: int, message: str) -> JSONResponse:
    return JSONResponse({"code": code, "message": message}, status_code=status)


def _uuid_from_raw_path(request: Request) -> str | None:
    raw = bytes(request.scope.get("raw_path") or request.url.path.encode()).decode("latin-1")
    segment = raw.split("?", 1)[0].removeprefix(PREFIX).removesuffix(SUFFIX)
    if "/" in segment:  # an unencoded slash: Zoom routes this somewhere else entirely
        return None
    once = unquote(segment)
    if "%" in once:
        return unquote(once)
    if once.startswith("/") or "//" in once:  # needed double encoding, got it once
        return None
    return once


def summary_handler(state: ZoomState) -> Callable[[Request, Call], Awaitable[Response]]:
    """The endpoint over `state.summaries`."""

    async def get_meeting_summary(request: Request, call: Call) -> Response:
        grant = call.grant
        assert grant is not None
        if not SUMMARY_SCOPES & set(grant.scope.split()):
            return _error(400, 4711, MISSING_SCOPE)
        uuid = _uuid_from_raw_path(request)
        body = state.summaries.answer(uuid) if uuid is not None else None
        if body is None:
            return _error(404, 3001, "Meeting does not exist.")
        if grant.user_id is not None and body.get("meeting_host_id") != grant.user_id:
            return _error(400, 3003, "You are not the meeting host.")
        return JSONResponse(body)

    return get_meeting_summary
