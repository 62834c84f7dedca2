"""Claiming the heads of the outbox costs the same whatever the backlog behind them.

Measured by what the database is asked to do, never by the clock: the statements a claim
issues (counted with SQLAlchemy's cursor events) are the same four for 10 or 10,000 pending
rows, every look at the outbox table is an index seek by channel or by id, and on SQLite the
virtual-machine steps of a claim (a deterministic count of work) do not grow with the backlog.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import event

from store.db import Database
from store.repos.outbox import Claimed, NewMessage, add_messages, claim_due
from store.types import utcnow

CHANNELS = 100
BACKLOG = 10_000


async def _fill(db: Database, *, per_channel: dict[str, int]) -> None:
    messages = [
        NewMessage("T1", channel, "post", {"text": f"{channel} #{n}"})
        for channel, count in per_channel.items()
        for n in range(count)
    ]
    for start in range(0, len(messages), 500):  # SQLite caps the bound parameters per statement
        async with db.transaction() as session:
            await add_messages(
                session=session, webhook_event_id=None, messages=messages[start : start + 500]
            )


@contextmanager
def _statements(db: Database) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(db.engine.sync_engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", record)


async def _claim(db: Database, now: datetime) -> tuple[list[Claimed], list[str], int]:
    """Claim once at `now`; the rows, the SQL issued, and SQLite's VM steps (0 on PostgreSQL)."""
    steps = [0]
    with _statements(db) as seen:
        async with db.transaction() as session:
            raw = await (await session.connection()).get_raw_connection()
            driver: Any = raw.driver_connection
            if db.is_sqlite:

                def count() -> int:
                    steps[0] += 1
                    return 0

                await driver.set_progress_handler(count, 10)
            try:
                rows = await claim_due(
                    session=session,
                    now=now,
                    lease_until=now + timedelta(seconds=60),
                    limit=CHANNELS,
                )
            finally:
                if db.is_sqlite:
                    await driver.set_progress_handler(None, 10)
    claims = [s for s in seen if not s.lstrip().upper().startswith(("BEGIN", "COMMIT"))]
    return rows, claims, steps[0]


async def _plans(db: Database, statements: list[str]) -> list[str]:
    """SQLite's query plan lines mentioning the outbox table, for each claim statement."""
    lines: list[str] = []
    async with db.engine.connect() as conn:
        raw = await conn.get_raw_connection()
        driver: Any = raw.driver_connection
        for sql in statements:
            params = [utcnow().isoformat(" ")] * sql.count("?")
            cursor = await driver.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            lines += [str(row[3]) for row in await cursor.fetchall()]
    return [line for line in lines if " outbox " in f"{line} " or line.endswith(" outbox")]


async def test_a_10000_row_backlog_claims_with_the_same_few_indexed_statements(
    database_url: str,
) -> None:
    small = Database.connect(database_url)
    try:
        await _fill(small, per_channel={f"C{n:03d}": 1 for n in range(CHANNELS)})
        few_rows, few_sql, few_steps = await _claim(small, utcnow())
        assert len(few_rows) == CHANNELS and len(few_sql) == 4

        # The same channels, each now with a long queue behind its head, and one huge channel.
        behind = {"C000": BACKLOG // 2, **{f"C{n:03d}": 50 for n in range(1, CHANNELS)}}
        await _fill(small, per_channel=behind)
        later = utcnow() + timedelta(seconds=61)  # the first claims' leases have run out
        many_rows, many_sql, many_steps = await _claim(small, later)
    finally:
        await small.close()
    assert [r.id for r in many_rows] == [r.id for r in few_rows]  # still each channel's head
    assert many_sql == few_sql  # the same four statements, nothing per row of backlog
    if small.is_sqlite:
        assert many_steps <= few_steps * 1.5 + 50, (few_steps, many_steps)
        db = Database.connect(database_url)
        try:
            for line in await _plans(db, many_sql):
                assert line.startswith("SEARCH"), line  # never a SCAN of the outbox
                assert "ix_outbox_channel_head" in line or "PRIMARY KEY" in line, line
        finally:
            await db.close()
