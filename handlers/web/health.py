"""Liveness and readiness probes: `/healthz` and `/readyz`."""

from __future__ import annotations

import logging

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response

from store.db import Database

logger = logging.getLogger(__name__)


async def healthz(_request: Request) -> Response:
    """Liveness: the process answers."""
    return PlainTextResponse("ok")


async def readyz(request: Request) -> Response:
    """Readiness: the database answers."""
    db: Database = request.app.state.db
    try:
        await db.ping()
    except Exception as error:  # any driver error means "not ready"
        logger.warning("readyz.database_unreachable", extra={"error": type(error).__name__})
        return JSONResponse({"ready": False, "database": "unreachable"}, status_code=503)
    return JSONResponse({"ready": True, "database": "ok"})
