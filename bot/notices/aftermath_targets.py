"""Where after-meeting notices go: channels whose subscription to the host asked for summaries."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.notices.routes.route_context import RouteContext
from store.models import Meeting
from store.repos.live import host_subscriptions
from store.repos.meetings import meetings_for_event
from store.repos.subscriptions import event_names, subscriptions_for_host

SUMMARIES = "summaries"  # the subscription event: AI summary, or the facts, in the thread
NAMES = "names"  # the subscription option: attendee names may be shown


@dataclass(frozen=True)
class Target:
    """One opted-in channel, the subscriber who opted in, and the meeting announced there."""

    team_id: str
    channel_id: str
    slack_user_id: str
    meeting: Meeting | None
    names: bool


async def summary_targets(
    session: AsyncSession, *, host_id: str, zoom_meeting_id: int | None
) -> list[Target]:
    """Every channel opted in to this host's summaries (once each), with its announcement."""
    if not host_id:
        return []
    subs = await subscriptions_for_host(session=session, zoom_user_id=host_id, event=SUMMARIES)
    meetings: list[Meeting] = []
    if subs and zoom_meeting_id is not None:
        meetings = await meetings_for_event(
            session=session, zoom_meeting_id=zoom_meeting_id, host_zoom_user_id=host_id
        )
    announced: dict[tuple[str, str], Meeting] = {}
    for meeting in sorted(meetings, key=lambda m: m.updated_at):  # the latest wins (PMI reuse)
        if meeting.channel_id:
            announced[(meeting.team_id, meeting.channel_id)] = meeting
    found: dict[tuple[str, str], Target] = {}
    for sub in subs:
        key = (sub.team_id, sub.channel_id)
        names = sub.show_names or NAMES in event_names(sub) or (key in found and found[key].names)
        first = found.get(key)
        owner = first.slack_user_id if first else sub.slack_user_id
        found[key] = Target(sub.team_id, sub.channel_id, owner, announced.get(key), names)
    return list(found.values())


async def names_wanted(ctx: RouteContext, host_id: str) -> bool:
    """Whether any channel following this host asked to see who attended."""
    if not host_id:
        return False
    subs = await host_subscriptions(session=ctx.session, zoom_user_id=host_id)
    return any(sub.show_names or NAMES in event_names(sub) for sub in subs)
