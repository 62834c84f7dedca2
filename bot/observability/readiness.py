"""Readiness that tells the truth: the database answers, this process's background loops turn,
and no notice has waited too long. Each check says what it saw, without secrets."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.loops import Heartbeat
from bot.notices.worker import DELIVERY_LOOP
from bot.observability.snapshot import Snapshot, take_snapshot
from store.db import Database

OK = "ok"
HEALTHY_LOOPS = (OK, "starting")


@dataclass(frozen=True)
class Readiness:
    """Each check's finding ("ok" or what is wrong) and which checks fail."""

    checks: dict[str, str]
    failing: list[str] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        """Whether every check passed."""
        return not self.failing

    def body(self) -> dict[str, object]:
        """The JSON answer of /readyz."""
        body: dict[str, object] = {"ready": self.ready, **self.checks}
        if self.failing:
            body["failing"] = self.failing
        return body


def loop_status(heartbeat: Heartbeat, stale_after: float) -> str:
    """The loop's status, counting it stale once no turn completed for `stale_after` seconds."""
    status = heartbeat.status()
    age = heartbeat.age()
    if status in HEALTHY_LOOPS and age is not None and age > stale_after:
        return "stale"
    return status


def pending_finding(snapshot: Snapshot, max_age: float) -> str:
    """ "ok", or how old the oldest pending notice is."""
    age = snapshot.oldest_pending_age()
    if age is None:
        return "unknown (database not answering)"
    if age > max_age:
        return f"oldest pending notice is {age:.0f} s old (limit {max_age:.0f} s)"
    return OK


def assess(snapshot: Snapshot, loops: Mapping[str, str], *, max_pending_age: float) -> Readiness:
    """Combine the database, the loops' statuses and the outbox's age."""
    database = OK if snapshot.facts is not None else "unreachable"
    outbox = pending_finding(snapshot, max_pending_age)
    checks = {"database": database, **loops, "outbox": outbox}
    failing = [] if database == OK else ["database"]
    failing += [name for name, status in loops.items() if status not in HEALTHY_LOOPS]
    if outbox != OK and database == OK:  # merely unknown while the database is away
        failing.append("outbox")
    return Readiness(checks=checks, failing=failing)


async def check_readiness(
    *,
    db: Database,
    heartbeats: Mapping[str, Heartbeat],
    max_pending_age: float,
    stale_after: float,
) -> Readiness:
    """The readiness of this process."""
    snapshot = await take_snapshot(db)
    # READY_WORKER_STALE_AFTER governs the delivery worker; other jobs keep their own limit.
    loops = {
        name: loop_status(beat, stale_after if name == DELIVERY_LOOP else beat.max_age)
        for name, beat in heartbeats.items()
    }
    return assess(snapshot, loops, max_pending_age=max_pending_age)
