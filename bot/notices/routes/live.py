"""The live-meeting routes, and meeting.started / ended extended to watch cards and reminders.

`live_routes(ROUTES)` returns the entries to add to the route table: the new event families,
and started/ended wrapped so that the card's participant set and silence watch begin and stop
with the meeting and a recurring meeting's next reminder is scheduled once one starts.
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.notices.live_render import live_renderer
from bot.notices.payload import ZoomEvent, meeting_facts
from bot.notices.reminders import resync_meeting
from bot.notices.routes import meeting_changes, participants
from bot.notices.routes.route_context import Route, RouteContext, event_meetings
from store.models import MeetingStatus
from store.repos.live import start_live, stop_live


async def _watch_started(event: ZoomEvent, ctx: RouteContext) -> None:
    facts = meeting_facts(event)
    at = datetime.fromtimestamp(event.event_ts / 1000, UTC)
    renderer = live_renderer(ctx)
    for meeting in await event_meetings(ctx, facts.meeting_id, facts.host_id, "ended", at):
        if meeting.status != MeetingStatus.LIVE or meeting.id is None:
            continue
        await start_live(
            session=ctx.session, meeting_id=meeting.id, instance_uuid=facts.uuid, now=at
        )
        ctx.notices += await resync_meeting(
            session=ctx.session, meeting=meeting, renderer=renderer, now=at, started_at=at
        )


async def _watch_ended(event: ZoomEvent, ctx: RouteContext) -> None:
    facts = meeting_facts(event)
    if facts.meeting_id is None:
        return
    at = datetime.fromtimestamp(event.event_ts / 1000, UTC)
    meetings = await event_meetings(ctx, facts.meeting_id, facts.host_id, "recording", at)
    ended = [m.id for m in meetings if m.status == MeetingStatus.ENDED and m.id is not None]
    await stop_live(session=ctx.session, meeting_ids=ended)


def _then(first: Route, second: Route) -> Route:
    async def both(event: ZoomEvent, ctx: RouteContext) -> None:
        await first(event, ctx)
        await second(event, ctx)

    return both


def live_routes(routes: dict[str, Route]) -> dict[str, Route]:
    """Entries for the route table: new events, and started/ended with live watching."""
    added: dict[str, Route] = {**meeting_changes.ROUTES, **participants.ROUTES}
    if "meeting.started" in routes:
        added["meeting.started"] = _then(routes["meeting.started"], _watch_started)
    if "meeting.ended" in routes:
        added["meeting.ended"] = _then(routes["meeting.ended"], _watch_ended)
    return added
