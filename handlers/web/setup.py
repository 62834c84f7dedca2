"""The setup/status page at `/`: what is configured, what is missing, and the manifest."""

from __future__ import annotations

import html

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from bot.settings import Settings
from bot.slack.manifest import render_manifest


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
