"""What a route works with: the open transaction, the renderer, and the notices it queues."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.notices.payload import ZoomEvent
from bot.notices.render import NoticeRenderer, Rendered
from store.models import ChannelSubscription, Meeting, MeetingStatus
from store.repos.meetings import meetings_for_event
from store.repos.outbox import add_message
from store.repos.subscriptions import subscriptions_for_host
from store.repos.zoom_user import ZOOM_USER_KEY


@dataclass(frozen=True)
class Notice:
    """One outbox row to write: post, update in place, or DM."""

    team_id: str
    channel_id: str
    action: str  # "post" | "update" | "dm"
    payload: dict[str, Any]
    meeting_id: int | None = None


@dataclass
class RouteContext:
    """What a route may use: the open transaction and the renderer."""

    session: AsyncSession
    renderer: NoticeRenderer
    notices: list[Notice] = field(default_factory=list)

    def add(
        self,
        action: str,
        *,
        team_id: str,
        channel_id: str,
        rendered: Rendered,
        zoom_user_id: str,
        meeting_id: int | None = None,
        thread_ts: str | None = None,
        ts: str | None = None,
    ) -> None:
        """Queue one notice; the payload names the Zoom user (for app_deauthorized)."""
        text, blocks = rendered
        payload: dict[str, Any] = {"text": text, "blocks": blocks, ZOOM_USER_KEY: zoom_user_id}
        if thread_ts:
            payload["thread_ts"] = thread_ts
        if ts:
            payload["ts"] = ts
        self.notices.append(Notice(team_id, channel_id, action, payload, meeting_id))


Route = Callable[[ZoomEvent, RouteContext], Awaitable[None]]


async def event_meetings(
    ctx: RouteContext, meeting_id: int | None, host_id: str, stage: str, at: datetime
) -> list[Meeting]:
    """Our meetings an event is about: those with its id, or else the host's PMI meetings.

    Zoom's webhooks for a PMI meeting carry the PMI, not the id the create answered with.
    Then "started" picks, per workspace, the scheduled one whose start is nearest `at`;
    "ended" every live one; "recording" the one that ended last. One query finds both kinds.
    """
    if meeting_id is None:
        return []
    rows = await meetings_for_event(
        session=ctx.session, zoom_meeting_id=meeting_id, host_zoom_user_id=host_id
    )
    direct = [m for m in rows if m.zoom_meeting_id == meeting_id]
    if direct:
        return direct
    statuses = {
        "started": MeetingStatus.SCHEDULED,
        "ended": MeetingStatus.LIVE,
        "recording": MeetingStatus.ENDED,
    }[stage]
    found = [m for m in rows if m.host_pmi == meeting_id and m.status == statuses]
    if stage == "ended":
        return found
    best: dict[str, Meeting] = {}
    for meeting in found:
        current = best.get(meeting.team_id)
        if current is None or _better(meeting, current, stage, at):
            best[meeting.team_id] = meeting
    return list(best.values())


def _better(candidate: Meeting, current: Meeting, stage: str, at: datetime) -> bool:
    if stage == "recording":
        return candidate.updated_at > current.updated_at
    return _distance(candidate, at) < _distance(current, at)


def _distance(meeting: Meeting, at: datetime) -> float:
    start = meeting.start_time or meeting.created_at
    return abs((start - at).total_seconds())


async def subscribers(
    ctx: RouteContext, host_id: str, event: str, skip: set[tuple[str, str]]
) -> list[ChannelSubscription]:
    """Subscriptions to this host that want `event`, except (team, channel) pairs in `skip`."""
    if not host_id:
        return []
    found = await subscriptions_for_host(session=ctx.session, zoom_user_id=host_id, event=event)
    return [s for s in found if (s.team_id, s.channel_id) not in skip]


async def store_notices(*, session: AsyncSession, notices: Iterable[Notice]) -> int:
    """Queue notices made outside a webhook (the modal, the horizon job)."""
    written = 0
    for notice in notices:
        await add_message(
            session=session,
            webhook_event_id=None,
            team_id=notice.team_id,
            channel_id=notice.channel_id,
            action=notice.action,
            payload=notice.payload,
            meeting_id=notice.meeting_id,
        )
        written += 1
    return written


def chain(*routes: Route) -> Route:
    """One route that runs several in order (several features follow the same event)."""

    async def run(event: ZoomEvent, ctx: RouteContext) -> None:
        for route in routes:
            await route(event, ctx)

    return run
