"""The live-meeting routes, and meeting.started / ended extended to watch cards and reminders.

`live_routes(ROUTES)` returns the entries to add to the route table: the new event families,
and started/ended wrapped so that the card's participant set and silence watch begin and stop
with the meeting and a recurring meeting's next reminder is scheduled once one starts.
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.notices.cards import close_live_notices, tag_live_notices
from bot.notices.live_render import live_renderer
from bot.notices.payload import ZoomEvent, meeting_facts
from bot.notices.reminders import resync_meeting
from bot.notices.routes import meeting_changes, participants
from bot.notices.routes.route_context import Route, RouteContext, chain, event_meetings
from store.models import MeetingStatus
from store.repos.live import forget_room, start_live, stop_live


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
    await forget_room(
        session=ctx.session, zoom_meeting_id=facts.meeting_id, instance_uuid=facts.uuid
    )
    ctx.notices += await close_live_notices(
        ctx.session,
        facts.meeting_id,
        live_renderer(ctx),
        host=facts.host_id,
        lasted=facts.lasted_minutes,
    )


def _then(first: Route, second: Route) -> Route:
    async def both(event: ZoomEvent, ctx: RouteContext) -> None:
        await first(event, ctx)
        await second(event, ctx)

    return both


def _tagging_live_posts(route: Route) -> Route:
    """meeting.started, its "live now" posts marked so they lose Join once it ends."""

    async def started(event: ZoomEvent, ctx: RouteContext) -> None:
        before = len(ctx.notices)
        await route(event, ctx)
        facts = meeting_facts(event)
        tag_live_notices(ctx.notices[before:], facts.meeting_id, facts.topic)

    return started


def live_routes(routes: dict[str, Route]) -> dict[str, Route]:
    """Entries for the route table: new events, and started/ended with live watching."""
    added: dict[str, Route] = {}
    for event, route in {**meeting_changes.ROUTES, **participants.ROUTES}.items():
        added[event] = chain(routes[event], route) if event in routes else route
    if "meeting.started" in routes:
        started = _tagging_live_posts(routes["meeting.started"])
        added["meeting.started"] = _then(started, _watch_started)
    if "meeting.ended" in routes:
        added["meeting.ended"] = _then(routes["meeting.ended"], _watch_ended)
    return added
