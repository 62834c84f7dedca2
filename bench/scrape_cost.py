"""What a /metrics scrape or /readyz probe costs the database: `python -m bench.scrape_cost`.

Seeds an outbox of N rows (1 % pending, 0.5 % dead, the rest delivered) on SQLite and, when
--postgres URL is given, in a fresh PostgreSQL schema, then times the snapshot those routes
read (median and worst of 20).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import timedelta

from sqlalchemy import create_engine, text

from bot.observability.snapshot import take_snapshot
from store.db import Database, sync_url
from store.migrate import upgrade
from store.types import utcnow
from tests.support.pg_schema import fresh_schema

_INSERT = text(
    "INSERT INTO outbox (team_id, channel_id, action, payload, status, attempts, "
    "next_attempt_at, created_at, last_error) "
    "VALUES ('T1', :channel, 'post', '{}', :status, 1, :at, :at, :error)"
)


def _status(i: int) -> str:
    if i % 100:
        return "delivered"
    return "pending" if i % 200 else "dead"


def seed(url: str, rows: int) -> None:
    """Insert `rows` outbox rows."""
    engine = create_engine(sync_url(url))
    now = utcnow().replace(tzinfo=None)
    values = [
        {
            "channel": f"C{i % 500}",
            "status": _status(i),
            "at": now - timedelta(seconds=i),
            "error": "is_archived" if i % 3 else "not_in_channel",
        }
        for i in range(rows)
    ]
    with engine.begin() as conn:
        conn.execute(_INSERT, values)
    engine.dispose()


async def measure(url: str) -> tuple[float, float]:
    """Median and worst milliseconds of 20 snapshots."""
    db = Database.connect(url)
    await take_snapshot(db)
    times = []
    for _ in range(20):
        started = time.perf_counter()
        snapshot = await take_snapshot(db)
        times.append((time.perf_counter() - started) * 1000)
        assert snapshot.facts is not None, snapshot.error
    await db.close()
    return statistics.median(times), max(times)


def main() -> None:
    """Print one line per database and size."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--postgres", help="a PostgreSQL URL to create a scratch schema in")
    args = parser.parse_args()
    for rows in args.rows:
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{folder}/scrape.db"
            upgrade(url)
            seed(url, rows)
            median, worst = asyncio.run(measure(url))
        sys.stdout.write(f"sqlite    {rows:>7} rows: median {median:.1f} ms, max {worst:.1f} ms\n")
        if args.postgres:
            with fresh_schema(args.postgres, prefix="bench_scrape") as pg_url:
                seed(pg_url, rows)
                median, worst = asyncio.run(measure(pg_url))
            line = f"postgres  {rows:>7} rows: median {median:.1f} ms, max {worst:.1f} ms\n"
            sys.stdout.write(line)


if __name__ == "__main__":
    main()
