"""Zoom OAuth: user authorisation with PKCE, refresh, Server-to-Server tokens, revocation.

Nothing here retries: refresh tokens rotate, so a second refresh after the first
reached Zoom would spend a token that is already dead.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import secrets
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

import httpx

from bot.observability import observe
from bot.zoom.errors import (
    LinkBroken,
    ZoomAuthError,
    ZoomError,
    ZoomUnavailable,
    rate_limited,
    response_json,
)
from bot.zoom.models import TokenSet

logger = logging.getLogger(__name__)


def _utcnow() -> datetime:
    return datetime.now(UTC)


def pkce_challenge(verifier: str) -> str:
    """The RFC 7636 S256 code challenge for a verifier."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


class ZoomOAuth:
    """Talks to {ZOOM_OAUTH_URL}/oauth/* with the app's client credentials."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        oauth_url: str,
        client_id: str,
        client_secret: str,
        *,
        clock: Callable[[], datetime] = _utcnow,
    ) -> None:
        self._http = http
        self._base = oauth_url.rstrip("/")
        self._client_id = client_id
        self._auth = httpx.BasicAuth(client_id, client_secret)
        self._clock = clock

    def authorize_url(self, *, redirect_uri: str, state: str, code_challenge: str) -> str:
        """The Zoom consent page URL for one linking attempt."""
        query = urlencode(
            {
                "response_type": "code",
                "client_id": self._client_id,
                "redirect_uri": redirect_uri,
                "state": state,
                "code_challenge": code_challenge,
                "code_challenge_method": "S256",
            }
        )
        return f"{self._base}/oauth/authorize?{query}"

    @staticmethod
    def new_pkce_pair() -> tuple[str, str]:
        """A fresh RFC 7636 (verifier, S256 challenge) pair."""
        verifier = secrets.token_urlsafe(64)  # 86 characters, within 43..128
        return verifier, pkce_challenge(verifier)

    async def exchange_code(self, *, code: str, redirect_uri: str, code_verifier: str) -> TokenSet:
        """Trade an authorization code for the user's tokens."""
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "code_verifier": code_verifier,
        }
        data = await self._token_request(form=form, grant="authorization_code")
        return TokenSet.from_token_response(data, self._clock())

    async def refresh(self, refresh_token: str) -> TokenSet:
        """Use a refresh token once; the answer carries its replacement."""
        form = {"grant_type": "refresh_token", "refresh_token": refresh_token}
        try:
            data = await self._token_request(form=form, grant="refresh_token")
        except LinkBroken:
            observe.token_refresh("link_broken")
            raise
        except Exception:
            observe.token_refresh("failed")
            raise
        observe.token_refresh("ok")
        return TokenSet.from_token_response(data, self._clock())

    async def account_token(self, account_id: str) -> TokenSet:
        """A Server-to-Server OAuth token for the whole account."""
        params = {"grant_type": "account_credentials", "account_id": account_id}
        data = await self._token_request(params=params, grant="account_credentials")
        return TokenSet.from_token_response(data, self._clock())

    async def revoke(self, token: str) -> None:
        """Revoke an access or refresh token (and with it the grant)."""
        response = await self._post("/oauth/revoke", data={"token": token}, grant="revoke")
        if response.is_error:
            raise self._error(response, grant="revoke")

    async def _token_request(
        self,
        *,
        grant: str,
        form: dict[str, str] | None = None,
        params: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        response = await self._post("/oauth/token", data=form, params=params, grant=grant)
        if response.is_error:
            raise self._error(response, grant=grant)
        data = response_json(response)
        if not isinstance(data.get("access_token"), str):
            raise ZoomAuthError("Zoom answered the token request without an access token.")
        return data

    async def _post(
        self,
        path: str,
        *,
        grant: str,
        data: dict[str, str] | None = None,
        params: dict[str, str] | None = None,
    ) -> httpx.Response:
        started = time.perf_counter()
        status: int | None = None
        try:
            response = await self._http.post(
                self._base + path, data=data, params=params, auth=self._auth
            )
            status = response.status_code
            return response
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
            raise ZoomUnavailable(maybe_sent=False) from exc
        except httpx.TransportError as exc:
            raise ZoomUnavailable(maybe_sent=True) from exc
        finally:
            ms = round((time.perf_counter() - started) * 1000)
            logger.info(
                "zoom.oauth", extra={"path": path, "grant": grant, "status": status, "ms": ms}
            )
            observe.zoom_call("POST", path, status)

    def _error(self, response: httpx.Response, *, grant: str) -> ZoomError:
        status = response.status_code
        body = response_json(response)
        error = str(body.get("error") or "")
        reason = str(body.get("reason") or body.get("message") or "").strip()
        if status == 429:
            return rate_limited(response, body, self._clock())
        if status >= 500:
            return ZoomUnavailable(maybe_sent=True, status=status)
        if error == "invalid_client" or status == 401:
            return ZoomAuthError(
                "Zoom rejected this app's client ID or secret. Check ZOOM_CLIENT_ID and "
                "ZOOM_CLIENT_SECRET.",
                status=status,
            )
        if error == "invalid_grant" and grant == "refresh_token":
            return LinkBroken(status=status)
        if error == "invalid_grant" and grant == "authorization_code":
            return ZoomAuthError(
                "Zoom did not accept the authorization. Start linking again with `/zoom link`.",
                status=status,
            )
        detail = f": {reason}" if reason else "."
        action = grant.replace("_", " ")
        return ZoomAuthError(f"Zoom refused the {action} request{detail}", status=status)
