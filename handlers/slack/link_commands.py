"""/zoom link, unlink and status, and the relink DM when Zoom drops a link."""

from __future__ import annotations

import logging
from typing import Any

from bot.container import Services
from bot.zoom.errors import LinkBroken, NotLinked
from handlers.blocks import to_dicts
from handlers.blocks.messages import info_message, link_prompt, relink_prompt
from handlers.slack.context import CommandContext, Runner
from handlers.slack.grammar import Link, Status, Unlink
from store.types import utcnow

logger = logging.getLogger(__name__)

NO_PUBLIC_URL = (
    "Linking needs the server's PUBLIC_URL to be set, so Zoom can send you back here. "
    "Please ask whoever runs Zoombridge to set it."
)


async def link_url_for(ctx: CommandContext, error: BaseException) -> str | None:
    """A fresh link URL when the failure is a missing or broken link (user-level mode)."""
    flow = ctx.services.link_flow
    if flow is None or not isinstance(error, NotLinked | LinkBroken):
        return None
    return await flow.start(ctx.team_id, ctx.user_id)


async def run_link(_command: Link, ctx: CommandContext) -> None:
    """Offer the Zoom sign-in button, or explain account-level mode."""
    accounts = ctx.services.zoom_accounts()
    if accounts.mode == "s2s":
        who = await accounts.identity(ctx.team_id, ctx.user_id)
        await ctx.reply(
            info_message(
                "This workspace uses an account-level Zoom app, so there is nothing to link.",
                f"Your Slack email {who.email} maps to the Zoom user {who.name}.",
            )
        )
        return
    if ctx.services.link_flow is None:
        await ctx.reply(info_message(NO_PUBLIC_URL))
        return
    url = await ctx.services.link_flow.start(ctx.team_id, ctx.user_id)
    await ctx.reply(link_prompt(url))


async def run_unlink(_command: Unlink, ctx: CommandContext) -> None:
    """Revoke and forget the caller's Zoom link."""
    accounts = ctx.services.zoom_accounts()
    if accounts.mode == "s2s" or ctx.services.link_flow is None:
        await ctx.reply(
            info_message("This workspace uses an account-level Zoom app: nothing to unlink.")
        )
        return
    removed = await ctx.services.link_flow.unlink(ctx.team_id, ctx.user_id)
    await ctx.reply(
        info_message(
            "Unlinked. Zoombridge no longer has access to your Zoom account."
            if removed
            else "You have no Zoom account linked."
        )
    )


async def run_status(_command: Status, ctx: CommandContext) -> None:
    """Who the caller is linked as, how healthy the token is, and the mode."""
    accounts = ctx.services.zoom_accounts()
    if accounts.mode == "s2s":
        who = await accounts.identity(ctx.team_id, ctx.user_id)
        await ctx.reply(
            info_message(
                f"You act in Zoom as {who.name} ({who.email}).",
                "Mode: account-level (Server-to-Server OAuth); users map by email.",
            )
        )
        return
    zoom_user = await accounts.call(
        ctx.team_id,
        ctx.user_id,
        lambda token, who: ctx.services.zoom_client.get_user(token=token, user_id=who.api_user),
    )
    link = await accounts.find_link(ctx.team_id, ctx.user_id)
    minutes = int((link.expires_at - utcnow()).total_seconds() // 60) if link else 0
    await ctx.reply(
        info_message(
            f"Linked to Zoom as {zoom_user.name} ({zoom_user.email}).",
            f"Token: healthy (Zoom answered just now); renewed automatically, "
            f"next in {max(minutes, 0)} min.",
            "Mode: per-user Zoom OAuth. `/zoom unlink` disconnects.",
        )
    )


async def notify_link_broken(services: Services, team_id: str, user_id: str) -> None:
    """DM the person a one-click relink button after Zoom refused their refresh token."""
    if services.link_flow is None:
        return
    url = await services.link_flow.start(team_id, user_id)
    text, blocks = relink_prompt(url)
    try:
        await services.slack.direct_message(team_id, user_id, text=text, blocks=to_dicts(blocks))
    except Exception as error:  # the next command shows the relink button anyway
        logger.warning("zoom.relink_dm_failed", extra={"error": type(error).__name__})


RUNNERS: dict[type[Any], Runner] = {Link: run_link, Unlink: run_unlink, Status: run_status}
