"""`/zoom join <meeting ID or link>` and `/zoom join me`: post a join card in the channel."""

from __future__ import annotations

from typing import Any

from slack_sdk.errors import SlackApiError

from handlers.blocks import to_dicts
from handlers.blocks.join_card import join_card, join_unposted
from handlers.blocks.messages import error_message
from handlers.slack.context import CommandContext, Runner
from handlers.slack.error_replies import slack_error_text
from handlers.slack.grammar import Join

NO_REF = "Say which meeting: `/zoom join 123 4567 8901`, `/zoom join <link>` or `/zoom join me`."


async def run_join(command: Join, ctx: CommandContext) -> None:
    """Post a Join card for a meeting (or the caller's personal room) in this channel."""
    join = ctx.services.join
    if join is None or (command.meeting_ref is None and not command.personal):
        await ctx.reply(error_message(command.problem or NO_REF))
        return
    if command.personal:
        info = await join.personal_room(ctx.team_id, ctx.user_id)
    else:
        assert command.meeting_ref is not None
        info = await join.meeting(ctx.team_id, ctx.user_id, command.meeting_ref)
    text, blocks = card = join_card(ctx.user_id, info)
    try:
        await ctx.client.chat_postMessage(
            channel=ctx.channel_id, text=text, blocks=to_dicts(blocks)
        )
    except SlackApiError as error:  # not in the channel: the caller still gets the card
        await ctx.reply(join_unposted(card, slack_error_text(error)))


RUNNERS: dict[type[Any], Runner] = {Join: run_join}
