"""ZoomOAuth against the Zoom stand-in over real HTTP."""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from bot.zoom.client import ZoomClient
from bot.zoom.errors import LinkBroken, TokenExpired, ZoomAuthError, ZoomUnavailable
from bot.zoom.oauth import ZoomOAuth
from tests.standins.zoom.state import CLIENT_ID, CLIENT_SECRET, ZoomState, s256
from tests.support.deployment import ZoomStandin

REDIRECT = "https://bridge.example/zoom/oauth/callback"
NOW = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)


@pytest.fixture
def oauth(http: httpx.AsyncClient, server: ZoomStandin) -> ZoomOAuth:
    return ZoomOAuth(http, server.url, CLIENT_ID, CLIENT_SECRET, clock=lambda: NOW)


@pytest.fixture
def zoom(http: httpx.AsyncClient, server: ZoomStandin) -> ZoomClient:
    return ZoomClient(http, server.url + "/v2")


async def test_authorize_url_shape(http: httpx.AsyncClient) -> None:
    oauth = ZoomOAuth(http, "https://zoom.us/", "cid", "secret")
    url = urlsplit(oauth.authorize_url(redirect_uri=REDIRECT, state="st-1", code_challenge="ch"))
    assert (url.scheme, url.netloc, url.path) == ("https", "zoom.us", "/oauth/authorize")
    assert parse_qs(url.query) == {
        "response_type": ["code"],
        "client_id": ["cid"],
        "redirect_uri": [REDIRECT],
        "state": ["st-1"],
        "code_challenge": ["ch"],
        "code_challenge_method": ["S256"],
    }
    assert "secret" not in url.geturl()


def test_pkce_pair_follows_rfc_7636() -> None:
    verifier, challenge = ZoomOAuth.new_pkce_pair()
    assert re.fullmatch(r"[A-Za-z0-9._~-]{43,128}", verifier)
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", challenge)
    assert challenge == s256(verifier)
    assert ZoomOAuth.new_pkce_pair()[0] != verifier


async def test_authorize_exchange_and_use(
    oauth: ZoomOAuth, zoom: ZoomClient, http: httpx.AsyncClient
) -> None:
    verifier, challenge = ZoomOAuth.new_pkce_pair()
    url = oauth.authorize_url(redirect_uri=REDIRECT, state="st-9", code_challenge=challenge)
    consent = await http.get(url)
    assert consent.status_code == 302
    back = urlsplit(consent.headers["location"])
    assert back.geturl().startswith(REDIRECT)
    query = parse_qs(back.query)
    assert query["state"] == ["st-9"]

    tokens = await oauth.exchange_code(
        code=query["code"][0], redirect_uri=REDIRECT, code_verifier=verifier
    )

    assert tokens.refresh_token
    assert tokens.expires_at == NOW + timedelta(hours=1)
    assert "meeting:write" in tokens.scope
    assert tokens.access_token not in repr(tokens)
    assert (await zoom.get_user(token=tokens.access_token)).id == "zu-ada"


async def test_code_needs_the_right_verifier_and_works_once(
    oauth: ZoomOAuth, state: ZoomState
) -> None:
    verifier, challenge = ZoomOAuth.new_pkce_pair()
    code = state.issue_code("zu-ada", REDIRECT, challenge)
    with pytest.raises(ZoomAuthError) as wrong:
        await oauth.exchange_code(code=code, redirect_uri=REDIRECT, code_verifier="x" * 43)
    assert not isinstance(wrong.value, LinkBroken)
    assert "link" in wrong.value.message.lower()
    with pytest.raises(ZoomAuthError):
        await oauth.exchange_code(code=code, redirect_uri=REDIRECT, code_verifier=verifier)


async def test_code_is_bound_to_redirect_uri(oauth: ZoomOAuth, state: ZoomState) -> None:
    verifier, challenge = ZoomOAuth.new_pkce_pair()
    code = state.issue_code("zu-ada", REDIRECT, challenge)
    with pytest.raises(ZoomAuthError):
        await oauth.exchange_code(
            code=code, redirect_uri="https://evil.example/cb", code_verifier=verifier
        )


