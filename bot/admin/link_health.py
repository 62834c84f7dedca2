"""Warn people before their Zoom link dies of disuse: Zoom refresh tokens last 90 days.

Every refresh (each use after the hourly access token lapses) renews the refresh token, so a
link untouched for `warn_after` is close to expiring. The owner gets one DM (through the
outbox) per quiet spell; using Zoombridge again renews the link and re-arms the warning.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta

from store.db import Database
from store.repos.admin import mark_stale_notified, stale_links
from store.repos.outbox import add_message
from store.types import utcnow

logger = logging.getLogger(__name__)

REFRESH_TOKEN_LIFETIME = timedelta(days=90)
CHECK_EVERY = 6 * 3600.0


def stale_warning(days_left: int) -> str:
    """The DM text for a link that will expire in about `days_left` days."""
    return (
        f":hourglass: Your Zoom link with Zoombridge has not been used for a while and will "
        f"expire in about {max(days_left, 1)} days. Run `/zoom status` (or any `/zoom` "
        "command) to keep it; otherwise you will need to run `/zoom link` again."
    )


class LinkHealth:
    """Finds links close to expiring and DMs their owners once."""

    def __init__(
        self, *, db: Database, warn_after: timedelta, wake: Callable[[], None] = lambda: None
    ) -> None:
        self._db = db
        self._warn_after = warn_after
        self._wake = wake

    async def run_once(self) -> int:
        """Queue a DM for each link untouched for `warn_after`; how many were queued."""
        now = utcnow()
        async with self._db.transaction() as session:
            links = await stale_links(session=session, older_than=now - self._warn_after)
            for link in links:
                assert link.id is not None
                left = REFRESH_TOKEN_LIFETIME - (now - link.updated_at)
                await add_message(
                    session=session,
                    webhook_event_id=None,
                    team_id=link.team_id,
                    channel_id=link.slack_user_id,
                    action="dm",
                    payload={"text": stale_warning(round(left.total_seconds() / 86400))},
                )
                await mark_stale_notified(session=session, link_id=link.id, now=now)
        if links:
            self._wake()
            logger.info("links.stale_warned", extra={"count": len(links)})
        return len(links)


async def keep_checking(
    check: Callable[[], Awaitable[int]],
    *,
    interval: float = CHECK_EVERY,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> None:
    """Run `check` every `interval` seconds until cancelled; no exception stops the loop."""
    while True:
        try:
            await check()
        except Exception:  # the database may be away for a while; try again next round
            logger.exception("links.health_check_failed")
        await sleep(interval)


@contextlib.asynccontextmanager
async def checking(health: LinkHealth, *, interval: float = CHECK_EVERY) -> AsyncIterator[None]:
    """Run the periodic check in the background while the context is open."""
    task = asyncio.create_task(keep_checking(health.run_once, interval=interval))
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
