"""Plain HTTP pages: liveness, readiness and the setup/status page at `/`."""

from __future__ import annotations

import html
import logging

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response

from bot.manifest import render_manifest
from bot.services import Services
from bot.settings import Settings

logger = logging.getLogger(__name__)


async def healthz(_request: Request) -> Response:
    """Liveness: the process answers."""
    return PlainTextResponse("ok")


READY_DB_TIMEOUT = 2.0
HEALTHY_LOOPS = ("ok", "starting")


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


def _row(name: str, value: str) -> str:
    return f"<tr><th>{html.escape(name)}</th><td>{html.escape(value)}</td></tr>"


def setup_page_html(settings: Settings, base_url: str) -> str:
    """The status page: modes, what is missing, and the manifest for this URL."""
    url = settings.public_url or base_url
    missing = settings.missing()
    items = "".join(
        f"<li><code>{html.escape(k)}</code>: {html.escape(v)}</li>" for k, v in missing.items()
    )
    status = (
        f"<h2>Missing settings</h2><ul>{items}</ul>"
        if missing
        else "<h2>All set</h2><p>Everything is configured.</p>"
    )
    rows = "".join(
        [
            _row(
                "Slack",
                {"single": "one workspace (bot token)", "multi": "OAuth install"}.get(
                    settings.slack_mode or "", "not configured"
                ),
            ),
            _row(
                "Zoom",
                {"user": "user-level OAuth", "s2s": "Server-to-Server OAuth"}.get(
                    settings.zoom_mode or "", "not configured"
                ),
            ),
            _row("Public URL", url),
            _row("Database", settings.database_url.split(":", 1)[0]),
        ]
    )
    manifest = html.escape(render_manifest(url))
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>Zoombridge</title>"
        "<style>body{font:16px system-ui;max-width:52rem;margin:2rem auto;padding:0 1rem}"
        "th{text-align:left;padding-right:1rem}pre{background:#f4f4f5;padding:1rem;overflow:auto}"
        "</style></head><body><h1>Zoombridge</h1>"
        f"<table>{rows}</table>{status}"
        "<h2>Slack app manifest</h2><p>Create your Slack app from this manifest at "
        "api.slack.com/apps (From an app manifest).</p>"
        f"<pre>{manifest}</pre></body></html>"
    )


async def setup_page(request: Request) -> Response:
    """GET /: what is configured, what is missing, and the manifest."""
    settings: Settings = request.app.state.settings
    base_url = str(request.base_url).rstrip("/")
    return HTMLResponse(setup_page_html(settings, base_url))
