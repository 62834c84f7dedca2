"""conversations.*, users.info and auth.test."""

from __future__ import annotations

from typing import Any

from tests.standins.slack.records import Channel, SlackError
from tests.standins.slack.state import SlackState
from tests.standins.slack.wire import Ctx


def conversations_info(state: SlackState, ctx: Ctx) -> dict[str, Any]:
    """conversations.info (each kind of conversation needs its own read scope)."""
    channel = state.channel(ctx.params.get("channel"))
    if channel.read_scope not in ctx.bot.scope.split(","):
        raise SlackError("missing_scope", needed=channel.read_scope)
    return {"channel": channel.to_json()}


def conversations_open(state: SlackState, ctx: Ctx) -> dict[str, Any]:
    """conversations.open (DMs; several users make a group DM)."""
    if ctx.params.get("channel"):
        return {
            "channel": {"id": state.channel(ctx.params.get("channel")).id},
            "no_op": True,
            "already_open": True,
        }
    users = ctx.params.get("users") or []
    users = users.split(",") if isinstance(users, str) else list(users)
    if not users:
        raise SlackError("users_list_not_supplied")
    if any(user not in state.users for user in users):
        raise SlackError("user_not_found")
    if len(users) == 1:
        existed = f"D{users[0]}" in state.channels
        channel = state.open_dm(users[0])
        extra = {"no_op": True, "already_open": True} if existed else {}
        return {"channel": {"id": channel.id}, **extra}
    channel_id = "GM" + "".join(sorted(users))
    state.channels.setdefault(channel_id, Channel(channel_id, channel_id.lower(), True))
    return {"channel": {"id": channel_id}}


def users_info(state: SlackState, ctx: Ctx) -> dict[str, Any]:
    """users.info (the email only with users:read.email, as Slack does)."""
    user = state.users.get(str(ctx.params.get("user")))
    if user is None:
        raise SlackError("user_not_found")
    user = {**user, "profile": dict(user["profile"])}
    if "users:read.email" not in ctx.bot.scope.split(","):
        user["profile"].pop("email", None)
    return {"user": user}


def auth_test(state: SlackState, ctx: Ctx) -> dict[str, Any]:
    """auth.test"""
    team = state.teams.get(ctx.bot.team_id, ctx.bot.team_id)
    return {
        "url": f"https://{team.lower()}.slack.com/",
        "team": team,
        "user": "zoombridge",
        "team_id": ctx.bot.team_id,
        "user_id": ctx.bot.user_id,
        "bot_id": ctx.bot.bot_id,
        "is_enterprise_install": False,
    }
