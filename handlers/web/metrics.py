"""GET /metrics: Prometheus text, only for requests with `Authorization: Bearer $METRICS_TOKEN`.

Without the setting the route does not exist (404); a missing or wrong token gets a bare 401
that says nothing about the deployment.
"""

from __future__ import annotations

import hmac

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from bot.observability.collector import CONTENT_TYPE, render
from bot.observability.snapshot import take_snapshot
from bot.settings import Settings


def _authorized(request: Request, token: str) -> bool:
    scheme, _, offered = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(offered.strip().encode(), token.encode())


async def metrics(request: Request) -> Response:
    """This process's series and the database's gauges, read now."""
    settings: Settings = request.app.state.settings
    if settings.metrics_token is None:
        return PlainTextResponse("Not Found", status_code=404)
    if not _authorized(request, settings.metrics_token.get_secret_value()):
        return PlainTextResponse(
            "Unauthorized", status_code=401, headers={"WWW-Authenticate": "Bearer"}
        )
    snapshot = await take_snapshot(request.app.state.db)
    body = render(snapshot, heartbeat_fresh_within=settings.ready_worker_stale_after)
    return Response(body, media_type=CONTENT_TYPE)
