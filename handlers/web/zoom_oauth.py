"""The browser side of linking: a confirmation page naming the Slack user, then the callback.

The start link travels through Slack and may be forwarded: opening it only shows whose link it
is. A click (a same-origin POST) sets a sealed random cookie, and only that browser may finish.
"""

from __future__ import annotations

import logging
from urllib.parse import parse_qs, urlsplit

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from bot.accounts.linking import LinkError, LinkFlow
from bot.container import Services
from handlers.blocks import to_dicts
from handlers.blocks.messages import linked_message
from handlers.web.pages import confirm_link_page, result_page
from handlers.web.raw_body import read_capped

logger = logging.getLogger(__name__)

COOKIE = "zb_zoom_link"
COOKIE_PATH = "/zoom/oauth"
FORM_MAX_BYTES = 4096


def _flow(request: Request) -> LinkFlow | None:
    services: Services = request.app.state.services
    return services.link_flow


def _not_available() -> Response:
    return result_page(
        "Linking is not available",
        "This server is not set up for per-user Zoom linking (it needs ZOOM_CLIENT_ID, "
        "ZOOM_CLIENT_SECRET, TOKEN_ENCRYPTION_KEY and PUBLIC_URL).",
        status_code=503,
    )


async def oauth_start(request: Request) -> Response:
    """GET: say whose link this is and ask for a click; POST: bind this browser, go to Zoom."""
    flow = _flow(request)
    if flow is None:
        return _not_available()
    if request.method == "GET":
        state = request.query_params.get("state", "")
        try:
            who = await flow.pending(state)
        except LinkError as error:
            return result_page("This link has expired", str(error), status_code=400)
        return confirm_link_page(
            state=state, user_name=who.user_name, user_id=who.slack_user_id, team_name=who.team_name
        )
    if not _same_origin(request, flow.public_url):
        return result_page("Not allowed", "Start linking from Slack.", status_code=403)
    body = await read_capped(request, FORM_MAX_BYTES)
    state = parse_qs((body or b"").decode("utf-8", "replace")).get("state", [""])[0]
    try:
        url = await flow.authorize_url(state)
    except LinkError as error:
        return result_page("This link has expired", str(error), status_code=400)
    response = RedirectResponse(url, status_code=303)
    response.set_cookie(
        COOKIE,
        flow.browser_token(state),
        max_age=600,
        path=COOKIE_PATH,
        httponly=True,
        secure=flow.public_url.startswith("https://"),
        samesite="lax",
    )
    return response


def _same_origin(request: Request, public_url: str) -> bool:
    """A form POST from our own page (browsers always send Origin on a cross-site POST)."""
    origin = request.headers.get("origin")
    if origin is None:
        return request.headers.get("sec-fetch-site", "same-origin") in ("same-origin", "none")
    parts = urlsplit(public_url)
    return origin == f"{parts.scheme}://{parts.netloc}"


async def oauth_callback(request: Request) -> Response:
    """GET /zoom/oauth/callback: finish linking and tell the person in the browser and in Slack."""
    flow = _flow(request)
    if flow is None:
        return _not_available()
    params = request.query_params
    state, code = params.get("state", ""), params.get("code", "")
    if params.get("error"):
        if state and flow.browser_matches(state, request.cookies.get(COOKIE)):
            await flow.discard(state)  # only the browser that started may use the state up
        return result_page(
            "Linking cancelled",
            "Zoom access was not granted, so nothing was linked. Run /zoom link to try again.",
            status_code=400,
        )
    if not state or not code:
        return result_page("Incomplete sign-in", "Zoom sent no code or state.", status_code=400)
    if not flow.browser_matches(state, request.cookies.get(COOKIE)):
        return result_page(
            "This link is not yours",
            "This sign-in was started from another browser or by someone else. "
            "Run /zoom link in Slack and open the button there.",
            status_code=403,
        )
    try:
        linked = await flow.complete(state, code)
    except LinkError as error:
        return result_page("Could not link Zoom", str(error), status_code=400)
    await _confirm_in_slack(
        request.app.state.services,
        linked.team_id,
        linked.slack_user_id,
        linked.zoom_name,
        linked.zoom_email,
    )
    response = result_page(
        "Zoom account linked", f"Linked as {linked.zoom_name} ({linked.zoom_email})."
    )
    response.delete_cookie(COOKIE, path=COOKIE_PATH)
    return response


async def _confirm_in_slack(
    services: Services, team_id: str, user_id: str, name: str, email: str
) -> None:
    text, blocks = linked_message(name, email)
    try:
        await services.slack.direct_message(team_id, user_id, text=text, blocks=to_dicts(blocks))
    except Exception as error:  # the link stands even if the DM cannot be sent
        logger.warning("zoom.link_dm_failed", extra={"error": type(error).__name__})
