"""/zoom now, new, list and cancel, and the cancel steps the buttons share."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.meetings.refs import MeetingRef
from bot.meetings.results import Cancelled, NeedsChoice, Scope
from bot.zoom.models import TOPIC_MAX
from handlers.blocks import to_dicts
from handlers.blocks.meeting_cards import (
    cancelled_message,
    choice_message,
    instant_unposted,
    list_message,
)
from handlers.blocks.messages import error_message, instant_meeting_message
from handlers.slack.context import CommandContext, Runner
from handlers.slack.error_replies import slack_error_text
from handlers.slack.grammar import Cancel, InstantMeeting, ListMeetings, Schedule
from handlers.slack.interaction import meeting_service
from handlers.slack.modals import open_schedule_modal

logger = logging.getLogger(__name__)

NO_REF = "Say which meeting: `/zoom cancel 123 4567 8901` or `/zoom cancel <join link>`."


async def run_instant(command: InstantMeeting, ctx: CommandContext) -> None:
    """Start an instant meeting (maybe in the caller's PMI) and post it in the channel."""
    if command.topic and len(command.topic) > TOPIC_MAX:
        await ctx.reply(
            error_message(
                f"Keep the topic to {TOPIC_MAX} characters ({len(command.topic)} now); "
                "nothing was created."
            )
        )
        return
    service = meeting_service(ctx.services)
    created = await service.create_instant(
        ctx.team_id, ctx.user_id, command.topic, use_pmi=command.use_pmi
    )
    meeting = created.meeting
    text, blocks = instant_meeting_message(ctx.user_id, meeting.topic, meeting.join_url, meeting.id)
    try:
        posted = await ctx.client.chat_postMessage(
            channel=ctx.channel_id, text=text, blocks=to_dicts(blocks)
        )
    except SlackApiError as error:
        await ctx.reply(instant_unposted(meeting, slack_error_text(error)))
        return
    await service.record_announcement(created.record_id, str(posted["channel"]), str(posted["ts"]))


async def run_schedule(command: Schedule, ctx: CommandContext) -> None:
    """Open the scheduling modal with the topic filled in."""
    await open_schedule_modal(ctx, command.topic, ctx.channel_id)


async def show_list(
    ctx: CommandContext,
    page: int = 1,
    *,
    replace: bool = False,
    notice: str | None = None,
    include_others: bool = False,
) -> None:
    """One page of the caller's upcoming meetings (fetched from Zoom each time)."""
    service = meeting_service(ctx.services)
    hosts: dict[int, str] | None = None
    if include_others:
        meetings, hosts = await service.list_with_scheduled_for_others(ctx.team_id, ctx.user_id)
    else:
        meetings = await service.list_upcoming(ctx.team_id, ctx.user_id)
    message, _page = list_message(meetings, page, notice, hosts)
    await ctx.reply(message, replace=replace)


async def run_list(command: ListMeetings, ctx: CommandContext) -> None:
    """List the caller's upcoming meetings (`all`: also those scheduled for others)."""
    await show_list(ctx, include_others=command.include_scheduled_for_others)


async def cancel_step(
    ctx: CommandContext, ref: MeetingRef, scope: Scope | None
) -> NeedsChoice | Cancelled | None:
    """Cancel (or ask about a series); a non-host's `NotMeetingHost` changes nothing."""
    service = meeting_service(ctx.services)
    if scope is None:
        return await service.start_cancel(ctx.team_id, ctx.user_id, ref)
    return await service.cancel(ctx.team_id, ctx.user_id, ref, scope)


async def run_cancel(command: Cancel, ctx: CommandContext) -> None:
    """`/zoom cancel <id or link>`: cancel it, or ask about a recurring series."""
    if command.meeting_ref is None:
        await ctx.reply(error_message(command.problem or NO_REF))
        return
    outcome = await cancel_step(ctx, command.meeting_ref, None)
    if isinstance(outcome, NeedsChoice):
        await ctx.reply(choice_message(outcome))
    elif isinstance(outcome, Cancelled):
        await ctx.reply(cancelled_message(outcome))


RUNNERS: dict[type[Any], Runner] = {
    InstantMeeting: run_instant,
    Schedule: run_schedule,
    ListMeetings: run_list,
    Cancel: run_cancel,
}
