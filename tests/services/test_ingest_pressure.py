"""Ingest says when it is under pressure, so routing waits its turn only then.

The signal is what group commit already sees: commits carrying many requests (they queued
behind the writer) mean ingest is the bottleneck; one request per commit means webhooks
trickle in and routing may run at once (a notice's latency depends on it).
"""

from __future__ import annotations

import asyncio

from bot.notices.intake import EventWriter
from store.db import Database
from store.repos.webhook_events import RawEvent


def _event(n: int) -> RawEvent:
    return RawEvent(
        event_key=f"pressure-{n}",
        event="meeting.started",
        event_ts=1_700_000_000_000 + n,
        zoom_account_id="acct",
        body="{}",
    )


async def test_crowded_commits_mean_pressure_and_a_trickle_does_not(database_url: str) -> None:
    db = Database.connect(database_url)
    writer = EventWriter(db)
    try:
        for n in range(5):  # one at a time: every commit carries one request
            assert await writer.submit(_event(n)) is True
            assert not writer.busy()

        for burst in range(3):  # bursts of 40 at once: they share commits
            stored = await asyncio.gather(
                *(writer.submit(_event(100 * (burst + 1) + n)) for n in range(40))
            )
            assert all(stored)
        # Crowded commits: pressure while writes are recent (a wide window, so a slow commit
        # on a loaded machine does not age the last batch out before the check).
        assert writer.busy(within=60.0)

        await asyncio.sleep(0.1)  # nothing arrived for a while: the pressure is gone
        assert not writer.busy()
        assert await writer.submit(_event(4)) is False  # a retry: stored once, said so
    finally:
        await writer.close()
        await db.close()
