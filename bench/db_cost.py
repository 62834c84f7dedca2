"""What one database statement costs this process: `python -m bench.db_cost [--postgres URL]`.

The notice pipeline is bounded by CPU per statement, not by the database: this measures the
layers one `SELECT 1` goes through, each on its own, as CPU time per statement in this process
(the driver's own threads included): the sqlite3 module called directly; aiosqlite, which
hands every call to its thread and back (SQLAlchemy's asyncio driver for SQLite); the app's
`Database` (SQLAlchemy's AsyncSession over aiosqlite or psycopg), with one transaction for
many statements and with one transaction per statement. Run it on a quiet machine.
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import aiosqlite
import uvloop
from sqlalchemy import text

from store.db import Database
from tests.support.pg_schema import fresh_schema

ROUNDS = 2000


def _per_call(seconds: float) -> str:
    return f"{1e6 * seconds / ROUNDS:,.1f} us"


async def _timed(run: Callable[[], Awaitable[None]]) -> float:
    began = time.process_time()
    await run()
    return time.process_time() - began


async def _through_database(url: str) -> dict[str, str]:
    db = Database.connect(url)
    select_one = text("SELECT 1")

    async def one_transaction() -> None:
        async with db.transaction() as session:
            for _ in range(ROUNDS):
                (await session.exec(select_one)).all()  # type: ignore[call-overload]

    async def transaction_each() -> None:
        for _ in range(ROUNDS):
            async with db.transaction() as session:
                (await session.exec(select_one)).all()  # type: ignore[call-overload]

    try:
        await one_transaction()  # warm: pool, statement cache
        return {
            "AsyncSession, many statements per transaction": _per_call(
                await _timed(one_transaction)
            ),
            "AsyncSession, one transaction per statement": _per_call(
                await _timed(transaction_each)
            ),
        }
    finally:
        await db.close()


async def _sqlite(path: Path) -> dict[str, str]:
    conn = sqlite3.connect(path)
    began = time.process_time()
    for _ in range(ROUNDS):
        conn.execute("SELECT 1").fetchall()
    direct = time.process_time() - began
    conn.close()

    async def via_thread() -> None:
        async with aiosqlite.connect(path) as db:
            for _ in range(ROUNDS):
                async with db.execute("SELECT 1") as cursor:
                    await cursor.fetchall()

    return {
        "sqlite3, called directly": _per_call(direct),
        "aiosqlite (a thread hop per call)": _per_call(await _timed(via_thread)),
        **await _through_database(f"sqlite:///{path}"),
    }


def main() -> None:
    """Print CPU per statement for SQLite and, with --postgres, PostgreSQL."""
    parser = argparse.ArgumentParser(prog="python -m bench.db_cost")
    parser.add_argument("--postgres", default="", help="a PostgreSQL URL (a fresh schema is used)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        found = {"SQLite": uvloop.run(_sqlite(Path(tmp) / "cost.db"))}
    if args.postgres:
        with fresh_schema(args.postgres, prefix="dbcost") as url:
            found["PostgreSQL"] = uvloop.run(_through_database(url))
    print(f"CPU per `SELECT 1`, {ROUNDS:,} rounds each (uvloop)")
    for database, costs in found.items():
        for layer, cost in costs.items():
            print(f"| {database} | {layer} | {cost} |")


if __name__ == "__main__":
    main()
