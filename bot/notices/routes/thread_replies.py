"""Queueing a reply in a meeting's thread: under its announcement, or the channel itself."""

from __future__ import annotations

from bot.notices.render import Rendered
from bot.notices.routes.route_context import RouteContext
from bot.notices.threads import THREAD_OF_MEETING
from store.models import Meeting


def reply_in_thread(
    ctx: RouteContext,
    *,
    team_id: str,
    channel_id: str,
    rendered: Rendered,
    zoom_user_id: str,
    meeting: Meeting | None,
) -> None:
    """Post under the announcement in this channel (its ts looked up at delivery if unknown)."""
    announced_here = meeting is not None and meeting.channel_id == channel_id
    thread_ts = meeting.message_ts if meeting is not None and announced_here else None
    ctx.add(
        "post",
        team_id=team_id,
        channel_id=channel_id,
        rendered=rendered,
        zoom_user_id=zoom_user_id,
        meeting_id=meeting.id if announced_here and meeting is not None else None,
        thread_ts=thread_ts,
    )
    if announced_here and thread_ts is None and meeting is not None:
        ctx.notices[-1].payload[THREAD_OF_MEETING] = meeting.id
