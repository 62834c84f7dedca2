"""The admin section's buttons: each click is re-checked with Slack before anything happens."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncApp

from handlers.blocks.ids import ADMIN_REMIND_RELINK, ADMIN_RETRY_NOTICE
from handlers.slack.home import publish_home
from handlers.slack.interaction import InteractionContext, acked

logger = logging.getLogger(__name__)


def _value(body: dict[str, Any]) -> str:
    actions = body.get("actions") or [{}]
    return str(actions[0].get("value") or "")


async def _remind(ctx: InteractionContext, body: dict[str, Any]) -> None:
    admin, user_id = ctx.services.admin, _value(body)
    if admin is None or not user_id.isalnum():
        return
    if await admin.remind_relink(ctx.team_id, ctx.user_id, user_id):
        await publish_home(ctx)


async def _retry(ctx: InteractionContext, body: dict[str, Any]) -> None:
    admin, value = ctx.services.admin, _value(body)
    if admin is None or not value.isdigit():
        return
    if await admin.retry_dead(ctx.team_id, ctx.user_id, int(value)):
        await publish_home(ctx)


def register(app: AsyncApp) -> None:
    """Register the admin buttons."""
    app.action(ADMIN_REMIND_RELINK)(acked(_remind))
    app.action(ADMIN_RETRY_NOTICE)(acked(_retry))
