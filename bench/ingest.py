"""Webhook ingest with wrk: the app against (a) a bare HMAC endpoint and (b) HMAC + one INSERT.

All three serve on the same stack (uvicorn with uvloop and httptools) in their own process;
(b) and the app use the same database and driver. Closed loop at -c32, then the app paced at
50% and 90% of the capacity it just showed.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from bench import wrk
from bench.procs import Server, spawn_app, spawn_baseline
from bench.scenarios import Size, wait_for
from bench.world import WEBHOOK_SECRET, world
from tests.support.notice_world import rows

CONNECTIONS = 32


def _closed(server: Server, size: Size, workdir: Path, tag: str) -> dict[str, Any]:
    count = int(size.ingest_seconds * 8000) + 1000  # more than any server here can take
    requests = wrk.webhook_file(workdir / f"{tag}.txt", count, WEBHOOK_SECRET, run=tag)
    url = f"{server.url}/zoom/webhook"
    warm = wrk.webhook_file(workdir / f"{tag}-warm.txt", 500, WEBHOOK_SECRET, run=f"{tag}-w")
    wrk.run(url, warm, "zoom", connections=4, seconds=1)
    cpu_before = server.cpu_seconds()
    result = wrk.run(url, requests, "zoom", connections=CONNECTIONS, seconds=size.ingest_seconds)
    server_cpu = server.cpu_seconds() - cpu_before
    return {**result.asdict(), "server_cpu_pct_of_one_core": 100 * server_cpu / result.seconds}


def _paced(server: Server, size: Size, workdir: Path, tag: str, rate: float) -> dict[str, Any]:
    connections = 64
    delay_ms = 1000 * connections / rate  # each connection waits this long between requests
    count = int(rate * size.ingest_seconds * 1.5) + 500
    requests = wrk.webhook_file(workdir / f"{tag}.txt", count, WEBHOOK_SECRET, run=tag)
    url = f"{server.url}/zoom/webhook"
    result = wrk.run(
        url, requests, "zoom", connections=connections, seconds=size.ingest_seconds,
        delay_ms=delay_ms,
    )  # fmt: skip
    return {**result.asdict(), "offered_per_second": rate}


def _settle(database_url: str) -> float:
    """Wait until every stored event is routed and delivered; the seconds that took."""
    began = time.monotonic()
    unrouted = "SELECT count(*) AS n FROM webhook_events WHERE routed_at IS NULL"
    pending = "SELECT count(*) AS n FROM outbox WHERE status = 'pending'"
    wait_for(lambda: rows(database_url, unrouted)[0]["n"] == 0, 600)
    wait_for(lambda: rows(database_url, pending)[0]["n"] == 0, 600)
    return time.monotonic() - began


def ingest(database: str, size: Size, workdir: Path) -> dict[str, Any]:
    """Events/s and p99 of the app and both baselines, then the app paced below capacity."""
    with world(database, workdir) as w:
        bare = spawn_baseline("hmac", WEBHOOK_SECRET)
        try:
            a = _closed(bare, size, workdir, f"a-{database}")
        finally:
            bare.stop()
        insert = spawn_baseline("insert", WEBHOOK_SECRET, database_url=w.database_url)
        try:
            b = _closed(insert, size, workdir, f"b-{database}")
        finally:
            insert.stop()
        app = spawn_app(w.env(), "--channel-pace", "0")
        try:
            measured = _closed(app, size, workdir, f"app-{database}")
            capacity = measured["per_second"]
            settled = [_settle(w.database_url)]  # the paced runs start from an idle app
            half = _paced(app, size, workdir, f"half-{database}", 0.5 * capacity)
            settled.append(_settle(w.database_url))
            most = _paced(app, size, workdir, f"most-{database}", 0.9 * capacity)
            settled.append(_settle(w.database_url))
        finally:
            app.stop()
        stored = rows(w.database_url, "SELECT count(*) AS n FROM webhook_events")[0]["n"]
    return {
        "database": database,
        "connections": CONNECTIONS,
        "baseline_a_hmac": a,
        "baseline_b_insert": b,
        "app": measured,
        "app_paced_50pct": half,
        "app_paced_90pct": most,
        "events_stored": stored,
        "seconds_to_route_and_deliver_after_each_run": settled,
        "ratio_a": measured["per_second"] / a["per_second"],
        "ratio_b": measured["per_second"] / b["per_second"],
    }
