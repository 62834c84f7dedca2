"""Creating, listing and cancelling a Slack user's Zoom meetings, and remembering announcements.

Every Zoom call runs through `ZoomAccounts.call`, so it acts as the Slack user's own Zoom
identity with a fresh token. Only the host may cancel: we compare the meeting's host with
the caller's Zoom user before deleting (an account-level token could delete anyone's
meeting), and Zoom's own 3003 answer is the second guard.
"""

from __future__ import annotations

import logging

from bot.accounts import ZoomAccounts, ZoomIdentity
from bot.commands import TOPIC_MAX, MeetingRef
from bot.meeting_results import Announced, Cancelled, Created, NeedsChoice, Scope
from bot.schedule_form import ScheduleRequest
from bot.zoom.client import ZoomClient
from bot.zoom.errors import MeetingNotFound, NotMeetingHost
from bot.zoom.models import Meeting, MeetingSummary, NewMeeting, Occurrence
from store.db import Database
from store.models import MeetingStatus
from store.repos import meetings as repo

logger = logging.getLogger(__name__)

RECURRING_TYPES = (3, 8)
INSTANT_TOPIC = "Zoom meeting"
ONLY_HOST = "Only the host can cancel this meeting."


def is_recurring(meeting_type: int) -> bool:
    """Whether a Zoom meeting type repeats (3: no fixed time, 8: fixed time)."""
    return meeting_type in RECURRING_TYPES


def _next_occurrence(meeting: Meeting) -> str | None:
    live = [o for o in meeting.occurrences if o.status != "deleted"]
    return min(live, key=lambda o: o.start_time).occurrence_id if live else None


def _occurrence(meeting: Meeting, occurrence_id: str | None) -> Occurrence:
    wanted = occurrence_id or _next_occurrence(meeting)
    for occurrence in meeting.occurrences:
        if occurrence.occurrence_id == wanted and occurrence.status != "deleted":
            return occurrence
    raise MeetingNotFound("That occurrence was not found at Zoom: it may be over or cancelled.")


def _soonest_first(meeting: MeetingSummary) -> tuple[bool, float, int]:
    start = meeting.start_time
    return (start is None, start.timestamp() if start else 0.0, meeting.id)


