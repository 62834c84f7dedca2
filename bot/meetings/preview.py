"""What an unfurled Zoom link may show: everything when the sharer can read the meeting at
Zoom, else only what the link itself already says (the meeting number).

Zoom is asked with the sharer's own identity, so a card never reveals more than the person
who posted the link could see themselves.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from bot.accounts.tokens import ZoomAccounts, ZoomIdentity
from bot.zoom.client import ZoomClient
from bot.zoom.errors import ZoomError
from bot.zoom.models import Meeting, ZoomUser
from store.db import Database
from store.models import MeetingStatus
from store.repos.previews import latest_meeting

logger = logging.getLogger(__name__)

LiveState = Literal["scheduled", "live", "ended"]


@dataclass(frozen=True)
class Preview:
    """An unfurl's facts; `readable` False means: the number (if any) and nothing else."""

    meeting_id: int | None
    readable: bool = False
    topic: str | None = None
    start_utc: datetime | None = None
    state: LiveState | None = None
    join_url: str | None = None
    personal_room_of: str | None = None


class PreviewService:
    """Looks shared meetings up as the person who shared them."""

    def __init__(self, *, db: Database, client: ZoomClient, accounts: ZoomAccounts | None) -> None:
        self.db = db
        self.client = client
        self.accounts = accounts

    async def meeting(self, team_id: str, user_id: str, meeting_id: int) -> Preview:
        """Topic, start, live/ended and join link when Zoom lets the sharer read it."""
        if self.accounts is None:
            return Preview(meeting_id)

        async def read(token: str, _who: ZoomIdentity) -> Meeting:
            return await self.client.get_meeting(token=token, meeting_id=meeting_id)

        try:
            found = await self.accounts.call(team_id, user_id, read)
        except ZoomError as error:  # unlinked, not theirs, gone, Zoom busy: the number only
            logger.info("unfurl.minimal", extra={"reason": type(error).__name__})
            return Preview(meeting_id)
        return Preview(
            meeting_id=found.id,
            readable=True,
            topic=found.topic or None,
            start_utc=found.start_time if found.type != 1 else None,
            state=await self._state(team_id, found),
            join_url=found.join_url or None,
        )

    async def _state(self, team_id: str, meeting: Meeting) -> LiveState:
        if meeting.status == "started":
            return "live"
        async with self.db.sessions() as session:
            ours = await latest_meeting(
                session=session, team_id=team_id, zoom_meeting_id=meeting.id
            )
        if ours is not None and ours.status == MeetingStatus.LIVE:
            return "live"
        if ours is not None and ours.status == MeetingStatus.ENDED:
            return "ended"
        return "scheduled"

    async def personal_room(self, team_id: str, user_id: str, name: str) -> Preview:
        """The sharer's own personal room (their /my/ link): its number and owner."""
        if self.accounts is None:
            return Preview(None)

        async def me(token: str, who: ZoomIdentity) -> ZoomUser:
            return await self.client.get_user(token=token, user_id=who.api_user)

        try:
            user = await self.accounts.call(team_id, user_id, me)
        except ZoomError as error:
            logger.info("unfurl.minimal", extra={"reason": type(error).__name__})
            return Preview(None)
        own = user.vanity_url.rstrip("/").lower().endswith(f"/my/{name.lower()}")
        if not own or not user.pmi:  # someone else's room: the link says nothing more
            return Preview(None)
        return Preview(
            meeting_id=user.pmi,
            readable=True,
            join_url=user.vanity_url,
            personal_room_of=user.name,
        )
