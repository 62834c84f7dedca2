"""Small HTML result pages for browser flows (Zoom linking)."""

from __future__ import annotations

import html

from starlette.responses import HTMLResponse


def confirm_link_page(*, state: str, user_name: str, user_id: str, team_name: str) -> HTMLResponse:
    """Ask the person to confirm they are the Slack user the link was made for."""
    who = f"{html.escape(user_name)} ({html.escape(user_id)})"
    body = (
        "<!doctype html><html><head><meta charset='utf-8'>"
        "<title>Link Zoom - Zoombridge</title>"
        "<meta name='viewport' content='width=device-width,initial-scale=1'>"
        "<style>body{font:18px system-ui;max-width:34rem;margin:4rem auto;padding:0 1rem;"
        "color:#1f2937}h1{font-size:1.5rem}button{font:inherit;padding:.5rem 1rem}</style>"
        "</head><body><h1>Link your Zoom account</h1>"
        f"<p>This links the Zoom account you sign in with next to the Slack user <b>{who}</b> "
        f"in the workspace <b>{html.escape(team_name)}</b>.</p>"
        "<p>Zoombridge will act in Zoom for that Slack user. If that is not you, close this "
        "page: someone may have sent you their link.</p>"
        "<form method='post' action='/zoom/oauth/start'>"
        f"<input type='hidden' name='state' value='{html.escape(state, quote=True)}'>"
        "<button type='submit'>I am this Slack user: continue to Zoom</button></form>"
        "</body></html>"
    )
    return HTMLResponse(
        body, headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}
    )


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