class MeetingService:
    """What the /zoom commands, the modal, the buttons and App Home do with meetings."""

    def __init__(self, *, db: Database, accounts: ZoomAccounts, client: ZoomClient) -> None:
        self.db = db
        self.accounts = accounts
        self.client = client

    async def create_instant(self, team_id: str, user_id: str, topic: str | None) -> Created:
        """Start an instant (type 1) meeting hosted by the user."""
        new = NewMeeting(topic=(topic or INSTANT_TOPIC)[:TOPIC_MAX], type=1)
        return await self._create(team_id, user_id, new, channel_id=None)

    async def create_scheduled(
        self, team_id: str, user_id: str, request: ScheduleRequest
    ) -> Created:
        """Create a one-off (type 2) or recurring (type 8) meeting from the modal."""
        new = NewMeeting.model_validate(request.to_zoom_body())
        return await self._create(team_id, user_id, new, channel_id=request.announce_channel)

    async def _create(
        self, team_id: str, user_id: str, new: NewMeeting, *, channel_id: str | None
    ) -> Created:
        async def create(token: str, who: ZoomIdentity) -> Meeting:
            return await self.client.create_meeting(token=token, user_id=who.api_user, meeting=new)

        meeting = await self.accounts.call(team_id, user_id, create)
        async with self.db.transaction() as session:
            row = await repo.record_meeting(
                session=session,
                team_id=team_id,
                slack_user_id=user_id,
                zoom_meeting_id=meeting.id,
                zoom_uuid=meeting.uuid,
                host_zoom_user_id=meeting.host_id,
                topic=meeting.topic or new.topic,
                start_time=meeting.start_time,
                duration=meeting.duration or new.duration or 0,
                timezone=meeting.timezone or new.timezone or "UTC",
                recurring=is_recurring(meeting.type),
                join_url=meeting.join_url,
                channel_id=channel_id,
            )
        assert row.id is not None
        logger.info("meeting.created", extra={"team_id": team_id, "meeting_type": meeting.type})
        return Created(meeting=meeting, record_id=row.id)

    async def record_announcement(self, record_id: int, channel_id: str, message_ts: str) -> None:
        """Remember where a meeting was announced, so notices and cancels update it in place."""
        async with self.db.transaction() as session:
            await repo.set_announcement(
                session=session, meeting_id=record_id, channel_id=channel_id, message_ts=message_ts
            )

    async def list_upcoming(self, team_id: str, user_id: str) -> list[MeetingSummary]:
        """Every upcoming meeting of the user (all of Zoom's pages), soonest first."""

        async def upcoming(token: str, who: ZoomIdentity) -> list[MeetingSummary]:
            return await self.client.list_meetings(
                token=token, user_id=who.api_user, type="upcoming"
            )

        meetings = await self.accounts.call(team_id, user_id, upcoming)
        return sorted(meetings, key=_soonest_first)

    async def start_cancel(
        self, team_id: str, user_id: str, ref: MeetingRef
    ) -> NeedsChoice | Cancelled:
        """Cancel a one-off meeting or a named occurrence; a recurring series asks first."""

        async def check(token: str, who: ZoomIdentity) -> Meeting:
            return await self._hosted_meeting(token, who, ref.meeting_id)

        if ref.occurrence_id:
            return await self.cancel(team_id, user_id, ref, "occurrence")
        meeting = await self.accounts.call(team_id, user_id, check)
        if is_recurring(meeting.type):
            return NeedsChoice(meeting.id, meeting.topic, _next_occurrence(meeting))
        return await self.cancel(team_id, user_id, ref, "series")

    async def cancel(self, team_id: str, user_id: str, ref: MeetingRef, scope: Scope) -> Cancelled:
        """Delete one occurrence or the whole meeting at Zoom, after checking the host."""

        async def delete(token: str, who: ZoomIdentity) -> tuple[Meeting, Occurrence | None]:
            meeting = await self._hosted_meeting(token, who, ref.meeting_id)
            occurrence = None
            if scope == "occurrence":
                occurrence = _occurrence(meeting, ref.occurrence_id)
            await self.client.delete_meeting(
                token=token,
                meeting_id=ref.meeting_id,
                occurrence_id=occurrence.occurrence_id if occurrence else None,
            )
            return meeting, occurrence

        meeting, occurrence = await self.accounts.call(team_id, user_id, delete)
        announced = await self._after_cancel(team_id, meeting.id, whole_series=occurrence is None)
        logger.info("meeting.cancelled", extra={"team_id": team_id, "whole": occurrence is None})
        return Cancelled(
            meeting_id=meeting.id,
            topic=meeting.topic,
            scope="series" if occurrence is None else "occurrence",
            recurring=is_recurring(meeting.type),
            occurrence_start=occurrence.start_time if occurrence else None,
            announcements=announced,
        )

    async def _hosted_meeting(self, token: str, who: ZoomIdentity, meeting_id: int) -> Meeting:
        meeting = await self.client.get_meeting(token=token, meeting_id=meeting_id)
        host = who.zoom_user_id
        if not host:  # account-level: find the Zoom user behind the Slack email
            host = (await self.client.get_user(token=token, user_id=who.api_user)).id
        if meeting.host_id and meeting.host_id != host:
            logger.info("meeting.cancel_refused", extra={"team_id": who.team_id})
            raise NotMeetingHost(ONLY_HOST, code=3003, status=400)
        return meeting

    async def _after_cancel(
        self, team_id: str, zoom_meeting_id: int, *, whole_series: bool
    ) -> list[Announced]:
        async with self.db.transaction() as session:
            rows = await repo.meetings_by_zoom_id(
                session=session, zoom_meeting_id=zoom_meeting_id, team_id=team_id
            )
            if whole_series:
                for row in rows:
                    await repo.set_status(
                        session=session, meeting=row, status=MeetingStatus.CANCELLED
                    )
        return [
            Announced(
                channel_id=row.channel_id,
                message_ts=row.message_ts,
                slack_user_id=row.slack_user_id,
                topic=row.topic,
                start_utc=row.start_time,
                duration=row.duration,
                join_url=row.join_url,
                meeting_id=row.zoom_meeting_id,
                recurring=row.recurring,
            )
            for row in rows
            if row.channel_id and row.message_ts
        ]
