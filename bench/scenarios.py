"""The five measurements. Each returns its figures and the baseline measured in the same run."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from bench.procs import Server, load, spawn_app, spawn_baseline
from bench.world import SIGNING_SECRET, WEBHOOK_SECRET, World, world
from store.types import utcnow


@dataclass(frozen=True)
class Size:
    """How much load each scenario sends (full run or --quick)."""

    concurrency: int
    rate_events: int
    footprint_events: int
    ingest_seconds: float  # each wrk run
    open_seconds: float  # each open-loop command run
    drain_pending: int
    drain_window: float  # seconds the one-channel drain is watched


FULL = Size(
    concurrency=32,
    rate_events=1000,
    footprint_events=10_000,
    ingest_seconds=8,
    open_seconds=10,
    drain_pending=10_000,
    drain_window=45,
)
QUICK = Size(
    concurrency=4,
    rate_events=20,
    footprint_events=60,
    ingest_seconds=1,
    open_seconds=1,
    drain_pending=200,
    drain_window=8,
)


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank) of values."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    rank = max(0, math.ceil(q / 100 * len(ordered)) - 1)
    return ordered[rank]


def summary(result: dict[str, Any]) -> dict[str, float]:
    """Throughput and latency percentiles (ms) of one load run; errors counted."""
    latency = [x * 1000 for x in result["latency"]]
    ok = sum(1 for s in result["status"] if 200 <= s < 300)
    return {
        "requests": len(latency),
        "ok": ok,
        "per_second": len(latency) / result["wall"],
        "p50_ms": percentile(latency, 50),
        "p99_ms": percentile(latency, 99),
    }


def wait_for(check: Callable[[], bool], timeout: float) -> bool:
    """Poll `check` until it holds or `timeout` seconds pass; whether it held."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return False


def _posts(w: World, marker: str) -> list[Any]:
    return [c for c in w.slack.calls_to("chat.postMessage") if marker in str(c.params.get("text"))]


def notice_latency(size: Size, workdir: Path, database: str = "sqlite") -> dict[str, Any]:
    """From POSTing a webhook to the Slack stand-in receiving chat.postMessage, at 50 events/s."""
    rate = 50
    paced: dict[str, Any] = {
        "count": size.rate_events,
        "concurrency": 10,
        "rate": rate,
        "secret": WEBHOOK_SECRET,
    }
    with world(database, workdir) as w:
        base = spawn_baseline("hmac", WEBHOOK_SECRET)
        try:
            floor = load("webhook", base.url, run="floor", **paced)
        finally:
            base.stop()
        app = spawn_app(w.env())
        try:
            sent = load("webhook", app.url, run="lat", **paced)
            delivered = wait_for(lambda: len(_posts(w, "bench lat #")) >= size.rate_events, 120)
        finally:
            app.stop()
        arrivals: dict[int, float] = {}
        for call in _posts(w, "bench lat #"):
            seq = int(str(call.params["text"]).split("bench lat #", 1)[1].split()[0].strip("*._"))
            arrivals.setdefault(seq, call.at)
    latencies = [(arrivals[s] - sent["sent"][s]) * 1000 for s in arrivals]
    floor_ms = [x * 1000 for x in floor["latency"]]
    p99 = percentile(latencies, 99)
    return {
        "database": database,
        "rate_per_s": rate,
        "generator_cpu_pct": sent["generator_cpu_pct"],
        "events": size.rate_events,
        "delivered": len(arrivals),
        "all_delivered": delivered,
        "p50_ms": percentile(latencies, 50),
        "p99_ms": p99,
        "baseline_webhook_roundtrip_p99_ms": percentile(floor_ms, 99),
        "ratio_vs_1min_polling": p99 / 60_000,
    }


def _events(server: Server, size: Size, run: str) -> None:
    load(
        "webhook",
        server.url,
        count=size.footprint_events,
        concurrency=size.concurrency,
        secret=WEBHOOK_SECRET,
        run=run,
    )


def footprint(size: Size, workdir: Path) -> dict[str, Any]:
    """RSS idle, after N and after 2N events (delivered), and start to /readyz, vs bare (a)."""
    with world("sqlite", workdir) as w:
        starts: list[float] = []
        for _ in range(2):
            spawned = spawn_app(w.env())
            starts.append(spawned.started_in)
            spawned.stop()
        app = spawn_app(w.env(), "--channel-pace", "0")  # the stand-in has no rate limit here
        starts.append(app.started_in)
        after: list[float] = []
        try:
            time.sleep(0.5)
            idle = app.rss_mb()
            for round_ in ("rss1", "rss2"):
                _events(app, size, round_)
                marker = f"bench {round_} #"

                def delivered(m: str = marker) -> bool:
                    return len(_posts(w, m)) >= size.footprint_events

                wait_for(delivered, 300)
                after.append(app.rss_mb())
        finally:
            app.stop()
        base = spawn_baseline("hmac", WEBHOOK_SECRET)
        try:
            base_idle = base.rss_mb()
            _events(base, size, "rss-base")
            base_busy = base.rss_mb()
        finally:
            base.stop()
    return {
        "events": size.footprint_events,
        "app": {
            "rss_idle_mb": idle,
            "rss_after_mb": after[0],
            "rss_after_twice_mb": after[1],
            "start_to_ready_s": min(starts),
        },
        "baseline": {
            "rss_idle_mb": base_idle,
            "rss_after_mb": base_busy,
            "start_to_ready_s": base.started_in,
        },
        "ratio_rss_after": after[0] / base_busy,
    }


def zoom_economy(workdir: Path) -> dict[str, Any]:
    """Zoom API calls made by `/zoom list` for a host with 1,000 upcoming meetings."""
    meetings = 1000
    with world("sqlite", workdir) as w:
        now = utcnow()
        for i in range(meetings):
            w.zoom.add_meeting("zu-ada", f"Meeting {i}", start_time=now + timedelta(hours=i + 1))
        w.slack.responses["bench-0"] = []
        app = spawn_app(w.env())
        try:
            load(
                "command",
                app.url,
                count=1,
                concurrency=1,
                secret=SIGNING_SECRET,
                response_base=w.slack_url,
            )
            wait_for(lambda: bool(w.slack.responses.get("bench-0")), 60)
        finally:
            app.stop()
        calls = len(w.zoom.requests_to("GET", "/v2/users/me/meetings"))
    minimum = math.ceil(meetings / 300)
    return {"meetings": meetings, "list_calls": calls, "minimum": minimum, "ratio": calls / minimum}
