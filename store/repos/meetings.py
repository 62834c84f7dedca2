"""Meetings the app created, and where each was announced."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, or_
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from store.models import Meeting, MeetingStatus
from store.types import utcnow


async def record_meeting(
    *,
    session: AsyncSession,
    team_id: str,
    slack_user_id: str,
    zoom_meeting_id: int,
    zoom_uuid: str = "",
    host_zoom_user_id: str = "",
    topic: str = "",
    start_time: datetime | None = None,
    duration: int = 0,
    timezone: str = "UTC",
    recurring: bool = False,
    join_url: str = "",
    channel_id: str | None = None,
    scheduled_by_slack_user_id: str | None = None,
    host_pmi: int | None = None,
) -> Meeting:
    """Remember a meeting created from Slack (`slack_user_id` is its host)."""
    meeting = Meeting(
        team_id=team_id,
        slack_user_id=slack_user_id,
        zoom_meeting_id=zoom_meeting_id,
        zoom_uuid=zoom_uuid,
        host_zoom_user_id=host_zoom_user_id,
        topic=topic,
        start_time=start_time,
        duration=duration,
        timezone=timezone,
        recurring=recurring,
        join_url=join_url,
        channel_id=channel_id,
        scheduled_by_slack_user_id=scheduled_by_slack_user_id,
        host_pmi=host_pmi,
    )
    session.add(meeting)
    await session.flush()
    return meeting


async def set_announcement(
    *, session: AsyncSession, meeting_id: int, channel_id: str, message_ts: str
) -> None:
    """Store where the meeting's announcement was posted, so it can be updated in place."""
    meeting = await session.get(Meeting, meeting_id)
    if meeting is None:
        return
    meeting.channel_id = channel_id
    meeting.message_ts = message_ts
    meeting.updated_at = utcnow()
    session.add(meeting)
    await session.flush()


async def set_host_pmi(*, session: AsyncSession, meeting_id: int, host_pmi: int | None) -> None:
    """Store the host's Personal Meeting ID of a meeting held in it."""
    meeting = await session.get(Meeting, meeting_id)
    if meeting is None:
        return
    meeting.host_pmi = host_pmi
    meeting.updated_at = utcnow()
    session.add(meeting)
    await session.flush()


async def set_status(*, session: AsyncSession, meeting: Meeting, status: MeetingStatus) -> None:
    """Move a meeting to scheduled, live, ended or cancelled."""
    meeting.status = status
    meeting.updated_at = utcnow()
    session.add(meeting)
    await session.flush()


async def meetings_by_zoom_id(
    *, session: AsyncSession, zoom_meeting_id: int, team_id: str | None = None
) -> list[Meeting]:
    """The app's records of one Zoom meeting (one per workspace that created it)."""
    query = select(Meeting).where(col(Meeting.zoom_meeting_id) == zoom_meeting_id)
    if team_id is not None:
        query = query.where(col(Meeting.team_id) == team_id)
    return list((await session.exec(query.order_by(col(Meeting.id)))).all())


async def scheduled_for_others(
    *, session: AsyncSession, team_id: str, slack_user_id: str, since: datetime
) -> list[Meeting]:
    """Meetings this user scheduled for someone else, still scheduled, recurring or from `since`."""
    query = select(Meeting).where(
        col(Meeting.team_id) == team_id,
        col(Meeting.scheduled_by_slack_user_id) == slack_user_id,
        col(Meeting.status) == MeetingStatus.SCHEDULED,
        or_(col(Meeting.recurring), col(Meeting.start_time) >= since),
    )
    return list((await session.exec(query.order_by(col(Meeting.start_time)))).all())


async def meetings_for_event(
    *, session: AsyncSession, zoom_meeting_id: int, host_zoom_user_id: str
) -> list[Meeting]:
    """Meetings with this Zoom id, plus the host's meetings held in a PMI equal to it."""
    same_id = col(Meeting.zoom_meeting_id) == zoom_meeting_id
    condition = same_id
    if host_zoom_user_id:
        in_pmi = and_(
            col(Meeting.host_pmi) == zoom_meeting_id,
            col(Meeting.host_zoom_user_id) == host_zoom_user_id,
        )
        condition = or_(same_id, in_pmi)
    query = select(Meeting).where(condition).order_by(col(Meeting.id))
    return list((await session.exec(query)).all())
