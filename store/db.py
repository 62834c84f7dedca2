"""Engine and session setup for SQLite (the default) and PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Coroutine
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession

SQLITE_BUSY_TIMEOUT_MS = 10_000
PG_CONNECT_TIMEOUT_S = 5
PG_STATEMENT_TIMEOUT_MS = 15_000
POOL_TIMEOUT_S = 5.0
T = TypeVar("T")
# Abandoned operations still finishing (or being cancelled) in the background; kept so the
# event loop holds a reference until they end.
_ABANDONED: set[asyncio.Task[Any]] = set()


async def bounded(operation: Coroutine[Any, Any, T], seconds: float) -> T:
    """Await `operation` for at most `seconds`, then raise TimeoutError at once.

    A plain timeout would wait for the driver to cancel the query, which on a hung connection
    takes psycopg another ten seconds; the abandoned operation is cancelled in the background.
    """
    task = asyncio.ensure_future(operation)
    done, _pending = await asyncio.wait({task}, timeout=seconds)
    if done:
        return task.result()
    task.cancel()
    _ABANDONED.add(task)
    task.add_done_callback(_forget)
    raise TimeoutError(f"database did not answer within {seconds:g} s")


def _forget(task: asyncio.Task[Any]) -> None:
    _ABANDONED.discard(task)
    if not task.cancelled():
        task.exception()  # retrieved, so asyncio does not log it as never retrieved


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


def _pg_options(target: URL) -> str:
    """libpq `options` with a statement timeout, keeping any the URL already sets."""
    given = target.query.get("options", "")
    if isinstance(given, tuple):
        given = " ".join(given)
    return f"{given} -c statement_timeout={PG_STATEMENT_TIMEOUT_MS}".strip()


def create_engine_for(url: str, *, echo: bool = False) -> AsyncEngine:
    """An async engine with the right pool, pragmas and timeouts for the URL."""
    target = async_url(url)
    if target.get_backend_name() == "sqlite":
        timeout = SQLITE_BUSY_TIMEOUT_MS / 1000
        engine = create_async_engine(target, echo=echo, connect_args={"timeout": timeout})
        install_sqlite_pragmas(engine.sync_engine)
        return engine
    # Fail fast when the server is away or stuck: connecting, queueing for a pooled
    # connection and each statement are all bounded.
    return create_async_engine(
        target.difference_update_query(["options"]),
        echo=echo,
        pool_size=5,
        max_overflow=5,
        pool_timeout=POOL_TIMEOUT_S,
        pool_pre_ping=True,
        pool_recycle=1800,
        connect_args={"connect_timeout": PG_CONNECT_TIMEOUT_S, "options": _pg_options(target)},
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
        async with asyncio.timeout(SQLITE_BUSY_TIMEOUT_MS / 1000):
            await self._sqlite_writer.acquire()
        try:
            token = _holding_sqlite_writer.set(True)
            try:
                async with self.sessions() as session, session.begin():
                    yield session
            finally:
                _holding_sqlite_writer.reset(token)
        finally:
            self._sqlite_writer.release()

    async def ping(self, timeout: float = 2.0) -> None:
        """Raise unless the database answers within `timeout` seconds."""
        await bounded(self._select_one(), timeout)

    async def _select_one(self) -> None:
        async with self.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))

    async def close(self) -> None:
        """Dispose of the pool."""
        await self.engine.dispose()
