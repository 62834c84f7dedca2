"""views.open, views.push, views.update and views.publish."""

from __future__ import annotations

import secrets
import time
from typing import Any

from tests.standins.slack.records import SlackError
from tests.standins.slack.state import SlackState
from tests.standins.slack.view_rules import validate_view
from tests.standins.slack.wire import APP_ID, Ctx


def _store_view(
    state: SlackState, ctx: Ctx, view: dict[str, Any], previous: dict[str, Any] | None = None
) -> dict[str, Any]:
    external_id = str(view.get("external_id", ""))
    view_id = previous["id"] if previous else state.next_id("V")
    if external_id and any(
        v["external_id"] == external_id and v["id"] != view_id for v in state.views.values()
    ):
        raise SlackError("duplicate_external_id")
    stored = {
        "id": view_id,
        "team_id": ctx.bot.team_id,
        "app_id": APP_ID,
        "bot_id": ctx.bot.bot_id,
        "private_metadata": "",
        "callback_id": "",
        "external_id": external_id,
        "clear_on_close": False,
        "notify_on_close": False,
        **view,
        "state": previous["state"] if previous else {"values": {}},
        "hash": f"{int(time.time())}.{secrets.token_hex(4)}",
        "root_view_id": previous["root_view_id"] if previous else view_id,
        "previous_view_id": None,
    }
    state.views[view_id] = stored
    return stored


def views_open(state: SlackState, ctx: Ctx) -> dict[str, Any]:
    """views.open (the trigger id must be fresh and unused)."""
    trigger_id = ctx.require("trigger_id")
    view = validate_view(ctx.require("view"), ("modal",))
    state.use_trigger(str(trigger_id))
    return {"view": _store_view(state, ctx, view)}


def views_push(state: SlackState, ctx: Ctx) -> dict[str, Any]:
    """views.push"""
    return views_open(state, ctx)


def _existing_view(state: SlackState, ctx: Ctx) -> dict[str, Any]:
    view_id, external_id = ctx.params.get("view_id"), ctx.params.get("external_id")
    if not view_id and not external_id:
        raise SlackError("invalid_arguments", messages=["[ERROR] view_id or external_id needed"])
    found = state.views.get(str(view_id)) if view_id else None
    if found is None and external_id:
        found = next((v for v in state.views.values() if v["external_id"] == external_id), None)
    if found is None:
        raise SlackError("not_found")
    expected = ctx.params.get("hash")
    if expected and expected != found["hash"]:
        raise SlackError("hash_conflict")
    return found


def views_update(state: SlackState, ctx: Ctx) -> dict[str, Any]:
    """views.update (by view_id or external_id; a stale hash is a `hash_conflict`)."""
    previous = _existing_view(state, ctx)
    view = validate_view(ctx.require("view"), ("modal", "home"))
    return {"view": _store_view(state, ctx, view, previous)}


def views_publish(state: SlackState, ctx: Ctx) -> dict[str, Any]:
    """views.publish (the user's App Home, kept in `state.home_views`)."""
    user_id = str(ctx.require("user_id"))
    if user_id not in state.users:
        raise SlackError("user_not_found")
    view = validate_view(ctx.require("view"), ("home",))
    previous = state.home_views.get(user_id)
    expected = ctx.params.get("hash")
    if previous is not None and expected and expected != previous["hash"]:
        raise SlackError("hash_conflict")
    stored = _store_view(state, ctx, view, previous)
    state.home_views[user_id] = stored
    return {"view": stored}
