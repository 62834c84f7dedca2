"""Zoom's OAuth server: authorize, token (code, rotating refresh, account credentials), revoke."""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from tests.standins.zoom.serving import ZoomServing
from tests.standins.zoom.state import (
    Grant,
    s256,
)
from tests.standins.zoom.wire import (
    Call,
    oauth_error,
)


class ZoomOAuthEndpoints(ZoomServing):
    """Zoom's OAuth server."""

    async def authorize(self, request: Request, call: Call) -> Response:
        q = request.query_params
        if q.get("client_id") != self.state.client_id or q.get("response_type") != "code":
            return JSONResponse({"error": "invalid_request"}, status_code=400)
        redirect_uri = q.get("redirect_uri", "")
        user = self.state.consenting_user
        if user is None:
            params = {"error": "access_denied", "state": q.get("state", "")}
        else:
            challenge = q.get("code_challenge")
            if challenge and q.get("code_challenge_method") != "S256":
                return JSONResponse({"error": "invalid_request"}, status_code=400)
            code = self.state.issue_code(user, redirect_uri, challenge)
            params = {"code": code, "state": q.get("state", "")}
        separator = "&" if "?" in redirect_uri else "?"
        return RedirectResponse(redirect_uri + separator + urlencode(params), status_code=302)

    async def token(self, request: Request, call: Call) -> Response:
        with self.state.lock:
            self.state.token_calls += 1
        grant_type = request.query_params.get("grant_type") or call.form.get("grant_type")
        if grant_type == "authorization_code":
            return self._code_grant(call.form)
        if grant_type == "refresh_token":
            grant = self.state.rotate(call.form.get("refresh_token", ""))
            if grant is None:
                return oauth_error(400, "invalid_grant", "Invalid Token!")
            return self._token_json(grant)
        if grant_type == "account_credentials":
            if request.query_params.get("account_id") != self.state.account_id:
                return oauth_error(400, "invalid_request", "Invalid account_id")
            return self._token_json(self.state.grant_account())
        return oauth_error(400, "unsupported_grant_type", "Unsupported grant type")

    def _code_grant(self, form: dict[str, str]) -> Response:
        code = self.state.take_code(form.get("code", ""))
        invalid = oauth_error(400, "invalid_grant", "Invalid authorization code")
        if code is None or code.redirect_uri != form.get("redirect_uri"):
            return invalid
        if code.code_challenge is not None:
            verifier = form.get("code_verifier", "")
            if not verifier or not secrets.compare_digest(s256(verifier), code.code_challenge):
                return oauth_error(400, "invalid_grant", "Invalid code_verifier")
        return self._token_json(self.state.grant_user(code.user_id))

    def _token_json(self, grant: Grant) -> Response:
        body: dict[str, Any] = {
            "access_token": grant.access_token,
            "token_type": "bearer",
            "expires_in": self.state.expires_in,
            "scope": grant.scope,
        }
        if grant.refresh_token:
            body["refresh_token"] = grant.refresh_token
        if grant.user_id is None:
            body["api_url"] = "https://api.zoom.us"
        return JSONResponse(body)

    async def revoke(self, request: Request, call: Call) -> Response:
        self.state.revoke(call.form.get("token", ""))
        return JSONResponse({"status": "success"})
