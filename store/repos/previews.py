"""What the app's own records say about a meeting someone shared a link to."""

from __future__ import annotations

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from store.models import Meeting


async def latest_meeting(
    *, session: AsyncSession, team_id: str, zoom_meeting_id: int
) -> Meeting | None:
    """The workspace's most recently changed record of this Zoom meeting, if any."""
    query = (
        select(Meeting)
        .where(col(Meeting.team_id) == team_id, col(Meeting.zoom_meeting_id) == zoom_meeting_id)
        .order_by(col(Meeting.updated_at).desc())
        .limit(1)
    )
    return (await session.exec(query)).first()
