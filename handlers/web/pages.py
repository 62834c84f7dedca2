"""Small HTML result pages for browser flows (Zoom linking)."""

from __future__ import annotations

import html

from starlette.responses import HTMLResponse


def result_page(title: str, message: str, *, status_code: int = 200) -> HTMLResponse:
    """A plain page that says what happened and what to do next."""
    mark = "&#10003;" if status_code < 400 else "&#9888;"
    body = (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)} - Zoombridge</title>"
        "<meta name='viewport' content='width=device-width,initial-scale=1'>"
        "<style>body{font:18px system-ui;max-width:34rem;margin:4rem auto;padding:0 1rem;"
        "color:#1f2937}h1{font-size:1.5rem}</style></head><body>"
        f"<h1>{mark} {html.escape(title)}</h1><p>{html.escape(message)}</p>"
        "<p>You can close this tab and return to Slack.</p></body></html>"
    )
    return HTMLResponse(body, status_code=status_code)
