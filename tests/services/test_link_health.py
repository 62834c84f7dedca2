"""Warning people before their Zoom link dies of disuse, and a loop no failure can stop."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from bot.admin.link_health import LinkHealth, keep_checking
from store.db import Database
from store.models import LinkStatus, ZoomLink
from tests.support.notice_world import add, link, payloads, rows


def _link(user: str, idle_days: int, *, broken: bool = False):
    row = link("T0001", user, zoom_user_id=f"z-{user}")
    row.updated_at = datetime.now(UTC) - timedelta(days=idle_days)
    if broken:
        row.status = LinkStatus.BROKEN
    return row


async def test_quiet_links_get_one_dm_through_the_outbox(database_url: str) -> None:
    add(database_url, _link("U0001", 85), _link("U0002", 10), _link("U0003", 85, broken=True))
    db = Database.connect(database_url)
    try:
        health = LinkHealth(db=db, warn_after=timedelta(days=80))
        assert await health.run_once() == 1
        assert await health.run_once() == 0  # warned once per quiet spell
    finally:
        await db.close()
    outbox = rows(database_url, "SELECT * FROM outbox")
    assert [(r["team_id"], r["channel_id"], r["action"]) for r in outbox] == [
        ("T0001", "U0001", "dm")
    ]
    [payload] = payloads(outbox)
    assert "expire in about 5 days" in payload["text"] and "/zoom status" in payload["text"]


async def test_using_the_link_again_re_arms_the_warning(database_url: str) -> None:
    add(database_url, _link("U0001", 85))
    db = Database.connect(database_url)
    try:
        health = LinkHealth(db=db, warn_after=timedelta(days=80))
        assert await health.run_once() == 1
        # A refresh long ago but after the warning: the link went quiet again.
        later = datetime.now(UTC) - timedelta(days=81)
        async with db.transaction() as session:
            await session.exec(
                update(ZoomLink).values(
                    stale_notified_at=later - timedelta(days=1), updated_at=later
                )
            )
        assert await health.run_once() == 1
    finally:
        await db.close()


async def test_the_loop_survives_any_exception() -> None:
    calls: list[int] = []

    async def check() -> int:
        calls.append(1)
        if len(calls) < 3:
            raise RuntimeError("database away")
        return 0

    async def sleep(_seconds: float) -> None:
        if len(calls) >= 4:
            raise asyncio.CancelledError

    with pytest.raises(asyncio.CancelledError):
        await keep_checking(check, interval=60, sleep=sleep)
    assert len(calls) == 4
