"""The setup page at `/`: a checklist for the operator; nothing for anyone else once configured."""

from __future__ import annotations

from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from bot.checks import run_checks
from bot.settings import Settings
from bot.setup.operator import (
    LOGIN_PATH,
    SESSION_SECONDS,
    OperatorGate,
    redeem_setup_token,
)
from bot.setup.zoom_app import zoom_app_values
from bot.slack.manifest import render_manifest
from handlers.web.templating import render_html

SESSION_COOKIE = "zb_setup"
SLACK_NEW_APP = "https://api.slack.com/apps?new_app=1&manifest_yaml="


def slack_create_url(manifest_yaml: str) -> str:
    """Slack's "create an app" page with the manifest filled in."""
    return SLACK_NEW_APP + quote(manifest_yaml, safe="")


def is_locked(settings: Settings) -> bool:
    """Whether the page is for the operator only: once configured, or a password is set."""
    return not settings.missing() or settings.setup_password is not None


def _is_operator(request: Request, gate: OperatorGate) -> bool:
    if gate.session_valid(request.cookies.get(SESSION_COOKIE)):
        return True
    return gate.password_valid(request.headers.get("authorization"))


async def setup_page(request: Request) -> Response:
    """GET /: the checklist (to the operator, or to anyone while unconfigured)."""
    settings: Settings = request.app.state.settings
    gate = OperatorGate(settings)
    operator = _is_operator(request, gate)
    if is_locked(settings) and not operator:
        return locked_page(gate)
    url = settings.public_url or str(request.base_url).rstrip("/")
    manifest = render_manifest(url)
    checks = await run_checks(settings)
    return render_html(
        "setup.html",
        public_url=url,
        public_url_set=settings.public_url is not None,
        slack_create_url=slack_create_url(manifest),
        manifest=manifest,
        zoom=zoom_app_values(url, server_to_server=settings.zoom_mode == "s2s"),
        server_to_server=settings.zoom_mode == "s2s",
        checks=checks,
        passing=sum(1 for c in checks if c.ok),
        show_details=operator,
        missing=settings.missing(),
    )


def locked_page(gate: OperatorGate, *, problem: str = "", status_code: int = 200) -> Response:
    """What everyone but the operator sees: how the operator signs in, nothing else."""
    return render_html(
        "locked.html",
        status_code=status_code,
        has_password=gate.has_password,
        login_path=LOGIN_PATH,
        problem=problem,
    )


async def setup_login(request: Request) -> Response:
    """GET /setup/login: redeem a one-time token or the setup password for a session cookie."""
    settings: Settings = request.app.state.settings
    gate = OperatorGate(settings)
    token = request.query_params.get("token")
    if not gate.can_sign_in:
        return locked_page(gate, problem="Sign-in needs TOKEN_ENCRYPTION_KEY.", status_code=503)
    if token is not None:
        if not await redeem_setup_token(request.app.state.db, token):
            return locked_page(
                gate,
                problem="That sign-in link has expired or was already used. "
                "Run zoombridge setup-link again.",
                status_code=400,
            )
        return _signed_in(gate, request)
    if gate.password_valid(request.headers.get("authorization")):
        return _signed_in(gate, request)
    if gate.has_password:
        response = locked_page(gate, problem="Enter the setup password.", status_code=401)
        response.headers["WWW-Authenticate"] = 'Basic realm="Zoombridge setup", charset="UTF-8"'
        return response
    return locked_page(gate, problem="Run zoombridge setup-link for a sign-in link.")


def _signed_in(gate: OperatorGate, request: Request) -> Response:
    response = RedirectResponse("/", status_code=303)
    response.headers["Referrer-Policy"] = "no-referrer"
    response.set_cookie(
        SESSION_COOKIE,
        gate.new_session(),
        max_age=SESSION_SECONDS,
        path="/",
        httponly=True,
        secure=request.url.scheme == "https",
        samesite="lax",
    )
    return response
