"""meeting.created / updated / deleted: meetings changed in Zoom itself, for subscribed hosts.

A meeting scheduled in the Zoom client or a calendar is announced in each channel subscribed
to its host (those that hear "started") and gets that channel's reminder. A change updates
the card in place and moves reminders; a deletion marks the card cancelled and deletes them.
Meetings made from Slack are already announced: they only gain subscription reminders.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlmodel import col, select

from bot.notices.cards import post_card, update_card
from bot.notices.change_payload import MeetingChange, meeting_change
from bot.notices.live_render import live_renderer
from bot.notices.payload import ZoomEvent
from bot.notices.reminders import ensure, resync_meeting
from bot.notices.routes.route_context import RouteContext
from store.live_models import Reminder
from store.models import Meeting, MeetingStatus
from store.repos.live import host_subscriptions
from store.repos.meetings import meetings_by_zoom_id, record_meeting, set_status
from store.repos.subscriptions import event_names
from store.types import utcnow

logger = logging.getLogger(__name__)


async def meeting_created(event: ZoomEvent, ctx: RouteContext) -> None:
    """Announce a meeting made in Zoom to the host's subscribed channels, with reminders."""
    change = meeting_change(event)
    if change.meeting_id is None or not change.host_id:
        logger.info("notice.change_without_meeting", extra={"zoom_event": event.event})
        return
    renderer, session = live_renderer(ctx), ctx.session
    known = await meetings_by_zoom_id(session=session, zoom_meeting_id=change.meeting_id)
    from_slack = {m.team_id: m for m in known}
    for sub in await host_subscriptions(session=session, zoom_user_id=change.host_id):
        announce = "started" in event_names(sub)
        meeting = from_slack.get(sub.team_id)
        if meeting is None:
            if not announce and not sub.remind_minutes:
                continue
            meeting = await _record(ctx, change, sub.team_id, sub.slack_user_id, sub.channel_id)
            if announce:
                ctx.notices.append(post_card(meeting, renderer, sub.channel_id))
        if sub.remind_minutes:
            ctx.notices += await ensure(
                session=session,
                meeting=meeting,
                channel_id=sub.channel_id,
                minutes=sub.remind_minutes,
                renderer=renderer,
                occurrences=change.occurrence_starts,
            )


async def _record(
    ctx: RouteContext, change: MeetingChange, team_id: str, slack_user_id: str, channel_id: str
) -> Meeting:
    return await record_meeting(
        session=ctx.session,
        team_id=team_id,
        slack_user_id=slack_user_id,
        zoom_meeting_id=change.meeting_id or 0,
        host_zoom_user_id=change.host_id,
        topic=change.topic or "",
        start_time=change.start_time,
        duration=change.duration or 0,
        timezone=change.timezone or "UTC",
        recurring=bool(change.recurring),
        join_url=change.join_url or "",
        channel_id=channel_id,
    )


def _merge(meeting: Meeting, change: MeetingChange) -> bool:
    """Apply the fields the event carries (never blanking one); whether the card changes."""
    before = (meeting.topic, meeting.start_time, meeting.duration, meeting.join_url)
    meeting.topic = change.topic or meeting.topic
    if change.start_time is not None and not (meeting.recurring and change.single_occurrence):
        meeting.start_time = change.start_time
    meeting.duration = change.duration or meeting.duration
    meeting.timezone = change.timezone or meeting.timezone
    meeting.join_url = change.join_url or meeting.join_url
    if change.recurring is not None:
        meeting.recurring = change.recurring
    return before != (meeting.topic, meeting.start_time, meeting.duration, meeting.join_url)


async def _occurrences(ctx: RouteContext, meeting: Meeting) -> list[datetime]:
    query = select(Reminder.occurrences).where(col(Reminder.meeting_id) == meeting.id)
    stored = (await ctx.session.exec(query.limit(1))).first() or []
    return [datetime.fromisoformat(s) for s in stored]


def _moved(starts: list[datetime], change: MeetingChange) -> list[datetime]:
    """Occurrence starts after a time change: one occurrence moved, or the whole series."""
    old, new = change.old_start_time, change.start_time
    if old is None or new is None:
        return starts
    if change.single_occurrence:
        return [new if s == old else s for s in starts]
    return [s + (new - old) for s in starts]


async def _recorded(ctx: RouteContext, change: MeetingChange) -> list[Meeting]:
    """Our records of the meeting a change is about (none when the payload names no id)."""
    if change.meeting_id is None:
        return []
    return await meetings_by_zoom_id(session=ctx.session, zoom_meeting_id=change.meeting_id)


async def meeting_updated(event: ZoomEvent, ctx: RouteContext) -> None:
    """Merge the changed fields into each card and move its reminders."""
    change = meeting_change(event)
    renderer = live_renderer(ctx)
    for meeting in await _recorded(ctx, change):
        if meeting.status == MeetingStatus.CANCELLED:
            continue
        starts = _moved(await _occurrences(ctx, meeting), change) if meeting.recurring else None
        if _merge(meeting, change):
            meeting.updated_at = utcnow()
            ctx.session.add(meeting)
            if meeting.status == MeetingStatus.SCHEDULED:
                card = await update_card(ctx.session, meeting, renderer, "scheduled")
                ctx.notices += [card] if card else []
        ctx.notices += await resync_meeting(
            session=ctx.session, meeting=meeting, renderer=renderer, occurrences=starts
        )


async def meeting_deleted(event: ZoomEvent, ctx: RouteContext) -> None:
    """Cancelled in Zoom: the card says so and reminders go; one occurrence: only its reminder."""
    change = meeting_change(event)
    renderer = live_renderer(ctx)
    for meeting in await _recorded(ctx, change):
        if meeting.recurring and change.single_occurrence:
            gone = set(change.occurrence_starts)
            starts = [s for s in await _occurrences(ctx, meeting) if s not in gone]
            ctx.notices += await resync_meeting(
                session=ctx.session, meeting=meeting, renderer=renderer, occurrences=starts
            )
            continue
        if meeting.status == MeetingStatus.SCHEDULED:
            await set_status(session=ctx.session, meeting=meeting, status=MeetingStatus.CANCELLED)
            card = await update_card(ctx.session, meeting, renderer, "cancelled")
            ctx.notices += [card] if card else []
        elif meeting.status == MeetingStatus.LIVE:
            continue  # deleted while running: meeting.ended (or the silence check) closes it
        ctx.notices += await resync_meeting(session=ctx.session, meeting=meeting, renderer=renderer)


ROUTES = {
    "meeting.created": meeting_created,
    "meeting.updated": meeting_updated,
    "meeting.deleted": meeting_deleted,
}
