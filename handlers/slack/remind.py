"""After the modal created a meeting: ask for its channel reminder (sent through the outbox)."""

from __future__ import annotations

import logging

from bot.meetings.results import Created
from handlers.slack.context import CommandContext

logger = logging.getLogger(__name__)


async def remind_channel(
    ctx: CommandContext, created: Created, channel_id: str, minutes: int | None
) -> None:
    """Schedule the announce channel's reminder, when the form asked for one."""
    live = ctx.services.live
    if not minutes or live is None:
        return
    occurrences = created.meeting.occurrences
    starts = [o.start_time for o in occurrences if o.status != "deleted" and o.start_time]
    await live.remind_meeting(created.record_id, channel_id, minutes, starts)
    logger.info("meeting.reminder_asked", extra={"team_id": ctx.team_id, "minutes": minutes})