async def test_refresh_rotates_and_old_token_is_link_broken(
    oauth: ZoomOAuth, state: ZoomState, zoom: ZoomClient
) -> None:
    first = state.grant_user("zu-ada")
    assert first.refresh_token is not None
    second = await oauth.refresh(first.refresh_token)
    assert second.refresh_token and second.refresh_token != first.refresh_token
    assert (await zoom.get_user(token=second.access_token)).id == "zu-ada"

    with pytest.raises(LinkBroken) as caught:
        await oauth.refresh(first.refresh_token)
    assert "/zoom link" in caught.value.message
    assert first.refresh_token not in caught.value.message
    assert state.refresh_calls == 2


async def test_reauthorization_kills_older_refresh_tokens(
    oauth: ZoomOAuth, state: ZoomState
) -> None:
    old = state.grant_user("zu-ada")
    state.grant_user("zu-ada")
    assert old.refresh_token is not None
    with pytest.raises(LinkBroken):
        await oauth.refresh(old.refresh_token)


async def test_refresh_is_not_retried_on_server_error(oauth: ZoomOAuth, state: ZoomState) -> None:
    grant = state.grant_user("zu-ada")
    assert grant.refresh_token is not None
    state.fail("token", times=1, status=503)
    with pytest.raises(ZoomUnavailable) as caught:
        await oauth.refresh(grant.refresh_token)
    assert caught.value.maybe_sent is True
    assert len(state.requests_to("POST", "/oauth/token")) == 1


async def test_bad_client_secret(http: httpx.AsyncClient, server: ZoomStandin) -> None:
    oauth = ZoomOAuth(http, server.url, CLIENT_ID, "wrong-secret")
    with pytest.raises(ZoomAuthError) as caught:
        await oauth.account_token("acct-1")
    assert "ZOOM_CLIENT_SECRET" in caught.value.message
    assert "wrong-secret" not in caught.value.message


async def test_server_to_server_token(oauth: ZoomOAuth, state: ZoomState, zoom: ZoomClient) -> None:
    tokens = await oauth.account_token("acct-1")
    assert tokens.refresh_token is None
    assert (await zoom.get_user(token=tokens.access_token, user_id="zu-bob")).id == "zu-bob"
    sent = state.requests_to("POST", "/oauth/token")[0]
    assert sent.query == {"grant_type": "account_credentials", "account_id": "acct-1"}
    assert sent.headers["authorization"] == "Basic [redacted]"

    with pytest.raises(ZoomAuthError, match="account_id"):
        await oauth.account_token("acct-unknown")


async def test_revoke_kills_the_grant(oauth: ZoomOAuth, state: ZoomState, zoom: ZoomClient) -> None:
    grant = state.grant_user("zu-ada")
    assert grant.refresh_token is not None
    await oauth.revoke(grant.access_token)
    assert state.requests_to("POST", "/oauth/revoke")[0].form == {"token": grant.access_token}
    with pytest.raises(TokenExpired):
        await zoom.get_user(token=grant.access_token)
    with pytest.raises(LinkBroken):
        await oauth.refresh(grant.refresh_token)


async def test_tokens_stay_out_of_urls_and_logs(
    oauth: ZoomOAuth, state: ZoomState, caplog: pytest.LogCaptureFixture
) -> None:
    grant = state.grant_user("zu-ada")
    assert grant.refresh_token is not None
    with caplog.at_level(logging.DEBUG):
        fresh = await oauth.refresh(grant.refresh_token)
        await oauth.revoke(fresh.access_token)
    secrets = [grant.refresh_token, fresh.access_token, fresh.refresh_token, CLIENT_SECRET]
    for request in state.requests:
        assert not any(s and s in str(request.query) for s in secrets)
    assert not any(s and s in str(vars(r)) for r in caplog.records for s in secrets)
    assert any(r.getMessage() == "zoom.oauth" for r in caplog.records)
