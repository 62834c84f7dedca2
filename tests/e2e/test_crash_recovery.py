"""kill -9 right after the 200s: every accepted notice is still delivered after a restart."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.deployment import SlackStandin
from tests.support.drivers import ZoomWebhookDriver
from tests.support.notice_world import add, rows, subscription, wait_settled, zoom_fixture
from tests.support.processes import ServerProcess, free_port, server_env

pytestmark = pytest.mark.slow

TOPICS = [f"Standup {n}" for n in range(1, 9)]
CHANNELS = ("C0001", "C0003")


def _first_seen(texts: list[str]) -> list[str]:
    seen: list[str] = []
    for text in texts:
        if text not in seen:
            seen.append(text)
    return seen


def test_kill_9_after_acknowledging_loses_no_notice(
    tmp_path: Path, database_url: str, slack_api: SlackStandin
) -> None:
    slack_api.state.add_channel("C0003", name="team-sync")
    add(database_url, subscription("C0001"), subscription("C0003", slack_user_id="U0002"))
    slack_api.state.delay("chat.postMessage", 1.0)  # the first calls are in flight at the kill
    env = server_env(database_url, slack_api, free_port())
    lease = ("serve", "--outbox-lease", "2")
    first = ServerProcess(env, tmp_path / "first.log", *lease).start()
    try:
        webhooks = ZoomWebhookDriver(first.url)
        for n, topic in enumerate(TOPICS):
            payload = zoom_fixture("meeting.started", topic=topic, id=str(910_000_000 + n))
            assert webhooks.post(payload).json() == {"status": "accepted"}
        webhooks.close()
        slack_api.state.wait_for("chat.postMessage", 1, timeout=5)
    finally:
        first.kill()
    in_flight = len(slack_api.state.calls_to("chat.postMessage"))
    done = rows(database_url, "SELECT id FROM outbox WHERE status != 'pending'")
    assert done == []  # nothing was marked done (some events may not even be routed yet)

    slack_api.state.delay("chat.postMessage", 0)
    env["PORT"] = str(free_port())
    with ServerProcess(env, tmp_path / "second.log", *lease):
        outbox = wait_settled(database_url, timeout=30)
    assert {r["status"] for r in outbox} == {"delivered"}
    expected = [f"{topic} has started." for topic in TOPICS]
    for channel in CHANNELS:
        texts = [str(m["text"]) for m in slack_api.state.messages[channel]]
        assert _first_seen(texts) == expected
    total = sum(len(slack_api.state.messages[c]) for c in CHANNELS)
    assert total - len(expected) * len(CHANNELS) <= in_flight  # at most the in-flight re-sent


def test_kill_9_between_ingest_and_routing_loses_nothing(
    tmp_path: Path, database_url: str, slack_api: SlackStandin
) -> None:
    """Events stored but never routed (the process only ingests) are routed after a restart."""
    slack_api.state.add_channel("C0003", name="team-sync")
    add(database_url, subscription("C0001"), subscription("C0003", slack_user_id="U0002"))
    env = server_env(database_url, slack_api, free_port())
    first = ServerProcess(env, tmp_path / "ingest.log", "serve", "--no-worker").start()
    try:
        webhooks = ZoomWebhookDriver(first.url)
        for n, topic in enumerate(TOPICS):
            payload = zoom_fixture("meeting.started", topic=topic, id=str(920_000_000 + n))
            assert webhooks.post(payload).json() == {"status": "accepted"}
        webhooks.close()
    finally:
        first.kill()
    stored = rows(database_url, "SELECT routed_at, body FROM webhook_events")
    assert len(stored) == len(TOPICS) and all(r["routed_at"] is None for r in stored)
    assert rows(database_url, "SELECT id FROM outbox") == []  # killed before any routing

    env["PORT"] = str(free_port())
    with ServerProcess(env, tmp_path / "worker.log", "serve"):
        outbox = wait_settled(database_url, timeout=30)
    assert [r["status"] for r in outbox] == ["delivered"] * len(TOPICS) * len(CHANNELS)
    expected = [f"{topic} has started." for topic in TOPICS]
    for channel in CHANNELS:
        assert [str(m["text"]) for m in slack_api.state.messages[channel]] == expected
    routed = rows(database_url, "SELECT routed_at, body FROM webhook_events")
    assert all(r["routed_at"] is not None and r["body"] is None for r in routed)
