"""A meeting's channel card as live-meeting routes and jobs redraw it, through the outbox."""

from __future__ import annotations

from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.notices.delivered import CARD_FOR_MEETING, LIVE_NOTICE_OF
from bot.notices.live_render import CardState, InRoom, LiveRenderer
from bot.notices.render import AnnouncementFacts
from bot.notices.routes.route_context import Notice
from store.live_models import LiveNotice
from store.models import Meeting, OutboxMessage, OutboxStatus
from store.repos.zoom_user import ZOOM_USER_KEY


def card_facts(meeting: Meeting) -> AnnouncementFacts:
    """What the card of a stored meeting shows."""
    return AnnouncementFacts.of(meeting)


def _payload(rendered: tuple[str, list[dict[str, Any]]], host: str) -> dict[str, Any]:
    text, blocks = rendered
    return {"text": text, "blocks": blocks, ZOOM_USER_KEY: host}


def post_card(meeting: Meeting, renderer: LiveRenderer, channel_id: str) -> Notice:
    """Announce a meeting (scheduled in Zoom) with a card whose ts is kept once posted."""
    payload = _payload(
        renderer.card(card_facts(meeting), status="scheduled"), meeting.host_zoom_user_id
    )
    payload[CARD_FOR_MEETING] = meeting.id
    return Notice(meeting.team_id, channel_id, "post", payload, meeting.id)


async def _card_pending(session: AsyncSession, meeting: Meeting) -> bool:
    query = select(OutboxMessage.id).where(
        col(OutboxMessage.meeting_id) == meeting.id,
        col(OutboxMessage.status) == OutboxStatus.PENDING,
        col(OutboxMessage.action) == "post",
    )
    return (await session.exec(query.limit(1))).first() is not None


async def update_card(
    session: AsyncSession,
    meeting: Meeting,
    renderer: LiveRenderer,
    status: CardState,
    *,
    lasted_minutes: int | None = None,
    in_room: InRoom | None = None,
) -> Notice | None:
    """Redraw the card in place; a card still being posted gets the ts when it lands."""
    if not meeting.channel_id:
        return None
    if not meeting.message_ts and not await _card_pending(session, meeting):
        return None
    rendered = renderer.card(
        card_facts(meeting), status=status, lasted_minutes=lasted_minutes, in_room=in_room
    )
    payload = _payload(rendered, meeting.host_zoom_user_id)
    if meeting.message_ts:
        payload["ts"] = meeting.message_ts
    return Notice(meeting.team_id, meeting.channel_id, "update", payload, meeting.id)


def tag_live_notices(notices: list[Notice], zoom_meeting_id: int | None, topic: str) -> None:
    """Mark "live now" posts so their Join button can be taken away when the meeting ends."""
    if zoom_meeting_id is None:
        return
    for notice in notices:
        if notice.action == "post":
            notice.payload[LIVE_NOTICE_OF] = zoom_meeting_id
            notice.payload["topic_of_notice"] = topic


async def close_live_notices(
    session: AsyncSession,
    zoom_meeting_id: int,
    renderer: LiveRenderer,
    *,
    host: str,
    lasted: int | None,
) -> list[Notice]:
    """Turn every posted "live now" notice of the meeting into "ended" (no Join button)."""
    query = select(LiveNotice).where(col(LiveNotice.zoom_meeting_id) == zoom_meeting_id)
    notices: list[Notice] = []
    for posted in (await session.exec(query)).all():
        text, blocks = renderer.ended(topic=posted.topic, lasted_minutes=lasted)
        payload = {"text": text, "blocks": blocks, "ts": posted.ts, ZOOM_USER_KEY: host}
        notices.append(Notice(posted.team_id, posted.channel_id, "update", payload))
        await session.delete(posted)
    await session.flush()
    return notices
