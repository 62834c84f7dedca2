"""Who is in the room: participant joined/left (and join-before-host) events for live cards.

Each event only updates the per-instance participant set (keyed by participant uuid or id,
compared by event_ts, so repeats and out-of-order deliveries cannot skew it) and marks the
card as behind; the participant job redraws it at most once per interval with the exact count.
People waiting for a host who has not started get one alert in the announcement's thread.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from bot.notices.live_render import live_renderer
from bot.notices.payload import ZoomEvent, meeting_facts
from bot.notices.routes.route_context import RouteContext, event_meetings
from store.live_models import LiveMeeting
from store.models import MeetingStatus
from store.repos.live import heard, set_presence
from store.types import utcnow

logger = logging.getLogger(__name__)
NAME_MAX = 200


def participant_key(participant: dict[str, Any]) -> str:
    """The stable identity of a participant within one meeting instance."""
    for name in ("participant_uuid", "id", "user_id", "email", "user_name"):
        value = participant.get(name)
        if isinstance(value, str | int) and not isinstance(value, bool) and str(value).strip():
            return f"{name}:{str(value).strip()}"[:128]
    return ""


def _participant(event: ZoomEvent) -> dict[str, Any]:
    found = event.object.get("participant")
    return found if isinstance(found, dict) else {}


async def _presence(event: ZoomEvent, ctx: RouteContext, present: bool) -> None:
    facts = meeting_facts(event)
    participant = _participant(event)
    key = participant_key(participant)
    if facts.meeting_id is None or not key:
        logger.info("notice.participant_unreadable", extra={"zoom_event": event.event})
        return
    at = datetime.fromtimestamp(event.event_ts / 1000, UTC)
    meetings = await event_meetings(ctx, facts.meeting_id, facts.host_id, "ended", at)
    if not meetings:
        return  # not a meeting any channel follows: keep no names
    live = [m.id for m in meetings if m.status == MeetingStatus.LIVE and m.id is not None]
    name = participant.get("user_name")
    counted = await set_presence(
        session=ctx.session,
        zoom_meeting_id=facts.meeting_id,
        instance_uuid=facts.uuid,
        key=key,
        name=name[:NAME_MAX] if isinstance(name, str) else "",
        present=present,
        event_ts=event.event_ts,
    )
    await heard(session=ctx.session, meeting_ids=live, now=utcnow(), changed=counted)


async def participant_joined(event: ZoomEvent, ctx: RouteContext) -> None:
    """Someone joined (or joined before the host): count them in."""
    await _presence(event, ctx, True)


async def participant_left(event: ZoomEvent, ctx: RouteContext) -> None:
    """Someone left: count them out."""
    await _presence(event, ctx, False)


async def participant_waiting(event: ZoomEvent, ctx: RouteContext) -> None:
    """Someone waits for the host: one alert in the announcement's thread per meeting start."""
    facts = meeting_facts(event)
    renderer = live_renderer(ctx)
    at = datetime.fromtimestamp(event.event_ts / 1000, UTC)
    for meeting in await event_meetings(ctx, facts.meeting_id, facts.host_id, "started", at):
        if meeting.status != MeetingStatus.SCHEDULED or not meeting.message_ts:
            continue
        assert meeting.id is not None and meeting.channel_id is not None
        live = await ctx.session.get(LiveMeeting, meeting.id, with_for_update=True)
        if live is not None and live.waiting_alerted:
            continue
        live = live or LiveMeeting(meeting_id=meeting.id, instance_uuid=facts.uuid)
        live.waiting_alerted = True
        ctx.session.add(live)
        ctx.add(
            "post",
            team_id=meeting.team_id,
            channel_id=meeting.channel_id,
            rendered=renderer.waiting_for_host(
                topic=facts.topic or meeting.topic, host_user_id=meeting.slack_user_id
            ),
            zoom_user_id=facts.host_id,
            meeting_id=meeting.id,
            thread_ts=meeting.message_ts,
        )
    await ctx.session.flush()


ROUTES = {
    "meeting.participant_joined": participant_joined,
    "meeting.participant_left": participant_left,
    "meeting.participant_jbh_joined": participant_joined,
    "meeting.participant_jbh_waiting": participant_waiting,
}
