"""Thread replies whose parent, the meeting's announcement, may not be posted yet.

A reply queued while the announcement is still on its way names the meeting instead of a
thread ts; delivery looks the ts up then. The outbox keeps each channel in order, so the
reply waits (briefly) for its parent instead of overtaking it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from store.db import Database
from store.models import Meeting
from store.repos.outbox import Claimed
from store.types import utcnow

THREAD_OF_MEETING = "thread_of_meeting"  # payload key: the meetings.id whose card is the parent
ANNOUNCEMENT_WAIT = timedelta(minutes=2)  # then the reply goes to the channel on its own


class AnnouncementPending(TimeoutError):
    """The parent announcement has not been posted yet: retried like any transient wait."""


async def resolve_thread(db: Database, row: Claimed) -> Claimed:
    """The row with its thread ts taken from the announcement, when it is waiting for one."""
    meeting_id = row.payload.get(THREAD_OF_MEETING)
    if not isinstance(meeting_id, int) or row.payload.get("thread_ts"):
        return row
    async with db.sessions() as session:
        meeting = await session.get(Meeting, meeting_id)
        ts = meeting.message_ts if meeting and meeting.channel_id == row.channel_id else None
    if ts:
        return replace(row, payload={**row.payload, "thread_ts": ts})
    if meeting is not None and utcnow() - row.created_at < ANNOUNCEMENT_WAIT:
        raise AnnouncementPending
    return row
