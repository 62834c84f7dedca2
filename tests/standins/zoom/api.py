"""A stand-in for Zoom's OAuth server (/oauth/*) and Meetings API (/v2/*).

Serve ``build_zoom_api(state)`` with LoopbackServer; ZOOM_OAUTH_URL is the server
URL and ZOOM_API_URL is the server URL + "/v2". Behaviour follows Zoom's docs:
rotating refresh tokens, code 124 for bad tokens, 300 with ``errors`` for bad
meetings, 3001/3002/3003, the 100-a-day create/update limit per host.
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.routing import Route

from tests.standins.zoom.meeting_endpoints import ZoomMeetingEndpoints
from tests.standins.zoom.meeting_list import ZoomMeetingList
from tests.standins.zoom.oauth_endpoints import ZoomOAuthEndpoints
from tests.standins.zoom.state import (
    ZoomState,
)
from tests.standins.zoom.wire import (
    Handler,
)


class _ZoomApi(ZoomOAuthEndpoints, ZoomMeetingEndpoints, ZoomMeetingList):
    """Every endpoint of the stand-in."""


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
            route("/v2/meetings/{meeting_id}", "get_meeting", api.get_meeting, "GET"),
            route("/v2/meetings/{meeting_id}", "update_meeting", api.update_meeting, "PATCH"),
            route("/v2/meetings/{meeting_id}", "delete_meeting", api.delete_meeting, "DELETE"),
        ]
    )
