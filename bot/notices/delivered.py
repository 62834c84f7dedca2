"""What a delivered outbox row leaves behind: where a card the worker posted now lives.

A meeting scheduled in Zoom is announced through the outbox, so its card's ts is only known
once Slack answers. It is stored in the transaction that marks the row delivered, and card
updates queued meanwhile (they wait behind the post in the channel's order) get it too.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from store.live_models import LiveNotice
from store.models import Meeting, OutboxMessage, OutboxStatus
from store.repos.outbox import Claimed, mark_delivered
from store.types import utcnow

CARD_FOR_MEETING = "card_for_meeting"  # payload key: this post is the card of meetings.id N
LIVE_NOTICE_OF = "live_notice_of"  # payload key: a "live now" notice of Zoom meeting N


async def _remember_live_notice(session: AsyncSession, row: Claimed, ts: str) -> None:
    zoom_meeting_id = row.payload.get(LIVE_NOTICE_OF)
    if not isinstance(zoom_meeting_id, int) or row.action != "post":
        return
    topic = str(row.payload.get("topic_of_notice", ""))[:300]
    session.add(
        LiveNotice(
            zoom_meeting_id=zoom_meeting_id,
            team_id=row.team_id,
            channel_id=row.channel_id,
            ts=ts,
            topic=topic,
        )
    )
    await session.flush()


async def after_delivery(*, session: AsyncSession, row: Claimed, ts: str | None) -> None:
    """Remember the ts of a card the worker posted; hand it to updates already queued."""
    if ts:
        await _remember_live_notice(session, row, ts)
    meeting_id = row.payload.get(CARD_FOR_MEETING)
    if not isinstance(meeting_id, int) or not ts:
        return
    meeting = await session.get(Meeting, meeting_id)
    if meeting is None or meeting.message_ts:
        return
    meeting.channel_id, meeting.message_ts, meeting.updated_at = row.channel_id, ts, utcnow()
    session.add(meeting)
    waiting = select(OutboxMessage).where(
        col(OutboxMessage.meeting_id) == meeting_id,
        col(OutboxMessage.status) == OutboxStatus.PENDING,
        col(OutboxMessage.action) == "update",
    )
    for update in (await session.exec(waiting)).all():
        if not update.payload.get("ts"):
            update.payload = {**update.payload, "ts": ts}
            session.add(update)
    await session.flush()


async def record_delivered(
    session: AsyncSession,
    *,
    row: Claimed,
    ts: str | None,
    now: datetime | None = None,
    ready_at: datetime | None = None,
    tat: datetime | None = None,
) -> None:
    """Mark the row delivered (its channel ready at `ready_at`) and keep what its answer tells."""
    now = now or utcnow()
    await mark_delivered(session=session, row=row, now=now, ready_at=ready_at, tat=tat)
    await after_delivery(session=session, row=row, ts=ts)
