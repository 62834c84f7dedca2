"""Liveness and readiness probes: `/healthz` and `/readyz`."""

from __future__ import annotations

import logging

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response

from bot.container import Services

logger = logging.getLogger(__name__)

READY_DB_TIMEOUT = 2.0
HEALTHY_LOOPS = ("ok", "starting")


async def healthz(_request: Request) -> Response:
    """Liveness: the process answers."""
    return PlainTextResponse("ok")


async def readyz(request: Request) -> Response:
    """Readiness: the database answers (within 2 s) and every background loop is turning."""
    services: Services = request.app.state.services
    body: dict[str, object] = {"database": "ok"}
    try:
        await services.db.ping(READY_DB_TIMEOUT)
    except Exception as error:  # any driver error or the timeout means "not ready"
        logger.warning("readyz.database_unreachable", extra={"error": type(error).__name__})
        body["database"] = "unreachable"
    for name, heartbeat in services.heartbeats.items():
        body[name] = heartbeat.status()
    ready = body["database"] == "ok" and all(
        hb.status() in HEALTHY_LOOPS for hb in services.heartbeats.values()
    )
    return JSONResponse({"ready": ready, **body}, status_code=200 if ready else 503)
