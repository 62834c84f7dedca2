"""Readiness that tells the truth: the database answers, this process's worker is looping,
and no notice has waited too long. Each check says what it saw, without secrets."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from bot.observability.snapshot import Snapshot, take_snapshot
from store.db import Database

OK = "ok"


class WorkerLoop(Protocol):
    """What readiness needs to know about a delivery worker."""

    @property
    def alive(self) -> bool:
        """Whether its task is running."""
        ...

    def loop_age(self) -> float | None:
        """Seconds since it last completed a loop (or started), None before it starts."""
        ...


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


def worker_finding(worker: WorkerLoop | None, stale_after: float) -> str:
    """ "ok", or why this process's worker is not doing its job."""
    if worker is None:
        return "not run in this process"
    age = worker.loop_age()
    if age is None:
        return "not started"
    if not worker.alive:
        return "stopped"
    if age > stale_after:
        return f"no loop completed for {age:.0f} s (limit {stale_after:.0f} s)"
    return OK


def pending_finding(snapshot: Snapshot, max_age: float) -> str:
    """ "ok", or how old the oldest pending notice is."""
    age = snapshot.oldest_pending_age()
    if age is None:
        return "unknown (database not answering)"
    if age > max_age:
        return f"oldest pending notice is {age:.0f} s old (limit {max_age:.0f} s)"
    return OK


def _unreachable(snapshot: Snapshot) -> str:
    return "timed out" if snapshot.error == "timed out" else "unreachable"


def assess(snapshot: Snapshot, worker: str, *, max_pending_age: float) -> Readiness:
    """Combine the database, worker and outbox findings."""
    checks = {
        "database": OK if snapshot.facts is not None else _unreachable(snapshot),
        "worker": worker,
        "outbox": pending_finding(snapshot, max_pending_age),
    }
    failing = [
        name
        for name, finding in checks.items()
        if finding != OK and not (name == "worker" and finding == "not run in this process")
    ]
    if "database" in failing and "outbox" in failing:
        failing.remove("outbox")  # the outbox is merely unknown while the database is away
    return Readiness(checks=checks, failing=failing)


async def check_readiness(
    *, db: Database, worker: WorkerLoop | None, max_pending_age: float, stale_after: float
) -> Readiness:
    """The readiness of this process."""
    snapshot = await take_snapshot(db)
    return assess(snapshot, worker_finding(worker, stale_after), max_pending_age=max_pending_age)
