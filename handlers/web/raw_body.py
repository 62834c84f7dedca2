"""Reading a request body with a size cap, and handing the bytes on to another reader."""

from __future__ import annotations

from starlette.requests import ClientDisconnect, Request
from starlette.types import Message

MAX_BODY_BYTES = 1024 * 1024  # Slack's and Zoom's payloads are a few KiB; this leaves a margin


async def read_capped(request: Request, limit: int = MAX_BODY_BYTES) -> bytes | None:
    """The body, or None once it is known to be over `limit` bytes (or the client left)."""
    declared = request.headers.get("content-length", "")
    if declared.isascii() and declared.isdigit() and int(declared) > limit:
        return None
    chunks: list[bytes] = []
    size = 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                return None
            chunks.append(chunk)
    except ClientDisconnect:  # gone (or cut off by the read deadline): nobody to answer
        return None
    return b"".join(chunks)


def replayed(request: Request, body: bytes) -> Request:
    """A copy of `request` whose body can be read again (it was already read as `body`)."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return Request(request.scope, receive)
