"""Process-local Prometheus series and the narrow functions services call to move them.

Every series carries a `process` label (the Heroku dyno name, or host:pid), so the counters of
several web and worker processes add up instead of overwriting each other. Facts that live in
the database (outbox depth, dead rows, broken links) are not here: see `collector`.
"""

from __future__ import annotations

import os
import socket
import time
from datetime import datetime

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from store.types import utcnow

REGISTRY = CollectorRegistry(auto_describe=True)

WEBHOOKS = Counter(
    "zoombridge_webhooks",
    "Zoom webhooks by event, outcome (accepted, duplicate, ignored, refused) and refusal reason.",
    ["process", "event", "outcome", "reason"],
    registry=REGISTRY,
)
INGEST_SECONDS = Histogram(
    "zoombridge_webhook_ingest_seconds",
    "Time from a Zoom webhook arriving to its answer.",
    ["process"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
    registry=REGISTRY,
)
DELIVERIES = Counter(
    "zoombridge_deliveries",
    "Outbox delivery attempts by outcome (delivered, retry, dead).",
    ["process", "outcome"],
    registry=REGISTRY,
)
DELIVERY_SECONDS = Histogram(
    "zoombridge_delivery_latency_seconds",
    "Time from a notice being accepted to Slack taking it.",
    ["process"],
    buckets=(0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0, 900.0, 3600.0),
    registry=REGISTRY,
)
SLACK_CALLS = Counter(
    "zoombridge_slack_calls",
    "Slack Web API calls by method and outcome (ok, ratelimited, error, unreachable).",
    ["process", "method", "outcome"],
    registry=REGISTRY,
)
ZOOM_CALLS = Counter(
    "zoombridge_zoom_calls",
    "Zoom API and OAuth calls by endpoint and outcome.",
    ["process", "endpoint", "outcome"],
    registry=REGISTRY,
)
TOKEN_REFRESHES = Counter(
    "zoombridge_zoom_token_refreshes",
    "Zoom user token refreshes by outcome (ok, failed, link_broken).",
    ["process", "outcome"],
    registry=REGISTRY,
)
INTERACTIONS_REFUSED = Counter(
    "zoombridge_slack_interactions_refused",
    "Slack commands and clicks answered 'busy, try again' because too much work was waiting.",
    ["process"],
    registry=REGISTRY,
)
WORKER_LAST_LOOP = Gauge(
    "zoombridge_worker_last_loop_timestamp_seconds",
    "When this process's delivery worker last completed a loop (Unix time).",
    ["process"],
    registry=REGISTRY,
)

# Path segments after these collections are ids: fold them so the endpoint label stays small.
_ID_AFTER = frozenset({"users", "meetings", "past_meetings", "webinars", "recordings"})
_STATIC = frozenset({"me", "meetings", "recordings", "meeting_summary", "settings"})


_named: str | None = None  # read once per process, not per sample (getpid is a system call)


def _forget_name() -> None:
    global _named
    _named = None


os.register_at_fork(after_in_child=_forget_name)


def process_name() -> str:
    """This process's label: Heroku's dyno name when there is one, else host:pid."""
    global _named
    if _named is None:
        _named = os.environ.get("DYNO") or f"{socket.gethostname()}:{os.getpid()}"
    return _named


def webhook(event: str, outcome: str, reason: str = "") -> None:
    """Count one webhook's outcome."""
    WEBHOOKS.labels(process_name(), event, outcome, reason).inc()


def ingest_seconds(seconds: float) -> None:
    """Record how long one webhook took to answer."""
    INGEST_SECONDS.labels(process_name()).observe(seconds)


def delivery(outcome: str, accepted_at: datetime | None = None) -> None:
    """Count one delivery attempt; for a delivered notice, its latency since acceptance."""
    DELIVERIES.labels(process_name(), outcome).inc()
    if accepted_at is not None:
        latency = max((utcnow() - accepted_at).total_seconds(), 0.0)
        DELIVERY_SECONDS.labels(process_name()).observe(latency)


def slack_call(method: str, outcome: str) -> None:
    """Count one Slack Web API call."""
    SLACK_CALLS.labels(process_name(), method, outcome).inc()


def zoom_endpoint(path: str) -> str:
    """A path with its ids folded: /meetings/123 -> /meetings/{id}."""
    parts = path.split("?", 1)[0].split("/")
    for i in range(1, len(parts)):
        if parts[i - 1] in _ID_AFTER and parts[i] not in _STATIC:
            parts[i] = "{id}"
    return "/".join(parts)


def zoom_call(method: str, path: str, status: int | None) -> None:
    """Count one Zoom call by its answer's status (None: no answer)."""
    if status is None:
        outcome = "unreachable"
    elif status < 400:
        outcome = "ok"
    elif status == 429:
        outcome = "ratelimited"
    else:
        outcome = "client_error" if status < 500 else "server_error"
    ZOOM_CALLS.labels(process_name(), f"{method} {zoom_endpoint(path)}", outcome).inc()


def interaction_refused() -> None:
    """Count one Slack interaction turned away because the work lane was full."""
    INTERACTIONS_REFUSED.labels(process_name()).inc()


def token_refresh(outcome: str) -> None:
    """Count one Zoom token refresh (ok, failed, link_broken)."""
    TOKEN_REFRESHES.labels(process_name(), outcome).inc()


def worker_loop() -> None:
    """The delivery worker completed a loop."""
    WORKER_LAST_LOOP.labels(process_name()).set(time.time())
