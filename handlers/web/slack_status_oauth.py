"""The browser side of granting status sync: our start page (binds the state), Slack's redirect."""

from __future__ import annotations

import logging

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from bot.container import Services
from bot.status.grant import GrantError, state_digest
from bot.status.sync import StatusSyncService
from handlers.blocks import to_dicts
from handlers.blocks.status_cards import sync_on
from handlers.web.pages import result_page

logger = logging.getLogger(__name__)

COOKIE = "zb_status_grant"
COOKIE_PATH = "/slack/status"
AGAIN = "Run /zoom status sync on in Slack to try again."


def _service(request: Request) -> StatusSyncService | None:
    services: Services = request.app.state.services
    return services.status


def _not_available() -> Response:
    return result_page(
        "Status sync is not available",
        "This server is not set up to ask for Slack permissions (it needs SLACK_CLIENT_ID, "
        "SLACK_CLIENT_SECRET, TOKEN_ENCRYPTION_KEY and PUBLIC_URL).",
        status_code=503,
    )


async def grant_start(request: Request) -> Response:
    """GET /slack/status/start?state=...: remember the state in this browser, go to Slack."""
    status = _service(request)
    if status is None:
        return _not_available()
    state = request.query_params.get("state", "")
    try:
        url = await status.flow.authorize_url(state)
    except GrantError as error:
        return result_page("This link has expired", str(error), status_code=400)
    response = RedirectResponse(url, status_code=302)
    response.set_cookie(
        COOKIE,
        state_digest(state),
        max_age=600,
        path=COOKIE_PATH,
        httponly=True,
        secure=status.flow.public_url.startswith("https://"),
        samesite="lax",
    )
    return response


async def grant_callback(request: Request) -> Response:
    """GET /slack/status/oauth_redirect: store the token; confirm in the browser and Slack."""
    status = _service(request)
    if status is None:
        return _not_available()
    params = request.query_params
    state, code = params.get("state", ""), params.get("code", "")
    if params.get("error"):
        if state:
            await status.flow.discard(state)
        message = f"No permission was given. {AGAIN}"
        return result_page("Status sync not turned on", message, status_code=400)
    if not state or not code:
        return result_page("Incomplete sign-in", "Slack sent no code or state.", status_code=400)
    if request.cookies.get(COOKIE) != state_digest(state):
        return result_page(
            "This link is not yours",
            f"This was started from another browser or by someone else. {AGAIN}",
            status_code=403,
        )
    try:
        granted = await status.flow.complete(state, code)
    except GrantError as error:
        return result_page("Could not turn status sync on", str(error), status_code=400)
    text, blocks = sync_on(granted.pause_notifications)
    try:
        await status.slack.direct_message(
            granted.team_id, granted.slack_user_id, text=text, blocks=to_dicts(blocks)
        )
    except Exception as error:  # the grant stands even if the DM cannot be sent
        logger.warning("status.grant_dm_failed", extra={"error": type(error).__name__})
    response = result_page("Status sync is on", "Your status now follows your Zoom meetings.")
    response.delete_cookie(COOKIE, path=COOKIE_PATH)
    return response
