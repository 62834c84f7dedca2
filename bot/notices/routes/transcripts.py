"""recording.transcript_completed: the transcript's link in the meeting's thread.

Announced meetings get it as a reply under their card; channels subscribed to the host's
recordings without an announcement get it on its own. The link follows the passcode policy.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from bot.notices.after_payload import recording_files
from bot.notices.payload import ZoomEvent
from bot.notices.routes.recording_card import passcode_channels
from bot.notices.routes.route_context import RouteContext, event_meetings, subscribers
from bot.notices.routes.thread_replies import reply_in_thread
from bot.zoom.recording_links import shareable

logger = logging.getLogger(__name__)


async def transcript_completed(event: ZoomEvent, ctx: RouteContext) -> None:
    """Reply with the transcript link in each announcement's thread and subscribed channel."""
    files = recording_files(event)
    url = files.transcript_url or files.share_url
    if not url:
        logger.info("notice.transcript_without_link", extra={"zoom_event": event.event})
        return
    at = datetime.fromtimestamp(event.event_ts / 1000, UTC)
    meetings = await event_meetings(ctx, files.meeting_id, files.host_id, "recording", at)
    allowed = await passcode_channels(ctx, files.host_id)
    done: set[tuple[str, str]] = set()
    for meeting in meetings:
        if not meeting.channel_id or (meeting.team_id, meeting.channel_id) in done:
            continue
        key = (meeting.team_id, meeting.channel_id)
        link = shareable(url, passcode_allowed=key in allowed)
        rendered = ctx.renderer.transcript(topic=files.topic or meeting.topic, url=link)
        reply_in_thread(
            ctx,
            team_id=meeting.team_id,
            channel_id=meeting.channel_id,
            rendered=rendered,
            zoom_user_id=files.host_id,
            meeting=meeting,
        )
        done.add(key)
    for sub in await subscribers(ctx, files.host_id, "recordings", done):
        if (sub.team_id, sub.channel_id) in done:
            continue
        done.add((sub.team_id, sub.channel_id))
        link = shareable(url, passcode_allowed=sub.include_passcodes)
        ctx.add(
            "post",
            team_id=sub.team_id,
            channel_id=sub.channel_id,
            rendered=ctx.renderer.transcript(topic=files.topic, url=link),
            zoom_user_id=files.host_id,
        )
