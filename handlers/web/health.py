"""Liveness and readiness probes: `/healthz` and `/readyz`."""

from __future__ import annotations

import logging

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response

from bot.container import Services
from bot.observability.readiness import check_readiness

logger = logging.getLogger(__name__)


async def healthz(_request: Request) -> Response:
    """Liveness: the process answers."""
    return PlainTextResponse("ok")


async def readyz(request: Request) -> Response:
    """Readiness: the database answers (within 2 s), every background loop is turning, and no
    notice has waited longer than READY_MAX_PENDING_AGE; the body names what fails."""
    services: Services = request.app.state.services
    readiness = await check_readiness(
        db=services.db,
        heartbeats=services.heartbeats,
        max_pending_age=services.settings.ready_max_pending_age,
        stale_after=services.settings.ready_worker_stale_after,
    )
    if not readiness.ready:
        logger.warning("readyz.not_ready", extra={"failing": readiness.failing, **readiness.checks})
        return JSONResponse(readiness.body(), status_code=503)
    return JSONResponse(readiness.body())
