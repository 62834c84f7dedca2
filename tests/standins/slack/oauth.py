"""oauth.v2.access: the one method that takes client credentials, not a token."""

from __future__ import annotations

import base64
import binascii
import secrets
from typing import Any

from tests.standins.slack.records import SlackError
from tests.standins.slack.state import SlackState
from tests.standins.slack.wire import APP_ID


def _client_credentials(params: dict[str, Any], headers: dict[str, str]) -> tuple[str, str]:
    auth = headers.get("authorization", "")
    if auth.startswith("Basic "):
        try:
            client_id, _, secret = base64.b64decode(auth[6:]).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            raise SlackError("invalid_client_id") from None
        return client_id, secret
    return str(params.get("client_id", "")), str(params.get("client_secret", ""))


def oauth_v2_access(
    state: SlackState, params: dict[str, Any], headers: dict[str, str]
) -> dict[str, Any]:
    """oauth.v2.access (client credentials by Basic auth or form fields; single-use codes)."""
    client_id, secret = _client_credentials(params, headers)
    if client_id != state.client_id:
        raise SlackError("invalid_client_id")
    if secret != state.client_secret:
        raise SlackError("bad_client_secret")
    grant = state.use_code(str(params.get("code", "")))
    if grant.redirect_uri is not None and params.get("redirect_uri") != grant.redirect_uri:
        raise SlackError("bad_redirect_uri")
    token = f"xoxb-{grant.team_id}-{secrets.token_hex(12)}"
    state.add_token(token, team_id=grant.team_id, user_id=grant.bot_user_id, bot_id="B0BOT2")
    state.teams[grant.team_id] = grant.team_name
    return {
        "access_token": token,
        "token_type": "bot",
        "scope": state.bots[token].scope,
        "bot_user_id": grant.bot_user_id,
        "app_id": APP_ID,
        "team": {"id": grant.team_id, "name": grant.team_name},
        "enterprise": None,
        "is_enterprise_install": False,
        "authed_user": {"id": grant.user_id, "scope": "", "access_token": None, "token_type": None},
    }
