"""Real database faults for tests: another connection holding the write lock."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, make_url, text

from store.db import is_sqlite, sync_url


@contextmanager
def writes_blocked(database_url: str) -> Iterator[None]:
    """Hold a lock that blocks every writer (readers still get through) until the block ends."""
    if is_sqlite(database_url):
        path = make_url(database_url).database
        assert path, database_url
        lite = sqlite3.connect(path, isolation_level=None)
        try:
            lite.execute("BEGIN IMMEDIATE")  # the one SQLite write lock; WAL readers carry on
            yield
        finally:
            lite.execute("ROLLBACK")
            lite.close()
        return
    engine = create_engine(sync_url(database_url))
    try:
        with engine.connect() as conn:
            # EXCLUSIVE lets plain SELECTs through but blocks writes and row locks.
            conn.execute(text("LOCK TABLE outbox, worker_heartbeats IN EXCLUSIVE MODE"))
            try:
                yield
            finally:
                conn.rollback()
    finally:
        engine.dispose()
