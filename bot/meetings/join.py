"""What a join card shows: a meeting as the caller can read it at Zoom, or their personal room.

A card never needs Zoom: when the caller is not linked, or may not read the meeting (another
host's meeting, or a user-level token), it is a plain card with Zoom's public join link.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from bot.accounts.tokens import ZoomAccounts, ZoomIdentity
from bot.meetings.refs import MeetingRef
from bot.zoom.client import ZoomClient
from bot.zoom.errors import NotLinked, ZoomError
from bot.zoom.models import Meeting, ZoomUser

logger = logging.getLogger(__name__)

PLAIN_JOIN_URL = "https://zoom.us/j/{meeting_id}"


@dataclass(frozen=True)
class JoinInfo:
    """A join card's facts; only the id and link when Zoom could not tell us more."""

    meeting_id: int
    join_url: str
    topic: str | None = None
    start_utc: datetime | None = None
    duration: int | None = None
    personal_room_of: str | None = None  # the owner's name, for a personal meeting room


class JoinService:
    """Looks meetings up for `/zoom join`; the accounts service is None when Zoom is not set up."""

    def __init__(self, *, client: ZoomClient, accounts: ZoomAccounts | None = None) -> None:
        self.client = client
        self.accounts = accounts

    async def meeting(self, team_id: str, user_id: str, ref: MeetingRef) -> JoinInfo:
        """The meeting's topic and time when the caller can read it at Zoom, else a plain card."""
        plain = JoinInfo(ref.meeting_id, PLAIN_JOIN_URL.format(meeting_id=ref.meeting_id))
        if self.accounts is None:
            return plain

        async def read(token: str, who: ZoomIdentity) -> Meeting | None:
            meeting = await self.client.get_meeting(token=token, meeting_id=ref.meeting_id)
            if who.mode == "s2s" and not await self._hosts(token, who, meeting):
                return None  # the account token reads every meeting; the caller may not
            return meeting

        try:
            meeting = await self.accounts.call(team_id, user_id, read)
        except ZoomError as error:  # unlinked, not theirs, not found, Zoom busy: still a card
            logger.info("join.plain_card", extra={"reason": type(error).__name__})
            return plain
        if meeting is None:
            logger.info("join.plain_card", extra={"reason": "not_a_host"})
            return plain
        return JoinInfo(
            meeting_id=meeting.id,
            join_url=meeting.join_url or plain.join_url,
            topic=meeting.topic or None,
            start_utc=meeting.start_time if meeting.type != 1 else None,
            duration=meeting.duration,
        )

    async def _hosts(self, token: str, who: ZoomIdentity, meeting: Meeting) -> bool:
        """Whether the caller hosts, co-hosts (alternative host) or scheduled the meeting."""
        email = who.email.casefold()
        alternates = str((meeting.settings or {}).get("alternative_hosts") or "")
        emails = {e.strip().casefold() for e in alternates.replace(";", ",").split(",")}
        if email and (email == (meeting.host_email or "").casefold() or email in emails):
            return True
        user = await self.client.get_user(token=token, user_id=who.api_user)
        return user.id in (meeting.host_id, meeting.assistant_id)

    async def personal_room(self, team_id: str, user_id: str) -> JoinInfo:
        """The caller's Personal Meeting ID and link (GET /users/{me or their email})."""
        if self.accounts is None:
            raise NotLinked("Zoom is not set up on this server, so I can't find your room.")

        async def me(token: str, who: ZoomIdentity) -> ZoomUser:
            return await self.client.get_user(token=token, user_id=who.api_user)

        user = await self.accounts.call(team_id, user_id, me)
        if not user.pmi:
            raise ZoomError("Your Zoom account has no Personal Meeting ID.")
        url = user.personal_meeting_url or PLAIN_JOIN_URL.format(meeting_id=user.pmi)
        return JoinInfo(meeting_id=user.pmi, join_url=url, personal_room_of=user.name)
