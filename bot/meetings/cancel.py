"""Cancelling meetings: one occurrence or the whole series, and only by the host or scheduler.

As at Zoom, the host or the person who scheduled it for them (Zoom's `assistant_id`) may
cancel: we compare both with the caller's Zoom user before deleting (an account-level token
could delete anyone's meeting), and Zoom's own 3003 answer is the second guard. The channel
cards of a cancelled meeting are edited through the outbox, in the transaction that marks it
cancelled, so the edit is retried and ordered with the notices of the same channel.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from bot.accounts.tokens import ZoomAccounts, ZoomIdentity
from bot.meetings.refs import MeetingRef
from bot.meetings.results import Announced, Cancelled, NeedsChoice, Scope
from bot.notices.reminders import cancel_reminders
from bot.notices.render import AnnouncementFacts, Rendered
from bot.notices.routes.route_context import store_notices
from bot.observability.correlation import current_request_id
from bot.zoom.client import ZoomClient
from bot.zoom.errors import MeetingNotFound, NotMeetingHost
from bot.zoom.models import Meeting, Occurrence
from store.db import Database
from store.models import Meeting as StoredMeeting
from store.models import MeetingStatus
from store.repos import meetings as repo
from store.repos.outbox import add_message

logger = logging.getLogger(__name__)

RECURRING_TYPES = (3, 8)


def is_recurring(meeting_type: int) -> bool:
    """Whether a Zoom meeting type repeats (3: no fixed time, 8: fixed time)."""
    return meeting_type in RECURRING_TYPES


def _next_occurrence(meeting: Meeting) -> str | None:
    live = [o for o in meeting.occurrences if o.status != "deleted" and o.start_time]
    return min(live, key=lambda o: o.start_time or datetime.max).occurrence_id if live else None


def _occurrence(meeting: Meeting, occurrence_id: str | None) -> Occurrence:
    wanted = occurrence_id or _next_occurrence(meeting)
    for occurrence in meeting.occurrences:
        if occurrence.occurrence_id == wanted and occurrence.status != "deleted":
            return occurrence
    raise MeetingNotFound("That occurrence was not found at Zoom: it may be over or cancelled.")


class CardRenderer(Protocol):
    """Draws a channel card in its cancelled state (the assembly passes Block Kit builders)."""

    def cancelled_card(self, card: Announced, occurrence_start: datetime | None) -> Rendered:
        """The card of a cancelled meeting, or of a series with one occurrence cancelled."""
        ...


class MeetingCanceller:
    """Cancelling at Zoom, then marking our records and queueing the card edits."""

    def __init__(
        self,
        *,
        db: Database,
        accounts: ZoomAccounts,
        client: ZoomClient,
        cards: CardRenderer | None = None,
        on_queued: Callable[[], None] | None = None,
    ) -> None:
        self.db = db
        self.accounts = accounts
        self.client = client
        self.cards = cards
        self.on_queued = on_queued

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
        start = occurrence.start_time if occurrence else None
        announced = await self._after_cancel(team_id, meeting.id, occurrence_start=start)
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
        caller = who.zoom_user_id
        if not caller:  # account-level: find the Zoom user behind the Slack email
            caller = (await self.client.get_user(token=token, user_id=who.api_user)).id
        if meeting.host_id and caller not in (meeting.host_id, meeting.assistant_id):
            logger.info("meeting.cancel_refused", extra={"team_id": who.team_id})
            raise NotMeetingHost(code=3003, status=400)
        return meeting

    async def _after_cancel(
        self, team_id: str, zoom_meeting_id: int, *, occurrence_start: datetime | None
    ) -> list[Announced]:
        async with self.db.transaction() as session:
            rows = await repo.meetings_by_zoom_id(
                session=session, zoom_meeting_id=zoom_meeting_id, team_id=team_id
            )
            announced: list[Announced] = []
            unscheduled = 0
            for row in rows:
                if occurrence_start is None:
                    await repo.set_status(
                        session=session, meeting=row, status=MeetingStatus.CANCELLED
                    )
                    reminders = await cancel_reminders(session=session, meeting=row)
                    unscheduled += await store_notices(session=session, notices=reminders)
                if not (row.channel_id and row.message_ts):
                    continue
                card = _announced(row)
                announced.append(card)
                if self.cards is not None:
                    text, blocks = self.cards.cancelled_card(card, occurrence_start)
                    await add_message(
                        session=session,
                        webhook_event_id=None,
                        team_id=team_id,
                        channel_id=row.channel_id,
                        action="update",
                        payload={"text": text, "blocks": blocks, "ts": row.message_ts},
                        meeting_id=row.id,
                        request_id=current_request_id(),
                    )
        queued = unscheduled or (announced and self.cards is not None)
        if queued and self.on_queued is not None:
            self.on_queued()
        return announced


def _announced(row: StoredMeeting) -> Announced:
    return Announced(
        channel_id=row.channel_id or "",
        message_ts=row.message_ts or "",
        facts=AnnouncementFacts.of(row),
    )
