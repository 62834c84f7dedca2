"""`zoombridge status`: the deployment's delivery facts for a terminal, and whether it is ready."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.observability.readiness import OK, assess
from bot.observability.snapshot import Snapshot, take_snapshot
from bot.settings import Settings
from store.db import Database


@dataclass(frozen=True)
class StatusReport:
    """Lines to print and the verdict."""

    lines: list[str]
    ready: bool


def _ago(snapshot: Snapshot, at: datetime | None) -> str:
    if at is None:
        return "never"
    seconds = max((snapshot.at - at).total_seconds(), 0.0)
    return f"{at.isoformat(timespec='seconds')} ({seconds:.0f} s ago)"


def _most_first(counts: dict[str, int]) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _worker_finding(snapshot: Snapshot, settings: Settings) -> str:
    if settings.slack_mode is None:
        return "not configured (Slack is not set up, so nothing is delivered)"
    if snapshot.facts is None:
        return "unknown (database not answering)"
    fresh = settings.ready_worker_stale_after
    if snapshot.workers_claiming(fresh) == 0:
        return f"no worker completed a loop in the last {fresh:.0f} s"
    return OK


def describe(snapshot: Snapshot, settings: Settings) -> StatusReport:
    """The report for one snapshot."""
    worker = _worker_finding(snapshot, settings)
    loops = {} if worker.startswith(("not configured", "unknown")) else {"worker": worker}
    readiness = assess(snapshot, loops, max_pending_age=settings.ready_max_pending_age)
    facts, fresh = snapshot.facts, settings.ready_worker_stale_after
    if facts is None:
        lines = [f"database: unreachable ({snapshot.error})"]
    else:
        counts = ", ".join(f"{n} {s}" for s, n in sorted(facts.rows_by_status.items())) or "empty"
        lines = [
            "database: ok",
            f"outbox: {counts}",
            f"oldest pending: {snapshot.oldest_pending_age() or 0:.0f} s",
            f"dead rows: {sum(facts.dead_by_reason.values())}",
            *(f"  {n} x {reason}" for reason, n in _most_first(facts.dead_by_reason)),
            f"last webhook: {_ago(snapshot, facts.last_webhook_at)}",
            f"workers claiming work: {snapshot.workers_claiming(fresh)}",
            *(
                f"  {p}: last loop {_ago(snapshot, at)}"
                for p, at in sorted(facts.heartbeats.items())
            ),
            f"broken Zoom links: {facts.broken_links}",
        ]
    lines.append(f"worker: {worker}")
    lines.append(f"outbox check: {readiness.checks['outbox']}")
    verdict = "ready" if readiness.ready else "NOT READY (" + ", ".join(readiness.failing) + ")"
    lines.append(verdict)
    return StatusReport(lines=lines, ready=readiness.ready)


async def status_report(settings: Settings) -> StatusReport:
    """Read the database once and describe what it holds."""
    db = Database.connect(settings.database_url)
    try:
        snapshot = await take_snapshot(db)
    finally:
        await db.close()
    return describe(snapshot, settings)
