"""meeting.summary_completed and meeting.ended: queue the durable after-meeting jobs.

The route only records a job: fetching the summary calls Zoom, which must not happen
before the webhook is acknowledged, and may need several tries (`bot.notices.aftermath`).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from bot.notices.after_payload import summary_event
from bot.notices.aftermath_targets import SUMMARIES
from bot.notices.payload import ZoomEvent, meeting_facts
from bot.notices.routes.route_context import RouteContext, subscribers
from store.repos.aftermath import add_job
from store.types import utcnow

logger = logging.getLogger(__name__)

# How long after a meeting ends its facts wait for an AI summary that may still come.
FACTS_DELAY = timedelta(minutes=20)


async def summary_completed(event: ZoomEvent, ctx: RouteContext) -> None:
    """Zoom has a summary: fetch it soon, if any channel opted in to this host's summaries."""
    facts = summary_event(event)
    if not facts.uuid or not await subscribers(ctx, facts.host_id, SUMMARIES, set()):
        logger.info("notice.summary_not_wanted", extra={"zoom_event": event.event})
        return
    await add_job(
        session=ctx.session,
        kind="summary",
        meeting_uuid=facts.uuid,
        zoom_meeting_id=facts.meeting_id,
        host_zoom_user_id=facts.host_id,
        topic=facts.topic,
        due_at=utcnow(),
    )


async def schedule_facts(event: ZoomEvent, ctx: RouteContext) -> None:
    """A meeting ended: its facts follow later, unless an AI summary is on its way by then."""
    facts = meeting_facts(event)
    if not facts.uuid or not await subscribers(ctx, facts.host_id, SUMMARIES, set()):
        return
    await add_job(
        session=ctx.session,
        kind="facts",
        meeting_uuid=facts.uuid,
        zoom_meeting_id=facts.meeting_id,
        host_zoom_user_id=facts.host_id,
        topic=facts.topic,
        lasted_minutes=facts.lasted_minutes,
        due_at=utcnow() + FACTS_DELAY,
    )
