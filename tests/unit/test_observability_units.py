"""Pure parts of what operators see: endpoint labels, readiness findings, log stamping."""

from __future__ import annotations

import io
import json
import logging
from datetime import UTC, datetime, timedelta

import pytest

from bot.logging_setup import configure_logging
from bot.loops import Heartbeat
from bot.observability.correlation import acceptable, bound_request_id, current_request_id
from bot.observability.observe import zoom_endpoint
from bot.observability.readiness import assess, loop_status
from bot.observability.snapshot import Snapshot
from store.repos.ops import OpsFacts


@pytest.mark.parametrize(
    ("path", "endpoint"),
    [
        ("/users/me/meetings", "/users/me/meetings"),
        ("/users/ada%40example.com/meetings", "/users/{id}/meetings"),
        ("/meetings/85746065432", "/meetings/{id}"),
        ("/meetings/abc%2F%2Fdef==/meeting_summary", "/meetings/{id}/meeting_summary"),
        ("/past_meetings/123/participants", "/past_meetings/{id}/participants"),
        ("/oauth/token", "/oauth/token"),
    ],
)
def test_zoom_endpoint_label_folds_ids(path: str, endpoint: str) -> None:
    assert zoom_endpoint(path) == endpoint


def test_loop_status_counts_a_quiet_loop_stale_after_the_setting() -> None:
    now = [100.0]
    beat = Heartbeat("outbox-delivery", max_age=1000.0, clock=lambda: now[0])
    assert loop_status(beat, 10) == "starting"
    beat.started()
    beat.beat()
    assert loop_status(beat, 10) == "ok"
    now[0] += 42
    assert loop_status(beat, 10) == "stale"  # READY_WORKER_STALE_AFTER, not the loop's own limit
    beat.failed(TimeoutError())
    assert loop_status(beat, 10) == "failing"
    beat.stopped()
    assert loop_status(beat, 10) == "stopped"


def test_readiness_names_what_fails_and_hides_the_unknown_outbox() -> None:
    now = datetime.now(UTC)
    old = OpsFacts(oldest_pending_at=now - timedelta(seconds=120))
    late = assess(Snapshot(at=now, facts=old), {"outbox-delivery": "ok"}, max_pending_age=60)
    assert late.failing == ["outbox"]
    assert late.body()["outbox"] == "oldest pending notice is 120 s old (limit 60 s)"
    away = assess(Snapshot(at=now, facts=None, error="OperationalError"), {}, max_pending_age=60)
    assert away.failing == ["database"] and away.body()["database"] == "unreachable"
    stuck = assess(Snapshot(at=now, facts=OpsFacts()), {"loop": "stale"}, max_pending_age=1)
    assert stuck.failing == ["loop"]
    fine = assess(Snapshot(at=now, facts=OpsFacts()), {"loop": "starting"}, max_pending_age=1)
    assert fine.ready and "failing" not in fine.body()


def test_offered_ids_must_be_plain() -> None:
    assert acceptable("abc-123_DEF.456:7") == "abc-123_DEF.456:7"
    for bad in (None, "", "short", "a b c d e f", "x" * 65, "id\nforged=1"):
        assert acceptable(bad) is None


def test_configured_logging_stamps_the_current_id(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = io.StringIO()
    monkeypatch.setattr("sys.stderr", stream)
    root = logging.getLogger()
    before = (list(root.handlers), root.level)
    try:
        configure_logging("INFO", "json")
        with bound_request_id("req-0123456789"):
            assert current_request_id() == "req-0123456789"
            logging.getLogger("bot.test").info("inside")
        logging.getLogger("bot.test").info("outside")
    finally:
        for handler in list(root.handlers):
            if handler not in before[0]:
                root.removeHandler(handler)
        root.setLevel(before[1])
    inside, outside = (json.loads(line) for line in stream.getvalue().splitlines())
    assert inside["event"] == "inside" and inside["request_id"] == "req-0123456789"
    assert outside["event"] == "outside" and "request_id" not in outside
    assert current_request_id() is None
