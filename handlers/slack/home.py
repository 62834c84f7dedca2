"""App Home (link status, Schedule, upcoming meetings), its buttons and the global shortcut."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncBoltContext, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.zoom.models import MeetingSummary
from handlers.blocks import ids as action_ids
from handlers.blocks.home_tab import LinkState, home_view
from handlers.slack.context import CommandContext
from handlers.slack.error_replies import describe
from handlers.slack.interaction import (
    InteractionContext,
    acked,
    guarded,
    interaction_context,
    meeting_service,
)
from handlers.slack.modals import open_schedule_modal

logger = logging.getLogger(__name__)


async def link_state(ctx: CommandContext) -> LinkState:
    """Whether the user is linked, and a fresh link URL when they need one."""
    accounts, flow = ctx.services.accounts, ctx.services.link_flow
    if accounts is None:
        return LinkState("unconfigured")
    if accounts.mode == "s2s":
        return LinkState("account", await accounts.slack_email(ctx.team_id, ctx.user_id))
    link = await accounts.find_link(ctx.team_id, ctx.user_id)
    if link is not None and link.status == "active":
        return LinkState("linked", f"{link.zoom_name} ({link.zoom_email})")
    url = await flow.start(ctx.team_id, ctx.user_id) if flow is not None else None
    return LinkState("unlinked" if link is None else "broken", link_url=url)


async def publish_home(ctx: CommandContext, page: int = 1) -> None:
    """Render and publish the user's Home tab."""
    meetings: list[MeetingSummary] | None = None
    problem = None
    try:
        state = await link_state(ctx)
    except Exception as error:  # e.g. no email on the Slack profile in account-level mode
        state, problem = LinkState("unconfigured"), describe(error)[0]
    if state.kind in ("linked", "account"):
        try:
            meetings = await meeting_service(ctx.services).list_upcoming(ctx.team_id, ctx.user_id)
        except Exception as error:  # the tab still shows, with the reason
            problem = describe(error)[0]
    view = home_view(state, meetings, page=page, problem=problem)
    await ctx.client.views_publish(user_id=ctx.user_id, view=view.to_dict())


async def _open_modal(ctx: InteractionContext, _body: dict[str, Any]) -> None:
    await open_schedule_modal(ctx, None, ctx.channel_id or None)


async def _unlink(ctx: InteractionContext, _body: dict[str, Any]) -> None:
    if ctx.services.link_flow is not None:
        await ctx.services.link_flow.unlink(ctx.team_id, ctx.user_id)
    await publish_home(ctx)


def register(app: AsyncApp) -> None:
    """Register App Home, its buttons and the "Schedule a Zoom meeting" shortcut."""

    @app.event("app_home_opened")
    async def on_home_opened(
        event: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
    ) -> None:
        if event.get("tab", "home") != "home":
            return
        body = {"user": {"id": event.get("user")}, "team": {"id": context.team_id}}
        ctx = interaction_context(body, context, AsyncRespond(response_url=None), client)
        await guarded(ctx, publish_home(ctx))

    app.action(action_ids.SCHEDULE_OPEN)(acked(_open_modal))
    app.shortcut(action_ids.SCHEDULE_SHORTCUT)(acked(_open_modal))
    app.action(action_ids.UNLINK_ZOOM)(acked(_unlink))
