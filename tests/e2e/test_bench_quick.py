"""The benchmark suite in --quick mode, so it never rots. No timing is asserted here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.run import main

pytestmark = pytest.mark.slow


def test_quick_bench_produces_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    assert main(["--quick", "--no-postgres", "--json", str(out)]) == 0
    payload = json.loads(out.read_text())
    results = payload["results"]
    assert set(results) == {
        "ingest_sqlite",
        "command_ack",
        "notice_latency",
        "footprint",
        "zoom_economy",
        "unsigned_flood",
    }
    ingest = results["ingest_sqlite"]
    assert ingest["app"]["ok"] == ingest["app"]["requests"] > 0
    assert ingest["baseline"]["ok"] == ingest["baseline"]["requests"]
    assert results["command_ack"]["app"]["ok"] == results["command_ack"]["app"]["requests"]
    assert results["notice_latency"]["all_delivered"]
    assert results["zoom_economy"]["list_calls"] == results["zoom_economy"]["minimum"] == 4
    assert results["footprint"]["app"]["rss_after_mb"] > 0
    flood = results["unsigned_flood"]
    assert flood["healthz_answered"] > 0 and len(flood["floods"]) == 3
    assert payload["machine"]["python"]
