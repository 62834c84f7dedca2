"""The operational facts of the whole deployment, read from the database with a deadline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from store.db import Database, bounded
from store.repos.ops import OpsFacts, read_facts
from store.types import utcnow

SCRAPE_TIMEOUT = 2.0  # a scrape or probe must answer even when the database hangs


@dataclass(frozen=True)
class Snapshot:
    """Facts as of `at`; `facts` is None when the database did not answer in time."""

    at: datetime
    facts: OpsFacts | None
    error: str | None = None

    def oldest_pending_age(self) -> float | None:
        """Seconds the oldest pending notice has waited (0 when none waits)."""
        if self.facts is None:
            return None
        oldest = self.facts.oldest_pending_at
        return 0.0 if oldest is None else max((self.at - oldest).total_seconds(), 0.0)

    def workers_claiming(self, fresh_within: float) -> int:
        """Processes whose worker completed a loop within the last `fresh_within` seconds."""
        if self.facts is None:
            return 0
        beats = self.facts.heartbeats.values()
        return sum(1 for beat in beats if (self.at - beat).total_seconds() <= fresh_within)


async def _read(db: Database) -> OpsFacts:
    async with db.sessions() as session:
        return await read_facts(session=session)


async def take_snapshot(db: Database, *, timeout: float = SCRAPE_TIMEOUT) -> Snapshot:
    """Read the facts, or say why they could not be read (never raises for the database)."""
    at = utcnow()
    try:
        facts = await bounded(_read(db), timeout)
    except TimeoutError:
        return Snapshot(at=at, facts=None, error="timed out")
    except Exception as error:  # any driver error: the database is not answering
        return Snapshot(at=at, facts=None, error=type(error).__name__)
    return Snapshot(at=at, facts=facts)
