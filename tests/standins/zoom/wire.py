"""What every endpoint of the Zoom stand-in shares: the call it is handed and error shapes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from tests.standins.zoom.state import Grant

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


def zoom_error(status: int, code: int, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"code": code, "message": message, **extra}, status_code=status)


def oauth_error(status: int, error: str, reason: str) -> JSONResponse:
    return JSONResponse({"reason": reason, "error": error}, status_code=status)
