"""docs/prometheus-alerts.yml is valid rule-file YAML and names only metrics we export."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime

import yaml
from prometheus_client.core import Metric

from bot.observability.collector import DatabaseCollector
from bot.observability.observe import REGISTRY
from bot.observability.snapshot import Snapshot
from store.repos.ops import OpsFacts
from tests.support.paths import ROOT

RULES = ROOT / "docs" / "prometheus-alerts.yml"
DURATION = re.compile(r"^([0-9]+(ms|s|m|h|d|w|y))+$")
SUFFIXES = {"counter": ("_total", "_created"), "histogram": ("_bucket", "_sum", "_count")}


def _sample_names(families: Iterable[Metric]) -> set[str]:
    names: set[str] = set()
    for family in families:
        names.add(family.name)
        names.update(family.name + suffix for suffix in SUFFIXES.get(family.type, ()))
    return names


def exported() -> set[str]:
    """Every sample name /metrics can carry: this process's series and the database's."""
    now = datetime.now(UTC)
    facts = OpsFacts(
        rows_by_status={"pending": 1},
        oldest_pending_at=now,
        dead_by_reason={"is_archived": 1},
        broken_links=1,
        last_webhook_at=now,
        heartbeats={"web.1": now},
    )
    database = DatabaseCollector(Snapshot(at=now, facts=facts), heartbeat_fresh_within=60)
    return _sample_names(REGISTRY.collect()) | _sample_names(database.collect())


def test_every_rule_is_well_formed_and_names_exported_metrics() -> None:
    document = yaml.safe_load(RULES.read_text())
    assert set(document) == {"groups"}
    known = exported()
    alerts = []
    for group in document["groups"]:
        assert isinstance(group["name"], str) and group["rules"]
        for rule in group["rules"]:
            assert set(rule) <= {"alert", "expr", "for", "labels", "annotations"}, rule
            assert re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", rule["alert"])
            expr = rule["expr"]
            assert isinstance(expr, str) and expr.count("(") == expr.count(")"), expr
            if "for" in rule:
                assert DURATION.match(rule["for"]), rule["for"]
            assert all(isinstance(v, str) for v in rule.get("labels", {}).values())
            assert all(isinstance(v, str) for v in rule.get("annotations", {}).values())
            names = set(re.findall(r"\bzoombridge_[a-z_]+", expr))
            assert names, f"{rule['alert']} names no Zoombridge metric"
            assert names <= known, f"{rule['alert']}: not exported: {names - known}"
            alerts.append(rule["alert"])
    assert len(alerts) == len(set(alerts))
    # What the README tells operators to alert on.
    exprs = " ".join(r["expr"] for g in document["groups"] for r in g["rules"])
    for needed in (
        "zoombridge_outbox_oldest_pending_age_seconds",
        'zoombridge_deliveries_total{outcome="dead"}',
        "zoombridge_worker_last_loop_timestamp_seconds",
        'zoombridge_slack_calls_total{outcome="ratelimited"}',
    ):
        assert needed in exprs
