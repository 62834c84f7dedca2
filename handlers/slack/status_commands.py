"""/zoom status sync on|off, the App Home toggle, and telling people when sync turned off."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.models.blocks import Block

from bot.container import Services
from handlers.blocks import to_dicts
from handlers.blocks.messages import error_message
from handlers.blocks.status_cards import (
    grant_prompt,
    home_section,
    sync_off,
    sync_on,
    sync_revoked,
    unavailable,
)
from handlers.slack.context import CommandContext, Runner
from handlers.slack.grammar import StatusSync

logger = logging.getLogger(__name__)


async def run_status_sync(command: StatusSync, ctx: CommandContext) -> None:
    """Turn status sync on (asking for a grant when needed) or off, or say how it stands."""
    status = ctx.services.status
    if command.problem:
        await ctx.reply(error_message(command.problem))
        return
    if status is None:
        await ctx.reply(unavailable())
        return
    if command.on is False:
        await ctx.reply(sync_off(await status.turn_off(ctx.team_id, ctx.user_id)))
        return
    if await status.needs_grant(ctx.team_id, ctx.user_id, pause=command.pause):
        await ctx.reply(grant_prompt(*await status.grant_urls(ctx.team_id, ctx.user_id)))
        return
    state = await status.state(ctx.team_id, ctx.user_id)
    await ctx.reply(sync_on(state.pause_notifications))


async def home_blocks(ctx: CommandContext) -> list[Block]:
    """The App Home toggle for this person (nothing when status sync is not set up)."""
    status = ctx.services.status
    if status is None:
        return home_section(None, False, None)
    state = await status.state(ctx.team_id, ctx.user_id)
    if state.kind == "on":
        return home_section(True, state.pause_notifications, None)
    return home_section(False, False, await status.grant_urls(ctx.team_id, ctx.user_id))


async def notify_turned_off(services: Services, team_id: str, user_id: str) -> None:
    """DM the person that status sync is off because their token was revoked."""
    text, blocks = sync_revoked()
    try:
        await services.slack.direct_message(team_id, user_id, text=text, blocks=to_dicts(blocks))
    except Exception as error:  # the feature is off regardless
        logger.warning("status.revoked_dm_failed", extra={"error": type(error).__name__})


async def on_user_tokens_revoked(services: Services, team_id: str, event: dict[str, Any]) -> None:
    """tokens_revoked lists the users whose user tokens are gone under `tokens.oauth`."""
    users = (event.get("tokens") or {}).get("oauth") or []
    if services.status is not None and isinstance(users, list) and users:
        await services.status.revoked(team_id, [str(u) for u in users])


RUNNERS: dict[type[Any], Runner] = {StatusSync: run_status_sync}
