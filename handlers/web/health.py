"""Liveness and readiness probes: `/healthz` and `/readyz`."""

from __future__ import annotations

import logging

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response

from bot.observability.readiness import check_readiness
from bot.settings import Settings

logger = logging.getLogger(__name__)


async def healthz(_request: Request) -> Response:
    """Liveness: the process answers."""
    return PlainTextResponse("ok")


async def readyz(request: Request) -> Response:
    """Readiness: the database answers, this process's worker loops, no notice waits too long."""
    settings: Settings = request.app.state.settings
    worker = request.app.state.services.worker
    readiness = await check_readiness(
        db=request.app.state.db,
        worker=worker.heartbeat if worker is not None else None,
        max_pending_age=settings.ready_max_pending_age,
        stale_after=settings.ready_worker_stale_after,
    )
    if not readiness.ready:
        logger.warning("readyz.not_ready", extra={"failing": readiness.failing, **readiness.checks})
        return JSONResponse(readiness.body(), status_code=503)
    return JSONResponse(readiness.body())
