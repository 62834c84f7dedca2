"""Benchmark results as JSON and as docs/benchmarks.md."""

from __future__ import annotations

import json
import os
import platform
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [
            x.split(":", 1)[1].strip()
            for x in cpuinfo.read_text().splitlines()
            if x.startswith("model name")
        ]
        cpu = names[0] if names else cpu
    try:
        postgres = subprocess.run(
            ["psql", "--version"], capture_output=True, text=True, timeout=5
        ).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        postgres = "not available"
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": f"{cpu}, {os.cpu_count()} cores",
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgres": postgres,
        "os": platform.platform(),
    }


def _fmt(value: Any, digits: int = 1) -> str:
    return f"{value:,.{digits}f}" if isinstance(value, float) else str(value)


def rows(results: dict[str, Any]) -> list[tuple[str, str, str, str, str]]:
    """(figure, measured, baseline, ratio, target) for every result present."""
    table: list[tuple[str, str, str, str, str]] = []
    for key, target in (("ingest_sqlite", ">= 0.5x"), ("ingest_postgres", ">= 0.4x")):
        r = results.get(key)
        if r:
            app, base = r["app"], r["baseline"]
            table.append(
                (
                    f"Webhook ingest, {r['database']} (c={r['concurrency']})",
                    f"{_fmt(app['per_second'])}/s, p50 {_fmt(app['p50_ms'])} ms, "
                    f"p99 {_fmt(app['p99_ms'])} ms",
                    f"{_fmt(base['per_second'])}/s, p50 {_fmt(base['p50_ms'])} ms, "
                    f"p99 {_fmt(base['p99_ms'])} ms",
                    f"{r['ratio']:.2f}x throughput",
                    target,
                )
            )
            heavy, base_heavy = r["app_at_10x_concurrency"], r["baseline_at_10x_concurrency"]
            steady = r["app_open_loop_at_80pct"]
            table.append(
                (
                    f"Webhook p99 under overload, {r['database']} (c={r['concurrency'] * 10}, "
                    f"closed loop); and open loop at {_fmt(steady['offered_per_second'], 0)}/s",
                    f"c={r['concurrency'] * 10}: p99 {_fmt(heavy['p99_ms'])} ms "
                    f"({heavy['ok']}/{heavy['requests']} ok); open loop: "
                    f"p50 {_fmt(steady['p50_ms'])} ms, p99 {_fmt(steady['p99_ms'])} ms",
                    f"bare endpoint at c={r['concurrency'] * 10}: "
                    f"p99 {_fmt(base_heavy['p99_ms'])} ms",
                    f"{r['ratio_p99_at_10x']:.2f}x p99",
                    "p99 well under 3 s",
                )
            )
    if r := results.get("command_ack"):
        table.append(
            (
                "`/zoom list` ack with Zoom delayed 2 s",
                f"p50 {_fmt(r['app']['p50_ms'])} ms, p99 {_fmt(r['app']['p99_ms'])} ms",
                f"bare Bolt ack: p50 {_fmt(r['baseline']['p50_ms'])} ms, "
                f"p99 {_fmt(r['baseline']['p99_ms'])} ms",
                f"{r['ratio_p99']:.2f}x p99",
                "<= 1.2x; never near 3 s",
            )
        )
    if r := results.get("notice_latency"):
        table.append(
            (
                f"Notice latency at {r['rate_per_s']}/s ({r['delivered']}/{r['events']} delivered)",
                f"p50 {_fmt(r['p50_ms'])} ms, p99 {_fmt(r['p99_ms'])} ms",
                f"webhook round trip alone p99 {_fmt(r['baseline_webhook_roundtrip_p99_ms'])} ms; "
                "polling bridges 60,000-900,000 ms",
                f"{r['ratio_vs_1min_polling']:.5f}x a 1-min poll",
                "p99 < 100 ms",
            )
        )
    if r := results.get("footprint"):
        app, base = r["app"], r["baseline"]
        table.append(
            (
                f"Footprint (RSS idle / after {r['events']:,} events; start to ready)",
                f"{_fmt(app['rss_idle_mb'])} / {_fmt(app['rss_after_mb'])} MiB; "
                f"{_fmt(app['start_to_ready_s'], 2)} s",
                f"bare endpoint {_fmt(base['rss_idle_mb'])} / {_fmt(base['rss_after_mb'])} MiB; "
                f"{_fmt(base['start_to_ready_s'], 2)} s",
                f"{r['ratio_rss_after']:.2f}x RSS",
                "< 150 MB, start < 2 s",
            )
        )
    if r := results.get("zoom_economy"):
        table.append(
            (
                f"Zoom calls for `/zoom list` with {r['meetings']:,} meetings",
                str(r["list_calls"]),
                f"minimum ceil({r['meetings']}/300) = {r['minimum']}",
                f"{r['ratio']:.2f}x",
                "= 4",
            )
        )
    return table


def write(
    results: dict[str, Any], *, json_path: Path, markdown_path: Path | None, command: str
) -> None:
    """Store the JSON and, for full runs, regenerate the results table in the markdown page."""
    facts = machine()
    payload = {"command": command, "machine": facts, "results": results}
    json_path.write_text(json.dumps(payload, indent=2, default=str) + "\n")
    if markdown_path is None:
        return
    lines = [
        "| figure | measured | baseline (same run) | ratio | target |",
        "| --- | --- | --- | --- | --- |",
        *("| " + " | ".join(row) + " |" for row in rows(results)),
    ]
    facts_md = "\n".join(f"- {k}: {v}" for k, v in facts.items())
    generated = (
        "<!-- results:start -->\n"
        f"Command: `{command}`\n\n{facts_md}\n\n" + "\n".join(lines) + "\n<!-- results:end -->"
    )
    text = (
        markdown_path.read_text()
        if markdown_path.exists()
        else "<!-- results:start -->\n<!-- results:end -->\n"
    )
    head, _, rest = text.partition("<!-- results:start -->")
    _, _, tail = rest.partition("<!-- results:end -->")
    markdown_path.write_text(head + generated + tail)
