"""The results table: one row per figure, with its same-run baseline, ratio and target."""

from __future__ import annotations

from typing import Any

Row = tuple[str, str, str, str, str]


def _f(value: Any, digits: int = 1) -> str:
    return f"{value:,.{digits}f}" if isinstance(value, float) else str(value)


def _wrk(r: dict[str, Any]) -> str:
    return (
        f"{_f(r['per_second'], 0)}/s, p99 {_f(r['p99_ms'])} ms "
        f"(wrk CPU {_f(r['generator_cpu_pct'], 0)}% of the machine)"
    )


def _ingest(r: dict[str, Any]) -> list[Row]:
    db, app, a, b = r["database"], r["app"], r["baseline_a_hmac"], r["baseline_b_insert"]
    half, most = r["app_paced_50pct"], r["app_paced_90pct"]
    return [
        (
            f"Webhook ingest, {db}, wrk -c{r['connections']}",
            _wrk(app) + f"; server CPU {_f(app['server_cpu_pct_of_one_core'], 0)}% of a core",
            f"(a) HMAC only: {_wrk(a)}; (b) HMAC + INSERT: {_wrk(b)}",
            f"{r['ratio_a']:.2f}x (a), {r['ratio_b']:.2f}x (b)",
            ">= 0.5x (a), >= 1.0x (b)",
        ),
        (
            f"Webhook ingest, {db}, paced at 50% / 90% of capacity",
            f"{_f(half['per_second'], 0)}/s p99 {_f(half['p99_ms'])} ms; "
            f"{_f(most['per_second'], 0)}/s p99 {_f(most['p99_ms'])} ms",
            f"offered {_f(half['offered_per_second'], 0)}/s and "
            f"{_f(most['offered_per_second'], 0)}/s",
            "-",
            "p99 reported",
        ),
    ]


def _drain(r: dict[str, Any]) -> list[Row]:
    small, large, one = (
        r["over_100_channels_100"],
        r["over_100_channels_large"],
        r["one_channel_limited"],
    )
    return [
        (
            f"Drain, {large['pending']:,} pending over 100 channels (no rate limits)",
            f"{_f(large['per_second'], 0)}/s ({large['delivered']:,} delivered)",
            f"100 pending over 100 channels: {_f(small['per_second'], 0)}/s",
            f"{r['ratio_large_vs_small']:.2f}x",
            ">= 0.8x",
        ),
        (
            f"Drain, {one['pending']:,} pending in 1 channel, stand-in at 1/s + 429",
            f"{_f(one['steady_per_second'], 2)}/s over {_f(one['window_s'], 0)} s; "
            f"{one['answered_429']} 429s, in order: {one['in_order']}, "
            f"doubled {one['doubled']}, lost {one['lost']}",
            "allowed 1.00/s",
            f"{r['ratio_one_channel_vs_allowed']:.2f}x",
            "within 10%, 0 lost or reordered",
        ),
    ]


def _answered(r: dict[str, Any]) -> str:
    return (
        f"{_f(r['lists_per_second'], 0)} lists/s ({r['lists_answered']:,} lists, "
        f"{r['busy_answered']:,} 'busy', {r['other_answered']:,} other); acks {_wrk(r)}"
    )


def _commands(r: dict[str, Any]) -> list[Row]:
    app, c, d = r["app"], r["baseline_c_bolt_work"], r["baseline_d_bolt_ack"]
    return [
        (
            f"`/zoom list`, Zoom delayed 2 s, wrk -c{r['connections']}: lists answered",
            _answered(app["closed_loop"]),
            f"(c) Bolt ack + GET + reply: {_answered(c['closed_loop'])}",
            f"{r['ratio_throughput_vs_c']:.2f}x lists/s ({r['ratio_acks_vs_c']:.2f}x acks/s)",
            ">= 1.0x (c)",
        ),
        *(
            (
                f"`/zoom list` ack, open loop at {rate}/s",
                f"p50 {_f(app[key]['p50_ms'])} ms, p99 {_f(app[key]['p99_ms'])} ms "
                f"(generator CPU {_f(app[key]['generator_cpu_pct'], 0)}%)",
                f"(d) Bolt ack only: p99 {_f(d[key]['p99_ms'])} ms",
                f"{r[f'ratio_open{rate}_p99_vs_d']:.2f}x p99",
                "<= 1.5x (d)" if rate == 40 else "-",
            )
            for rate, key in ((10, "open_10"), (40, "open_40"))
        ),
    ]


def rows(results: dict[str, Any]) -> list[Row]:
    """(figure, measured, baseline, ratio, target) for every result present."""
    table: list[Row] = []
    for key in ("ingest_sqlite", "ingest_postgres"):
        if r := results.get(key):
            table += _ingest(r)
    if r := results.get("drain"):
        table += _drain(r)
    for key in ("notice_latency", "notice_latency_postgres"):
        if not (r := results.get(key)):
            continue
        table.append(
            (
                f"Notice latency, {r['database']}, at {r['rate_per_s']}/s, empty outbox "
                f"({r['delivered']}/{r['events']} delivered)",
                f"p50 {_f(r['p50_ms'])} ms, p99 {_f(r['p99_ms'])} ms "
                f"(generator CPU {_f(r['generator_cpu_pct'], 0)}%)",
                f"webhook round trip alone p99 {_f(r['baseline_webhook_roundtrip_p99_ms'])} ms",
                "-",
                "p99 < 100 ms",
            )
        )
    if r := results.get("footprint"):
        app, base = r["app"], r["baseline"]
        table.append(
            (
                f"RSS idle / after {r['events']:,} / after {2 * r['events']:,} events",
                f"{_f(app['rss_idle_mb'])} / {_f(app['rss_after_mb'])} / "
                f"{_f(app['rss_after_twice_mb'])} MiB; ready in {_f(app['start_to_ready_s'], 2)} s",
                f"(a) {_f(base['rss_idle_mb'])} / {_f(base['rss_after_mb'])} MiB",
                f"{r['ratio_rss_after']:.2f}x",
                "< 120 MB after 10,000",
            )
        )
    if r := results.get("scale_out_postgres"):
        table.append(
            (
                "Two web processes + one worker, PostgreSQL",
                f"{_f(r['ingested_per_second'], 0)}/s ingested; delivered {r['delivered']:,} "
                f"of {r['owed']:,} owed, doubled {r['doubled']}",
                f"wrk CPU {_f(r['generator_cpu_pct'], 0)}%",
                "-",
                "delivered = owed, 0 doubled",
            )
        )
    if r := results.get("commands"):
        table += _commands(r)
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
