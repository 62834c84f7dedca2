"""Worker-side jobs for live meetings: redraw participant counts, and schedule reminders that
were beyond Slack's 120-day horizon once they come within it.

Counts are coalesced here: participant events only mark a card as behind, and each round
redraws every card behind once, so a card gets at most one chat.update per round however
many people join, and the count it shows is read from the participant set at that moment.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, select

from bot.notices.cards import update_card
from bot.notices.live_render import InRoom, LiveRenderer
from bot.notices.reminders import HORIZON_MARGIN, SLACK_HORIZON, sync
from bot.notices.routes.route_context import store_notices
from store.db import Database
from store.live_models import Reminder, ReminderState
from store.models import Meeting
from store.repos.live import cards_behind, channel_wants_names, in_room
from store.types import utcnow

NAMES_LISTED = 20
BATCH = 100


class LiveJobs:
    """The participant-count and reminder-horizon rounds."""

    def __init__(self, *, db: Database, renderer: LiveRenderer) -> None:
        self._db = db
        self._renderer = renderer

    async def redraw_counts(self) -> int:
        """Redraw each live card whose participant set changed since it was last drawn."""
        drawn = 0
        async with self._db.transaction() as session:
            for live, meeting in await cards_behind(session=session, limit=BATCH):
                wants_names = meeting.channel_id is not None and await channel_wants_names(
                    session=session,
                    team_id=meeting.team_id,
                    channel_id=meeting.channel_id,
                    zoom_user_id=meeting.host_zoom_user_id,
                )
                count, names = await in_room(
                    session=session,
                    zoom_meeting_id=meeting.zoom_meeting_id,
                    instance_uuid=live.instance_uuid,
                    names=NAMES_LISTED if wants_names else 0,
                )
                room = InRoom(count, tuple(names))
                card = await update_card(session, meeting, self._renderer, "live", in_room=room)
                live.shown_version = live.version
                session.add(live)
                drawn += await store_notices(session=session, notices=[card] if card else [])
        return drawn

    async def schedule_due_reminders(self, now: datetime | None = None) -> int:
        """Schedule the waiting reminders that are now within Slack's horizon."""
        moment = now or utcnow()
        limit = moment + SLACK_HORIZON - HORIZON_MARGIN
        query = (
            select(Reminder, Meeting)
            .join(Meeting, col(Meeting.id) == col(Reminder.meeting_id))
            .where(col(Reminder.state) == ReminderState.WAITING, col(Reminder.post_at) <= limit)
            .limit(BATCH)
            .with_for_update(of=Reminder)
        )
        written = 0
        async with self._db.transaction() as session:
            for reminder, meeting in (await session.exec(query)).all():
                notices = sync(reminder, meeting, self._renderer, moment)
                session.add(reminder)
                written += await store_notices(session=session, notices=notices)
        return written
