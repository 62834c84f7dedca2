"""A reliable "ended": live cards Zoom has been silent about are checked with Zoom and closed.

`meeting.ended` can be lost (a missed retry, an outage). When a live card has heard nothing
for the silence window, Zoom is asked: `GET /meetings/{id}` still "started" means it runs on
(and the card waits another window); "waiting" / "finished" or gone means it ended, and the
card is closed with the real duration from `GET /past_meetings/{uuid}`, without a Join button.
Only the card changes: subscribed channels without a card are not told late.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.accounts.tokens import ZoomAccounts, ZoomIdentity
from bot.notices.cards import close_live_notices, update_card
from bot.notices.live_render import LiveRenderer
from bot.notices.routes.route_context import store_notices
from bot.zoom.client import ZoomClient
from bot.zoom.errors import MeetingNotFound, ZoomError
from store.db import Database
from store.live_models import LiveMeeting
from store.models import Meeting, MeetingStatus
from store.repos.live import forget_room, heard, stale_cards, stop_live
from store.repos.meetings import set_status
from store.types import utcnow

logger = logging.getLogger(__name__)
BATCH = 20
RUNNING = "started"


@dataclass(frozen=True)
class Verdict:
    """What Zoom says of a silent meeting: still running, or ended (and how long it lasted)."""

    ended: bool
    lasted_minutes: int | None = None


def _minutes(start: datetime | None, end: datetime | None, fallback: int | None) -> int | None:
    if start is not None and end is not None and end >= start:
        return round((end - start).total_seconds() / 60)
    return fallback


class SilenceWatch:
    """Closes live cards whose meeting ended without Zoom telling us."""

    def __init__(
        self,
        *,
        db: Database,
        accounts: ZoomAccounts,
        client: ZoomClient,
        renderer: LiveRenderer,
        window: timedelta,
    ) -> None:
        self._db = db
        self._accounts = accounts
        self._client = client
        self._renderer = renderer
        self.window = window

    async def check(self) -> int:
        """Ask Zoom about every card silent for longer than the window; close the ended ones."""
        async with self._db.transaction() as session:
            silent = await stale_cards(session=session, before=utcnow() - self.window, limit=BATCH)
        closed = 0
        for live, meeting in silent:
            verdict = await self._ask(live, meeting)
            closed += await self._settle(live, meeting, verdict)
        return closed

    async def _ask(self, live: LiveMeeting, meeting: Meeting) -> Verdict | None:
        async def ask(token: str, _who: ZoomIdentity) -> Verdict:
            try:
                found = await self._client.get_meeting(
                    token=token, meeting_id=meeting.zoom_meeting_id
                )
            except MeetingNotFound:
                found = None
            if found is not None and found.status == RUNNING:
                return Verdict(False)
            if not live.instance_uuid:
                return Verdict(True)
            try:
                past = await self._client.get_past_meeting(token=token, uuid=live.instance_uuid)
            except ZoomError:
                return Verdict(True)
            return Verdict(True, _minutes(past.start_time, past.end_time, past.duration))

        try:
            return await self._accounts.call(meeting.team_id, meeting.slack_user_id, ask)
        except ZoomError as error:  # not linked any more, Zoom away: ask again next window
            logger.info(
                "live.silence_unanswered",
                extra={"meeting_id": meeting.id, "reason": type(error).__name__},
            )
            return None

    async def _settle(self, live: LiveMeeting, meeting: Meeting, verdict: Verdict | None) -> int:
        assert meeting.id is not None
        async with self._db.transaction() as session:
            if verdict is None or not verdict.ended:
                await heard(session=session, meeting_ids=[meeting.id], now=utcnow(), changed=False)
                return 0
            current = await session.get(Meeting, meeting.id, with_for_update=True)
            if current is None or current.status != MeetingStatus.LIVE:
                return 0  # meeting.ended arrived meanwhile
            await set_status(session=session, meeting=current, status=MeetingStatus.ENDED)
            await stop_live(session=session, meeting_ids=[meeting.id])
            await forget_room(
                session=session,
                zoom_meeting_id=current.zoom_meeting_id,
                instance_uuid=live.instance_uuid,
            )
            lasted = verdict.lasted_minutes
            card = await update_card(
                session, current, self._renderer, "ended", lasted_minutes=lasted
            )
            notices = [card] if card else []
            notices += await close_live_notices(
                session,
                current.zoom_meeting_id,
                self._renderer,
                host=current.host_zoom_user_id,
                lasted=lasted,
            )
            await store_notices(session=session, notices=notices)
        logger.info("live.closed_after_silence", extra={"meeting_id": meeting.id, "lasted": lasted})
        return 1
