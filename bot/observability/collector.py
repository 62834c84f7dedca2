"""Database-derived gauges, read at scrape time (never from memory), and the /metrics text.

Every process answers these from the same database, so they carry no `process` label: any
one scrape tells the truth about the whole deployment.
"""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from bot.observability.observe import REGISTRY
from bot.observability.snapshot import Snapshot
from store.models import OutboxStatus

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class DatabaseCollector(Collector):
    """Yields the gauges of one snapshot taken for this scrape."""

    def __init__(self, snapshot: Snapshot, *, heartbeat_fresh_within: float) -> None:
        self._snapshot = snapshot
        self._fresh_within = heartbeat_fresh_within

    def collect(self) -> Iterator[Metric]:
        """The gauges; only `zoombridge_database_up` when the database did not answer."""
        snap, facts = self._snapshot, self._snapshot.facts
        yield GaugeMetricFamily(
            "zoombridge_database_up", "1 when the database answered this scrape.", facts is not None
        )
        if facts is None:
            return
        rows = GaugeMetricFamily(
            "zoombridge_outbox_rows", "Outbox rows by status.", labels=["status"]
        )
        for status in OutboxStatus:
            rows.add_metric([status.value], facts.rows_by_status.get(status.value, 0))
        yield rows
        yield GaugeMetricFamily(
            "zoombridge_outbox_oldest_pending_age_seconds",
            "How long the oldest pending notice has waited (0 when none waits).",
            snap.oldest_pending_age() or 0.0,
        )
        dead = GaugeMetricFamily(
            "zoombridge_outbox_dead_rows", "Dead outbox rows by reason.", labels=["reason"]
        )
        for reason, count in sorted(facts.dead_by_reason.items()):
            dead.add_metric([reason], count)
        yield dead
        yield GaugeMetricFamily(
            "zoombridge_zoom_links_broken",
            "Zoom links whose refresh token Zoom refused.",
            facts.broken_links,
        )
        if facts.last_webhook_at is not None:
            yield GaugeMetricFamily(
                "zoombridge_last_webhook_timestamp_seconds",
                "When the newest recorded Zoom webhook arrived (Unix time).",
                facts.last_webhook_at.timestamp(),
            )
        yield GaugeMetricFamily(
            "zoombridge_workers_claiming",
            "Processes whose delivery worker completed a loop recently.",
            snap.workers_claiming(self._fresh_within),
        )
        ages = GaugeMetricFamily(
            "zoombridge_worker_heartbeat_age_seconds",
            "Seconds since each known worker process last recorded a completed loop.",
            labels=["process"],
        )
        for process, beat in sorted(facts.heartbeats.items()):
            ages.add_metric([process], max((snap.at - beat).total_seconds(), 0.0))
        yield ages


def render(snapshot: Snapshot, *, heartbeat_fresh_within: float) -> bytes:
    """The Prometheus text of this process's series and the database's gauges."""
    scrape = CollectorRegistry(auto_describe=False)
    scrape.register(DatabaseCollector(snapshot, heartbeat_fresh_within=heartbeat_fresh_within))
    return generate_latest(REGISTRY) + generate_latest(scrape)
