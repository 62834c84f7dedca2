"""The benchmark suite in --quick mode, so it never rots. No timing is asserted here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import wrk
from bench.run import main

pytestmark = pytest.mark.slow


def test_quick_bench_produces_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    assert main(["--quick", "--no-postgres", "--json", str(out)]) == 0
    payload = json.loads(out.read_text())
    results = payload["results"]
    expected = {"drain", "notice_latency", "footprint", "zoom_economy", "unsigned_flood"}
    if wrk.available():  # the compiled generator (apt-get install -y wrk)
        expected |= {"ingest_sqlite", "commands"}
    assert set(results) == expected
    if "ingest_sqlite" in results:
        ingest = results["ingest_sqlite"]
        for name in ("app", "baseline_a_hmac", "baseline_b_insert"):
            assert ingest[name]["requests"] > 0 and ingest[name]["non_2xx"] == 0
        assert ingest["events_stored"] > 0
    if "commands" in results:
        closed = results["commands"]["app"]["closed_loop"]
        assert closed["non_2xx"] == 0
        # Every command was answered: with its list, or at once with "busy, try again".
        assert closed["lists_answered"] > 0 and closed["other_answered"] == 0
    drain = results["drain"]
    assert drain["over_100_channels_large"]["all_delivered"]
    one = drain["one_channel_limited"]
    assert one["in_order"] and one["doubled"] == 0 and one["lost"] == 0
    assert results["notice_latency"]["all_delivered"]
    assert results["zoom_economy"]["list_calls"] == results["zoom_economy"]["minimum"] == 4
    assert results["footprint"]["app"]["rss_after_mb"] > 0
    flood = results["unsigned_flood"]
    assert flood["healthz_answered"] > 0 and len(flood["floods"]) == 3
    assert payload["machine"]["python"]
