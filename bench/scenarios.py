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

    events: int
    concurrency: int
    commands: int
    rate_events: int
    footprint_events: int


FULL = Size(events=3000, concurrency=20, commands=200, rate_events=1000, footprint_events=10_000)
QUICK = Size(events=60, concurrency=4, commands=8, rate_events=20, footprint_events=60)


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


def _wait(check: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return False


def _posts(w: World, marker: str) -> list[Any]:
    return [c for c in w.slack.calls_to("chat.postMessage") if marker in str(c.params.get("text"))]


def _webhooks(server: Server, size: Size, run: str, concurrency: int) -> dict[str, Any]:
    load("webhook", server.url, count=20, concurrency=2, secret=WEBHOOK_SECRET, run=f"{run}-warm")
    return load(
        "webhook",
        server.url,
        count=size.events,
        concurrency=concurrency,
        secret=WEBHOOK_SECRET,
        run=run,
    )


def webhook_ingest(database: str, size: Size, workdir: Path) -> dict[str, Any]:
    """Signed meeting.started events into `zoombridge serve` vs a bare HMAC endpoint.

    Closed loop at concurrency C and 10C for both; then the app alone, open loop, at 80% of
    the throughput it just showed (what a capacity planner reads the p99 at).
    """
    with world(database, workdir) as w:
        base = spawn_baseline("hmac", WEBHOOK_SECRET)
        try:
            baseline = summary(_webhooks(base, size, "base", size.concurrency))
            base_heavy = summary(_webhooks(base, size, "base-heavy", size.concurrency * 10))
        finally:
            base.stop()
        app = spawn_app(w.env())
        try:
            measured = summary(_webhooks(app, size, f"app-{database}", size.concurrency))
            heavy = summary(_webhooks(app, size, f"heavy-{database}", size.concurrency * 10))
            rate = 0.8 * measured["per_second"]
            steady = summary(
                load(
                    "webhook",
                    app.url,
                    count=size.events,
                    concurrency=size.concurrency * 10,
                    rate=round(rate, 1),
                    secret=WEBHOOK_SECRET,
                    run=f"steady-{database}",
                )
            )
        finally:
            app.stop()
    return {
        "database": database,
        "concurrency": size.concurrency,
        "baseline": baseline,
        "baseline_at_10x_concurrency": base_heavy,
        "app": measured,
        "app_at_10x_concurrency": heavy,
        "app_open_loop_at_80pct": {**steady, "offered_per_second": rate},
        "ratio": measured["per_second"] / baseline["per_second"],
        "ratio_p99_at_10x": heavy["p99_ms"] / base_heavy["p99_ms"],
    }


def command_ack(size: Size, workdir: Path) -> dict[str, Any]:
    """HTTP response time of `/zoom list` while Zoom takes 2 s, vs a bare ack-only Bolt app."""
    with world("sqlite", workdir) as w:
        w.zoom.delay_seconds = 2.0
        for seq in range(size.commands):
            w.slack.responses[f"bench-{seq}"] = []
        options = {
            "count": size.commands,
            "concurrency": size.concurrency,
            "secret": SIGNING_SECRET,
            "response_base": w.slack_url,
        }
        base = spawn_baseline("bolt", SIGNING_SECRET, w.slack_url + "/api/")
        try:
            load("command", base.url, **{**options, "count": 5})
            baseline = summary(load("command", base.url, **options))
        finally:
            base.stop()
        app = spawn_app(w.env())
        try:
            load("command", app.url, **{**options, "count": 5})
            measured = summary(load("command", app.url, **options))
        finally:
            app.stop()
    return {
        "zoom_delay_s": 2.0,
        "baseline": baseline,
        "app": measured,
        "ratio_p99": measured["p99_ms"] / baseline["p99_ms"],
    }


def notice_latency(size: Size, workdir: Path) -> dict[str, Any]:
    """From POSTing a webhook to the Slack stand-in receiving chat.postMessage, at 50 events/s."""
    rate = 50
    paced: dict[str, Any] = {
        "count": size.rate_events,
        "concurrency": 10,
        "rate": rate,
        "secret": WEBHOOK_SECRET,
    }
    with world("sqlite", workdir) as w:
        base = spawn_baseline("hmac", WEBHOOK_SECRET)
        try:
            floor = load("webhook", base.url, run="floor", **paced)
        finally:
            base.stop()
        app = spawn_app(w.env())
        try:
            sent = load("webhook", app.url, run="lat", **paced)
            delivered = _wait(lambda: len(_posts(w, "bench lat #")) >= size.rate_events, 120)
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
        "rate_per_s": rate,
        "events": size.rate_events,
        "delivered": len(arrivals),
        "all_delivered": delivered,
        "p50_ms": percentile(latencies, 50),
        "p99_ms": p99,
        "baseline_webhook_roundtrip_p99_ms": percentile(floor_ms, 99),
        "ratio_vs_1min_polling": p99 / 60_000,
    }


def footprint(size: Size, workdir: Path) -> dict[str, Any]:
    """RSS idle and after N events, and the time from spawn to /readyz, vs the bare endpoint."""
    with world("sqlite", workdir) as w:
        starts: list[float] = []
        for _ in range(2):
            spawned = spawn_app(w.env())
            starts.append(spawned.started_in)
            spawned.stop()
        app = spawn_app(w.env())
        starts.append(app.started_in)
        try:
            time.sleep(0.5)
            idle = app.rss_mb()
            load(
                "webhook",
                app.url,
                count=size.footprint_events,
                concurrency=size.concurrency,
                secret=WEBHOOK_SECRET,
                run="rss",
            )
            _wait(lambda: len(_posts(w, "bench rss #")) >= size.footprint_events, 300)
            busy = app.rss_mb()
        finally:
            app.stop()
        base = spawn_baseline("hmac", WEBHOOK_SECRET)
        try:
            base_idle = base.rss_mb()
            load(
                "webhook",
                base.url,
                count=size.footprint_events,
                concurrency=size.concurrency,
                secret=WEBHOOK_SECRET,
                run="rss-base",
            )
            base_busy = base.rss_mb()
        finally:
            base.stop()
    return {
        "events": size.footprint_events,
        "app": {"rss_idle_mb": idle, "rss_after_mb": busy, "start_to_ready_s": min(starts)},
        "baseline": {
            "rss_idle_mb": base_idle,
            "rss_after_mb": base_busy,
            "start_to_ready_s": base.started_in,
        },
        "ratio_rss_after": busy / base_busy,
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
            _wait(lambda: bool(w.slack.responses.get("bench-0")), 60)
        finally:
            app.stop()
        calls = len(w.zoom.requests_to("GET", "/v2/users/me/meetings"))
    minimum = math.ceil(meetings / 300)
    return {"meetings": meetings, "list_calls": calls, "minimum": minimum, "ratio": calls / minimum}
