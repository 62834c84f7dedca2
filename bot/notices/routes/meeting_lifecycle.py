"""meeting.started and meeting.ended: the live notice, the card updated in place, "ended"."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from bot.notices.payload import ZoomEvent, meeting_facts
from bot.notices.render import AnnouncementFacts, CardStatus, Rendered
from bot.notices.routes.route_context import (
    RouteContext,
    event_meetings,
    subscribers,
)
from store.models import Meeting, MeetingStatus
from store.repos.meetings import set_status

logger = logging.getLogger(__name__)

CLOCK_SKEW = timedelta(minutes=1)  # between Zoom's event_ts and our clock
JOIN_URL_FALLBACK = "https://zoom.us/j/{meeting_id}"


def _outdated(meeting: Meeting, event: ZoomEvent) -> bool:
    """Cancelled, or changed after Zoom sent this event (a late retry must not undo "ended")."""
    sent_at = datetime.fromtimestamp(event.event_ts / 1000, UTC) + CLOCK_SKEW
    changed_later = meeting.status != MeetingStatus.SCHEDULED and meeting.updated_at > sent_at
    return meeting.status == MeetingStatus.CANCELLED or changed_later


def _announcement_update(
    ctx: RouteContext, meeting: Meeting, host_id: str, status: CardStatus, lasted: int | None
) -> None:
    if meeting.channel_id and meeting.message_ts:
        rendered = ctx.renderer.announcement(
            AnnouncementFacts.of(meeting), status=status, lasted_minutes=lasted
        )
        ctx.add(
            "update",
            team_id=meeting.team_id,
            channel_id=meeting.channel_id,
            rendered=rendered,
            zoom_user_id=host_id,
            meeting_id=meeting.id,
            ts=meeting.message_ts,
        )


async def _meetings(ctx: RouteContext, event: ZoomEvent, stage: str) -> list[Meeting]:
    """Our meetings with the event's id, or else the host's PMI meetings it is about."""
    facts = meeting_facts(event)
    at = facts.start_time or datetime.fromtimestamp(event.event_ts / 1000, UTC)
    return await event_meetings(ctx, facts.meeting_id, facts.host_id, stage, at)


async def _post_to_subscribers(
    ctx: RouteContext, host_id: str, kind: str, skip: set[tuple[str, str]], rendered: Rendered
) -> None:
    """The same notice to every channel subscribed to `kind` for this host (but `skip`)."""
    for sub in await subscribers(ctx, host_id, kind, skip):
        ctx.add(
            "post",
            team_id=sub.team_id,
            channel_id=sub.channel_id,
            rendered=rendered,
            zoom_user_id=host_id,
        )


async def meeting_started(event: ZoomEvent, ctx: RouteContext) -> None:
    """Live now: in each announcement's thread (card updated) and in subscribed channels."""
    facts = meeting_facts(event)
    topic = facts.topic
    join_url = JOIN_URL_FALLBACK.format(meeting_id=facts.meeting_id or "")
    announced: set[tuple[str, str]] = set()
    for meeting in await _meetings(ctx, event, "started"):
        if _outdated(meeting, event):
            continue
        await set_status(session=ctx.session, meeting=meeting, status=MeetingStatus.LIVE)
        join_url, topic = meeting.join_url or join_url, facts.topic or meeting.topic
        if meeting.channel_id and meeting.message_ts:
            _announcement_update(ctx, meeting, facts.host_id, "live", None)
            ctx.add(
                "post",
                team_id=meeting.team_id,
                channel_id=meeting.channel_id,
                rendered=ctx.renderer.live(topic=topic, join_url=join_url),
                zoom_user_id=facts.host_id,
                meeting_id=meeting.id,
                thread_ts=meeting.message_ts,
            )
            announced.add((meeting.team_id, meeting.channel_id))
    live = ctx.renderer.live(topic=topic, join_url=join_url)
    await _post_to_subscribers(ctx, facts.host_id, "started", announced, live)


async def meeting_ended(event: ZoomEvent, ctx: RouteContext) -> None:
    """Ended, lasted N min: announcement cards updated; subscribed channels told."""
    facts = meeting_facts(event)
    lasted = facts.lasted_minutes
    topic = facts.topic
    announced: set[tuple[str, str]] = set()
    for meeting in await _meetings(ctx, event, "ended"):
        if _outdated(meeting, event):
            continue
        await set_status(session=ctx.session, meeting=meeting, status=MeetingStatus.ENDED)
        topic = facts.topic or meeting.topic
        _announcement_update(ctx, meeting, facts.host_id, "ended", lasted)
        if meeting.channel_id and meeting.message_ts:
            announced.add((meeting.team_id, meeting.channel_id))
    ended = ctx.renderer.ended(topic=topic, lasted_minutes=lasted)
    await _post_to_subscribers(ctx, facts.host_id, "ended", announced, ended)
