"""POST /slack/events and the install routes, behind a gate: a body cap and Slack's signature.

Bolt reads and parses a body before verifying it, and logs refused bodies; an unsigned
request must cost us neither memory nor log lines, so it is refused here first.
"""

from __future__ import annotations

import logging

from slack_bolt.adapter.starlette.async_handler import AsyncSlackRequestHandler
from slack_sdk.signature import SignatureVerifier
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response

from bot.settings import Settings
from handlers.web.raw_body import read_capped, replayed

logger = logging.getLogger(__name__)

MAX_TIMESTAMP_DIGITS = 12


def _refuse(status: int, reason: str, request: Request) -> Response:
    logger.warning(
        "slack.request_refused",
        extra={"status": status, "reason": reason, "path": request.url.path},
    )
    # Close the connection: otherwise the server keeps reading (and discarding) what is left.
    return JSONResponse({"error": reason}, status_code=status, headers={"Connection": "close"})


def _valid(verifier: SignatureVerifier, body: bytes, request: Request) -> str | None:
    """Why the request is not Slack's, or None when the signature holds."""
    timestamp = request.headers.get("x-slack-request-timestamp", "")
    signature = request.headers.get("x-slack-signature", "")
    if not timestamp or not signature:
        return "unsigned"
    if not (timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= MAX_TIMESTAMP_DIGITS):
        return "bad_timestamp"
    try:
        valid = verifier.is_valid(body, timestamp, signature)
    except UnicodeDecodeError:  # the verifier decodes the body as UTF-8 to sign it
        return "bad_signature"
    return None if valid else "bad_signature_or_stale"


async def verified_slack_request(request: Request, signing_secret: str) -> Request | Response:
    """The request with its body replayable for Bolt, or the 413/401 answer to send instead."""
    body = await read_capped(request)
    if body is None:
        return _refuse(413, "payload_too_large", request)
    if request.method != "POST":  # the OAuth install pages are browser GETs, never signed
        return replayed(request, body)
    problem = _valid(SignatureVerifier(signing_secret), body, request)
    if problem is not None:
        return _refuse(401, problem, request)
    return replayed(request, body)


def _not_configured(what: str, needs: str) -> Response:
    return PlainTextResponse(f"{what} is not configured on this server: {needs}.", 503)


async def slack_endpoint(request: Request) -> Response:
    """POST /slack/events and the OAuth install routes, through Bolt."""
    handler: AsyncSlackRequestHandler | None = request.app.state.slack_handler
    if handler is None:
        return _not_configured(
            "Slack", "set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN (or SLACK_CLIENT_ID/SECRET)"
        )
    settings: Settings = request.app.state.settings
    if request.url.path != "/slack/events" and settings.slack_mode != "multi":
        return PlainTextResponse("Install is only available in multi-workspace mode.", 404)
    assert settings.slack_signing_secret is not None
    checked = await verified_slack_request(
        request, settings.slack_signing_secret.get_secret_value()
    )
    if isinstance(checked, Response):
        return checked
    return await handler.handle(checked)
