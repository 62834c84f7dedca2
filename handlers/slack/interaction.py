"""Context for buttons, modals and App Home: like a command's, but replies may go by DM."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.container import NotConfigured, Services
from bot.loops import Throttle
from bot.meetings.service import MeetingService
from bot.observability import observe
from bot.work_lane import LaneFull
from handlers.blocks import to_dicts
from handlers.slack.context import CommandContext, Message
from handlers.slack.error_replies import describe
from handlers.slack.link_commands import link_url_for

logger = logging.getLogger(__name__)


@dataclass
class InteractionContext(CommandContext):
    """An interaction; without a response_url (modals, App Home) replies go to the user's DM."""

    async def reply(self, message: Message, *, replace: bool = False) -> None:
        """Answer the user only: ephemeral via response_url, else a DM from the bot."""
        if self.respond.response_url is not None:
            await super().reply(message, replace=replace)
            return
        text, blocks = message
        await self.client.chat_postMessage(channel=self.user_id, text=text, blocks=to_dicts(blocks))


def interaction_context(
    body: dict[str, Any], context: AsyncBoltContext, respond: AsyncRespond, client: AsyncWebClient
) -> InteractionContext:
    """Who clicked or submitted, where, and how to answer them."""
    user = body.get("user") or {}
    team = body.get("team") or {}
    channel = body.get("channel") or {}
    return InteractionContext(
        services=context["services"],
        team_id=str(team.get("id") or user.get("team_id") or context.team_id or ""),
        user_id=str(user.get("id") or body.get("user_id") or context.user_id or ""),
        channel_id=str(channel.get("id") or body.get("channel_id") or ""),
        trigger_id=str(body.get("trigger_id") or ""),
        respond=respond,
        client=client,
    )


def meeting_service(services: Services) -> MeetingService:
    """The meeting service, or NotConfigured when Zoom is not set up here."""
    if services.meetings is None:
        services.zoom_accounts()
        raise NotConfigured("Meetings are not available on this server.")
    return services.meetings


_REFUSALS = Throttle(10.0)
BUSY: Message = (
    "Zoombridge has a lot on right now and could not take this on. Please try again in a minute.",
    [],
)


async def guarded(ctx: CommandContext, work: Coroutine[Any, Any, None]) -> None:
    """Run the work in its turn (bounded, see bot.work_lane); any failure becomes a message
    the user can act on, and so does a full lane."""
    try:
        async with ctx.services.interactions.slot():
            await work
    except LaneFull:
        work.close()  # never started
        observe.interaction_refused()
        allowed, held_back = _REFUSALS.allow("busy")  # one line per interval, not a flood
        if allowed:
            logger.warning("interaction.refused_busy", extra={"suppressed": held_back})
        await _tell(ctx, BUSY)
    except Exception as error:  # the user gets a human message, never a traceback
        await _tell(ctx, describe(error, link_url=await _link_url(ctx, error)))


async def _link_url(ctx: CommandContext, error: Exception) -> str | None:
    try:
        return await link_url_for(ctx, error)
    except Exception:  # the message still goes out, without the link
        return None


async def _tell(ctx: CommandContext, message: Message) -> None:
    try:
        await ctx.reply(message)
    except Exception as reply_error:  # nowhere left to tell the user
        logger.warning("interaction.reply_failed", extra={"error": type(reply_error).__name__})


InteractionHandler = Callable[[InteractionContext, dict[str, Any]], Coroutine[Any, Any, None]]


def acked(run: InteractionHandler) -> Callable[..., Awaitable[None]]:
    """A Bolt listener that acks at once, then runs `run`; failures become messages."""

    async def listener(
        ack: AsyncAck,
        body: dict[str, Any],
        respond: AsyncRespond,
        client: AsyncWebClient,
        context: AsyncBoltContext,
    ) -> None:
        await ack()
        ctx = interaction_context(body, context, respond, client)
        await guarded(ctx, run(ctx, body))

    return listener
