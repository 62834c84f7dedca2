"""User-token methods of the Slack stand-in: statuses, Do Not Disturb, user-scope OAuth.

A user token (xoxp-) is registered among `SlackState.bots` with the person as its user, so
the stand-in authenticates it like any token; these methods refuse bot tokens as Slack does
(`not_allowed_token_type`) and check scopes (`missing_scope`). Statuses expire on their
`status_expiration` the way Slack clears them.
"""

from __future__ import annotations

import json
import secrets
import time
from typing import Any

from tests.standins.slack.people_records import UserCode
from tests.standins.slack.records import SlackError
from tests.standins.slack.state import SlackState
from tests.standins.slack.wire import APP_ID, Ctx, Handler

STATUS_TEXT_MAX = 100


def issue_user_code(
    state: SlackState, user_scope: str, *, user_id: str = "U0001", team_id: str = "T0001"
) -> str:
    """A single-use code, as Slack's redirect carries after a person approves user scopes."""
    code = f"u{secrets.token_hex(8)}"
    with state.lock:
        state.people.user_codes[code] = UserCode(team_id, user_id, user_scope)
    return code


def user_access(state: SlackState, code: str) -> dict[str, Any] | None:
    """oauth.v2.access for a user-scope-only grant (None: not such a code)."""
    grant = state.people.user_codes.pop(code, None)
    if grant is None:
        return None
    token = f"xoxp-{grant.team_id}-{grant.user_id}-{secrets.token_hex(12)}"
    state.add_token(
        token, team_id=grant.team_id, user_id=grant.user_id, bot_id="", scope=grant.user_scope
    )
    return {
        "app_id": APP_ID,
        "authed_user": {
            "id": grant.user_id,
            "scope": grant.user_scope,
            "access_token": token,
            "token_type": "user",
        },
        "team": {"id": grant.team_id, "name": state.teams.get(grant.team_id, grant.team_id)},
        "enterprise": None,
        "is_enterprise_install": False,
    }


def _person(ctx: Ctx, scope: str) -> str:
    if not ctx.bot.token.startswith("xoxp-"):
        raise SlackError("not_allowed_token_type")
    if scope not in ctx.bot.scope.split(","):
        raise SlackError("missing_scope")
    return ctx.bot.user_id


def users_profile_get(state: SlackState, ctx: Ctx) -> dict[str, Any]:
    """users.profile.get (the caller's own profile, with status fields)."""
    user = _person(ctx, "users.profile:read")
    known = state.users.get(user, {}).get("profile", {})
    profile = {k: v for k, v in known.items() if k != "email"}
    return {"profile": {**profile, **state.people.status(user)}}


def users_profile_set(state: SlackState, ctx: Ctx) -> dict[str, Any]:
    """users.profile.set (status fields; `profile` as JSON text or an object)."""
    user = _person(ctx, "users.profile:write")
    if ctx.params.get("user") not in (None, "", user):
        raise SlackError("cannot_update_admin_user")
    profile = ctx.params.get("profile")
    if isinstance(profile, str):
        try:
            profile = json.loads(profile)
        except ValueError:
            raise SlackError("invalid_profile") from None
    if not isinstance(profile, dict):
        raise SlackError("invalid_profile")
    text = str(profile.get("status_text", ""))
    if len(text) > STATUS_TEXT_MAX:
        raise SlackError("too_long")
    try:
        expiration = int(profile.get("status_expiration") or 0)
    except (TypeError, ValueError):
        raise SlackError("invalid_profile") from None
    state.people.set_status(user, text, str(profile.get("status_emoji", "")), expiration)
    state.people.profile_writes.append((user, dict(profile)))
    return {"profile": state.people.status(user)}


def dnd_set_snooze(state: SlackState, ctx: Ctx) -> dict[str, Any]:
    """dnd.setSnooze"""
    user = _person(ctx, "dnd:write")
    try:
        minutes = int(ctx.require("num_minutes"))
    except ValueError:
        raise SlackError("invalid_arguments") from None
    until = time.time() + 60 * minutes
    state.people.snoozed_until[user] = until
    return {"snooze_enabled": True, "snooze_endtime": int(until), "snooze_remaining": 60 * minutes}


def dnd_end_snooze(state: SlackState, ctx: Ctx) -> dict[str, Any]:
    """dnd.endSnooze"""
    user = _person(ctx, "dnd:write")
    if state.people.snoozed_until.pop(user, 0) <= time.time():
        raise SlackError("snooze_not_active")
    return {"dnd_enabled": True, "snooze_enabled": False}


def auth_revoke(state: SlackState, ctx: Ctx) -> dict[str, Any]:
    """auth.revoke (the calling token)."""
    state.revoke_token(ctx.bot.token)
    return {"revoked": True}


METHODS: dict[str, Handler] = {
    "auth.revoke": auth_revoke,
    "dnd.endSnooze": dnd_end_snooze,
    "dnd.setSnooze": dnd_set_snooze,
    "users.profile.get": users_profile_get,
    "users.profile.set": users_profile_set,
}
