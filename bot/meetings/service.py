"""Creating and listing a Slack user's Zoom meetings, and remembering announcements.

Every Zoom call runs through `ZoomAccounts.call`, so it acts as the Slack user's own Zoom
identity with a fresh token. Cancelling lives in `bot.meetings.cancel`.
"""

from __future__ import annotations

import logging

from bot.accounts.tokens import ZoomAccounts, ZoomIdentity
from bot.meetings.cancel import MeetingCanceller, is_recurring
from bot.meetings.delegation import refusal
from bot.meetings.refs import MeetingRef
from bot.meetings.request import People, ScheduleRequest
from bot.meetings.results import Cancelled, Created, NeedsChoice, Scope
from bot.zoom.client import ZoomClient
from bot.zoom.errors import ZoomError
from bot.zoom.models import TOPIC_MAX, Meeting, MeetingSettings, MeetingSummary, NewMeeting
from store.db import Database
from store.models import Meeting as MeetingRow
from store.repos import meetings as repo
from store.types import utcnow

logger = logging.getLogger(__name__)

__all__ = ["MeetingService", "is_recurring"]
INSTANT_TOPIC = "Zoom meeting"


def _summary(row: MeetingRow) -> MeetingSummary:
    return MeetingSummary(
        id=row.zoom_meeting_id,
        host_id=row.host_zoom_user_id,
        topic=row.topic,
        type=8 if row.recurring else 2,
        start_time=row.start_time,
        duration=row.duration,
        timezone=row.timezone,
        join_url=row.join_url,
    )


def _soonest_first(meeting: MeetingSummary) -> tuple[bool, float, int]:
    start = meeting.start_time
    return (start is None, start.timestamp() if start else 0.0, meeting.id)


class MeetingService:
    """What the /zoom commands, the modal, the buttons and App Home do with meetings."""

    def __init__(
        self,
        *,
        db: Database,
        accounts: ZoomAccounts,
        client: ZoomClient,
        cancels: MeetingCanceller | None = None,
    ) -> None:
        self.db = db
        self.accounts = accounts
        self.client = client
        self.cancels = cancels or MeetingCanceller(db=db, accounts=accounts, client=client)

    async def start_cancel(
        self, team_id: str, user_id: str, ref: MeetingRef
    ) -> NeedsChoice | Cancelled:
        """Cancel a one-off meeting or a named occurrence; a recurring series asks first."""
        return await self.cancels.start_cancel(team_id, user_id, ref)

    async def cancel(self, team_id: str, user_id: str, ref: MeetingRef, scope: Scope) -> Cancelled:
        """Delete one occurrence or the whole series at Zoom; cards are edited via the outbox."""
        return await self.cancels.cancel(team_id, user_id, ref, scope)

    async def create_instant(
        self, team_id: str, user_id: str, topic: str | None, *, use_pmi: bool = False
    ) -> Created:
        """Start an instant (type 1) meeting hosted by the user, optionally in their PMI."""
        settings = MeetingSettings(use_pmi=True) if use_pmi else None
        new = NewMeeting(topic=(topic or INSTANT_TOPIC)[:TOPIC_MAX], type=1, settings=settings)
        return await self._create(team_id, user_id, new, channel_id=None)

    async def create_scheduled(
        self, team_id: str, user_id: str, request: ScheduleRequest, people: People | None = None
    ) -> Created:
        """Create a one-off (type 2) or recurring (type 8) meeting, maybe for someone else."""
        new = request.for_zoom(people)
        host = request.schedule_for if new.schedule_for else None
        try:
            return await self._create(
                team_id, user_id, new, channel_id=request.announce_channel, host_user_id=host
            )
        except ZoomError as error:
            refused = refusal(error, host, new.schedule_for) if host and new.schedule_for else None
            if refused is None:
                raise
            logger.info("meeting.delegation_refused", extra={"reason": refused.reason})
            raise refused from error

    async def _create(
        self,
        team_id: str,
        user_id: str,
        new: NewMeeting,
        *,
        channel_id: str | None,
        host_user_id: str | None = None,
    ) -> Created:
        use_pmi = bool(new.settings and new.settings.use_pmi)

        async def create(token: str, who: ZoomIdentity) -> tuple[Meeting, str]:
            meeting = await self.client.create_meeting(
                token=token, user_id=who.api_user, meeting=new
            )
            return meeting, new.schedule_for or who.api_user

        meeting, host = await self.accounts.call(team_id, user_id, create)
        # The meeting exists at Zoom now: record it before anything else can fail.
        async with self.db.transaction() as session:
            row = await repo.record_meeting(
                session=session,
                team_id=team_id,
                slack_user_id=host_user_id or user_id,
                scheduled_by_slack_user_id=user_id if host_user_id else None,
                host_pmi=meeting.pmi if use_pmi else None,
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
        if use_pmi and meeting.pmi is None:  # Zoom leaves it out for instant meetings
            await self._fill_pmi(team_id, user_id, host, meeting, row.id)
        return Created(meeting=meeting, record_id=row.id)

    async def _fill_pmi(
        self, team_id: str, user_id: str, host: str, meeting: Meeting, record_id: int
    ) -> None:
        """Look up the host's PMI for a PMI meeting; without it the meeting still stands."""

        async def host_pmi(token: str, _who: ZoomIdentity) -> int | None:
            return (await self.client.get_user(token=token, user_id=host)).pmi

        try:
            meeting.pmi = await self.accounts.call(team_id, user_id, host_pmi)
        except ZoomError as error:
            logger.warning("meeting.pmi_lookup_failed", extra={"error": type(error).__name__})
            return
        async with self.db.transaction() as session:
            await repo.set_host_pmi(session=session, meeting_id=record_id, host_pmi=meeting.pmi)

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

    async def list_with_scheduled_for_others(
        self, team_id: str, user_id: str
    ) -> tuple[list[MeetingSummary], dict[int, str]]:
        """`list_upcoming` plus the meetings the user scheduled for others: {id: host}.

        Zoom lists a user's meetings by host only, so those come from the app's own records
        (meetings scheduled for others from Slack; not ones scheduled in Zoom's own apps).
        """
        meetings = await self.list_upcoming(team_id, user_id)
        async with self.db.sessions() as session:
            rows = await repo.scheduled_for_others(
                session=session, team_id=team_id, slack_user_id=user_id, since=utcnow()
            )
        mine = {m.id for m in meetings}
        others = [row for row in rows if row.zoom_meeting_id not in mine]
        meetings += [_summary(row) for row in others]
        hosts = {row.zoom_meeting_id: row.slack_user_id for row in others}
        return sorted(meetings, key=_soonest_first), hosts
