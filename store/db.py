"""Engine and session setup for SQLite (the default) and PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession

SQLITE_BUSY_TIMEOUT_MS = 10_000


def _normalise(url: str) -> URL:
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    return make_url(url)


def async_url(url: str) -> URL:
    """The asyncio driver URL: aiosqlite or psycopg (3)."""
    parsed = _normalise(url)
    if parsed.get_backend_name() == "sqlite":
        return parsed.set(drivername="sqlite+aiosqlite")
    return parsed.set(drivername="postgresql+psycopg")


def sync_url(url: str) -> URL:
    """The blocking driver URL, for Alembic: sqlite3 or psycopg (3)."""
    parsed = _normalise(url)
    if parsed.get_backend_name() == "sqlite":
        return parsed.set(drivername="sqlite")
    return parsed.set(drivername="postgresql+psycopg")


def is_sqlite(url: str) -> bool:
    """Whether the URL names an SQLite database."""
    return _normalise(url).get_backend_name() == "sqlite"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def install_sqlite_pragmas(engine: Any) -> None:
    """WAL, a busy timeout and foreign keys on every new SQLite connection."""
    event.listen(engine, "connect", _sqlite_pragmas)


def create_engine_for(url: str, *, echo: bool = False) -> AsyncEngine:
    """An async engine with the right pool and pragmas for the URL."""
    target = async_url(url)
    if target.get_backend_name() == "sqlite":
        engine = create_async_engine(target, echo=echo, connect_args={"timeout": 30})
        install_sqlite_pragmas(engine.sync_engine)
        return engine
    return create_async_engine(
        target, echo=echo, pool_size=5, max_overflow=5, pool_pre_ping=True, pool_recycle=1800
    )


# Set while the current task holds the SQLite write lock, so nested transactions don't wait
# on themselves.
_holding_sqlite_writer: ContextVar[bool] = ContextVar("holding_sqlite_writer", default=False)


@dataclass
class Database:
    """The engine and a session factory, owned by the app's lifespan."""

    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    # SQLite has one writer at a time; colliding writers sleep in its busy handler (up to
    # 100 ms a try). Queueing them here in the process costs nothing and keeps latency flat.
    _sqlite_writer: asyncio.Lock = field(default_factory=asyncio.Lock)

    @classmethod
    def connect(cls, url: str) -> Database:
        """Build the engine and session factory for a database URL."""
        engine = create_engine_for(url)
        factory = async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)
        return cls(engine=engine, sessions=factory)

    @property
    def is_sqlite(self) -> bool:
        """Whether this is the single-process SQLite default."""
        return self.engine.dialect.name == "sqlite"

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A session inside one transaction: committed on success, rolled back on error."""
        if not self.is_sqlite or _holding_sqlite_writer.get():
            async with self.sessions() as session, session.begin():
                yield session
            return
        async with self._sqlite_writer:
            token = _holding_sqlite_writer.set(True)
            try:
                async with self.sessions() as session, session.begin():
                    yield session
            finally:
                _holding_sqlite_writer.reset(token)

    async def ping(self) -> None:
        """Raise unless the database answers."""
        async with self.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))

    async def close(self) -> None:
        """Dispose of the pool."""
        await self.engine.dispose()
