"""Status sync routes: who is in which meeting, and the status calls that owes.

Meetings are keyed by Zoom's instance uuid (or the id when a payload has none). A person
gets "set" when they enter a meeting and "restore" when they leave the last one they are in;
leaving one of several re-sets the status for the latest remaining. The calls themselves run
later, from the outbox, with the person's own token (`bot.status.deliver`).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from bot.notices.payload import ZoomEvent, meeting_facts, zoom_time
from bot.notices.routes.route_context import Notice, Route, RouteContext
from bot.status.facts import STATUS_ACTION, status_lane
from store.repos import status_people as repo
from store.repos.zoom_user import ZOOM_USER_KEY
from store.status_models import StatusSync

DEFAULT_LENGTH = timedelta(minutes=60)  # instant meetings and payloads without a duration
OVERRUN_GRACE = timedelta(minutes=15)  # when the scheduled end has already passed


def meeting_key(event: ZoomEvent) -> str:
    """The meeting instance an event is about."""
    obj = event.object
    return str(obj.get("uuid") or obj.get("id") or "")[:160]


def scheduled_end(event: ZoomEvent, now: datetime) -> datetime:
    """When the meeting is scheduled to end (never in the past, so the status shows)."""
    obj = event.object
    start = zoom_time(obj.get("start_time")) or now
    try:
        minutes = int(obj.get("duration") or 0)
    except (TypeError, ValueError):
        minutes = 0
    end = start + (timedelta(minutes=minutes) if minutes > 0 else DEFAULT_LENGTH)
    return max(end, now + OVERRUN_GRACE)


def _participant(event: ZoomEvent) -> dict[str, Any]:
    found = event.object.get("participant")
    return found if isinstance(found, dict) else {}


def _queue(ctx: RouteContext, person: StatusSync, host_id: str, **payload: Any) -> None:
    body = {"user": person.slack_user_id, ZOOM_USER_KEY: host_id, **payload}
    lane = status_lane(person.slack_user_id)
    ctx.notices.append(Notice(person.team_id, lane, STATUS_ACTION, body))


async def _enter(ctx: RouteContext, person: StatusSync, event: ZoomEvent, host_id: str) -> None:
    assert person.id is not None
    now = datetime.now(UTC)
    end = scheduled_end(event, now)
    added = await repo.add_presence(
        session=ctx.session,
        sync_id=person.id,
        meeting_key=meeting_key(event),
        zoom_user_id=host_id,
        ends_at=end,
    )
    if added:  # the latest meeting wins: its end is the status's expiration
        _queue(ctx, person, host_id, op="set", expiration=int(end.timestamp()))


async def _leave(ctx: RouteContext, person: StatusSync, key: str, host_id: str) -> None:
    assert person.id is not None
    if not await repo.remove_presence(session=ctx.session, sync_id=person.id, meeting_key=key):
        return
    remaining = await repo.presences(session=ctx.session, sync_id=person.id)
    if not remaining:
        _queue(ctx, person, host_id, op="restore")
        return
    latest = remaining[-1]
    _queue(ctx, person, host_id, op="set", expiration=int(latest.ends_at.timestamp()))


async def host_started(event: ZoomEvent, ctx: RouteContext) -> None:
    """meeting.started: the host's status, when they opted in."""
    host_id = meeting_facts(event).host_id
    if not host_id or not meeting_key(event):
        return
    for person in await repo.syncs_for_zoom_user(session=ctx.session, zoom_user_id=host_id):
        await _enter(ctx, person, event, host_id)


async def meeting_ended(event: ZoomEvent, ctx: RouteContext) -> None:
    """meeting.ended: everyone still in it leaves."""
    key, host_id = meeting_key(event), meeting_facts(event).host_id
    if not key:
        return
    for person in await repo.syncs_in_meeting(session=ctx.session, meeting_key=key):
        await _leave(ctx, person, key, host_id)


async def participant_joined(event: ZoomEvent, ctx: RouteContext) -> None:
    """meeting.participant_joined: matched to opted-in people by email."""
    email = _participant(event).get("email")
    if not isinstance(email, str) or "@" not in email or not meeting_key(event):
        return
    host_id = meeting_facts(event).host_id
    for person in await repo.syncs_for_email(session=ctx.session, email=email.strip()):
        await _enter(ctx, person, event, host_id)


async def participant_left(event: ZoomEvent, ctx: RouteContext) -> None:
    """meeting.participant_left: that person leaves (the host too, when they drop out)."""
    email = _participant(event).get("email")
    key = meeting_key(event)
    if not isinstance(email, str) or "@" not in email or not key:
        return
    host_id = meeting_facts(event).host_id
    for person in await repo.syncs_for_email(session=ctx.session, email=email.strip()):
        await _leave(ctx, person, key, host_id)


ROUTES: dict[str, Route] = {
    "meeting.started": host_started,
    "meeting.ended": meeting_ended,
    "meeting.participant_joined": participant_joined,
    "meeting.participant_left": participant_left,
}
