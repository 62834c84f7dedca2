"""POST /zoom/webhook: read at most 1 MiB of raw bytes, then hand them to the notice service.

The service verifies the signature before parsing anything and answers only once the event
is durably recorded; this endpoint turns its outcome into HTTP.
"""

from __future__ import annotations

import json
import logging
import time

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from bot.notices.ingest import (
    Challenge,
    NoticeService,
    StoreUnavailable,
    WebhookNotConfigured,
    webhook_outcome,
)
from bot.notices.payload import MalformedEvent
from bot.observability import observe
from bot.zoom.signature import InvalidSignature
from handlers.web.raw_body import read_capped

logger = logging.getLogger(__name__)
# The three answers to a stored (or ignored) event, rendered once: this is the hottest path.
_ACKNOWLEDGED = {
    status: json.dumps({"status": status}).encode()
    for status in ("accepted", "duplicate", "ignored")
}


def _refuse(status: int, error: str, reason: str) -> Response:
    webhook_outcome("refused", reason=reason, http_status=status, error=error)
    headers = {"Connection": "close"} if status == 413 else None  # stop reading the rest
    return JSONResponse({"error": error, "reason": reason}, status_code=status, headers=headers)


async def zoom_webhook(request: Request) -> Response:
    """Verify, record and acknowledge one Zoom webhook (timed for the ingest histogram)."""
    started = time.perf_counter()
    try:
        return await _zoom_webhook(request)
    finally:
        observe.ingest_seconds(time.perf_counter() - started)


async def _zoom_webhook(request: Request) -> Response:
    notices: NoticeService = request.app.state.services.notices
    body = await read_capped(request)
    if body is None:
        return _refuse(413, "payload_too_large", "the body is larger than 1 MiB")
    try:
        outcome = await notices.accept(body, request.headers)
    except WebhookNotConfigured:
        return _refuse(503, "not_configured", "set ZOOM_WEBHOOK_SECRET_TOKEN")
    except InvalidSignature as error:
        return _refuse(401, "invalid_signature", error.reason)
    except MalformedEvent as error:
        return _refuse(400, "malformed", error.reason)
    except StoreUnavailable as error:  # Zoom retries later; nothing was acknowledged
        logger.warning("zoom.webhook_unavailable", extra={"error": str(error)})
        observe.webhook("", "refused", "unavailable")
        return JSONResponse({"error": "unavailable", "reason": "try again later"}, 503)
    except Exception:  # a bug: say so loudly; Zoom retries this too
        logger.exception("zoom.webhook_failed")
        observe.webhook("", "refused", "internal")
        return JSONResponse({"error": "internal", "reason": "unexpected error"}, 500)
    if isinstance(outcome, Challenge):
        return JSONResponse(outcome.body)
    return Response(_ACKNOWLEDGED[outcome.status], media_type="application/json")
