"""`/zoom subscribe`, `/zoom unsubscribe` and `/zoom subscriptions` in the current channel."""

from __future__ import annotations

from typing import Any

from bot.notices.subscriptions import ChannelProblem, SubscriptionService
from handlers.blocks.messages import error_message
from handlers.blocks.notice_cards import (
    subscribed_message,
    subscriptions_message,
    unsubscribed_message,
)
from handlers.slack.context import CommandContext, Runner
from handlers.slack.grammar import Subscribe, Subscriptions, Unsubscribe


def _service(ctx: CommandContext) -> SubscriptionService:
    service = ctx.services.subscriptions
    assert service is not None, "the app's lifespan builds the subscription service"
    return service


async def run_subscribe(command: Subscribe, ctx: CommandContext) -> None:
    """Send notices about the caller's meetings to this channel."""
    if command.problem:
        await ctx.reply(error_message(command.problem))
        return
    try:
        view = await _service(ctx).subscribe(
            team_id=ctx.team_id,
            user_id=ctx.user_id,
            channel_id=ctx.channel_id,
            events=command.events,
            include_passcodes=command.include_passcodes,
            show_names=command.show_names,
            remind_minutes=command.remind_minutes,
        )
    except ChannelProblem as problem:
        await ctx.reply(error_message(problem.message))
        return
    await ctx.reply(subscribed_message(view))


async def run_unsubscribe(_command: Unsubscribe, ctx: CommandContext) -> None:
    """Stop the caller's notices in this channel."""
    existed = await _service(ctx).unsubscribe(
        team_id=ctx.team_id, user_id=ctx.user_id, channel_id=ctx.channel_id
    )
    await ctx.reply(unsubscribed_message(existed))


async def run_subscriptions(_command: Subscriptions, ctx: CommandContext) -> None:
    """List this channel's subscriptions."""
    views = await _service(ctx).in_channel(team_id=ctx.team_id, channel_id=ctx.channel_id)
    await ctx.reply(subscriptions_message(views))


RUNNERS: dict[type[Any], Runner] = {
    Subscribe: run_subscribe,
    Unsubscribe: run_unsubscribe,
    Subscriptions: run_subscriptions,
}
