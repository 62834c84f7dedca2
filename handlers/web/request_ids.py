"""ASGI middleware: every HTTP request gets an id, bound for all it does and echoed back.

A plain `X-Request-ID` from a trusted router (Heroku sets one) is kept, so router and app
logs line up; anything else is replaced by a fresh id.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.observability.correlation import acceptable, bound_request_id, new_request_id

HEADER = "x-request-id"
_HEADER_BYTES = HEADER.encode()  # ASGI header names arrive lower-case


class RequestIdMiddleware:
    """Binds a request id around each HTTP request and returns it in `X-Request-ID`."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        offered = next((v for k, v in scope.get("headers", ()) if k == _HEADER_BYTES), b"")
        request_id = acceptable(offered.decode("latin-1")) or new_request_id()
        echoed = (_HEADER_BYTES, request_id.encode("latin-1"))

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":  # appended: the app never sets it
                message["headers"] = [*message.get("headers", ()), echoed]
            await send(message)

        with bound_request_id(request_id):
            await self.app(scope, receive, send_with_id)
