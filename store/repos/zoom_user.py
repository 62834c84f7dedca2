"""Removing everything about one Zoom user (Zoom's ``app_deauthorized``)."""

from __future__ import annotations

from sqlalchemy import delete
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from store.aftermath_models import AftermathJob, MeetingAttendee
from store.models import ChannelSubscription, OutboxMessage, OutboxStatus, ZoomLink

# Outbox payloads name the Zoom user they are about under this key.
ZOOM_USER_KEY = "zoom_user_id"


async def delete_zoom_user_data(*, session: AsyncSession, zoom_user_id: str) -> dict[str, int]:
    """Delete a Zoom user's links (and tokens), subscriptions and pending notices everywhere."""
    payload = OutboxMessage.__table__.c.payload  # type: ignore[attr-defined]
    statements = {
        "outbox": delete(OutboxMessage).where(
            col(OutboxMessage.status) == OutboxStatus.PENDING,
            payload[ZOOM_USER_KEY].as_string() == zoom_user_id,
        ),
        "subscriptions": delete(ChannelSubscription).where(
            col(ChannelSubscription.zoom_user_id) == zoom_user_id
        ),
        "links": delete(ZoomLink).where(col(ZoomLink.zoom_user_id) == zoom_user_id),
        "aftermath_jobs": delete(AftermathJob).where(
            col(AftermathJob.host_zoom_user_id) == zoom_user_id
        ),
        "attendees": delete(MeetingAttendee).where(
            col(MeetingAttendee.host_zoom_user_id) == zoom_user_id
        ),
    }
    counts: dict[str, int] = {}
    for name, statement in statements.items():
        counts[name] = (await session.exec(statement)).rowcount
    return counts
