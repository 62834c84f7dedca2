"""Forgetting old work: delivered and dead outbox rows, and event keys past Zoom's retries."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from store.db import Database
from store.repos.outbox import prune_outbox
from store.repos.webhook_events import prune_events
from store.types import utcnow

logger = logging.getLogger(__name__)

KEEP_EVENTS = timedelta(days=7)
KEEP_OUTBOX = timedelta(days=3)


async def prune(
    db: Database,
    *,
    keep_events: timedelta = KEEP_EVENTS,
    keep_outbox: timedelta = KEEP_OUTBOX,
    now: datetime | None = None,
) -> dict[str, int]:
    """Delete finished outbox rows and event keys older than their retention periods."""
    current = now or utcnow()
    async with db.transaction() as session:
        outbox = await prune_outbox(session=session, before=current - keep_outbox)
        events = await prune_events(session=session, before=current - keep_events)
    counts = {"outbox": outbox, "events": events}
    if outbox or events:
        logger.info("outbox.pruned", extra=counts)
    return counts
