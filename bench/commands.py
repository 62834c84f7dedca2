"""Slash commands under load: `/zoom list` with Zoom delayed 2 s, against two Bolt baselines.

(c) a bare Bolt app whose listener acks, makes the same Zoom GET and posts the same
response_url reply; (d) a bare Bolt app that only acks. Closed loop with wrk at -c16
(throughput and ack p99), then open loop at 10 and 40 commands/s with the asyncio generator
(far below its ceiling of a few hundred requests/s; its CPU share is reported too).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from bench import wrk
from bench.procs import Server, load, spawn_app, spawn_baseline
from bench.scenarios import Size, summary
from bench.world import SIGNING_SECRET, World, world

CONNECTIONS = 16
ZOOM_DELAY = 2.0


def _closed(server: Server, w: World, size: Size, workdir: Path, tag: str) -> dict[str, Any]:
    count = int(size.ingest_seconds * 3000) + 500
    for seq in range(count):
        w.slack.responses[f"bench-{seq}"] = []
    requests = wrk.command_file(workdir / f"{tag}.txt", count, SIGNING_SECRET, w.slack_url)
    url = f"{server.url}/slack/events"
    seen = len(w.slack.calls_to("response_url"))
    began = time.time()
    result = wrk.run(url, requests, "slack", connections=CONNECTIONS, seconds=size.ingest_seconds)
    quiet = _quiet(w)
    return {**result.asdict(), **_answers(w, seen, began), "seconds_until_replies_sent": quiet}


def _answers(w: World, seen: int, began: float) -> dict[str, Any]:
    """What the commands were answered with: the list, "busy, try again", or anything else.

    An acknowledgement is not an answer: the useful rate is lists delivered per second from
    the start of the load to the last list reply.
    """
    replies = w.slack.calls_to("response_url")[seen:]
    lists = [r for r in replies if "upcoming" in str(r.params["body"]).lower()]
    busy = [r for r in replies if "try again" in str(r.params["body"]).lower()]
    last = max((r.at for r in lists), default=began)
    return {
        "lists_answered": len(lists),
        "busy_answered": len(busy),
        "other_answered": len(replies) - len(lists) - len(busy),
        "lists_per_second": len(lists) / (last - began) if last > began else 0.0,
    }


def _open(server: Server, w: World, rate: float, seconds: float) -> dict[str, Any]:
    count = max(5, int(rate * seconds))
    for seq in range(count):
        w.slack.responses[f"bench-{seq}"] = []
    found = load(
        "command",
        server.url,
        count=count,
        concurrency=64,
        rate=rate,
        secret=SIGNING_SECRET,
        response_base=w.slack_url,
    )
    return {
        **summary(found),
        "offered_per_second": rate,
        "generator_cpu_pct": found["generator_cpu_pct"],
    }


def _measure(server: Server, w: World, size: Size, workdir: Path, tag: str) -> dict[str, Any]:
    closed = _closed(server, w, size, workdir, tag)  # waits for the replies still owed
    drained = [closed["seconds_until_replies_sent"]]
    results: dict[str, Any] = {"closed_loop": closed}
    results["open_10"] = _open(server, w, 10, size.open_seconds)
    drained.append(_quiet(w))
    results["open_40"] = _open(server, w, 40, size.open_seconds)
    drained.append(_quiet(w))
    results["seconds_until_replies_sent"] = drained
    return results


def _quiet(w: World) -> float:
    """Wait until no response_url reply arrived for a while; the seconds that took."""
    began = time.monotonic()
    seen, still = -1, 0.0
    while still < ZOOM_DELAY + 1 and time.monotonic() - began < 600:
        count = len(w.slack.calls_to("response_url"))
        still = still + 0.5 if count == seen else 0.0
        seen = count
        time.sleep(0.5)
    return time.monotonic() - began


def commands(size: Size, workdir: Path) -> dict[str, Any]:
    """Closed-loop throughput and p99, open-loop ack p99, for the app and baselines (c), (d)."""
    with world("sqlite", workdir) as w:
        w.zoom.delay_seconds = ZOOM_DELAY
        slack_api = w.slack_url + "/api/"
        results: dict[str, Any] = {"zoom_delay_s": ZOOM_DELAY, "connections": CONNECTIONS}
        plans = {
            "baseline_c_bolt_work": ("bolt-work", {"zoom_api": w.zoom_url + "/v2"}),
            "baseline_d_bolt_ack": ("bolt", {}),
        }
        for name, (kind, extra) in plans.items():
            base = spawn_baseline(
                kind, SIGNING_SECRET, slack_api=slack_api, zoom_token=w.zoom_token, **extra
            )
            try:
                results[name] = _measure(base, w, size, workdir, name)
            finally:
                base.stop()
        app = spawn_app(w.env())
        try:
            results["app"] = _measure(app, w, size, workdir, "app")
        finally:
            app.stop()
    app, c, d = results["app"], results["baseline_c_bolt_work"], results["baseline_d_bolt_ack"]
    results["ratio_throughput_vs_c"] = (
        app["closed_loop"]["lists_per_second"] / c["closed_loop"]["lists_per_second"]
    )
    results["ratio_acks_vs_c"] = app["closed_loop"]["per_second"] / c["closed_loop"]["per_second"]
    results["ratio_open40_p99_vs_d"] = app["open_40"]["p99_ms"] / d["open_40"]["p99_ms"]
    results["ratio_open10_p99_vs_d"] = app["open_10"]["p99_ms"] / d["open_10"]["p99_ms"]
    return results
